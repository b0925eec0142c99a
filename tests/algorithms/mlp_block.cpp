#include "mlp_block.hpp"

#include "io/safetensors_reader.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

namespace ar::test {

namespace {

const char* kLinears[] = {"mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"};

at::Tensor load(const io::SafetensorsFile& file, const std::string& name) {
  return file.load(name, at::kFloat, at::kCPU);
}

// In float32, returned in x's dtype (bfloat16 for amp activations), as the llama plugin's.
at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight) {
  auto x32 = x.to(at::kFloat);
  auto normed = x32 * at::rsqrt(x32.pow(2).mean(-1, true) + 1e-5);
  return weight.to(x.scalar_type()) * normed.to(x.scalar_type());
}

}  // namespace

std::shared_ptr<MlpBlock> MlpBlock::from_stories260k(const std::string& model_file, int layer) {
  io::SafetensorsFile file(model_file);
  auto block = std::make_shared<MlpBlock>();
  const std::string prefix = "model.layers." + std::to_string(layer) + ".";
  block->norm_weight_ = load(file, prefix + "post_attention_layernorm.weight");
  for (const char* name : kLinears) block->weights_[name] = load(file, prefix + name + ".weight");
  return block;
}

at::Tensor MlpBlock::forward(const at::Tensor& hidden, const BlockInputs&) {
  if (recording_) {
    std::map<std::string, at::Tensor> snapshot;
    for (const auto& [name, w] : weights_) snapshot[name] = w.detach().clone();
    std::lock_guard lock(record_mutex_);  // forward runs on several threads at once (see ar::Block)
    recorded_.push_back(std::move(snapshot));
  }
  auto h = rms_norm(hidden, norm_weight_);
  auto act = at::silu(at::linear(h, weights_.at("mlp.gate_proj"))) * at::linear(h, weights_.at("mlp.up_proj"));
  return hidden + at::linear(act, weights_.at("mlp.down_proj"));
}

std::vector<std::string> MlpBlock::linear_names() const { return {kLinears[0], kLinears[1], kLinears[2]}; }

at::Tensor& MlpBlock::linear_weight(const std::string& name) {
  auto it = weights_.find(name);
  if (it == weights_.end()) throw Error("the test MLP block has no linear layer '" + name + "'");
  return it->second;
}

std::vector<std::pair<std::string, at::Tensor>> MlpBlock::other_tensors() const {
  return {{"post_attention_layernorm", norm_weight_}};
}

std::vector<at::Tensor> embedded_samples(const std::string& model_file, int64_t count, int64_t seq, int64_t batch,
                                         uint64_t seed) {
  io::SafetensorsFile file(model_file);
  auto embeddings = load(file, "model.embed_tokens.weight");
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  // Ids 3.. skip <unk>, <s>, </s>.
  auto ids = at::randint(3, embeddings.size(0), {count, seq}, gen, at::TensorOptions().dtype(at::kLong));
  auto hidden = embeddings.index_select(0, ids.reshape(-1)).reshape({count, seq, embeddings.size(1)});
  std::vector<at::Tensor> batches;
  for (int64_t start = 0; start < count; start += batch)
    batches.push_back(hidden.narrow(0, start, std::min(batch, count - start)).contiguous());
  return batches;
}

}  // namespace ar::test
