// y = x W^T + b for a dense (unquantized) Linear weight, as torch::linear computes it, but with
// batch-1 decode on CPU split over the output rows across the intra-op threads: LibTorch's MKL
// sgemv runs on one thread (11.5 GB/s on the 2-core dev machine, 20 GB/s when split in two).
#pragma once

#include <ATen/core/Tensor.h>

namespace ar {

// Same result as torch::linear(x, weight, bias) (bias may be undefined). The split path is taken
// only without autograd, for float32 CPU tensors, a few rows of x and a large weight. A float16 or
// bfloat16 weight with a float32 x computes in float32 as if the weight were float32 (a few rows
// read the 16-bit weight directly, on x86-64 with AVX2; more rows convert it for the call).
at::Tensor dense_linear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias = {});

// `weight` as float16 or bfloat16 when that loses nothing (every value converts exactly, as the
// float32 copy of a 16-bit checkpoint does), else `weight` itself. For inference: dense_linear on
// the result reads half the bytes for the same products.
at::Tensor lossless_16bit(const at::Tensor& weight);

}  // namespace ar
