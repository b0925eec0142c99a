// The model-gpt2 plugin against transformers' GPT2LMHeadModel (make_gpt2.py, run by the ctest
// fixture gpt2_oracle): fp32 logits of 2 x 32 random tokens within 1e-4 relative error, and a
// weight swapped through linear_weight() changes the output.
#include "io/model_loader.hpp"
#include "io/model_runner.hpp"
#include "io/safetensors_reader.hpp"
#include "registry/registry.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

namespace {

namespace fs = std::filesystem;

const std::string kModelDir = std::string(AR_TEST_GPT2_DIR) + "/model";
const std::string kReference = std::string(AR_TEST_GPT2_DIR) + "/reference.safetensors";
const char* kMissing = "missing test asset '{}'; it is written by the ctest fixture gpt2_oracle "
                       "(tests/models_gpt2/make_gpt2.py) with the python venv of scripts/prepare_assets.sh";

std::string missing(const std::string& path) {
  std::string text = kMissing;
  return text.replace(text.find("{}"), 2, path);
}

const ar::Registry& registry() {
  static ar::Registry r = [] {
    ar::Registry loaded;
    loaded.load({{AR_TEST_PLUGIN_DIR, false}});
    return loaded;
  }();
  return r;
}

ar::io::LoadedModel load() { return ar::io::load_model(kModelDir, registry(), c10::Device("cpu")); }

// max over positions of max|ours - ref| / max|ref|; NaN counts as infinitely wrong.
double max_relative_error(const at::Tensor& ours, const at::Tensor& reference) {
  auto error = (ours - reference).abs().amax(-1);
  auto scale = reference.abs().amax(-1).clamp_min(1e-12);
  double worst = (error / scale).max().item<double>();
  return std::isfinite(worst) ? worst : std::numeric_limits<double>::infinity();
}

class Gpt2 : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(kModelDir + "/config.json")) << missing(kModelDir);
    ASSERT_TRUE(fs::exists(kReference)) << missing(kReference);
  }
};

TEST_F(Gpt2, IsTakenByTheGpt2Arch) {
  auto loaded = load();
  EXPECT_EQ(loaded.arch, "gpt2");
  EXPECT_EQ(loaded.model->num_blocks(), 2);
  EXPECT_EQ(loaded.model->block_prefix(1), "transformer.h.1");
  auto block = loaded.model->load_block(0);
  EXPECT_EQ(block->linear_names(), (std::vector<std::string>{"attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"}));
  // Conv1D [in, out] is exposed as [out, in].
  EXPECT_EQ(block->linear_weight("attn.c_attn").sizes(), (std::vector<int64_t>{192, 64}));
  EXPECT_EQ(block->linear_weight("mlp.c_fc").sizes(), (std::vector<int64_t>{256, 64}));
  EXPECT_EQ(block->linear_weight("mlp.c_proj").sizes(), (std::vector<int64_t>{64, 256}));
  EXPECT_EQ(block->linear_bias("attn.c_attn").size(0), 192);
  EXPECT_EQ(block->other_tensors().size(), 4u);
  EXPECT_EQ(loaded.model->outer_tensors().size(), 4u);
  EXPECT_THROW(block->linear_weight("self_attn.q_proj"), std::exception);
}

TEST_F(Gpt2, LogitsMatchTransformers) {
  ar::io::SafetensorsReader reference(kReference);
  auto ids = reference.view("input_ids");
  auto expected = reference.view("logits");
  ar::io::ModelRunner runner(load().model);
  auto logits = runner.logits(ids);
  ASSERT_EQ(logits.sizes(), expected.sizes());
  double worst = max_relative_error(logits, expected);
  // An all-ones attention mask takes the explicit-mask path and must give the same answer.
  double masked = max_relative_error(runner.logits(ids, torch::ones_like(ids)), expected);
  ::testing::Test::RecordProperty("max_relative_error", std::to_string(worst));
  std::printf("gpt2: max relative error %.3e (with mask %.3e) over %lld x %lld tokens\n", worst, masked,
              static_cast<long long>(ids.size(0)), static_cast<long long>(ids.size(1)));
  EXPECT_LE(worst, 1e-4);
  EXPECT_LE(masked, 1e-4);
}

// Decoding over the KV cache (learned positions via embed_from) must pick the tokens of full recomputation.
TEST_F(Gpt2, KvCacheGreedyEqualsRecomputation) {
  ar::io::SafetensorsReader reference(kReference);
  auto row = reference.view("input_ids").slice(0, 0, 1).slice(1, 0, 8).reshape({-1}).contiguous();
  std::vector<int64_t> prompt(row.data_ptr<int64_t>(), row.data_ptr<int64_t>() + row.numel());
  ar::io::ModelRunner runner(load().model);
  ASSERT_TRUE(runner.supports_kv_cache());
  auto cached = runner.greedy(prompt, 24, {}, true);
  auto recomputed = runner.greedy(prompt, 24, {}, false);
  EXPECT_EQ(cached.size(), 24u);
  EXPECT_EQ(cached, recomputed);
}

TEST_F(Gpt2, RightPaddingLeavesRealTokensAlone) {
  ar::io::SafetensorsReader reference(kReference);
  auto ids = reference.view("input_ids").slice(0, 0, 1).clone();
  auto expected = reference.view("logits").slice(0, 0, 1).slice(1, 0, 20);
  auto mask = torch::ones_like(ids);
  mask.slice(1, 20).fill_(0);
  ar::io::ModelRunner runner(load().model);
  auto logits = runner.logits(ids, mask).slice(1, 0, 20);
  EXPECT_LE(max_relative_error(logits, expected), 1e-4);
}

TEST_F(Gpt2, SwappedLinearWeightChangesTheOutput) {
  auto loaded = load();
  auto& model = *loaded.model;
  ar::io::SafetensorsReader reference(kReference);
  auto ids = reference.view("input_ids");
  auto hidden = model.embed(ids);
  auto positions = torch::arange(ids.size(1), torch::kLong).unsqueeze(0).expand({ids.size(0), ids.size(1)});
  ar::BlockInputs inputs{positions, {}};
  auto block = model.load_block(0);
  auto before = block->forward(hidden, inputs);
  for (const auto& name : block->linear_names()) {
    at::Tensor& weight = block->linear_weight(name);
    at::Tensor original = weight;
    weight = weight * 0.5;  // a fresh tensor in place of the loaded one, as an algorithm would swap it
    auto after = block->forward(hidden, inputs);
    EXPECT_GT((after - before).abs().max().item<double>(), 1e-4) << name;
    weight = original;
    EXPECT_TRUE(torch::equal(block->forward(hidden, inputs), before)) << name;
  }
}

}  // namespace
