#include "pipeline/calibration_batches.hpp"

#include "data/calibration_set.hpp"
#include "tokenizer/tokenizer.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>
#include <torch/torch.h>

namespace ar {
namespace {

data::TextEncoder encoder_for(const tok::Tokenizer& tokenizer) {
  data::TextEncoder encoder;
  encoder.encode = [&tokenizer](const std::string& text) { return tokenizer.encode(text, true); };
  encoder.bos = tokenizer.bos_id();
  encoder.eos = tokenizer.eos_id();
  encoder.pad = tokenizer.pad_id();
  if (tokenizer.has_chat_template())
    encoder.encode_chat = [&tokenizer](const std::vector<data::ChatMessage>& messages) {
      std::vector<tok::ChatMessage> chat;
      for (const auto& m : messages) chat.push_back({m.role, m.content});
      return tokenizer.encode(tokenizer.apply_chat_template(chat, true), false);
    };
  return encoder;
}

template <class T>
at::Tensor stack_rows(const std::vector<std::vector<T>>& rows, size_t begin, size_t end, c10::ScalarType dtype) {
  int64_t width = static_cast<int64_t>(rows[begin].size());
  auto out = torch::empty({static_cast<int64_t>(end - begin), width}, torch::kInt64);
  auto* data = out.data_ptr<int64_t>();
  for (size_t r = begin; r < end; ++r) {
    if (static_cast<int64_t>(rows[r].size()) != width) throw Error("calibration samples differ in length");
    for (int64_t c = 0; c < width; ++c) data[(r - begin) * width + c] = rows[r][c];
  }
  return out.to(dtype);
}

}  // namespace

CalibrationBatches build_calibration_batches(const Recipe& recipe, const Registry& registry,
                                             const tok::Tokenizer& tokenizer, CausalLM& model, int64_t batch_size,
                                             bool quiet) {
  data::CalibrationOptions options{recipe.dataset.nsamples, recipe.dataset.seqlen, static_cast<uint64_t>(recipe.seed)};
  auto logits_of = [&model](const at::Tensor& ids) {
    torch::NoGradGuard no_grad;
    auto hidden = model.embed(ids);
    BlockInputs inputs{torch::arange(ids.size(1), torch::kInt64).unsqueeze(0), {}};
    for (int64_t i = 0; i < model.num_blocks(); ++i) hidden = model.load_block(i)->forward(hidden, inputs);
    return model.head(hidden);
  };
  auto set = data::build_calibration_set(recipe.dataset.spec, registry, encoder_for(tokenizer), options, logits_of);
  if (!quiet)
    for (const auto& warning : set.warnings) fmt::print(stderr, "ar-host: warning: {}\n", warning);
  if (set.input_ids.empty()) throw Error("no calibration samples were produced from dataset '" + recipe.dataset.spec + "'");

  CalibrationBatches batches;
  batches.samples = static_cast<int64_t>(set.input_ids.size());
  for (size_t begin = 0; begin < set.input_ids.size(); begin += batch_size) {
    size_t end = std::min(set.input_ids.size(), begin + static_cast<size_t>(batch_size));
    auto ids = stack_rows(set.input_ids, begin, end, torch::kInt64);
    auto attention = stack_rows(set.attention_mask, begin, end, torch::kBool);
    auto positions = torch::arange(ids.size(1), torch::kInt64).unsqueeze(0).expand_as(ids).contiguous();
    batches.input_ids.push_back(ids);
    batches.inputs.push_back({positions, attention.all().item<bool>() ? at::Tensor() : attention});
    batches.loss_masks.push_back(stack_rows(set.loss_mask, begin, end, torch::kFloat));
  }
  if (!quiet)
    fmt::print(stderr, "calibration: {} samples of {} tokens from '{}'{}\n", batches.samples, recipe.dataset.seqlen,
               recipe.dataset.spec, set.data_free ? " (data-free: sampled from the model)" : "");
  return batches;
}

}  // namespace ar
