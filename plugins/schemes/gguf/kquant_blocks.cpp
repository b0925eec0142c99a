// Q2_K (scales[16], qs[64], d, dmin), Q3_K (hmask[32], qs[64], scales[12], d),
// Q4_K (d, dmin, scales[12], qs[128]), Q5_K (d, dmin, scales[12], qh[32], qs[128]),
// Q6_K (ql[128], qh[64], int8 scales[16], d).
#include "gguf_blocks.hpp"

#include <cstring>

namespace ar::gguf {

namespace {

// 2-bit planes: byte l of a 128-element half holds elements l, l+32, l+64, l+96.
void pack_2bit(const int32_t* q, uint8_t* qs) {
  for (int h = 0; h < 2; ++h)
    for (int l = 0; l < 32; ++l) {
      const int32_t* c = q + 128 * h + l;
      qs[32 * h + l] = uint8_t((c[0] & 3) | ((c[32] & 3) << 2) | ((c[64] & 3) << 4) | ((c[96] & 3) << 6));
    }
}

void unpack_2bit(const uint8_t* qs, int32_t* q) {
  for (int h = 0; h < 2; ++h)
    for (int l = 0; l < 32; ++l)
      for (int k = 0; k < 4; ++k) q[128 * h + 32 * k + l] = (qs[32 * h + l] >> (2 * k)) & 3;
}

// 4-bit planes: byte l of a 64-element chunk holds elements l (low) and l+32 (high).
void pack_4bit(const int32_t* q, uint8_t* qs) {
  for (int c = 0; c < 4; ++c)
    for (int l = 0; l < 32; ++l) qs[32 * c + l] = uint8_t((q[64 * c + l] & 15) | ((q[64 * c + l + 32] & 15) << 4));
}

void unpack_4bit(const uint8_t* qs, int32_t* q) {
  for (int c = 0; c < 4; ++c)
    for (int l = 0; l < 32; ++l) q[64 * c + l] = qs[32 * c + l] & 15, q[64 * c + l + 32] = qs[32 * c + l] >> 4;
}

// Eight 6-bit scales and mins in 12 bytes (ggml's get_scale_min_k4 layout).
void pack_scale_min_k4(const float* sc, const float* mn, uint8_t* s) {
  std::memset(s, 0, 12);
  for (int j = 0; j < 8; ++j) {
    int ls = int(sc[j]), lm = int(mn[j]);
    if (j < 4) {
      s[j] = uint8_t(ls), s[j + 4] = uint8_t(lm);
    } else {
      s[j + 4] = uint8_t((ls & 15) | ((lm & 15) << 4));
      s[j - 4] |= uint8_t((ls >> 4) << 6);
      s[j] |= uint8_t((lm >> 4) << 6);
    }
  }
}

void unpack_scale_min_k4(const uint8_t* s, float* sc, float* mn) {
  for (int j = 0; j < 8; ++j) {
    if (j < 4) {
      sc[j] = float(s[j] & 63), mn[j] = float(s[j + 4] & 63);
    } else {
      sc[j] = float((s[j + 4] & 15) | ((s[j - 4] >> 6) << 4));
      mn[j] = float((s[j + 4] >> 4) | ((s[j] >> 6) << 4));
    }
  }
}

// Sixteen signed 6-bit Q3_K scales stored +32: low nibbles in bytes 0-7, high bit pairs in bytes 8-11.
void pack_q3_scales(const float* sc, uint8_t* s) {
  std::memset(s, 0, 12);
  for (int j = 0; j < 16; ++j) {
    int l = int(sc[j]) + 32;
    if (j < 8) s[j] = uint8_t(l & 15);
    else s[j - 8] |= uint8_t((l & 15) << 4);
    s[8 + j % 4] |= uint8_t((l >> 4) << (2 * (j / 4)));
  }
}

void unpack_q3_scales(const uint8_t* s, float* sc) {
  for (int j = 0; j < 16; ++j) {
    int low = j < 8 ? s[j] & 15 : s[j - 8] >> 4;
    int high = (s[8 + j % 4] >> (2 * (j / 4))) & 3;
    sc[j] = float((low | (high << 4)) - 32);
  }
}

void pack_block(const TypeInfo& t, const int32_t* q, const float* sc, const float* zr, float d, float dmin, uint8_t* p) {
  switch (t.bits) {
    case 2:
      for (int j = 0; j < 16; ++j) p[j] = uint8_t(int(sc[j]) | (int(zr[j]) << 4));
      pack_2bit(q, p + 16);
      write_fp16(p + 80, d), write_fp16(p + 82, dmin);
      return;
    case 3:
      std::memset(p, 0, 32);
      for (int j = 0; j < 256; ++j) p[j % 32] |= uint8_t(((q[j] >> 2) & 1) << (j / 32));
      pack_2bit(q, p + 32);
      pack_q3_scales(sc, p + 96);
      write_fp16(p + 108, d);
      return;
    case 6:
      for (int h = 0; h < 2; ++h)
        for (int l = 0; l < 32; ++l) {
          const int32_t* c = q + 128 * h + l;
          p[64 * h + l] = uint8_t((c[0] & 15) | ((c[64] & 15) << 4));
          p[64 * h + l + 32] = uint8_t((c[32] & 15) | ((c[96] & 15) << 4));
          p[128 + 32 * h + l] = uint8_t((c[0] >> 4) | ((c[32] >> 4) << 2) | ((c[64] >> 4) << 4) | ((c[96] >> 4) << 6));
        }
      for (int j = 0; j < 16; ++j) p[192 + j] = uint8_t(int8_t(sc[j]));
      write_fp16(p + 208, d);
      return;
    default:  // 4 and 5
      write_fp16(p, d), write_fp16(p + 2, dmin);
      pack_scale_min_k4(sc, zr, p + 4);
      if (t.bits == 5) {
        std::memset(p + 16, 0, 32);
        for (int c = 0; c < 4; ++c)
          for (int l = 0; l < 32; ++l)
            p[16 + l] |= uint8_t((((q[64 * c + l] >> 4) & 1) << (2 * c)) | (((q[64 * c + l + 32] >> 4) & 1) << (2 * c + 1)));
      }
      pack_4bit(q, p + (t.bits == 5 ? 48 : 16));
  }
}

void unpack_block(const TypeInfo& t, const uint8_t* p, int32_t* q, float* sc, float* zr, float* d, float* dmin) {
  switch (t.bits) {
    case 2:
      for (int j = 0; j < 16; ++j) sc[j] = float(p[j] & 15), zr[j] = float(p[j] >> 4);
      unpack_2bit(p + 16, q);
      *d = read_fp16(p + 80), *dmin = read_fp16(p + 82);
      return;
    case 3:
      unpack_2bit(p + 32, q);
      for (int j = 0; j < 256; ++j) q[j] |= ((p[j % 32] >> (j / 32)) & 1) << 2;
      unpack_q3_scales(p + 96, sc);
      for (int j = 0; j < 16; ++j) zr[j] = 4;
      *d = read_fp16(p + 108);
      return;
    case 6:
      for (int h = 0; h < 2; ++h)
        for (int l = 0; l < 32; ++l) {
          int32_t* c = q + 128 * h + l;
          const uint8_t a = p[64 * h + l], b = p[64 * h + l + 32], hi = p[128 + 32 * h + l];
          c[0] = (a & 15) | ((hi & 3) << 4);
          c[32] = (b & 15) | (((hi >> 2) & 3) << 4);
          c[64] = (a >> 4) | (((hi >> 4) & 3) << 4);
          c[96] = (b >> 4) | (((hi >> 6) & 3) << 4);
        }
      for (int j = 0; j < 16; ++j) sc[j] = float(int8_t(p[192 + j])), zr[j] = 32;
      *d = read_fp16(p + 208);
      return;
    default:
      *d = read_fp16(p), *dmin = read_fp16(p + 2);
      unpack_scale_min_k4(p + 4, sc, zr);
      unpack_4bit(p + (t.bits == 5 ? 48 : 16), q);
      if (t.bits == 5)
        for (int c = 0; c < 4; ++c)
          for (int l = 0; l < 32; ++l) {
            q[64 * c + l] |= ((p[16 + l] >> (2 * c)) & 1) << 4;
            q[64 * c + l + 32] |= ((p[16 + l] >> (2 * c + 1)) & 1) << 4;
          }
  }
}

}  // namespace

void pack_row_k(const TypeInfo& t, int64_t n, const ConstRowFields& in, uint8_t* dst) {
  const int nsub = t.subs_per_block();
  for (int64_t b = 0; b < n / 256; ++b, dst += t.bytes)
    pack_block(t, in.codes + 256 * b, in.scales + nsub * b, in.zeros + nsub * b, in.super_d[b],
               t.family == Family::KAsym ? in.super_m[b] : 0.f, dst);
}

void unpack_row_k(const TypeInfo& t, int64_t n, const uint8_t* src, const RowFields& out) {
  const int nsub = t.subs_per_block();
  float unused = 0;
  for (int64_t b = 0; b < n / 256; ++b, src += t.bytes)
    unpack_block(t, src, out.codes + 256 * b, out.scales + nsub * b, out.zeros + nsub * b, out.super_d + b,
                 t.family == Family::KAsym ? out.super_m + b : &unused);
}

}  // namespace ar::gguf
