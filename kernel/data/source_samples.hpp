// One source's texts -> token samples of exactly seqlen tokens (spec 8, "Tokenization",
// "Filter" and "concat"):
// - plain: each text is tokenized (through the chat template when the source asks for it);
//   samples shorter than seqlen are dropped, longer ones are cut to seqlen;
// - concat: every text's ids are cut to seqlen (as the reference tokenizes with truncation),
//   BOS is stripped from the front and EOS from the end, the streams are joined and cut into
//   chunks of seqlen tokens; each chunk gets BOS / EOS back when the tokenizer added them to
//   the first text; the incomplete tail is dropped;
// - either way, samples whose last token occurs more than seqlen/2 times are dropped.
// Work stops once `max_samples` samples exist, so a large corpus is not tokenized in full.
#pragma once

#include "data/dataset_spec.hpp"
#include "data/text_encoder.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ar::data {

inline const char* const kDefaultSystemPrompt = "You are a helpful assistant.";

struct SampleShape {
  int64_t seqlen = 2048;
  int64_t max_samples = 128;
};

std::vector<std::vector<int32_t>> source_samples(const std::vector<std::string>& texts, const DatasetSource& source,
                                                 const TextEncoder& encoder, const SampleShape& shape);

}  // namespace ar::data
