// y = x W^T + b for a dense (unquantized) Linear weight, as torch::linear computes it, but with
// batch-1 decode on CPU split over the output rows across the intra-op threads: LibTorch's MKL
// sgemv runs on one thread (11.5 GB/s on the 2-core dev machine, 20 GB/s when split in two).
#pragma once

#include <ATen/core/Tensor.h>

namespace ar {

// Same result as torch::linear(x, weight, bias) (bias may be undefined). The split path is taken
// only without autograd, for float32 CPU tensors, a few rows of x and a large weight.
at::Tensor dense_linear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias = {});

}  // namespace ar
