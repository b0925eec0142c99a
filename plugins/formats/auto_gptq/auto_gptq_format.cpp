// The `auto_gptq` format: GPTQ v1 checkpoints (qweight/qzeros with zero-1/scales/g_idx, fp16) with a
// GPTQ quantization_config, also written as quantize_config.json.
#include <int_layouts.hpp>
#include <packed_reader.hpp>
#include <packed_writer.hpp>
#include <quant_config.hpp>

#include <ar/error.hpp>
#include <ar/host_services.hpp>
#include <ar/plugin.hpp>

#include <fmt/format.h>

#include <set>

namespace {

std::string refusal(const ar::QuantSpec& spec) {
  if (!spec.quantized()) return {};
  if (spec.data_type != "int") return fmt::format("auto_gptq stores int weights only, not '{}'", spec.data_type);
  if (spec.bits != 2 && spec.bits != 3 && spec.bits != 4 && spec.bits != 8)
    return fmt::format("auto_gptq stores 2, 3, 4 or 8-bit weights, not {}-bit", spec.bits);
  if (spec.act_bits < 16)
    return fmt::format("auto_gptq is weight-only; activation quantization ({} bits) cannot be stored", spec.act_bits);
  if (spec.group_size == 0) return "auto_gptq has no per-tensor groups (group_size 0); use -1 or a positive size";
  return {};
}

class AutoGptqWriter final : public ar::formats::PackedWriter {
 public:
  explicit AutoGptqWriter(const ar::ExportTarget& target) : PackedWriter(target, "float16") {}

 private:
  ar::formats::IntLayout layout_for(const std::string& name, const ar::QuantizedWeight& weight) const override {
    if (auto why = refusal(weight.spec); !why.empty()) throw ar::Error(fmt::format("layer {}: {}", name, why));
    return ar::formats::IntLayout::GptqZeroMinusOne;
  }

  bool with_g_idx() const override { return true; }

  nlohmann::json quantization_config() const override {
    const auto& t = target();
    auto q = ar::formats::scheme_keys(t.default_spec);
    q.update(ar::formats::tuning_keys(t.tuning, t.default_spec));
    q.erase("dataset");  // as the reference: GPTQ loaders do not know auto-round's dataset names
    q["quant_method"] = "gptq";
    q["provider"] = "auto-round";
    q["autoround_version"] = ar::formats::kAutoRoundVersion;
    q["desc_act"] = false;
    q["true_sequential"] = false;
    q["damp_percent"] = 0.01;
    if (!t.block_prefix.empty()) q["block_name_to_quantize"] = t.block_prefix;
    add_layer_keys(q);
    return q;
  }

  // lm_head, dynamic (per-layer overrides and skips) and modules_in_block_to_quantize.
  void add_layer_keys(nlohmann::json& q) const {
    bool lm_head = false, some_skipped = false;
    std::set<std::string> quantized_in_block;
    nlohmann::json dynamic = nlohmann::json::object();
    for (const auto& layer : layers()) {
      auto regex = ar::formats::exact_name_regex(layer.name);
      if (!layer.spec) {
        some_skipped = some_skipped || in_block(layer.name);
        dynamic["-:" + regex] = nlohmann::json::object();
        continue;
      }
      if (in_block(layer.name)) quantized_in_block.insert(name_in_block(layer.name));
      else lm_head = true;
      if (!in_block(layer.name) || *layer.spec != target().default_spec) {
        const auto& s = *layer.spec;
        dynamic["+:" + regex] = {{"bits", s.bits}, {"group_size", s.group_size}, {"sym", s.sym}};
      }
    }
    q["lm_head"] = lm_head;
    if (!dynamic.empty()) q["dynamic"] = dynamic;
    if (some_skipped)
      q["modules_in_block_to_quantize"] = nlohmann::json::array(
          {nlohmann::json(std::vector<std::string>(quantized_in_block.begin(), quantized_in_block.end()))});
  }

  void write_extra_files(const nlohmann::json& quantization) const override {
    ar::write_text_file_atomically(target().directory + "/quantize_config.json", quantization.dump(2) + "\n");
  }
};

class AutoGptqFormat final : public ar::Format {
 public:
  std::string check(const ar::QuantSpec& spec) const override { return refusal(spec); }
  std::unique_ptr<ar::FormatWriter> begin(const ar::ExportTarget& target) const override {
    return std::make_unique<AutoGptqWriter>(target);
  }
  std::unique_ptr<ar::QuantizedCheckpointReader> open(const std::string& directory) const override {
    return ar::formats::open_packed_checkpoint(directory, "gptq");
  }
};

void register_components(ar::Registrar& registrar) {
  registrar.add_format({"auto_gptq", "GPTQ v1 checkpoints (zero-1, g_idx, fp16)",
                        {{"schemes", "int W2/W3/W4/W8 A16, sym or asym"},
                         {"packing", "GPTQ, LSB-first int32 along in_features"},
                         {"readable by", "transformers + auto-round (AutoRoundConfig), gptqmodel"}},
                        {}},
                       [] { return std::make_shared<AutoGptqFormat>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("format-auto-gptq", "0.1.0", "Apache-2.0", "Writes GPTQ-layout int checkpoints", register_components)
