#include "pipeline/input_importance.hpp"

#include <ar/backend.hpp>
#include <ar/dense_linear.hpp>

#include <torch/torch.h>

namespace ar {

class ImportanceObserver final : public QuantLinear {
 public:
  ImportanceObserver(at::Tensor weight, at::Tensor bias) : weight_(std::move(weight)), bias_(std::move(bias)) {}

  at::Tensor forward(const at::Tensor& input) override {
    auto rows = input.reshape({-1, input.size(-1)}).to(at::kFloat);
    auto squares = rows.pow(2).sum(0);
    sum_ = sum_.defined() ? sum_ + squares : squares;
    count_ += rows.size(0);
    return dense_linear(input, weight_, bias_);
  }

  at::Tensor mean() const { return count_ > 0 ? sum_ / static_cast<double>(count_) : sum_; }

 private:
  at::Tensor weight_, bias_, sum_;
  int64_t count_ = 0;
};

ObservedBlock::ObservedBlock(std::shared_ptr<Block> block, const std::vector<std::string>& linear_names)
    : block_(std::move(block)) {
  for (const auto& name : linear_names) {
    auto observer = std::make_shared<ImportanceObserver>(block_->linear_weight(name), block_->linear_bias(name));
    block_->set_linear_runner(name, observer);
    observers_[name] = std::move(observer);
  }
}

std::map<std::string, at::Tensor> ObservedBlock::importance() const {
  std::map<std::string, at::Tensor> out;
  for (const auto& [name, observer] : observers_) out[name] = observer->mean();
  return out;
}

}  // namespace ar
