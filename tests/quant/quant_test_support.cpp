#include "quant_test_support.hpp"

#include "registry/registry.hpp"

#include <ATen/ATen.h>

namespace ar::test {

std::shared_ptr<Scheme> int_scheme() {
  static Registry* registry = [] {
    auto* r = new Registry();  // kept for the process: plugin objects must not outlive it
    r->load({{std::string(AR_PLUGIN_DIR) + "/ar-scheme-int.so", true}});
    return r;
  }();
  return registry->make<Scheme>("int");
}

QuantSpec int_spec(int bits, int group_size, bool sym, const std::string& scale_dtype) {
  QuantSpec spec;
  spec.data_type = "int";
  spec.bits = bits;
  spec.group_size = group_size;
  spec.sym = sym;
  spec.scale_dtype = scale_dtype;
  return spec;
}

int64_t bit_mismatches(const at::Tensor& a, const at::Tensor& b) {
  if (!a.defined() || !b.defined() || a.sizes() != b.sizes() || a.scalar_type() != b.scalar_type()) return -1;
  auto as_bits = [](const at::Tensor& t) {
    auto c = t.detach().cpu().contiguous();
    return c.element_size() == 2 ? c.view(at::kShort) : c.view(at::kInt);
  };
  return as_bits(a).ne(as_bits(b)).sum().item<int64_t>();
}

}  // namespace ar::test
