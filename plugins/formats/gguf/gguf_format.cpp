// The `gguf` format: one llama.cpp GGUF v3 file per run, `<output_dir>/<model>-<TYPE>.gguf`.
// Tuned block layers arrive as GGUF QuantizedWeights and are packed as they come; the embedding
// and output layers are quantized here with llama.cpp's RTN (as the reference does at export).
#include "gguf_arch.hpp"
#include "gguf_blocks.hpp"
#include "gguf_checkpoint_reader.hpp"
#include "gguf_file_writer.hpp"
#include "gguf_tensor_types.hpp"
#include "gguf_tokenizer_meta.hpp"
#include "gguf_types.hpp"
#include "gguf_weight.hpp"

#include <ar/error.hpp>
#include <ar/format.hpp>
#include <ar/host_services.hpp>
#include <ar/plugin.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

namespace ar::gguf {

namespace {

constexpr uint32_t kF32 = 0, kBF16 = 30;

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
  return s;
}

std::vector<uint64_t> ggml_dims(const at::Tensor& t) {
  std::vector<uint64_t> dims;
  for (int64_t d = t.dim() - 1; d >= 0; --d) dims.push_back(static_cast<uint64_t>(t.size(d)));
  return dims;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

class GgufWriter final : public FormatWriter {
 public:
  explicit GgufWriter(const ExportTarget& target)
      : config_(nlohmann::json::parse(target.model_config_json)),
        directory_(target.directory),
        source_dir_(target.source_model_dir) {
    arch_ = arch_for(config_);
    mix_ = option_string(target.options, "type", "");
    if (mix_.empty()) mix_ = gguf_name(target.default_spec.data_type);
    base_ = base_type(mix_);
    if (base_.empty()) throw Error(fmt::format("gguf format: unknown GGUF type '{}'", mix_));
    auto model = std::filesystem::path(target.source_model_dir).filename().string();
    if (model.empty()) model = std::filesystem::path(target.source_model_dir).parent_path().filename().string();
    path_ = fmt::format("{}/{}-{}.gguf", target.directory, model, upper(mix_));
    file_ = std::make_unique<GgufFileWriter>(path_);
    file_->add_string("general.architecture", arch_.arch);
    file_->add_string("general.name", config_.value("_model_name_or_path", model));
    file_->add_u32("general.file_type", file_type(mix_));
    file_->add_u32("general.quantization_version", 2);
    write_arch_metadata(*file_, arch_, config_);
    write_tokenizer_metadata(*file_, target.source_model_dir, config_.value("vocab_size", int64_t(0)));
  }

  void write_quantized(const std::string& name, const QuantizedWeight& weight, const at::Tensor&,
                       const at::Tensor& bias) override {
    if (gguf_name(weight.spec.data_type).empty())
      throw Error(fmt::format("gguf format: layer '{}' is quantized as {}, not a GGUF type", name, weight.spec.to_string()));
    auto gname = mapped(name + ".weight");
    const auto& type = type_for(weight.spec);
    auto bytes = pack_weight(permuted(name, weight));
    file_->add_tensor(gname, {uint64_t(weight.in_features), uint64_t(weight.out_features)}, type.ggml_id, bytes.data(),
                      bytes.size());
    if (bias.defined()) write_tensor(name + ".bias", bias);
  }

  void write_tensor(const std::string& name, const at::Tensor& tensor) override {
    auto gname = tensor_name(arch_, name);
    if (gname.empty()) return;  // e.g. rotary caches: llama.cpp recomputes them
    auto t = permuted_rows(name, tensor.detach().to(at::kCPU, at::kFloat).contiguous());
    if (t.dim() < 2) {
      if (arch_.norm_shift != 0.f && ends_with(name, "norm.weight")) t = t + arch_.norm_shift;
      return add_plain(gname, t.contiguous(), kF32);
    }
    if (gname == "position_embd.weight") return add_plain(gname, t, kF32);  // llama.cpp's converter keeps it F32
    std::string type;
    if (gname == "token_embd.weight") type = embedding_type(base_, arch_.tied_embeddings, t.size(1));
    else if (gname == "output.weight") type = output_type(base_, t.size(1));
    if (type.empty()) return add_plain(gname, t, kBF16);
    const auto& info = *find_type(type);
    QuantSpec spec;
    spec.data_type = "gguf:" + type;
    auto q = quantize_rtn(info, spec, t);
    auto bytes = pack_weight(q);
    file_->add_tensor(gname, ggml_dims(t), info.ggml_id, bytes.data(), bytes.size());
  }

  // Beside the file: the source's config.json and tokenizer files, so `ar-host eval`/`generate` read it.
  void finish() override {
    file_->finish();
    write_text_file_atomically(directory_ + "/config.json", config_.dump(2) + "\n");
    copy_model_side_files(source_dir_, directory_);
  }

 private:
  std::string mapped(const std::string& hf) const {
    auto g = tensor_name(arch_, hf);
    if (g.empty()) throw Error(fmt::format("gguf format: no llama.cpp tensor name for '{}'", hf));
    return g;
  }

  int64_t rotary_heads(const std::string& name) const {
    if (!arch_.permute_qk) return 0;
    if (name.find("self_attn.q_proj") != std::string::npos) return arch_.n_head;
    if (name.find("self_attn.k_proj") != std::string::npos) return arch_.n_kv_head;
    return 0;
  }

  at::Tensor permuted_rows(const std::string& name, const at::Tensor& t) const {
    int64_t heads = rotary_heads(name);
    if (heads == 0) return t;
    auto order = rotary_row_order(t.size(0), heads);
    return t.index_select(0, at::tensor(order, at::kLong)).contiguous();
  }

  QuantizedWeight permuted(const std::string& name, const QuantizedWeight& w) const {
    if (rotary_heads(name) == 0) return w;
    QuantizedWeight p = w;
    for (auto* t : {&p.codes, &p.scales, &p.zeros, &p.super_scales, &p.super_mins})
      if (t->defined()) *t = permuted_rows(name, *t);
    return p;
  }

  void add_plain(const std::string& gname, const at::Tensor& t, uint32_t type) {
    auto data = type == kBF16 ? t.to(at::kBFloat16).contiguous() : t.contiguous();
    file_->add_tensor(gname, ggml_dims(t), type, data.data_ptr(), static_cast<size_t>(data.nbytes()));
  }

  nlohmann::json config_;
  ArchInfo arch_;
  std::string directory_, source_dir_, mix_, base_, path_;
  std::unique_ptr<GgufFileWriter> file_;
};

class GgufFormat final : public Format {
 public:
  std::string check(const QuantSpec& spec) const override {
    if (base_type(gguf_name(spec.data_type)).empty())
      return fmt::format("the gguf format stores GGUF schemes only (gguf:q4_k_m, gguf:q4_0, ...), not {}; use "
                         "--format gguf:<type>, which also selects that scheme", spec.to_string());
    return {};
  }
  std::unique_ptr<FormatWriter> begin(const ExportTarget& target) const override {
    return std::make_unique<GgufWriter>(target);
  }
  std::unique_ptr<QuantizedCheckpointReader> open(const std::string& directory) const override {
    return open_gguf_checkpoint(directory);
  }
};

void register_components(Registrar& registrar) {
  OptionSpec type{"type", OptionType::String, std::string(""),
                  "GGUF type or mix (q4_k_m, q4_0, ...); set by --format gguf:<type>; default: the scheme's",
                  std::nullopt, std::nullopt, {}};
  registrar.add_format({"gguf", "llama.cpp GGUF v3 file (llama, qwen2, qwen3, gemma3, gpt2)",
                        {{"schemes", "gguf:<type>"},
                         {"types", "q4_0,q4_1,q5_0,q5_1,q8_0,q2_k,q3_k,q4_k,q5_k,q6_k and llama.cpp's mixes"},
                         {"readable by", "llama.cpp, gguf-py"}},
                        {type}},
                       [] { return std::make_shared<GgufFormat>(); });
}

}  // namespace

}  // namespace ar::gguf

AR_PLUGIN_DEFINE("format-gguf", "0.1.0", "Apache-2.0", "Writes llama.cpp GGUF files", ar::gguf::register_components)
