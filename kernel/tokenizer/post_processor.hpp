// Post-processors of HF `tokenizers` (the "post_processor" entry): they add
// special tokens such as BOS/EOS around a single encoded sequence.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "json_fields.hpp"

namespace ar::tok {

class PostProcessor {
 public:
  virtual ~PostProcessor() = default;
  // Called only when special tokens are requested.
  virtual void add_special_tokens(std::vector<int32_t>& ids) const = 0;
  // Ids placed before / after the sequence, used to guess bos/eos.
  virtual std::vector<int32_t> prefix_ids() const = 0;
  virtual std::vector<int32_t> suffix_ids() const = 0;
};

// JSON null gives nullptr. Supported types: TemplateProcessing,
// RobertaProcessing, BertProcessing, ByteLevel, Sequence.
std::unique_ptr<PostProcessor> make_post_processor(const Json& config, const JsonSource& source);

}  // namespace ar::tok
