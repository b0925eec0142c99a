// stories260K (real Llama-2 weights): greedy golden text, the Block API, padding and loading.
#include "io/model_runner.hpp"
#include "model_test_support.hpp"
#include "temp_dir_models.hpp"

#include <ar/error.hpp>

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace {

using ar::test::load_test_model;
using ar::test::stories260k_dir;

const char* kGolden =
    "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she "
    "saw a big, red ball. She wanted to play with it, but it was too high";

TEST(Stories260k, GreedyFromBosReproducesGoldenText) {
  auto loaded = load_test_model(stories260k_dir());
  EXPECT_EQ(loaded.arch, "llama");
  ar::io::ModelRunner runner(loaded.model);
  auto generated = runner.greedy({1}, 60);
  ASSERT_EQ(generated.size(), 60u);
  EXPECT_EQ(ar::test::decode_sentencepiece(stories260k_dir(), generated), kGolden);
}

TEST(Stories260k, SwappedLinearWeightIsUsedByForward) {
  auto loaded = load_test_model(stories260k_dir());
  auto block = loaded.model->load_block(0);
  auto hidden = loaded.model->embed(torch::tensor({{1, 403, 407, 261}}, torch::kLong));
  ar::BlockInputs inputs{torch::arange(4, torch::kLong).unsqueeze(0), {}};
  auto before = block->forward(hidden, inputs);
  at::Tensor& weight = block->linear_weight("self_attn.o_proj");
  at::Tensor original = weight;
  weight = torch::zeros_like(original);
  EXPECT_FALSE(torch::allclose(block->forward(hidden, inputs), before));
  weight = original;
  EXPECT_TRUE(torch::equal(block->forward(hidden, inputs), before));
  EXPECT_EQ(block->linear_names().size(), 7u);
  EXPECT_FALSE(block->linear_bias("self_attn.q_proj").defined());
  EXPECT_THROW(block->linear_weight("mlp.nope"), ar::Error);
}

TEST(Stories260k, LeftPaddingWithMaskMatchesUnpadded) {
  auto loaded = load_test_model(stories260k_dir());
  ar::io::ModelRunner runner(loaded.model);
  auto plain = runner.logits(torch::tensor({{1, 403, 407, 261, 378}}, torch::kLong));
  auto padded_ids = torch::tensor({{0, 0, 1, 403, 407, 261, 378}, {1, 403, 407, 261, 378, 432, 383}}, torch::kLong);
  auto mask = torch::tensor({{0, 0, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1}}, torch::kLong);
  auto padded = runner.logits(padded_ids, mask);
  EXPECT_TRUE(torch::isfinite(padded).all().item<bool>());
  EXPECT_LT((padded[0].slice(0, 2) - plain[0]).abs().max().item<float>(), 1e-5);
  EXPECT_LT((padded[1].slice(0, 0, 5) - plain[0]).abs().max().item<float>(), 1e-5);
}

TEST(ModelLoader, UnknownArchitectureListsTheAvailableOnes) {
  ar::test::ModelTempDir dir;
  dir.write("config.json", R"({"model_type": "frobnicator", "architectures": ["FrobForCausalLM"]})");
  try {
    load_test_model(dir.path());
    FAIL() << "an unknown architecture was accepted";
  } catch (const ar::Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("no model plugin recognizes"), std::string::npos) << message;
    EXPECT_NE(message.find("frobnicator / FrobForCausalLM"), std::string::npos) << message;
    EXPECT_NE(message.find("llama"), std::string::npos) << message;
    EXPECT_NE(message.find("gemma3"), std::string::npos) << message;
  }
}

}  // namespace
