#include "added_vocabulary.hpp"

#include "normalizer.hpp"
#include "unicode.hpp"
#include "utf8.hpp"

namespace ar::tok {

namespace {

// Rust regex `\w$` / `^\w` as used by tokenizers for single_word tokens.
bool ends_with_word_char(std::string_view text) {
  return !text.empty() && is_regex_word_char(previous_code_point(text, text.size()));
}

bool starts_with_word_char(std::string_view text) {
  std::size_t position = 0;
  return !text.empty() && is_regex_word_char(next_code_point(text, position));
}

// Start of the run of white space that ends `text` (text.size() if none).
std::size_t trailing_space_start(std::string_view text) {
  std::size_t start = text.size();
  while (start > 0) {
    const char32_t cp = previous_code_point(text, start);
    if (!is_white_space(cp)) break;
    start -= to_utf8(cp).size();
  }
  return start;
}

// Length of the run of white space that begins `text`.
std::size_t leading_space_length(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size()) {
    std::size_t next = end;
    if (!is_white_space(next_code_point(text, next))) break;
    end = next;
  }
  return end;
}

}  // namespace

void AddedVocabulary::Matcher::add(std::string_view pattern, std::size_t token_index) {
  if (pattern.empty()) return;
  int32_t node = 0;
  for (char c : pattern) {
    const auto byte = static_cast<unsigned char>(c);
    int32_t next = child(node, byte);
    if (next < 0) {
      next = static_cast<int32_t>(nodes_.size());
      nodes_[node].children.emplace_back(byte, next);
      nodes_.emplace_back();
    }
    node = next;
  }
  nodes_[node].token_index = static_cast<int32_t>(token_index);
  first_byte_[static_cast<unsigned char>(pattern[0])] = true;
}

int32_t AddedVocabulary::Matcher::child(int32_t node, unsigned char byte) const {
  for (const auto& [edge, target] : nodes_[node].children) {
    if (edge == byte) return target;
  }
  return -1;
}

std::optional<std::size_t> AddedVocabulary::Matcher::find_leftmost_longest(std::string_view text,
                                                                           std::size_t from,
                                                                           std::size_t& start,
                                                                           std::size_t& end) const {
  for (start = from; start < text.size(); ++start) {
    if (!first_byte_[static_cast<unsigned char>(text[start])]) continue;
    std::optional<std::size_t> found;
    int32_t node = 0;
    for (std::size_t i = start; i < text.size(); ++i) {
      node = child(node, static_cast<unsigned char>(text[i]));
      if (node < 0) break;
      if (nodes_[node].token_index >= 0) {
        found = static_cast<std::size_t>(nodes_[node].token_index);
        end = i + 1;
      }
    }
    if (found) return found;
  }
  return std::nullopt;
}

AddedVocabulary::AddedVocabulary(std::vector<AddedToken> tokens, const Normalizer* normalizer)
    : tokens_(std::move(tokens)) {
  for (std::size_t index = 0; index < tokens_.size(); ++index) {
    const AddedToken& token = tokens_[index];
    if (token.content.empty()) continue;
    index_by_content_[token.content] = index;
    index_by_id_[token.id] = index;
    if (token.special) special_contents_.insert(token.content);
    if (!token.normalized) {
      raw_matcher_.add(token.content, index);
      continue;
    }
    std::string form = token.content;
    if (normalizer != nullptr) normalizer->normalize(form);
    if (form != token.content) normalized_form_[token.id] = form;
    normalized_matcher_.add(form, index);
  }
}

// tokenizers' AddedVocabulary::find_matches: leftmost-longest matches, the
// search resuming after each match's original end even when it was discarded
// (single_word) or extended (rstrip).
void AddedVocabulary::split_piece(Piece piece, const Matcher& matcher, Pieces& out) const {
  const std::string& text = piece.text;
  std::size_t piece_start = 0;  // start of the text not yet emitted
  auto emit = [&](std::size_t begin, std::size_t end, int32_t id) {
    Piece sub;
    sub.text = text.substr(begin, end - begin);
    sub.at_input_start = piece.at_input_start && begin == 0;
    sub.added_token_id = id;
    out.push_back(std::move(sub));
  };
  std::size_t search = 0;
  std::size_t start = 0;
  std::size_t match_end = 0;
  while (const auto index = matcher.find_leftmost_longest(text, search, start, match_end)) {
    const AddedToken& token = tokens_[*index];
    std::size_t stop = match_end;
    search = match_end;
    if (token.single_word) {
      const std::string_view view(text);
      const bool space_before = start == 0 || !ends_with_word_char(view.substr(0, start));
      const bool space_after = stop == text.size() || !starts_with_word_char(view.substr(stop));
      if (!space_before || !space_after) continue;
    }
    if (token.lstrip) {
      start = std::max(trailing_space_start(std::string_view(text).substr(0, start)), piece_start);
    }
    if (token.rstrip) stop += leading_space_length(std::string_view(text).substr(stop));
    if (piece_start < start) emit(piece_start, start, -1);
    emit(start, stop, token.id);
    piece_start = stop;
  }
  if (piece_start < text.size()) emit(piece_start, text.size(), -1);
}

Pieces AddedVocabulary::extract_and_normalize(std::string_view text, const Normalizer* normalizer) const {
  Piece whole;
  whole.text = std::string(text);
  whole.at_input_start = true;
  Pieces raw_split;
  split_piece(std::move(whole), raw_matcher_, raw_split);

  Pieces result;
  result.reserve(raw_split.size());
  for (Piece& piece : raw_split) {
    if (piece.is_added_token()) {
      result.push_back(std::move(piece));
      continue;
    }
    if (normalizer != nullptr) normalizer->normalize(piece.text);
    if (piece.text.empty()) continue;
    split_piece(std::move(piece), normalized_matcher_, result);
  }
  return result;
}

std::optional<int32_t> AddedVocabulary::token_to_id(std::string_view content) const {
  const auto it = index_by_content_.find(std::string(content));
  if (it == index_by_content_.end()) return std::nullopt;
  return tokens_[it->second].id;
}

const std::string* AddedVocabulary::decoding_form(int32_t id) const {
  const auto normalized = normalized_form_.find(id);
  if (normalized != normalized_form_.end()) return &normalized->second;
  return content_of(id);
}

const std::string* AddedVocabulary::content_of(int32_t id) const {
  const auto it = index_by_id_.find(id);
  return it == index_by_id_.end() ? nullptr : &tokens_[it->second].content;
}

bool AddedVocabulary::is_special(std::string_view content) const {
  return special_contents_.count(std::string(content)) > 0;
}

}  // namespace ar::tok
