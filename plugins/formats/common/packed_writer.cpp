#include "packed_writer.hpp"

#include "quant_config.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>

namespace ar::formats {

namespace {

c10::ScalarType dtype_named(const std::string& name) {
  if (name == "float16") return at::kHalf;
  if (name == "bfloat16") return at::kBFloat16;
  if (name == "float32") return at::kFloat;
  throw Error(fmt::format("unsupported weight dtype '{}'; use float16, bfloat16 or float32", name));
}

}  // namespace

std::string model_dtype_name(const std::string& model_config_json) {
  auto config = nlohmann::json::parse(model_config_json);
  for (const char* key : {"dtype", "torch_dtype"})
    if (config.contains(key) && config[key].is_string()) return config[key].get<std::string>();
  return "float32";
}

PackedWriter::PackedWriter(const ExportTarget& target, const std::string& dtype_name)
    : target_(target), dtype_name_(dtype_name), dtype_(dtype_named(dtype_name)),
      tensors_(open_safetensors_writer(target.directory)) {}

void PackedWriter::add(const std::string& name, const at::Tensor& tensor) { tensors_->add(name, tensor); }

void PackedWriter::write_quantized(const std::string& name, const QuantizedWeight& weight,
                                   const at::Tensor& dequantized, const at::Tensor& bias) {
  auto layout = layout_for(name, weight);
  if (bias.defined()) add(name + ".bias", bias.to(dtype_));
  if (auto why = layout_refusal(layout, weight); !why.empty()) {
    // A shape the layout cannot pack: keep the quantized values, unpacked, as a 16-bit layer.
    fmt::print(stderr, "warning: {} is stored dequantized in 16 bits: {}\n", name, why);
    add(name + ".weight", dequantized.to(dtype_));
    layers_.push_back({name, std::nullopt});
    return;
  }
  for (const auto& [suffix, tensor] : pack_int_layer(weight, layout, with_g_idx())) add(name + "." + suffix, tensor);
  layers_.push_back({name, weight.spec});
}

void PackedWriter::note_unquantized_layer(const std::string& name, const std::string&) {
  layers_.push_back({name, std::nullopt});
}

void PackedWriter::write_tensor(const std::string& name, const at::Tensor& tensor) {
  add(name, tensor.is_floating_point() ? tensor.to(dtype_) : tensor);
}

void PackedWriter::finish() {
  tensors_->finish();
  auto config = model_config_with_dtype(target_.model_config_json, dtype_name_);
  auto quantization = quantization_config();
  config["quantization_config"] = quantization;
  write_text_file_atomically(target_.directory + "/config.json", config.dump(2) + "\n");
  write_extra_files(quantization);
  copy_model_side_files(target_.source_model_dir, target_.directory);
}

bool PackedWriter::in_block(const std::string& name) const {
  const auto& prefix = target_.block_prefix;
  return !prefix.empty() && name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
         name[prefix.size()] == '.';
}

std::string PackedWriter::name_in_block(const std::string& name) const {
  if (!in_block(name)) return name;
  auto rest = name.substr(target_.block_prefix.size() + 1);  // "3.self_attn.q_proj"
  auto dot = rest.find('.');
  return dot == std::string::npos ? rest : rest.substr(dot + 1);
}

}  // namespace ar::formats
