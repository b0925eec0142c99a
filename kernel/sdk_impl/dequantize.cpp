#include <ar/dequantize.hpp>

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ar {

at::Tensor dequantize_int(const QuantizedWeight& w) {
  const int64_t in = w.in_features;
  const int64_t group = w.spec.group_size > 0 ? w.spec.group_size : in;
  const int64_t groups = (in + group - 1) / group;
  if (w.codes.dim() != 2 || w.codes.size(0) != w.out_features || w.codes.size(1) != in)
    throw Error(fmt::format("codes have shape [{}], expected [{}, {}]", fmt::join(w.codes.sizes(), ", "),
                            w.out_features, in));
  for (const at::Tensor* t : {&w.scales, &w.zeros})
    if (t->dim() != 2 || t->size(0) != w.out_features || t->size(1) != groups)
      throw Error(fmt::format("scales/zeros have shape [{}], expected [{}, {}] for group size {}",
                              fmt::join(t->sizes(), ", "), w.out_features, groups, w.spec.group_size));
  auto per_column = [&](const at::Tensor& t) { return t.to(at::kFloat).repeat_interleave(group, 1).slice(1, 0, in); };
  return (w.codes.to(at::kFloat) - per_column(w.zeros)) * per_column(w.scales);
}

}  // namespace ar
