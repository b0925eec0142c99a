// fp32 -> fp16 for values that fp16 holds exactly (AutoRound's scales are fp16): no rounding.
#pragma once

#include <cstdint>
#include <cstring>

namespace ar::cpu {

// True and the fp16 bits in `half` when `value` is exactly an fp16 number.
inline bool to_half_exact(float value, uint16_t& half) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const uint32_t sign = (bits >> 16) & 0x8000u, mantissa = bits & 0x7FFFFFu;
  const int exponent = static_cast<int>((bits >> 23) & 0xFFu) - 127;
  if ((bits & 0x7FFFFFFFu) == 0) {
    half = static_cast<uint16_t>(sign);
    return true;
  }
  if (exponent >= -14 && exponent <= 15) {  // normal fp16: 10 mantissa bits
    if (mantissa & 0x1FFFu) return false;
    half = static_cast<uint16_t>(sign | static_cast<uint32_t>(exponent + 15) << 10 | mantissa >> 13);
    return true;
  }
  if (exponent >= -24 && exponent < -14) {  // subnormal fp16: value = m * 2^-24
    const uint32_t full = mantissa | 0x800000u;
    const int shift = -exponent - 1;  // full * 2^(exponent - 23) = (full >> (-exponent - 1)) * 2^-24
    if (full & ((1u << shift) - 1)) return false;
    half = static_cast<uint16_t>(sign | full >> shift);
    return true;
  }
  return false;
}

}  // namespace ar::cpu
