#include <ar/dense_linear.hpp>
#include <ar/model.hpp>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <tuple>

namespace {

double max_relative_error(const at::Tensor& ours, const at::Tensor& reference) {
  return ((ours - reference).abs().max() / reference.abs().max().clamp_min(1e-12)).item<double>();
}

// Shapes with odd widths and heights, so that every vector tail and leftover row is exercised.
class DenseLinear16 : public ::testing::TestWithParam<std::tuple<c10::ScalarType, int64_t, int64_t, int64_t>> {};

TEST_P(DenseLinear16, MatchesFloat32Linear) {
  auto [dtype, rows, in, out] = GetParam();
  torch::manual_seed(3);
  c10::InferenceMode inference;
  auto weight = torch::randn({out, in}).to(dtype);
  auto bias = torch::randn({out});
  auto x = torch::randn({1, rows, in});
  auto ours = ar::dense_linear(x, weight, bias);
  auto reference = torch::linear(x.to(torch::kDouble), weight.to(torch::kDouble), bias.to(torch::kDouble));
  ASSERT_EQ(ours.sizes(), reference.sizes());
  EXPECT_EQ(ours.scalar_type(), torch::kFloat);
  EXPECT_LE(max_relative_error(ours.to(torch::kDouble), reference), 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Shapes, DenseLinear16,
                         ::testing::Combine(::testing::Values(torch::kHalf, torch::kBFloat16),
                                            ::testing::Values(1, 2, 3, 4, 7),
                                            ::testing::Values(13, 576, 1003), ::testing::Values(1, 301, 2048)));

TEST(DenseLinear, Float32SplitMatchesLinear) {
  torch::manual_seed(4);
  c10::InferenceMode inference;
  auto weight = torch::randn({4099, 577});  // large enough to be split over the threads
  for (int64_t rows : {1, 3, 4, 9}) {
    auto x = torch::randn({rows, 577});
    auto reference = torch::linear(x.to(torch::kDouble), weight.to(torch::kDouble));
    EXPECT_LE(max_relative_error(ar::dense_linear(x, weight).to(torch::kDouble), reference), 1e-5) << rows;
  }
}

// Outside autocast a bfloat16 x meets a float32 weight and bias (a block fed amp activations): the
// layer computes in bfloat16, exactly as a bfloat16 copy of the layer does.
TEST(DenseLinear, Bfloat16InputComputesInBfloat16) {
  torch::manual_seed(5);
  c10::InferenceMode inference;
  auto weight = torch::randn({301, 576}), bias = torch::randn({301});
  auto x = torch::randn({2, 9, 576}).to(torch::kBFloat16);
  auto ours = ar::dense_linear(x, weight, bias);
  EXPECT_EQ(ours.scalar_type(), torch::kBFloat16);
  EXPECT_TRUE(at::equal(ours, torch::linear(x, weight.to(torch::kBFloat16), bias.to(torch::kBFloat16))));
}

TEST(Lossless16bit, KeepsExactValuesOnly) {
  torch::manual_seed(5);
  auto halves = torch::randn({64, 32}).to(torch::kHalf).to(torch::kFloat);
  auto kept = ar::lossless_16bit(halves);
  EXPECT_EQ(kept.scalar_type(), torch::kHalf);
  EXPECT_TRUE(torch::equal(kept.to(torch::kFloat), halves));
  // Beyond float16's range, exact in bfloat16.
  auto wide = (torch::randn({64, 32}) * 1e20).to(torch::kBFloat16).to(torch::kFloat);
  EXPECT_EQ(ar::lossless_16bit(wide).scalar_type(), torch::kBFloat16);
  auto full = torch::randn({64, 32});
  auto same = ar::lossless_16bit(full);
  EXPECT_EQ(same.scalar_type(), torch::kFloat);
  EXPECT_TRUE(same.is_same(full));
}

// 600 single-token appends (past the first buffer's room) equal one concatenation, and the cache
// stays a view into spare room between growths.
TEST(KvCache, AppendsInPlaceAndGrows) {
  torch::manual_seed(6);
  c10::InferenceMode inference;
  auto all_keys = torch::randn({1, 3, 620, 8});
  auto all_values = torch::randn({1, 3, 620, 8});
  ar::KvCache cache;
  ar::BlockInputs inputs{{}, {}, &cache};
  int64_t growths = 0;
  const void* storage = nullptr;
  for (int64_t t = 0; t < 620; t += (t == 0 ? 20 : 1)) {
    const int64_t n = t == 0 ? 20 : 1;
    auto k = all_keys.narrow(2, t, n), v = all_values.narrow(2, t, n);
    EXPECT_EQ(ar::extend_kv_cache(inputs, k, v), t);
    if (cache.keys.storage().data() != storage) ++growths, storage = cache.keys.storage().data();
  }
  EXPECT_EQ(cache.length(), 620);
  EXPECT_TRUE(torch::equal(cache.keys, all_keys));
  EXPECT_TRUE(torch::equal(cache.values, all_values));
  EXPECT_GE(growths, 2);
  EXPECT_LE(growths, 4);
}

TEST(KvCache, WithAutogradConcatenates) {
  auto k0 = torch::randn({1, 2, 5, 4}), v0 = torch::randn({1, 2, 5, 4});
  ar::KvCache cache{k0, v0};
  ar::BlockInputs inputs{{}, {}, &cache};
  auto fresh = torch::randn({1, 2, 1, 4}, torch::requires_grad());
  auto k = fresh, v = torch::randn({1, 2, 1, 4});
  EXPECT_EQ(ar::extend_kv_cache(inputs, k, v), 5);
  EXPECT_TRUE(torch::equal(cache.keys, torch::cat({k0, fresh.detach()}, 2)));
  EXPECT_TRUE(cache.keys.requires_grad());
}

}  // namespace
