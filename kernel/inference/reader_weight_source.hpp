// ar::WeightSource over the unpacked tensors of a quantized checkpoint (embeddings, norms, biases,
// layers left in 16 bits). Packed layers have no ".weight" here: blocks get runners for them.
#pragma once

#include <ar/format.hpp>
#include <ar/model.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace ar::inference {

class ReaderWeightSource : public WeightSource {
 public:
  explicit ReaderWeightSource(std::shared_ptr<const QuantizedCheckpointReader> reader);

  bool has(const std::string& name) const override { return names_.count(name) > 0; }
  std::vector<std::string> names() const override { return {names_.begin(), names_.end()}; }
  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override;

 private:
  std::shared_ptr<const QuantizedCheckpointReader> reader_;
  std::set<std::string> names_;
};

}  // namespace ar::inference
