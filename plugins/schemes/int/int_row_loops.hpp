// What the int scheme's hand-written CPU kernels share: per-ISA copies of a row kernel, and the
// loop that hands rows to threads.
#pragma once

#include <ATen/Parallel.h>
#include <ATen/TensorIterator.h>  // at::internal::GRAIN_SIZE

#include <algorithm>
#include <cstdint>

// Vectorized copies for AVX2 / AVX-512 machines, chosen at load time; the build targets baseline x86-64.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define AR_INT_ROW_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define AR_INT_ROW_CLONES
#endif

namespace ar::int_scheme {

// fn(i) for each of `rows` rows of `len` elements, split across threads a few rows at a time.
template <typename Fn>
void parallel_rows(int64_t rows, int64_t len, const Fn& fn) {
  const int64_t grain = std::max<int64_t>(1, at::internal::GRAIN_SIZE / std::max<int64_t>(len, 1));
  at::parallel_for(0, rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) fn(i);
  });
}

}  // namespace ar::int_scheme
