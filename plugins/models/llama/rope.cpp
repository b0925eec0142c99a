#include "rope.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

#include <cmath>

namespace ar::models {
namespace {

// Llama 3.1: long wavelengths are slowed by `factor`, short ones kept, the band between blended.
at::Tensor llama3_scaled(const at::Tensor& inv_freq, const RopeSpec& rope) {
  double low_wavelen = rope.original_max_positions / rope.low_freq_factor;
  double high_wavelen = rope.original_max_positions / rope.high_freq_factor;
  auto wavelen = 2 * M_PI / inv_freq;
  auto scaled = torch::where(wavelen > low_wavelen, inv_freq / rope.factor, inv_freq);
  auto smooth = (rope.original_max_positions / wavelen - rope.low_freq_factor) /
                (rope.high_freq_factor - rope.low_freq_factor);
  auto blended = (1 - smooth) * scaled / rope.factor + smooth * scaled;
  auto medium = ~(wavelen < high_wavelen) & ~(wavelen > low_wavelen);
  return torch::where(medium, blended, scaled);
}

}  // namespace

at::Tensor rope_inverse_frequencies(const RopeSpec& rope, int64_t head_dim, c10::Device device) {
  auto exponents = torch::arange(0, head_dim, 2, torch::kLong).to(torch::kFloat) / static_cast<double>(head_dim);
  auto inv_freq = 1.0 / torch::pow(rope.theta, exponents);
  if (rope.type == "linear") inv_freq = inv_freq / rope.factor;
  else if (rope.type == "llama3") inv_freq = llama3_scaled(inv_freq, rope);
  else if (rope.type != "default")
    throw Error(fmt::format("rope_scaling type '{}' is not supported; expected default, linear or llama3", rope.type));
  return inv_freq.to(device);
}

std::pair<at::Tensor, at::Tensor> rope_cos_sin(const at::Tensor& inverse_frequencies, const at::Tensor& positions) {
  auto freqs = positions.to(torch::kFloat).unsqueeze(-1) * inverse_frequencies;  // [b, s, d/2]
  auto angles = torch::cat({freqs, freqs}, -1).unsqueeze(1);
  return {angles.cos(), angles.sin()};
}

at::Tensor apply_rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
  int64_t half = x.size(-1) / 2;
  auto rotated = torch::cat({-x.slice(-1, half), x.slice(-1, 0, half)}, -1);
  auto dtype = x.scalar_type();  // cos and sin in x's dtype, as Hugging Face's rotary embedding returns them
  return x * cos.to(dtype) + rotated * sin.to(dtype);
}

}  // namespace ar::models
