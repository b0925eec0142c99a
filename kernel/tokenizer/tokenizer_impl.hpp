// Internal state of ar::tok::Tokenizer, shared by tokenizer.cpp (encode /
// decode) and tokenizer_loader.cpp (building it from files).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "added_vocabulary.hpp"
#include "bpe_model.hpp"
#include "chat_template.hpp"
#include "decoder.hpp"
#include "normalizer.hpp"
#include "post_processor.hpp"
#include "pre_tokenizer.hpp"
#include "tokenizer.hpp"

namespace ar::tok {

struct Tokenizer::Impl {
  std::string source_name;
  std::unique_ptr<Normalizer> normalizer;
  std::unique_ptr<PreTokenizer> pre_tokenizer;
  std::unique_ptr<BpeModel> model;
  std::unique_ptr<PostProcessor> post_processor;
  std::unique_ptr<Decoder> decoder;
  AddedVocabulary added_vocabulary;

  std::optional<int32_t> bos_id;
  std::optional<int32_t> eos_id;
  std::optional<int32_t> pad_id;
  std::size_t vocab_size = 0;
  std::size_t id_space_size = 0;

  // Variables handed to the chat template (bos_token, eos_token, ...).
  std::map<std::string, std::string> template_variables;
  std::optional<ChatTemplate> chat_template;
  // Set when the model has a template this renderer cannot parse.
  std::string chat_template_error;
};

// Builds everything described by tokenizer.json (no config file).
std::unique_ptr<Tokenizer::Impl> build_from_tokenizer_json(const Json& root, const JsonSource& source);

}  // namespace ar::tok
