// The packed kernels of both instruction sets against a double-precision dequantize + matmul,
// over bits, group sizes, sym/asym, odd shapes and batch sizes.
#include "cpu_features.hpp"
#include "half_exact.hpp"
#include "packed_weight.hpp"
#include "qgemm.hpp"

#include <ar/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace ar::cpu {
namespace {

struct Case {
  int bits;
  int64_t out, in, group;
  bool sym;
  bool half_scales;  // fp16 numbers: the compact layout; else fp32 scales
};

struct Layer {
  std::vector<int32_t> codes;
  std::vector<float> scales, zeros, bias;
  int64_t n_groups;
};

Layer random_layer(const Case& c, std::mt19937& rng) {
  Layer l;
  l.n_groups = c.group == -1 ? 1 : (c.in + c.group - 1) / c.group;
  std::uniform_int_distribution<int32_t> code(0, (1 << c.bits) - 1);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (int64_t i = 0; i < c.out * c.in; ++i) l.codes.push_back(code(rng));
  for (int64_t i = 0; i < c.out * l.n_groups; ++i) {
    const float s = 0.01f + 0.02f * std::abs(normal(rng));
    l.scales.push_back(c.half_scales ? std::round(s * 4096.0f) / 4096.0f : s);  // k * 2^-12, k < 2048
    l.zeros.push_back(c.sym ? static_cast<float>(1 << (c.bits - 1)) : static_cast<float>(code(rng)));
  }
  for (int64_t o = 0; o < c.out; ++o) l.bias.push_back(normal(rng));
  return l;
}

// Largest |y - reference| / (sum_i |x_i w_i| + |bias|) over the output.
double relative_error(const Case& c, const Layer& l, const std::vector<float>& x, int64_t batch,
                      const std::vector<float>& y) {
  const int64_t gcols = c.group == -1 ? c.in : c.group;
  double worst = 0.0;
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t o = 0; o < c.out; ++o) {
      double ref = l.bias[o], mag = std::abs(l.bias[o]);
      for (int64_t i = 0; i < c.in; ++i) {
        const int64_t g = o * l.n_groups + i / gcols;
        double w = (l.codes[o * c.in + i] - double{l.zeros[g]}) * l.scales[g];
        ref += w * x[b * c.in + i];
        mag += std::abs(w * x[b * c.in + i]);
      }
      worst = std::max(worst, std::abs(y[b * c.out + o] - ref) / (mag + 1e-30));
    }
  return worst;
}

// Runs the kernel like CpuQuantLinear does: padded rows, group sums, all tiles.
std::vector<float> run(QgemmTilesFn kernel, const PackedWeight& w, const std::vector<float>& x, int64_t batch,
                       const std::vector<float>& bias) {
  std::vector<float> xp(batch * w.in_padded, 0.0f), sums(batch * w.n_groups, 0.0f), y(batch * w.out_features, -1e30f);
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t i = 0; i < w.in_features; ++i) xp[b * w.in_padded + i] = x[b * w.in_features + i];
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t i = 0; i < w.in_padded; ++i) sums[b * w.n_groups + i / w.group_cols] += xp[b * w.in_padded + i];
  QgemmArgs args{&w, xp.data(), sums.data(), batch, bias.data(), y.data()};
  kernel(args, 0, w.n_tiles);
  return y;
}

std::vector<Isa> isas() {
  std::vector<Isa> out;
  if (!missing_features().empty()) return out;
  out.push_back(Isa::Avx2);
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
    out.push_back(Isa::Avx512);
  return out;
}

TEST(QgemmKernel, MatchesDequantizedMatmul) {
  if (isas().empty()) GTEST_SKIP() << missing_features();
  std::mt19937 rng(7);
  std::vector<Case> cases;
  for (int bits : {2, 3, 4, 8})
    for (bool sym : {true, false})
      for (bool half : {true, false}) {
        cases.push_back({bits, 37, 128, 32, sym, half});
        cases.push_back({bits, 64, 256, 128, sym, half});
        cases.push_back({bits, 16, 192, 64, sym, half});
        cases.push_back({bits, 5, 33, -1, sym, half});     // odd in: padded block
        cases.push_back({bits, 19, 96, -1, sym, half});
        cases.push_back({bits, 24, 576, 128, sym, half});  // SmolLM2's hidden size: a last half group
        cases.push_back({bits, 3, 100, 32, sym, half});    // a last partial group of 4 columns
      }
  // Several 256 KiB panels of tiles (64 KiB and 32 KiB per tile).
  cases.push_back({8, 100, 4096, 128, false, true});
  cases.push_back({4, 200, 4096, -1, true, false});
  double worst = 0.0;
  for (const auto& c : cases) {
    auto l = random_layer(c, rng);
    auto w = pack_weight(c.bits, c.out, c.in, c.group, l.codes.data(), l.scales.data(), l.zeros.data());
    EXPECT_EQ(w.compact, c.half_scales);
    for (int64_t batch : {1, 2, 3, 4, 5, 7, 64}) {
      std::normal_distribution<float> normal(0.0f, 1.0f);
      std::vector<float> x(batch * c.in);
      for (auto& v : x) v = normal(rng);
      for (Isa isa : isas()) {
        double err = relative_error(c, l, x, batch, run(kernel_for(isa), w, x, batch, l.bias));
        worst = std::max(worst, err);
        EXPECT_LT(err, 1e-5) << isa_name(isa) << " W" << c.bits << " G" << c.group << (c.sym ? " sym" : " asym")
                             << (c.half_scales ? " fp16" : " fp32") << " [" << c.out << ", " << c.in << "] batch " << batch;
      }
    }
  }
  std::printf("worst relative error over %zu layers x 7 batch sizes x %zu ISAs: %.3g\n", cases.size(), isas().size(),
              worst);
}

TEST(QgemmKernel, HalfExactConversion) {
  const std::pair<float, uint16_t> exact[] = {{0.0f, 0x0000}, {-2.0f, 0xC000}, {65504.0f, 0x7BFF},
                                              {0x1p-24f, 0x0001}, {0x1.8p-15f, 0x0300}, {0x1p-14f, 0x0400}};
  for (auto [value, bits] : exact) {
    uint16_t half = 0;
    EXPECT_TRUE(to_half_exact(value, half)) << value;
    EXPECT_EQ(half, bits) << value;
  }
  uint16_t half;
  for (float value : {1.0f / 3.0f, 1e-9f, 65536.0f, 0x1p-25f, 1.0f + 0x1p-11f}) EXPECT_FALSE(to_half_exact(value, half)) << value;
}

TEST(QgemmKernel, PackRefusesBadInput) {
  std::vector<int32_t> codes(16 * 64, 3);
  std::vector<float> scales(16 * 2, 1.0f), zeros(16 * 2, 8.0f);
  EXPECT_THROW(pack_weight(5, 16, 64, 32, codes.data(), scales.data(), zeros.data()), Error);
  EXPECT_THROW(pack_weight(4, 16, 64, 12, codes.data(), scales.data(), zeros.data()), Error);
  codes[100] = 16;
  try {
    pack_weight(4, 16, 64, 32, codes.data(), scales.data(), zeros.data());
    FAIL() << "code 16 accepted for 4 bits";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("[1, 36]"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ar::cpu
