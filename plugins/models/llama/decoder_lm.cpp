#include "decoder_lm.hpp"

#include "decoder_block.hpp"
#include "layers.hpp"

#include <ar/dense_linear.hpp>
#include <ar/error.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

namespace ar::models {
namespace {

// Keeps the spec alive for as long as the block that refers to it.
class OwningBlock : public DecoderBlock {
 public:
  OwningBlock(std::shared_ptr<const DecoderSpec> spec, int64_t index, const WeightSource& weights, c10::Device device)
      : DecoderBlock(*spec, index, weights, device), spec_(std::move(spec)) {}

 private:
  std::shared_ptr<const DecoderSpec> spec_;
};

}  // namespace

DecoderLM::DecoderLM(DecoderSpec spec, std::shared_ptr<const ModelConfig> config,
                     std::shared_ptr<const WeightSource> weights, c10::Device device)
    : spec_(std::make_shared<const DecoderSpec>(std::move(spec))), config_(std::move(config)),
      weights_(std::move(weights)), device_(device) {
  embedding_ = weights_->load("model.embed_tokens.weight", torch::kFloat, device_);
  final_norm_ = weights_->load("model.norm.weight", torch::kFloat, device_);
  if (spec_->tied_embeddings || !weights_->has("lm_head.weight")) lm_head_ = embedding_;
  else lm_head_ = weights_->load("lm_head.weight", torch::kFloat, device_);
}

std::string DecoderLM::block_prefix(int64_t index) const { return fmt::format("{}.{}", spec_->block_prefix, index); }

at::Tensor DecoderLM::embed(const at::Tensor& input_ids) {
  auto hidden = torch::embedding(embedding_, input_ids.to(device_));
  if (spec_->embedding_scale != 1.0) hidden = hidden * static_cast<float>(spec_->embedding_scale);
  return hidden;
}

std::shared_ptr<Block> DecoderLM::load_block(int64_t index) {
  if (index < 0 || index >= num_blocks())
    throw Error(fmt::format("block index {} is out of range; the model has {} blocks", index, num_blocks()));
  return std::make_shared<OwningBlock>(spec_, index, *weights_, device_);
}

// Decode steps (a few rows, no autograd) read lm_head in 16 bits when that loses nothing, as for
// a checkpoint stored in 16 bits: the largest matrix of a small model, read once per token. Made
// again after an in-place change of lm_head_ (the kernel may quantize it).
const at::Tensor& DecoderLM::head_weight(int64_t rows) {
  if (rows > ar::kDenseGemvMaxRows || at::GradMode::is_enabled()) return lm_head_;
  const int64_t version = lm_head_.is_inference() ? 0 : static_cast<int64_t>(lm_head_._version());
  if (!head_16bit_.defined() || version != head_16bit_version_) {
    head_16bit_ = ar::lossless_16bit(lm_head_);
    head_16bit_version_ = version;
  }
  return head_16bit_;
}

at::Tensor DecoderLM::head(const at::Tensor& hidden) {
  auto normed = rms_norm(hidden, final_norm_, spec_->rms_eps, spec_->norm_adds_one);
  auto logits = ar::dense_linear(normed, head_weight(normed.numel() / std::max<int64_t>(1, normed.size(-1))));
  if (spec_->final_softcap) logits = soft_cap(logits, *spec_->final_softcap);
  return logits;
}

std::vector<std::pair<std::string, at::Tensor>> DecoderLM::outer_tensors() const {
  std::vector<std::pair<std::string, at::Tensor>> tensors = {{"model.embed_tokens.weight", embedding_},
                                                             {"model.norm.weight", final_norm_}};
  if (!lm_head_.is_same(embedding_)) tensors.emplace_back("lm_head.weight", lm_head_);
  return tensors;
}

}  // namespace ar::models
