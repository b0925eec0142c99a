// The Linear layers of one transformer block, as a model plugin keeps them: each has a dense
// float weight [out, in] until a runner (a backend's QuantLinear) replaces it, and an optional
// bias. Serves the Block interface's linear_weight / linear_bias / set_linear_runner.
#pragma once

#include <ar/backend.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ar {

class LinearTable {
 public:
  // `block`: the block's name for messages ("model.layers.3"); `names`: its Linear layers.
  LinearTable(std::string block, std::vector<std::string> names);

  const std::vector<std::string>& names() const { return names_; }
  void set_weight(const std::string& name, at::Tensor weight);  // [out, in]
  void set_bias(const std::string& name, at::Tensor bias);

  // The runner when one is set, else x W^T + b (ar::dense_linear).
  at::Tensor forward(const std::string& name, const at::Tensor& x) const;
  // Throws ar::Error for an unknown name or a layer already handed to a runner.
  at::Tensor& weight(const std::string& name);
  at::Tensor bias(const std::string& name) const;  // undefined when the layer has none
  void set_runner(const std::string& name, std::shared_ptr<QuantLinear> runner);

 private:
  void require_name(const std::string& name) const;
  const at::Tensor& dense_weight(const std::string& name) const;

  std::string block_;
  std::vector<std::string> names_;
  std::map<std::string, at::Tensor> weights_;  // absent when run by a runner
  std::map<std::string, at::Tensor> biases_;
  std::map<std::string, std::shared_ptr<QuantLinear>> runners_;
};

}  // namespace ar
