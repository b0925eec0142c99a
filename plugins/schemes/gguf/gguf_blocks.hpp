// GGUF block bytes <-> the decoded fields of gguf_rtn.hpp's RowFields, and whole weights as
// QuantizedWeight. Layouts follow ggml's block_q*_0/1 and block_q*_K structs (little-endian).
#pragma once

#include "gguf_rtn.hpp"

#include <ar/quant.hpp>

#include <cstdint>
#include <vector>

namespace ar::gguf {

struct ConstRowFields {
  const int32_t* codes;
  const float* scales;
  const float* zeros;
  const float* super_d;
  const float* super_m;
};

void write_fp16(uint8_t* dst, float value);
float read_fp16(const uint8_t* src);

void pack_row_legacy(const TypeInfo& type, int64_t n, const ConstRowFields& in, uint8_t* dst);
void unpack_row_legacy(const TypeInfo& type, int64_t n, const uint8_t* src, const RowFields& out);
void pack_row_k(const TypeInfo& type, int64_t n, const ConstRowFields& in, uint8_t* dst);
void unpack_row_k(const TypeInfo& type, int64_t n, const uint8_t* src, const RowFields& out);

// Bytes of a [rows, n] weight in `type`: rows * n / block * bytes.
int64_t packed_size(const TypeInfo& type, int64_t rows, int64_t n);
// Allocates the tensors of a QuantizedWeight for `type` (codes int32, the rest float).
QuantizedWeight empty_weight(const TypeInfo& type, const QuantSpec& spec, int64_t out_features, int64_t in_features);
// RowFields pointing at row r of a QuantizedWeight made by empty_weight.
RowFields row_fields(const TypeInfo& type, QuantizedWeight& w, int64_t r);
ConstRowFields row_fields(const TypeInfo& type, const QuantizedWeight& w, int64_t r);

std::vector<uint8_t> pack_weight(const QuantizedWeight& weight);
QuantizedWeight unpack_weight(const TypeInfo& type, const QuantSpec& spec, const uint8_t* bytes, int64_t out_features,
                              int64_t in_features);

}  // namespace ar::gguf
