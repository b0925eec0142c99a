#include <ar/quant.hpp>

#include <fmt/format.h>

namespace ar {

std::string QuantSpec::to_string() const {
  if (!quantized()) return "16-bit (not quantized)";
  std::string group = group_size == -1 ? "per-channel" : group_size == 0 ? "per-tensor" : fmt::format("G{}", group_size);
  std::string text = fmt::format("{} W{} {} {}", data_type, bits, group, sym ? "sym" : "asym");
  if (super_bits) text += fmt::format(" super {}x{}", super_bits, super_group_size);
  return text;
}

bool QuantSpec::operator==(const QuantSpec& o) const {
  return data_type == o.data_type && bits == o.bits && group_size == o.group_size && sym == o.sym &&
         act_bits == o.act_bits && super_bits == o.super_bits && super_group_size == o.super_group_size &&
         scale_dtype == o.scale_dtype;
}

}  // namespace ar
