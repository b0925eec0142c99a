#include "int_packing.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>

namespace ar::formats {

namespace {

constexpr int64_t kWordMask = 0xFFFFFFFFll;
constexpr int64_t kAwqNibble[8] = {0, 4, 1, 5, 2, 6, 3, 7};

// Unsigned 32-bit words held in int64 -> the same bits as int32.
at::Tensor to_signed_words(const at::Tensor& words) {
  return at::where(words >= (int64_t(1) << 31), words - (int64_t(1) << 32), words).to(at::kInt);
}

at::Tensor to_unsigned_words(const at::Tensor& packed) { return packed.to(at::kLong).bitwise_and(kWordMask); }

void require_codes(const at::Tensor& values, int bits) {
  if (!values.defined() || values.dim() != 2) throw Error("packing needs a 2-D integer tensor");
  if (bits < 1 || bits > 8) throw Error(fmt::format("cannot pack {}-bit values into int32 words", bits));
}

}  // namespace

at::Tensor pack_lsb_rows(const at::Tensor& values, int bits) {
  require_codes(values, bits);
  const int64_t rows = values.size(0);
  if ((rows * bits) % 32 != 0)
    throw Error(fmt::format("{} rows of {}-bit values do not fill whole 32-bit words", rows, bits));
  const int64_t words = rows * bits / 32;
  auto bit = at::arange(rows, at::kLong) * bits;
  auto word = bit.floor_divide(32);
  auto shift = bit.remainder(32).unsqueeze(1);
  // A value can straddle two words (3 bits): its low part goes to `word`, the rest to `word + 1`.
  auto shifted = values.to(at::kLong).bitwise_left_shift(shift);
  auto out = at::zeros({words + 1, values.size(1)}, at::kLong);
  out.index_add_(0, word, shifted.bitwise_and(kWordMask));
  out.index_add_(0, word + 1, shifted.bitwise_right_shift(32));
  return to_signed_words(out.narrow(0, 0, words)).contiguous();
}

at::Tensor unpack_lsb_rows(const at::Tensor& packed, int bits, int64_t rows) {
  require_codes(packed, bits);
  if (rows * bits != packed.size(0) * 32)
    throw Error(fmt::format("{} packed words do not hold {} rows of {}-bit values", packed.size(0), rows, bits));
  auto words = to_unsigned_words(packed);
  auto bit = at::arange(rows, at::kLong) * bits;
  auto word = bit.floor_divide(32);
  auto next = at::clamp_max(word + 1, packed.size(0) - 1);
  auto joined = words.index_select(0, word).bitwise_or(words.index_select(0, next).bitwise_left_shift(32));
  auto shift = bit.remainder(32).unsqueeze(1);
  return joined.bitwise_right_shift(shift).bitwise_and((int64_t(1) << bits) - 1).to(at::kInt).contiguous();
}

at::Tensor pack_awq_columns(const at::Tensor& values) {
  require_codes(values, 4);
  if (values.size(1) % 8 != 0)
    throw Error(fmt::format("AWQ packs 8 columns per word; {} columns do not divide by 8", values.size(1)));
  auto shifts = at::tensor(at::ArrayRef<int64_t>(kAwqNibble, 8), at::kLong) * 4;
  auto grouped = values.to(at::kLong).reshape({values.size(0), -1, 8});
  return to_signed_words(grouped.bitwise_left_shift(shifts).sum(-1)).contiguous();
}

at::Tensor unpack_awq_columns(const at::Tensor& packed) {
  require_codes(packed, 4);
  auto shifts = at::tensor(at::ArrayRef<int64_t>(kAwqNibble, 8), at::kLong) * 4;
  auto words = to_unsigned_words(packed).unsqueeze(-1);
  auto nibbles = words.bitwise_right_shift(shifts).bitwise_and(0xF);
  return nibbles.reshape({packed.size(0), -1}).to(at::kInt).contiguous();
}

}  // namespace ar::formats
