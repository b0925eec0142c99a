// The shared packing code of the auto_round/auto_gptq/auto_awq formats against hand-computed words.
#include <int_layouts.hpp>
#include <int_packing.hpp>

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <gtest/gtest.h>

namespace {

using ar::formats::IntLayout;

at::Tensor column(std::vector<int32_t> values) {
  return at::tensor(values, at::kInt).reshape({static_cast<int64_t>(values.size()), 1});
}

TEST(GptqPacking, FourBitsGoLsbFirst) {
  auto packed = ar::formats::pack_lsb_rows(column({1, 2, 3, 4, 5, 6, 7, 8}), 4);
  ASSERT_EQ(packed.sizes(), (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(packed.item<int32_t>(), static_cast<int32_t>(0x87654321u));
}

TEST(GptqPacking, ThreeBitsSplitValuesTenAndTwentyOne) {
  std::vector<int32_t> values(32, 0);
  values[10] = 0b101;  // bits 30..32: two low bits end word 0, the high bit starts word 1
  values[21] = 0b110;  // bits 63..65: the low bit ends word 1, two high bits start word 2
  auto packed = ar::formats::pack_lsb_rows(column(values), 3);
  ASSERT_EQ(packed.size(0), 3);
  EXPECT_EQ(static_cast<uint32_t>(packed[0][0].item<int32_t>()), 0b01u << 30);
  EXPECT_EQ(static_cast<uint32_t>(packed[1][0].item<int32_t>()), 1u | (0u << 31));
  EXPECT_EQ(static_cast<uint32_t>(packed[2][0].item<int32_t>()), 0b11u);
}

TEST(GptqPacking, RoundTripsEveryWidth) {
  for (int bits : {2, 3, 4, 8}) {
    auto values = at::randint(0, 1 << bits, {96, 5}, at::kInt);
    auto packed = ar::formats::pack_lsb_rows(values, bits);
    EXPECT_EQ(packed.size(0), 96 * bits / 32);
    EXPECT_TRUE(at::equal(ar::formats::unpack_lsb_rows(packed, bits, 96), values)) << bits << " bits";
  }
}

TEST(GptqPacking, RefusesPartialWords) {
  EXPECT_THROW(ar::formats::pack_lsb_rows(at::zeros({7, 1}, at::kInt), 4), ar::Error);
}

TEST(AwqPacking, UsesTheInterleavedColumnOrder) {
  auto row = at::tensor(std::vector<int32_t>{0, 1, 2, 3, 4, 5, 6, 7}, at::kInt).reshape({1, 8});
  // Column j sits in nibble [0,4,1,5,2,6,3,7][j]: nibbles hold columns 0,2,4,6,1,3,5,7.
  EXPECT_EQ(static_cast<uint32_t>(ar::formats::pack_awq_columns(row).item<int32_t>()), 0x75316420u);
  auto values = at::randint(0, 16, {3, 24}, at::kInt);
  EXPECT_TRUE(at::equal(ar::formats::unpack_awq_columns(ar::formats::pack_awq_columns(values)), values));
}

ar::QuantizedWeight random_weight(int bits, int group_size, bool sym) {
  ar::QuantizedWeight w;
  w.spec.bits = bits;
  w.spec.group_size = group_size;
  w.spec.sym = sym;
  w.out_features = 64;
  w.in_features = 96;
  const int64_t groups = (96 + group_size - 1) / group_size;
  w.codes = at::randint(0, 1 << bits, {64, 96}, at::kInt);
  w.scales = at::randn({64, groups}).to(at::kHalf).to(at::kFloat);
  w.zeros = sym ? at::full({64, groups}, 1 << (bits - 1), at::kInt) : at::randint(0, 1 << bits, {64, groups}, at::kInt);
  return w;
}

void expect_round_trip(IntLayout layout, int bits, int group_size, bool sym) {
  auto w = random_weight(bits, group_size, sym);
  std::map<std::string, at::Tensor> stored;
  for (auto& [suffix, tensor] : ar::formats::pack_int_layer(w, layout, true)) stored[suffix] = tensor;
  auto back = ar::formats::unpack_int_layer(stored, layout, w.spec);
  EXPECT_TRUE(at::equal(back.codes, w.codes));
  EXPECT_TRUE(at::equal(back.zeros, w.zeros));
  EXPECT_TRUE(at::equal(back.scales, w.scales));
  EXPECT_EQ(back.in_features, 96);
  EXPECT_EQ(back.out_features, 64);
}

TEST(IntLayouts, RoundTrip) {
  expect_round_trip(IntLayout::GptqZeroMinusOne, 4, 32, true);
  expect_round_trip(IntLayout::GptqZeroMinusOne, 3, 32, false);  // zero 0 is stored as all ones
  expect_round_trip(IntLayout::GptqRawZero, 2, 64, false);         // 96 % 64 != 0: two groups, the last short
  expect_round_trip(IntLayout::GptqRawZero, 8, 32, false);
  expect_round_trip(IntLayout::Awq, 4, 32, false);
}

TEST(IntLayouts, SymmetricFourBitZerosAreSevens) {
  std::map<std::string, at::Tensor> stored;
  for (auto& [suffix, tensor] : ar::formats::pack_int_layer(random_weight(4, 32, true), IntLayout::GptqZeroMinusOne,
                                                            true))
    stored[suffix] = tensor;
  EXPECT_TRUE(at::equal(stored["qzeros"], at::full({3, 8}, 0x77777777, at::kInt)));
  EXPECT_TRUE(at::equal(stored["g_idx"], at::arange(96, at::kInt).floor_divide(32).to(at::kInt)));
}

TEST(IntLayouts, AwqRefusesRaggedGroups) {
  auto w = random_weight(4, 64, false);
  EXPECT_EQ(ar::formats::layout_refusal(IntLayout::Awq, w), "in_features 96 is not a multiple of group_size 64");
  EXPECT_EQ(ar::formats::layout_refusal(IntLayout::GptqZeroMinusOne, w), "");
}

}  // namespace
