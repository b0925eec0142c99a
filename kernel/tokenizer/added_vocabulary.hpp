// Added tokens (tokenizer.json "added_tokens"): they are cut out of the input
// before normalization (normalized == false) or right after it
// (normalized == true), honouring lstrip / rstrip / single_word.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "piece.hpp"

namespace ar::tok {

class Normalizer;

struct AddedToken {
  std::string content;
  int32_t id = -1;
  bool single_word = false;
  bool lstrip = false;
  bool rstrip = false;
  bool normalized = true;
  bool special = false;
};

class AddedVocabulary {
 public:
  AddedVocabulary() = default;
  // `normalizer` (may be null) is applied to the content of normalized tokens
  // to get the form they are matched by.
  AddedVocabulary(std::vector<AddedToken> tokens, const Normalizer* normalizer);

  // The whole encode front end: split out non-normalized tokens, normalize
  // the remaining text pieces, then split out normalized tokens.
  Pieces extract_and_normalize(std::string_view text, const Normalizer* normalizer) const;

  std::optional<int32_t> token_to_id(std::string_view content) const;
  // The form decoding starts from (the normalized form for normalized tokens).
  const std::string* decoding_form(int32_t id) const;
  const std::string* content_of(int32_t id) const;
  bool is_special(std::string_view content) const;
  const std::vector<AddedToken>& tokens() const { return tokens_; }

 private:
  // Byte trie for leftmost-longest matching of many literal tokens.
  class Matcher {
   public:
    void add(std::string_view pattern, std::size_t token_index);
    bool empty() const { return nodes_.size() <= 1; }
    // Leftmost match at or after `from`, the longest one there; returns its
    // token index and sets [start, end). Patterns are valid UTF-8, so they
    // can only begin at character boundaries.
    std::optional<std::size_t> find_leftmost_longest(std::string_view text, std::size_t from,
                                                     std::size_t& start, std::size_t& end) const;

   private:
    struct Node {
      std::vector<std::pair<unsigned char, int32_t>> children;
      int32_t token_index = -1;
    };
    int32_t child(int32_t node, unsigned char byte) const;
    std::vector<Node> nodes_{Node{}};
    bool first_byte_[256] = {};
  };

  void split_piece(Piece piece, const Matcher& matcher, Pieces& out) const;

  std::vector<AddedToken> tokens_;
  std::unordered_map<std::string, std::size_t> index_by_content_;
  std::unordered_map<int32_t, std::size_t> index_by_id_;
  std::unordered_map<int32_t, std::string> normalized_form_;
  std::unordered_set<std::string> special_contents_;
  Matcher raw_matcher_;
  Matcher normalized_matcher_;
};

}  // namespace ar::tok
