// The BPE model of HF `tokenizers`: vocabulary, ranked merges, byte fallback,
// unknown-token handling and a per-word result cache.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "json_fields.hpp"
#include "merge_table.hpp"

namespace ar::tok {

struct BpeConfig {
  std::vector<std::pair<std::string, int32_t>> vocab;
  std::vector<std::pair<std::string, std::string>> merges;  // in rank order
  std::optional<std::string> unk_token;
  std::string continuing_subword_prefix;
  std::string end_of_word_suffix;
  bool fuse_unk = false;
  bool byte_fallback = false;
  bool ignore_merges = false;
};

// Reads the "model" object of tokenizer.json (type BPE, merges either as
// "a b" strings or as [a, b] pairs).
BpeConfig parse_bpe_config(const Json& model, const JsonSource& source);

class BpeModel {
 public:
  BpeModel(BpeConfig config, const JsonSource& source);

  // Appends the ids of one pre-tokenized word.
  void tokenize(std::string_view word, std::vector<int32_t>& ids) const;

  std::optional<int32_t> token_to_id(std::string_view token) const;
  const std::string* id_to_token(int32_t id) const;
  std::size_t vocab_size() const { return token_to_id_.size(); }
  // Tokens in id order, for building the combined vocabulary.
  const std::vector<std::string>& tokens_by_id() const { return tokens_by_id_; }

 private:
  using Merge = MergeTable::Merge;
  struct Symbol {
    int32_t id;
    int32_t prev;
    int32_t next;
    uint32_t byte_length;
  };

  const Merge* find_merge(int32_t left, int32_t right) const;
  void index_single_characters();
  // Vocabulary id of one character; `lookup` is the character with any
  // subword prefix/suffix applied.
  std::optional<int32_t> character_id(std::string_view character, std::string_view lookup) const;
  std::vector<Symbol> initial_symbols(std::string_view word) const;
  bool push_byte_fallback(const std::string& text, std::vector<Symbol>& symbols) const;
  void apply_merges(std::vector<Symbol>& symbols) const;
  std::vector<int32_t> tokenize_uncached(std::string_view word) const;

  std::vector<std::string> tokens_by_id_;
  std::vector<bool> id_in_use_;
  std::unordered_map<std::string_view, int32_t> token_to_id_;  // views into tokens_by_id_
  MergeTable merges_;
  // Id of each single-character token below U+10000 (-1 if none), used when
  // there is no subword prefix/suffix: the per-character lookup is hot.
  std::vector<int32_t> single_char_ids_;
  std::optional<int32_t> unk_id_;
  BpeConfig options_;  // vocab and merges cleared after construction

  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

}  // namespace ar::tok
