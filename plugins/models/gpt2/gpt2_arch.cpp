#include "gpt2_arch.hpp"

#include "gpt2_lm.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace ar::models::gpt2 {
namespace {

Gpt2Spec read_spec(const ModelConfig& config) {
  Gpt2Spec spec;
  spec.hidden = config.require_int("n_embd");
  spec.heads = config.require_int("n_head");
  spec.layers = config.require_int("n_layer");
  spec.vocab = config.require_int("vocab_size");
  spec.positions = config.require_int("n_positions");
  if (spec.heads <= 0 || spec.hidden % spec.heads != 0)
    throw Error(fmt::format("config.json: n_embd {} is not a multiple of n_head {}", spec.hidden, spec.heads));
  spec.head_dim = spec.hidden / spec.heads;
  auto inner = config.number("n_inner");  // null in most checkpoints: 4 * n_embd
  spec.inner = inner ? static_cast<int64_t>(*inner) : 4 * spec.hidden;
  spec.layer_norm_eps = config.number_or("layer_norm_epsilon", 1e-5);
  spec.scale_attn_weights = config.flag("scale_attn_weights").value_or(true);
  spec.scale_by_inverse_layer_idx = config.flag("scale_attn_by_inverse_layer_idx").value_or(false);
  auto act = config.text("activation_function").value_or("gelu_new");
  if (act != "gelu_new" && act != "gelu_pytorch_tanh")
    throw Error(fmt::format("config.json: activation_function '{}' is not supported for gpt2; expected gelu_new", act));
  return spec;
}

}  // namespace

bool Gpt2Arch::recognizes(const ModelConfig& config) const {
  if (config.text("model_type").value_or("") == "gpt2") return true;
  auto archs = config.texts("architectures");
  return std::find(archs.begin(), archs.end(), "GPT2LMHeadModel") != archs.end();
}

std::shared_ptr<CausalLM> Gpt2Arch::load(std::shared_ptr<const ModelConfig> config,
                                         std::shared_ptr<const WeightSource> weights, c10::Device device) const {
  return std::make_shared<Gpt2LM>(read_spec(*config), std::move(weights), device);
}

}  // namespace ar::models::gpt2
