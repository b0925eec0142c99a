#include "index_sampler.hpp"

#include <ar/error.hpp>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>

namespace ar::autoround {

IndexSampler::IndexSampler(int64_t nsamples, int64_t batch_size, uint64_t seed)
    : nsamples_(nsamples), batch_size_(batch_size), generator_(at::make_generator<at::CPUGeneratorImpl>(seed)) {
  if (batch_size <= 0 || batch_size > nsamples)
    throw Error(fmt::format("cannot draw batches of {} from {} samples", batch_size, nsamples));
  shuffle();
}

void IndexSampler::shuffle() {
  auto perm = at::randperm(nsamples_, generator_, at::TensorOptions().dtype(at::kLong));
  order_.assign(perm.data_ptr<int64_t>(), perm.data_ptr<int64_t>() + nsamples_);
  index_ = 0;
}

std::vector<int64_t> IndexSampler::next_batch() {
  if (index_ + batch_size_ > nsamples_) shuffle();
  std::vector<int64_t> batch(order_.begin() + index_, order_.begin() + index_ + batch_size_);
  index_ += batch_size_;
  return batch;
}

}  // namespace ar::autoround
