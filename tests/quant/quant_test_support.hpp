// Helpers shared by the int scheme tests: the plugin loaded through the registry, specs, and
// bitwise tensor comparison.
#pragma once

#include <ar/scheme.hpp>

#include <memory>
#include <string>

namespace ar::test {

// The "int" scheme from the built plugin (AR_PLUGIN_DIR); the registry stays loaded.
std::shared_ptr<Scheme> int_scheme();

QuantSpec int_spec(int bits, int group_size, bool sym, const std::string& scale_dtype = "fp16");

// Number of elements whose bit patterns differ (float tensors of equal shape and dtype);
// -1 when shapes or dtypes differ.
int64_t bit_mismatches(const at::Tensor& a, const at::Tensor& b);

}  // namespace ar::test
