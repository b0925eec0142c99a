// Blocks fed bfloat16 activations under bfloat16 autocast compute what transformers' model cast to
// bfloat16 computes (AutoRound's amp; oracle_logits.py's "amp_hidden", with float32 rotary
// frequencies): each block, given the oracle's input to it, reproduces the oracle's output to it.
// On this machine every element is equal (2026-12-07); the check allows 1% of elements to differ
// (other GEMM kernels) and asks for 10x less error than the same block on float32 activations
// (a float32 residual stream and norms), ar-host's amp before it kept activations in bfloat16.
#include "io/safetensors_reader.hpp"
#include "model_test_support.hpp"

#include <ar/autocast.hpp>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>

namespace {

namespace fs = std::filesystem;
using ar::test::missing_asset;

struct BlockErrors {
  double bf16 = 0, fp32 = 0;  // worst relative error over the blocks, per activation dtype
  double bf16_exact = 1;      // the lowest fraction of output elements equal to the oracle's
};

// max|ours - ref| / max|ref| over the whole output.
double relative_error(const at::Tensor& ours, const at::Tensor& reference) {
  auto ref = reference.to(at::kFloat);
  return ((ours.to(at::kFloat) - ref).abs().max() / ref.abs().max()).item<double>();
}

BlockErrors amp_block_errors(const std::string& name, const std::string& model_dir, const at::Tensor& hidden) {
  auto loaded = ar::test::load_test_model(model_dir);
  EXPECT_EQ(hidden.size(0), loaded.model->num_blocks() + 1) << name;
  EXPECT_EQ(hidden.scalar_type(), at::kBFloat16) << name;

  torch::NoGradGuard no_grad;
  ar::Bf16Autocast amp(true, c10::DeviceType::CPU);
  ar::BlockInputs inputs{torch::arange(hidden.size(2), torch::kLong).unsqueeze(0), {}};
  BlockErrors errors;
  for (int64_t k = 0; k < loaded.model->num_blocks(); ++k) {
    auto block = loaded.model->load_block(k);
    auto input = hidden[k].contiguous(), expected = hidden[k + 1];
    auto ours = block->forward(input, inputs);
    EXPECT_EQ(ours.scalar_type(), at::kBFloat16) << name << " block " << k << " left bfloat16";
    errors.bf16 = std::max(errors.bf16, relative_error(ours, expected));
    errors.fp32 = std::max(errors.fp32, relative_error(block->forward(input.to(at::kFloat), inputs), expected));
    errors.bf16_exact = std::min(errors.bf16_exact, ours.eq(expected).to(at::kFloat).mean().item<double>());
  }
  std::printf("%s, %lld blocks against transformers in bfloat16 amp: worst relative error %.3e with bfloat16 "
              "activations (at least %.1f%% of elements equal), %.3e with float32 activations\n",
              name.c_str(), static_cast<long long>(loaded.model->num_blocks()), errors.bf16,
              100.0 * errors.bf16_exact, errors.fp32);
  return errors;
}

void expect_bf16_blocks_match(const std::string& name, const std::string& model_dir) {
  ASSERT_TRUE(fs::exists(fs::path(model_dir) / "config.json")) << missing_asset(model_dir, "scripts/prepare_assets.sh");
  std::string oracle = ar::test::oracle_dir() + "/" + name + ".safetensors";
  ASSERT_TRUE(fs::exists(oracle)) << missing_asset(oracle, "the ctest fixture models_oracle (tests/models/oracle_logits.py)");
  ar::io::SafetensorsReader reference(oracle);
  ASSERT_TRUE(reference.has("amp_hidden")) << oracle << " has no amp_hidden; rerun the models_oracle fixture";
  auto errors = amp_block_errors(name, model_dir, reference.view("amp_hidden"));
  EXPECT_LT(errors.bf16, 0.1 * errors.fp32) << name;
  EXPECT_GE(errors.bf16_exact, 0.99) << name;
}

TEST(AmpBlockOracle, Stories260k) { expect_bf16_blocks_match("stories260k", ar::test::stories260k_dir()); }
TEST(AmpBlockOracle, SmolLM2_135M) {
  expect_bf16_blocks_match("smollm2-135m", ar::test::test_models_dir() + "/smollm2-135m");
}
TEST(AmpBlockOracle, Gemma3_270M) {
  expect_bf16_blocks_match("gemma3-270m", ar::test::test_models_dir() + "/gemma3-270m");
}

}  // namespace
