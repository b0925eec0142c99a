// Our fp32 logits against transformers' (oracle_logits.py, run by the ctest fixture models_oracle)
// on 4 sequences of 128 tokens: max over positions of max|ours - ref| / max|ref| <= 1e-4.
#include "io/model_runner.hpp"
#include "io/safetensors_reader.hpp"
#include "model_test_support.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <limits>

namespace {

namespace fs = std::filesystem;
using ar::test::missing_asset;

constexpr double kMaxRelativeError = 1e-4;

double max_relative_error(const at::Tensor& ours, const at::Tensor& reference) {
  auto error = (ours - reference).abs().amax(-1);
  auto scale = reference.abs().amax(-1).clamp_min(1e-12);
  double worst = (error / scale).max().item<double>();
  return std::isfinite(worst) ? worst : std::numeric_limits<double>::infinity();  // NaN must fail
}

void expect_matches_oracle(const std::string& name, const std::string& model_dir, const std::string& creator,
                           bool check_greedy = true) {
  ASSERT_TRUE(fs::exists(fs::path(model_dir) / "config.json")) << missing_asset(model_dir, creator);
  std::string oracle = ar::test::oracle_dir() + "/" + name + ".safetensors";
  ASSERT_TRUE(fs::exists(oracle)) << missing_asset(oracle, "the ctest fixture models_oracle (tests/models/oracle_logits.py)");
  ar::io::SafetensorsReader reference(oracle);
  auto ids = reference.view("input_ids");
  auto expected = reference.view("logits");
  auto loaded = ar::test::load_test_model(model_dir);
  ar::io::ModelRunner runner(loaded.model);
  double worst = 0;
  for (int64_t row = 0; row < ids.size(0); ++row) {
    auto logits = runner.logits(ids.slice(0, row, row + 1));
    ASSERT_EQ(logits[0].sizes(), expected[row].sizes()) << name;
    worst = std::max(worst, max_relative_error(logits[0], expected[row]));
  }
  ::testing::Test::RecordProperty("max_relative_error", std::to_string(worst));
  std::printf("%s: max relative error %.3e over %lld x %lld tokens\n", name.c_str(), worst,
              static_cast<long long>(ids.size(0)), static_cast<long long>(ids.size(1)));
  EXPECT_LE(worst, kMaxRelativeError) << name;

  if (!check_greedy) return;
  // Greedy generation of 32 tokens from the first window's first 16 tokens is identical.
  ASSERT_TRUE(reference.has("greedy")) << oracle << " has no greedy tokens; rerun the models_oracle fixture";
  auto prompt_tensor = ids[0].slice(0, 0, 16);
  std::vector<int64_t> prompt(prompt_tensor.data_ptr<int64_t>(), prompt_tensor.data_ptr<int64_t>() + 16);
  auto expected_greedy = reference.view("greedy")[0];
  auto generated = runner.greedy(prompt, expected_greedy.size(0));
  std::vector<int64_t> want(expected_greedy.data_ptr<int64_t>(),
                            expected_greedy.data_ptr<int64_t>() + expected_greedy.size(0));
  EXPECT_EQ(generated, want) << name << ": greedy tokens differ from transformers'";
}

// Cached decoding (a prefill of 16 tokens, then one token per forward, which the blocks run on
// their single-token path) gives the logits of one full forward at every later position of the
// oracle's first window, within the oracle tolerance.
void expect_cached_decode_matches(const std::string& name, const std::string& model_dir) {
  ASSERT_TRUE(fs::exists(fs::path(model_dir) / "config.json")) << missing_asset(model_dir, "scripts/prepare_assets.sh");
  std::string oracle = ar::test::oracle_dir() + "/" + name + ".safetensors";
  ASSERT_TRUE(fs::exists(oracle)) << missing_asset(oracle, "the ctest fixture models_oracle (tests/models/oracle_logits.py)");
  auto ids = ar::io::SafetensorsReader(oracle).view("input_ids")[0].contiguous();
  std::vector<int64_t> tokens(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + ids.numel());
  auto loaded = ar::test::load_test_model(model_dir);
  ar::io::ModelRunner runner(loaded.model);
  c10::InferenceMode inference;
  auto full = runner.logits(ids.unsqueeze(0))[0];
  constexpr int64_t kPrefill = 16;
  std::vector<ar::KvCache> caches(static_cast<size_t>(loaded.model->num_blocks()));
  runner.final_hidden_cached({tokens.begin(), tokens.begin() + kPrefill}, 0, caches);
  double worst = 0;
  for (int64_t t = kPrefill; t < ids.numel(); ++t) {
    auto logits = runner.model().head(runner.final_hidden_cached({tokens[t]}, t, caches));
    worst = std::max(worst, max_relative_error(logits.reshape({1, -1}), full[t].unsqueeze(0)));
  }
  std::printf("%s: cached decode of %lld tokens, max relative error %.3e against the full forward\n", name.c_str(),
              static_cast<long long>(ids.numel() - kPrefill), worst);
  EXPECT_LE(worst, kMaxRelativeError) << name;
  EXPECT_EQ(caches[0].length(), ids.numel()) << name;
}

const char* kPrepare = "scripts/prepare_assets.sh";

TEST(CachedDecode, Stories260k) { expect_cached_decode_matches("stories260k", ar::test::stories260k_dir()); }
TEST(CachedDecode, SmolLM2_135M) {
  expect_cached_decode_matches("smollm2-135m", ar::test::test_models_dir() + "/smollm2-135m");
}
TEST(CachedDecode, Gemma3_270M) {
  expect_cached_decode_matches("gemma3-270m", ar::test::test_models_dir() + "/gemma3-270m");
}

TEST(OracleLogits, Stories260k) { expect_matches_oracle("stories260k", ar::test::stories260k_dir(), "the shared assets"); }
TEST(OracleLogits, SmolLM2_135M) {
  expect_matches_oracle("smollm2-135m", ar::test::test_models_dir() + "/smollm2-135m", kPrepare);
}
TEST(OracleLogits, Gemma3_270M) {
  expect_matches_oracle("gemma3-270m", ar::test::test_models_dir() + "/gemma3-270m", kPrepare);
}

class SyntheticOracle : public ::testing::TestWithParam<std::string> {};

TEST_P(SyntheticOracle, MatchesTransformers) {
  expect_matches_oracle("synthetic-" + GetParam(), ar::test::oracle_dir() + "/synthetic/" + GetParam(),
                        "the ctest fixture models_oracle (tests/models/oracle_logits.py --synthetic)", false);
}

TEST_P(SyntheticOracle, CachedDecodeMatchesFullForward) {
  expect_cached_decode_matches("synthetic-" + GetParam(), ar::test::oracle_dir() + "/synthetic/" + GetParam());
}

INSTANTIATE_TEST_SUITE_P(Architectures, SyntheticOracle,
                         ::testing::Values("qwen2", "qwen3", "llama3-scaled", "mistral-window", "gemma3-window"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

}  // namespace
