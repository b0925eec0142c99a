// The `auto_round` format: packed int weights plus auto-round's quantization_config, loadable with
// transformers + auto-round. The packing follows the scheme: sym -> "auto_round:auto_gptq" (GPTQ
// layout, zero-1), 4-bit asym -> "auto_round:auto_awq", other asym -> "auto_round" (raw zeros).
#include <int_layouts.hpp>
#include <packed_reader.hpp>
#include <packed_writer.hpp>
#include <quant_config.hpp>

#include <ar/error.hpp>
#include <ar/plugin.hpp>

#include <fmt/format.h>

namespace {

using ar::formats::IntLayout;

struct Packing {
  std::string name;
  IntLayout layout;
};

Packing packing_for(const ar::QuantSpec& spec) {
  if (spec.sym) return {"auto_round:auto_gptq", IntLayout::GptqZeroMinusOne};
  if (spec.bits == 4) return {"auto_round:auto_awq", IntLayout::Awq};
  return {"auto_round", IntLayout::GptqRawZero};
}

std::string refusal(const ar::QuantSpec& spec) {
  if (!spec.quantized()) return {};
  if (spec.data_type != "int")
    return fmt::format("this build packs int weights only, not '{}'; use the fake format", spec.data_type);
  if (spec.bits != 2 && spec.bits != 3 && spec.bits != 4 && spec.bits != 8)
    return fmt::format("auto_round packs 2, 3, 4 or 8-bit int weights, not {}-bit; use the fake format", spec.bits);
  if (spec.act_bits < 16)
    return fmt::format("activation quantization ({} bits) has no auto_round int export; use the fake format",
                       spec.act_bits);
  if (spec.group_size == 0) return "per-tensor groups (group_size 0) have no packed layout; use the fake format";
  return {};
}

class AutoRoundWriter final : public ar::formats::PackedWriter {
 public:
  explicit AutoRoundWriter(const ar::ExportTarget& target)
      : PackedWriter(target, packing_for(target.default_spec).layout == IntLayout::Awq
                                 ? "float16"
                                 : ar::formats::model_dtype_name(target.model_config_json)),
        packing_(packing_for(target.default_spec)) {}

 private:
  IntLayout layout_for(const std::string& name, const ar::QuantizedWeight& weight) const override {
    if (auto why = refusal(weight.spec); !why.empty()) throw ar::Error(fmt::format("layer {}: {}", name, why));
    if (packing_.layout == IntLayout::Awq && weight.spec.bits != 4)
      throw ar::Error(fmt::format("layer {} is {}, but this checkpoint uses AWQ packing (from its 4-bit asymmetric "
                                  "scheme), which holds 4-bit layers only",
                                  name, weight.spec.to_string()));
    return packing_.layout;
  }

  nlohmann::json quantization_config() const override {
    const auto& t = target();
    auto q = ar::formats::scheme_keys(t.default_spec);
    q.update(ar::formats::tuning_keys(t.tuning, t.default_spec));
    q["quant_method"] = "auto-round";
    q["packing_format"] = packing_.name;
    q["autoround_version"] = ar::formats::kAutoRoundVersion;
    if (!t.block_prefix.empty()) q["block_name_to_quantize"] = t.block_prefix;
    auto extra = extra_config();
    if (!extra.empty()) q["extra_config"] = extra;
    return q;
  }

  nlohmann::json extra_config() const {
    nlohmann::json extra = nlohmann::json::object();
    for (const auto& layer : layers()) {
      if (!layer.spec) {
        extra[layer.name] = ar::formats::unquantized_layer_entry();
      } else if (!in_block(layer.name)) {
        extra[layer.name] = ar::formats::scheme_keys(*layer.spec);
      } else if (auto diff = ar::formats::differing_scheme_keys(*layer.spec, target().default_spec); !diff.empty()) {
        extra[layer.name] = diff;
      }
    }
    return extra;
  }

  Packing packing_;
};

class AutoRoundFormat final : public ar::Format {
 public:
  std::string check(const ar::QuantSpec& spec) const override { return refusal(spec); }
  std::unique_ptr<ar::FormatWriter> begin(const ar::ExportTarget& target) const override {
    return std::make_unique<AutoRoundWriter>(target);
  }
  std::unique_ptr<ar::QuantizedCheckpointReader> open(const std::string& directory) const override {
    return ar::formats::open_packed_checkpoint(directory, "auto-round");
  }
};

void register_components(ar::Registrar& registrar) {
  registrar.add_format({"auto_round",
                        "packed int weights with auto-round's quantization_config (transformers + auto-round)",
                        {{"schemes", "int W2/W3/W4/W8 A16, sym or asym"},
                         {"packing", "sym: auto_round:auto_gptq; 4-bit asym: auto_round:auto_awq; else auto_round"},
                         {"readable by", "transformers with auto-round"}},
                        {}},
                       [] { return std::make_shared<AutoRoundFormat>(); });
}

}  // namespace

AR_PLUGIN_DEFINE("format-auto-round", "0.1.0", "Apache-2.0",
                 "Writes packed int checkpoints in auto-round's auto_round format", register_components)
