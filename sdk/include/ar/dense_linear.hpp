// y = x W^T + b for a dense (unquantized) Linear weight, as torch::linear computes it, but with
// batch-1 decode on CPU read by our own GEMV split over the output rows across the intra-op
// threads: LibTorch's MKL sgemv runs on one thread (11.5 GB/s on the 2-core dev machine).
#pragma once

#include <ATen/core/Tensor.h>

namespace ar {

// dense_linear reads the weight itself (its GEMV path) for at most this many rows of x.
constexpr int64_t kDenseGemvMaxRows = 4;

// Same result as torch::linear(x, weight, bias) (bias may be undefined), up to summation order. The
// GEMV path is taken without autograd, for a float32 x on the CPU with up to kDenseGemvMaxRows rows,
// on x86-64 with AVX2: float32 weights of 1 MB and more, and float16 or bfloat16 weights, which it reads
// directly and multiplies in float32. Otherwise, outside autocast, a weight (and bias) of another
// dtype than x is converted to x's dtype for the call: the layer computes in its input's dtype.
at::Tensor dense_linear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias = {});

// `weight` as float16 or bfloat16 when that loses nothing (every value converts exactly, as the
// float32 copy of a 16-bit checkpoint does), else `weight` itself. For inference: dense_linear on
// the result reads half the bytes for the same products.
at::Tensor lossless_16bit(const at::Tensor& weight);

}  // namespace ar
