#include <ar/autocast.hpp>

#include <ATen/autocast_mode.h>

namespace ar {

namespace {
bool cpu_has_bf16_dot() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512bf16") || __builtin_cpu_supports("amx-bf16");
#else
  return false;
#endif
}
}  // namespace

bool bf16_autocast_pays(c10::DeviceType device, std::string* why_not) {
  if (device == c10::DeviceType::CUDA) return true;
  if (device == c10::DeviceType::CPU && cpu_has_bf16_dot()) return true;
  if (why_not)
    *why_not = device == c10::DeviceType::CPU ? "this CPU has no AVX512_BF16 or AMX-BF16 instructions"
                                              : "bfloat16 autocast is only used on CPU and CUDA";
  return false;
}

Bf16Autocast::Bf16Autocast(bool enabled, c10::DeviceType device) : enabled_(enabled), device_(device) {
  if (!enabled_) return;
  previous_enabled_ = at::autocast::is_autocast_enabled(device_);
  previous_dtype_ = at::autocast::get_autocast_dtype(device_);
  at::autocast::set_autocast_enabled(device_, true);
  at::autocast::set_autocast_dtype(device_, at::kBFloat16);
  at::autocast::increment_nesting();
}

Bf16Autocast::~Bf16Autocast() {
  if (!enabled_) return;
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  at::autocast::set_autocast_enabled(device_, previous_enabled_);
  at::autocast::set_autocast_dtype(device_, previous_dtype_);
}

}  // namespace ar
