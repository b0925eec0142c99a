#include <ar/dense_linear.hpp>
#include <ar/error.hpp>
#include <ar/linear_table.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace ar {

LinearTable::LinearTable(std::string block, std::vector<std::string> names)
    : block_(std::move(block)), names_(std::move(names)) {}

void LinearTable::set_weight(const std::string& name, at::Tensor weight) {
  require_name(name);
  weights_[name] = std::move(weight);
}

void LinearTable::set_bias(const std::string& name, at::Tensor bias) {
  require_name(name);
  biases_[name] = std::move(bias);
}

at::Tensor LinearTable::forward(const std::string& name, const at::Tensor& x) const {
  if (auto runner = runners_.find(name); runner != runners_.end()) return runner->second->forward(x);
  return dense_linear(x, dense_weight(name), bias(name));
}

at::Tensor& LinearTable::weight(const std::string& name) { return const_cast<at::Tensor&>(dense_weight(name)); }

at::Tensor LinearTable::bias(const std::string& name) const {
  auto it = biases_.find(name);
  return it == biases_.end() ? at::Tensor() : it->second;
}

void LinearTable::set_runner(const std::string& name, std::shared_ptr<QuantLinear> runner) {
  require_name(name);
  weights_.erase(name);
  runners_[name] = std::move(runner);
}

void LinearTable::require_name(const std::string& name) const {
  if (std::find(names_.begin(), names_.end(), name) == names_.end())
    throw Error(fmt::format("block '{}' has no linear layer '{}'; expected one of {}", block_, name,
                            fmt::join(names_, ", ")));
}

const at::Tensor& LinearTable::dense_weight(const std::string& name) const {
  require_name(name);
  auto it = weights_.find(name);
  if (it == weights_.end())
    throw Error(fmt::format("block '{}': linear layer '{}' has no dense weight (it is quantized, run by a backend)",
                            block_, name));
  return it->second;
}

}  // namespace ar
