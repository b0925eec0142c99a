// Bit packing of integer codes into int32 words, as the GPTQ and AWQ checkpoint layouts store them.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace ar::formats {

// Packs int values in [0, 2^bits) along dim 0 into int32 words, LSB first, as one bit stream per
// column: row k lands at bit k*bits. For 2/4/8 bits that is `32/bits` rows per word; for 3 bits it
// is GPTQ's 32-rows-in-3-words scheme. [rows, n] -> [rows*bits/32, n]; rows*bits must divide by 32.
at::Tensor pack_lsb_rows(const at::Tensor& values, int bits);
// The inverse: [words, n] -> int32 [rows, n].
at::Tensor unpack_lsb_rows(const at::Tensor& packed, int bits, int64_t rows);

// AWQ's 4-bit packing along dim 1: eight consecutive columns per int32, column j at nibble
// kAwqNibble[j]. [rows, n] -> [rows, n/8]; n must divide by 8.
at::Tensor pack_awq_columns(const at::Tensor& values);
at::Tensor unpack_awq_columns(const at::Tensor& packed);

}  // namespace ar::formats
