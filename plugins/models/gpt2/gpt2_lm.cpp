#include "gpt2_lm.hpp"

#include "gpt2_block.hpp"

#include <ar/dense_linear.hpp>
#include <ar/error.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

namespace ar::models::gpt2 {

Gpt2LM::Gpt2LM(Gpt2Spec spec, std::shared_ptr<const WeightSource> weights, c10::Device device)
    : spec_(spec), weights_(std::move(weights)), device_(device) {
  auto load = [&](const std::string& name) { return weights_->load(name, torch::kFloat, device_); };
  wte_ = load("transformer.wte.weight");
  wpe_ = load("transformer.wpe.weight");
  ln_f_weight_ = load("transformer.ln_f.weight");
  ln_f_bias_ = load("transformer.ln_f.bias");
}

std::string Gpt2LM::block_prefix(int64_t index) const { return fmt::format("transformer.h.{}", index); }

at::Tensor Gpt2LM::embed(const at::Tensor& input_ids) { return embed_from(input_ids, 0); }

at::Tensor Gpt2LM::embed_from(const at::Tensor& input_ids, int64_t first_position) {
  int64_t end = first_position + input_ids.size(-1);
  if (end > spec_.positions)
    throw Error(fmt::format("gpt2: sequence of {} tokens is longer than n_positions {}", end, spec_.positions));
  auto positions = torch::arange(first_position, end, torch::TensorOptions().dtype(torch::kLong).device(device_));
  return torch::embedding(wte_, input_ids.to(device_)) + torch::embedding(wpe_, positions);
}

std::shared_ptr<Block> Gpt2LM::load_block(int64_t index) {
  if (index < 0 || index >= num_blocks())
    throw Error(fmt::format("block index {} is out of range; the model has {} blocks", index, num_blocks()));
  return std::make_shared<Gpt2Block>(spec_, index, *weights_, device_);
}

at::Tensor Gpt2LM::head(const at::Tensor& hidden) {
  auto normed = torch::layer_norm(hidden, {spec_.hidden}, ln_f_weight_, ln_f_bias_, spec_.layer_norm_eps);
  return ar::dense_linear(normed, wte_);  // lm_head is tied to wte
}

std::vector<std::pair<std::string, at::Tensor>> Gpt2LM::outer_tensors() const {
  return {{"transformer.wte.weight", wte_},
          {"transformer.wpe.weight", wpe_},
          {"transformer.ln_f.weight", ln_f_weight_},
          {"transformer.ln_f.bias", ln_f_bias_}};
}

}  // namespace ar::models::gpt2
