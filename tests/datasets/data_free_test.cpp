#include "data/data_free.hpp"

#include "datasets_test_support.hpp"

#include <torch/torch.h>

namespace ar::data {
namespace {

constexpr int64_t kVocab = 6;

// A bigram model: the logits of the next token depend only on the current token.
LogitsFn bigram(const at::Tensor& table) {
  return [table](const at::Tensor& ids) { return table.index_select(0, ids[0]).unsqueeze(0); };
}

at::Tensor smooth_table() { return torch::arange(kVocab * kVocab, torch::kFloat32).reshape({kVocab, kVocab}).sin() * 2; }

TEST(DataFree, PeakedBigramWritesItsOnlyLikelySequence) {
  at::Tensor table = torch::zeros({kVocab, kVocab});
  for (int64_t i = 0; i < kVocab; ++i) table[i][(i + 1) % kVocab] = 100.0;
  const auto samples = sample_from_model(bigram(table), {2, 8, 42, 4});
  EXPECT_EQ(samples, (std::vector<std::vector<int32_t>>(2, {4, 5, 0, 1, 2, 3, 4, 5})));
}

TEST(DataFree, SameSeedSameSamplesOtherSeedOthers) {
  const auto a = sample_from_model(bigram(smooth_table()), {3, 32, 42, 1});
  ASSERT_EQ(a.size(), 3u);
  for (const auto& ids : a) {
    ASSERT_EQ(ids.size(), 32u);
    EXPECT_EQ(ids[0], 1);
    for (int32_t id : ids) EXPECT_LT(id, kVocab);
  }
  EXPECT_EQ(a, sample_from_model(bigram(smooth_table()), {3, 32, 42, 1}));
  EXPECT_NE(a, sample_from_model(bigram(smooth_table()), {3, 32, 43, 1}));
  EXPECT_NE(a[0], a[1]);
}

TEST(DataFree, SampleKDoesNotDependOnHowManyAreDrawn) {
  const auto three = sample_from_model(bigram(smooth_table()), {3, 16, 5, 1});
  const auto two = sample_from_model(bigram(smooth_table()), {2, 16, 5, 1});
  EXPECT_EQ(two[0], three[0]);
  EXPECT_EQ(two[1], three[1]);
}

TEST(DataFree, DrawsFollowTheModelDistribution) {
  at::Tensor table = torch::zeros({kVocab, kVocab});
  table.index_put_({torch::indexing::Slice(), 2}, std::log(3.0));  // token 2 is 3x as likely as each other
  const auto samples = sample_from_model(bigram(table), {20, 101, 42, 0});
  int64_t twos = 0, total = 0;
  for (const auto& ids : samples) {
    twos += std::count(ids.begin() + 1, ids.end(), 2);
    total += static_cast<int64_t>(ids.size()) - 1;
  }
  EXPECT_NEAR(static_cast<double>(twos) / total, 3.0 / 8.0, 0.05);
}

TEST(DataFree, WrongLogitShapeIsNamed) {
  const LogitsFn flat = [](const at::Tensor&) { return torch::zeros({kVocab}); };
  EXPECT_AR_ERROR(sample_from_model(flat, {1, 4, 42, 1}),
                  "data-free calibration: the model returned logits of shape [6]; expected [1, 1, vocab]");
}

}  // namespace
}  // namespace ar::data
