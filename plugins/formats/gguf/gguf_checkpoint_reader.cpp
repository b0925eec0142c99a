#include "gguf_checkpoint_reader.hpp"

#include "gguf_arch.hpp"
#include "gguf_blocks.hpp"
#include "gguf_file_reader.hpp"
#include "gguf_types.hpp"
#include "gguf_weight.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <filesystem>

namespace ar::gguf {

namespace {

const TypeInfo* quant_type_of(uint32_t ggml_id) {
  for (const auto& t : quant_types())
    if (t.ggml_id == ggml_id) return &t;
  return nullptr;
}

std::string find_gguf(const std::string& directory) {
  std::string found;
  if (std::filesystem::is_regular_file(directory)) return directory;
  for (const auto& e : std::filesystem::directory_iterator(directory))
    if (e.path().extension() == ".gguf") {
      if (!found.empty()) throw Error(fmt::format("'{}' holds more than one .gguf file", directory));
      found = e.path().string();
    }
  if (found.empty()) throw Error(fmt::format("'{}' holds no .gguf file", directory));
  return found;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

class GgufCheckpointReader final : public QuantizedCheckpointReader {
 public:
  explicit GgufCheckpointReader(const std::string& path) : file_(path) {
    arch_.arch = file_.text("general.architecture");
    if (arch_.arch.empty()) throw Error(fmt::format("GGUF file '{}' has no general.architecture", path));
    auto count = [&](const std::string& key) -> int64_t {
      auto it = file_.metadata().find(arch_.arch + "." + key);
      if (it == file_.metadata().end()) return 0;
      if (auto* u = std::get_if<uint64_t>(&it->second)) return static_cast<int64_t>(*u);
      return 0;
    };
    arch_.n_head = count("attention.head_count");
    arch_.n_kv_head = count("attention.head_count_kv");
    arch_.permute_qk = arch_.arch == "llama";
    arch_.norm_shift = arch_.arch == "gemma3" ? 1.f : 0.f;
    for (const auto& t : file_.tensors()) {
      auto hf = hf_tensor_name(arch_, t.name);
      if (hf.empty()) throw Error(fmt::format("GGUF file '{}': tensor '{}' has no Hugging Face name", path, t.name));
      bool linear = is_block_tensor(arch_, hf) && ends_with(hf, ".weight") && t.dims.size() == 2;
      if (linear && quant_type_of(t.type)) layers_[hf.substr(0, hf.size() - 7)] = &t;
      else tensors_[hf] = &t;
    }
  }

  std::vector<std::string> quantized_layers() const override { return keys(layers_); }
  std::vector<std::string> tensor_names() const override { return keys(tensors_); }

  QuantizedWeight quantized_weight(const std::string& layer) const override {
    auto it = layers_.find(layer);
    if (it == layers_.end()) throw Error(fmt::format("the GGUF checkpoint has no quantized layer '{}'", layer));
    const auto& e = *it->second;
    const auto& type = *quant_type_of(e.type);
    auto bytes = file_.read(e);
    auto w = unpack_weight(type, *preset("gguf:" + type.name), bytes.data(), int64_t(e.dims[1]), int64_t(e.dims[0]));
    if (int64_t heads = rotary_heads(layer)) {
      auto inverse = inverse_order(w.out_features, heads);
      for (auto* t : {&w.codes, &w.scales, &w.zeros, &w.super_scales, &w.super_mins})
        if (t->defined()) *t = t->index_select(0, inverse).contiguous();
    }
    return w;
  }

  at::Tensor tensor(const std::string& name) const override {
    auto it = tensors_.find(name);
    if (it == tensors_.end()) throw Error(fmt::format("the GGUF checkpoint has no tensor '{}'", name));
    const auto& e = *it->second;
    auto bytes = file_.read(e);
    std::vector<int64_t> shape(e.dims.rbegin(), e.dims.rend());
    at::Tensor out;
    if (const auto* type = quant_type_of(e.type)) {
      int64_t rows = int64_t(bytes.size() / size_t(packed_size(*type, 1, shape.back())));
      out = dequantize(unpack_weight(*type, *preset("gguf:" + type->name), bytes.data(), rows, shape.back()));
    } else {
      auto dtype = e.type == 0 ? at::kFloat : e.type == 1 ? at::kHalf : at::kBFloat16;
      out = at::from_blob(bytes.data(), {int64_t(bytes.size()) / int64_t(at::elementSize(dtype))}, dtype).to(at::kFloat);
    }
    out = out.reshape(shape).clone();
    auto layer = name.substr(0, name.rfind('.'));
    if (int64_t heads = rotary_heads(layer)) out = out.index_select(0, inverse_order(out.size(0), heads));
    if (arch_.norm_shift != 0.f && ends_with(name, "norm.weight")) out = out - arch_.norm_shift;
    if (is_conv1d_weight(arch_, name)) out = out.t().contiguous();  // the gpt2 plugin reads Conv1D's [in, out]
    return out;
  }

 private:
  template <typename M>
  static std::vector<std::string> keys(const M& m) {
    std::vector<std::string> k;
    for (const auto& [name, entry] : m) k.push_back(name);
    return k;
  }

  int64_t rotary_heads(const std::string& layer) const {
    if (!arch_.permute_qk) return 0;
    if (ends_with(layer, "self_attn.q_proj")) return arch_.n_head;
    if (ends_with(layer, "self_attn.k_proj")) return arch_.n_kv_head;
    return 0;
  }

  static at::Tensor inverse_order(int64_t rows, int64_t heads) {
    auto order = rotary_row_order(rows, heads);
    std::vector<int64_t> inverse(order.size());
    for (size_t i = 0; i < order.size(); ++i) inverse[size_t(order[i])] = int64_t(i);
    return at::tensor(inverse, at::kLong);
  }

  GgufFileReader file_;
  ArchInfo arch_;
  std::map<std::string, const TensorEntry*> layers_, tensors_;
};

}  // namespace

std::unique_ptr<QuantizedCheckpointReader> open_gguf_checkpoint(const std::string& directory) {
  return std::make_unique<GgufCheckpointReader>(find_gguf(directory));
}

}  // namespace ar::gguf
