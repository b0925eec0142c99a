// Unit tests of the int scheme plugin that need no Python: presets, spec checks, hand-computed
// QDQ values, padding, per-tensor groups, gradients and quantize/dequantize round trips.
#include "quant_test_support.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <limits>

namespace ar::test {
namespace {

at::Tensor row(std::vector<float> values) {
  return at::tensor(values, at::kFloat).reshape({1, static_cast<int64_t>(values.size())});
}

std::vector<float> values(const at::Tensor& t) {
  auto c = t.detach().to(at::kFloat).contiguous();
  return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

TEST(IntScheme, PresetsMatchTheReference) {
  auto scheme = int_scheme();
  auto w4 = scheme->preset("W4A16");
  ASSERT_TRUE(w4);
  EXPECT_EQ(w4->bits, 4);
  EXPECT_EQ(w4->group_size, 128);
  EXPECT_TRUE(w4->sym);
  EXPECT_EQ(w4->scale_dtype, "fp16");
  auto w2g64 = scheme->preset("w2a16g64");
  ASSERT_TRUE(w2g64);
  EXPECT_EQ(w2g64->bits, 2);
  EXPECT_EQ(w2g64->group_size, 64);
  EXPECT_EQ(scheme->preset("W2A16G32")->group_size, 32);
  EXPECT_EQ(scheme->preset("W8A16")->bits, 8);
  EXPECT_FALSE(scheme->preset("MXFP4"));
  EXPECT_EQ(scheme->preset_names().size(), 8u);
}

TEST(IntScheme, CheckExplainsUnsupportedSpecs) {
  auto scheme = int_scheme();
  EXPECT_EQ(scheme->check(int_spec(4, 128, true), 64, 172), "");
  EXPECT_NE(scheme->check(int_spec(9, 128, true), 64, 64).find("2 to 8 bits"), std::string::npos);
  auto act = int_spec(4, 128, true);
  act.act_bits = 8;
  EXPECT_NE(scheme->check(act, 64, 64).find("weight-only"), std::string::npos);
  auto fp = int_spec(4, 128, true);
  fp.data_type = "mx_fp";
  EXPECT_FALSE(scheme->handles(fp));
  EXPECT_NE(scheme->check(fp, 64, 64), "");
  EXPECT_NE(scheme->check(int_spec(4, -2, true), 64, 64), "");
  EXPECT_NE(scheme->check(int_spec(4, 32, true, "fp8"), 64, 64), "");
  EXPECT_THROW(scheme->qdq(at::zeros({4, 4}), int_spec(1, 32, true), {}), Error);
}

TEST(IntScheme, SymFullRangeByHand) {
  // wmin = -1 dominates: scale = +1/8, the -1 lands on the extra level -8.
  auto scheme = int_scheme();
  auto w = row({-1.0f, 0.5f, 0.25f, 0.0f});
  auto q = scheme->quantize(w, int_spec(4, -1, true), {});
  EXPECT_EQ(values(q.codes.to(at::kFloat)), (std::vector<float>{0, 12, 10, 8}));
  EXPECT_EQ(values(q.zeros.to(at::kFloat)), (std::vector<float>{8}));
  EXPECT_EQ(values(q.scales), (std::vector<float>{0.125f}));
  EXPECT_EQ(values(scheme->qdq(w, int_spec(4, -1, true), {})), values(w));
  // wmax dominates: the scale turns negative so that +1 maps to -8.
  auto neg = scheme->quantize(row({1.0f, -0.5f}), int_spec(4, -1, true), {});
  EXPECT_EQ(values(neg.scales), (std::vector<float>{-0.125f}));
  EXPECT_EQ(values(neg.codes.to(at::kFloat)), (std::vector<float>{0, 12}));
}

TEST(IntScheme, AsymByHandRoundsHalfToEven) {
  // 2 bits: scale = 1.5/3 = 0.5, zero = round(1/0.5) = 2; 0.25/0.5 = 0.5 rounds to 0.
  auto scheme = int_scheme();
  auto w = row({-1.0f, 0.5f, 0.25f, 0.0f});
  auto spec = int_spec(2, -1, false);
  auto q = scheme->quantize(w, spec, {});
  EXPECT_EQ(values(q.codes.to(at::kFloat)), (std::vector<float>{0, 3, 2, 2}));
  EXPECT_EQ(values(q.zeros.to(at::kFloat)), (std::vector<float>{2}));
  EXPECT_EQ(values(scheme->qdq(w, spec, {})), (std::vector<float>{-1.0f, 0.5f, 0.0f, 0.0f}));
}

TEST(IntScheme, LastPartialGroupIsZeroPadded) {
  auto scheme = int_scheme();
  auto w = at::randn({3, 40}, at::TensorOptions().dtype(at::kFloat));
  for (bool sym : {true, false}) {
    auto spec = int_spec(3, 32, sym);
    auto q = scheme->quantize(w, spec, {});
    EXPECT_EQ(q.codes.sizes(), (at::IntArrayRef{3, 40}));
    EXPECT_EQ(q.scales.sizes(), (at::IntArrayRef{3, 2}));
    EXPECT_EQ(q.zeros.sizes(), (at::IntArrayRef{3, 2}));
    // The last group's scale sees only its 8 real columns (padding is zero).
    auto last = w.narrow(1, 32, 8);
    auto expected = scheme->qdq(last.contiguous(), int_spec(3, -1, sym), {});
    EXPECT_EQ(bit_mismatches(scheme->qdq(w, spec, {}).narrow(1, 32, 8).contiguous(), expected), 0);
    EXPECT_EQ(bit_mismatches(scheme->dequantize(q), scheme->qdq(w, spec, {})), 0);
  }
}

// The group min/max pass reads 16 elements at a time plus a tail: a dominating value in the
// tail or the body must set the scale (it then lands exactly on level -8), and a NaN anywhere
// makes the whole row NaN, as torch's aminmax does.
TEST(IntScheme, GroupBoundsSeeEveryElementAndPropagateNaN) {
  auto scheme = int_scheme();
  auto w = at::rand({4, 40}) - 0.5;  // 40 = two 16-wide steps and a tail of 8
  w[0][39] = -8.0f;                  // tail, negative: scale +1
  w[1][35] = 8.0f;                   // tail, positive: scale -1
  w[2][5] = -8.0f;                   // body
  w[3][37] = std::numeric_limits<float>::quiet_NaN();
  auto q = scheme->qdq(w, int_spec(4, -1, true), {});
  EXPECT_EQ(q[0][39].item<float>(), -8.0f);
  EXPECT_EQ(q[1][35].item<float>(), 8.0f);
  EXPECT_EQ(q[2][5].item<float>(), -8.0f);
  EXPECT_TRUE(at::isnan(q[3]).all().item<bool>());
  EXPECT_FALSE(at::isnan(q.narrow(0, 0, 3)).any().item<bool>());
  auto scales = scheme->quantize(w.narrow(0, 0, 3), int_spec(4, -1, true), {}).scales;
  EXPECT_EQ(values(scales), (std::vector<float>{1.0f, -1.0f, 1.0f}));
}

TEST(IntScheme, PerTensorAndPerChannelGroups) {
  auto scheme = int_scheme();
  auto w = at::randn({5, 24});
  auto per_tensor = scheme->quantize(w, int_spec(4, 0, true), {});
  EXPECT_EQ(per_tensor.scales.sizes(), (at::IntArrayRef{5, 1}));
  EXPECT_TRUE(at::equal(per_tensor.scales, per_tensor.scales[0][0].expand({5, 1})));
  EXPECT_EQ(bit_mismatches(scheme->dequantize(per_tensor), scheme->qdq(w, int_spec(4, 0, true), {})), 0);
  // A group larger than the row is per channel, as in the reference.
  EXPECT_EQ(bit_mismatches(scheme->qdq(w, int_spec(4, 128, true), {}), scheme->qdq(w, int_spec(4, -1, true), {})), 0);
}

TEST(IntScheme, GradientsReachAllTuneParams) {
  auto scheme = int_scheme();
  auto w = at::randn({4, 64});
  TuneParams p;
  p.round_offset = at::zeros({8, 32}).requires_grad_(true);
  p.min_scale = at::ones({8}).requires_grad_(true);
  p.max_scale = at::ones({8}).requires_grad_(true);
  for (bool sym : {true, false}) {
    auto qdq = scheme->qdq(w, int_spec(4, 32, sym), p);
    (qdq * at::randn_like(qdq)).sum().backward();
    EXPECT_GT(p.round_offset.grad().abs().sum().item<double>(), 0);
    EXPECT_GT((p.min_scale.grad().abs() + p.max_scale.grad().abs()).sum().item<double>(), 0);
    p.round_offset.mutable_grad().reset();
    p.min_scale.mutable_grad().reset();
    p.max_scale.mutable_grad().reset();
  }
}

TEST(IntScheme, TuneParamsOfTheWrongShapeAreRejected) {
  auto scheme = int_scheme();
  TuneParams p;
  p.min_scale = at::ones({3});
  EXPECT_THROW(scheme->qdq(at::randn({4, 64}), int_spec(4, 32, true), p), Error);
}

TEST(IntScheme, TunedQuantizeDequantizesToTheTunedQdq) {
  auto scheme = int_scheme();
  auto w = at::randn({16, 100});
  TuneParams p;
  p.round_offset = at::rand({64, 32}) - 0.5;
  p.min_scale = at::rand({64}) * 0.5 + 0.5;
  p.max_scale = at::rand({64}) * 0.5 + 0.5;
  for (int bits : {2, 3, 4, 8})
    for (bool sym : {true, false}) {
      auto spec = int_spec(bits, 32, sym);
      EXPECT_EQ(bit_mismatches(scheme->dequantize(scheme->quantize(w, spec, p)), scheme->qdq(w, spec, p)), 0)
          << spec.to_string();
    }
}

TEST(IntScheme, RunsOnCudaWhenAvailable) {
  if (!at::hasCUDA()) GTEST_SKIP() << "no CUDA device";
  auto scheme = int_scheme();
  auto w = at::randn({8, 96});
  auto spec = int_spec(4, 32, true);
  auto on_gpu = scheme->qdq(w.cuda(), spec, {});
  EXPECT_EQ(bit_mismatches(on_gpu.cpu(), scheme->qdq(w, spec, {})), 0);
}

}  // namespace
}  // namespace ar::test
