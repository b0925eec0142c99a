// The `auto_awq` format: AutoAWQ "gemm" checkpoints, 4-bit asymmetric int only (qweight/qzeros in
// AWQ's column order, fp16 scales and weights).
#include <int_layouts.hpp>
#include <packed_reader.hpp>
#include <packed_writer.hpp>
#include <quant_config.hpp>

#include <ar/error.hpp>
#include <ar/plugin.hpp>

#include <fmt/format.h>

namespace {

std::string refusal(const ar::QuantSpec& spec) {
  if (!spec.quantized()) return {};
  if (spec.data_type != "int") return fmt::format("auto_awq stores int weights only, not '{}'", spec.data_type);
  if (spec.bits != 4) return fmt::format("auto_awq stores 4-bit weights only, not {}-bit", spec.bits);
  if (spec.sym) return "auto_awq stores asymmetric weights only; use sym: false, or auto_round/auto_gptq for sym";
  if (spec.act_bits < 16)
    return fmt::format("auto_awq is weight-only; activation quantization ({} bits) cannot be stored", spec.act_bits);
  if (spec.group_size == 0) return "auto_awq has no per-tensor groups (group_size 0); use -1 or a positive size";
  return {};
}

class AutoAwqWriter final : public ar::formats::PackedWriter {
 public:
  explicit AutoAwqWriter(const ar::ExportTarget& target) : PackedWriter(target, "float16") {}

 private:
  ar::formats::IntLayout layout_for(const std::string& name, const ar::QuantizedWeight& weight) const override {
    const auto& global = target().default_spec;
    // A sym layer fits (its zero is stored as 8); bits and group_size are one value for the whole model.
    if (weight.spec.data_type != "int" || weight.spec.bits != 4 || weight.spec.group_size != global.group_size)
      throw ar::Error(fmt::format("layer {} is {}; auto_awq holds only {} layers", name, weight.spec.to_string(),
                                  global.to_string()));
    return ar::formats::IntLayout::Awq;
  }

  nlohmann::json quantization_config() const override {
    const auto& t = target();
    auto q = ar::formats::scheme_keys(t.default_spec);
    q.update(ar::formats::tuning_keys(t.tuning, t.default_spec));
    q["quant_method"] = "awq";
    q["provider"] = "auto-round";
    q["autoround_version"] = ar::formats::kAutoRoundVersion;
    q["zero_point"] = !t.default_spec.sym;
    q["version"] = "gemm";
    auto skipped = nlohmann::json::array();
    for (const auto& layer : layers())
      if (!layer.spec) skipped.push_back(layer.name);
    q["modules_to_not_convert"] = skipped;
    return q;
  }
};

class AutoAwqFormat final : public ar::Format {
 public:
  std::string check(const ar::QuantSpec& spec) const override { return refusal(spec); }
  std::unique_ptr<ar::FormatWriter> begin(const ar::ExportTarget& target) const override {
    return std::make_unique<AutoAwqWriter>(target);
  }
  std::unique_ptr<ar::QuantizedCheckpointReader> open(const std::string& directory) const override {
    return ar::formats::open_packed_checkpoint(directory, "awq");
  }
};

void register_components(ar::Registrar& registrar) {
  registrar.add_format({"auto_awq", "AutoAWQ gemm checkpoints (4-bit asymmetric int, fp16)",
                        {{"schemes", "int W4A16 asym"},
                         {"packing", "AWQ, 8 columns per int32 in order 0,2,4,6,1,3,5,7"},
                         {"readable by", "transformers + auto-round (AutoRoundConfig), gptqmodel, autoawq"}},
                        {}},
                       [] { return std::make_shared<AutoAwqFormat>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("format-auto-awq", "0.1.0", "Apache-2.0", "Writes AutoAWQ-layout int checkpoints",
                 register_components)
