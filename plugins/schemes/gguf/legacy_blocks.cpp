// Q4_0 (d, qs[16]), Q4_1 (d, m, qs[16]), Q5_0 (d, qh[4], qs[16]), Q5_1 (d, m, qh[4], qs[16]),
// Q8_0 (d, int8 qs[32]). Nibbles: element j low, element j+16 high; qh holds bit 4 of element j at bit j.
#include "gguf_blocks.hpp"

#include <c10/util/Half.h>

#include <cstring>

namespace ar::gguf {

void write_fp16(uint8_t* dst, float value) {
  c10::Half h(value);
  std::memcpy(dst, &h.x, 2);
}

float read_fp16(const uint8_t* src) {
  c10::Half h;
  std::memcpy(&h.x, src, 2);
  return static_cast<float>(h);
}

void pack_row_legacy(const TypeInfo& t, int64_t n, const ConstRowFields& in, uint8_t* dst) {
  for (int64_t b = 0; b < n / 32; ++b, dst += t.bytes) {
    const int32_t* q = in.codes + b * 32;
    uint8_t* p = dst;
    write_fp16(p, in.scales[b]), p += 2;
    if (t.family == Family::LegacyAsym) write_fp16(p, in.zeros[b]), p += 2;
    if (t.bits == 8) {
      for (int j = 0; j < 32; ++j) p[j] = static_cast<uint8_t>(static_cast<int8_t>(q[j] - t.zero));
      continue;
    }
    if (t.bits == 5) {
      uint32_t qh = 0;
      for (int j = 0; j < 32; ++j) qh |= static_cast<uint32_t>((q[j] >> 4) & 1) << j;
      for (int k = 0; k < 4; ++k) p[k] = static_cast<uint8_t>(qh >> (8 * k));
      p += 4;
    }
    for (int j = 0; j < 16; ++j) p[j] = static_cast<uint8_t>((q[j] & 15) | ((q[j + 16] & 15) << 4));
  }
}

void unpack_row_legacy(const TypeInfo& t, int64_t n, const uint8_t* src, const RowFields& out) {
  for (int64_t b = 0; b < n / 32; ++b, src += t.bytes) {
    int32_t* q = out.codes + b * 32;
    const uint8_t* p = src;
    out.scales[b] = read_fp16(p), p += 2;
    out.zeros[b] = static_cast<float>(t.zero);
    if (t.family == Family::LegacyAsym) out.zeros[b] = read_fp16(p), p += 2;
    if (t.bits == 8) {
      for (int j = 0; j < 32; ++j) q[j] = static_cast<int8_t>(p[j]) + t.zero;
      continue;
    }
    uint32_t qh = 0;
    if (t.bits == 5) {
      for (int k = 0; k < 4; ++k) qh |= static_cast<uint32_t>(p[k]) << (8 * k);
      p += 4;
    }
    for (int j = 0; j < 16; ++j) {
      q[j] = (p[j] & 15) | static_cast<int>(((qh >> j) & 1) << 4);
      q[j + 16] = (p[j] >> 4) | static_cast<int>(((qh >> (j + 16)) & 1) << 4);
    }
  }
}

}  // namespace ar::gguf
