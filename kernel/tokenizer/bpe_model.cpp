#include "bpe_model.hpp"

#include <cstdio>
#include <queue>

#include "tokenizer.hpp"
#include "utf8.hpp"

namespace ar::tok {

namespace {

// Same limits as tokenizers: long words are not worth caching.
constexpr std::size_t kMaxCachedWordBytes = 256;
constexpr std::size_t kCacheCapacity = 1 << 17;

std::string byte_fallback_token(unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof(buffer), "<0x%02X>", byte);
  return buffer;
}

// Candidate merge in the priority queue: lowest rank first, then leftmost.
struct QueuedMerge {
  uint32_t rank;
  int32_t position;
  int32_t new_id;
  bool operator<(const QueuedMerge& other) const {
    if (rank != other.rank) return rank > other.rank;
    return position > other.position;
  }
};

std::pair<std::string, std::string> parse_merge(const Json& entry, std::size_t rank,
                                                const JsonSource& source) {
  if (entry.is_string()) {
    const std::string text = entry.get<std::string>();
    const std::size_t space = text.find(' ');
    if (space == std::string::npos || text.find(' ', space + 1) != std::string::npos) {
      source.fail("model merge #" + std::to_string(rank + 1) + " '" + text +
                  "' is not of the form \"left right\"");
    }
    return {text.substr(0, space), text.substr(space + 1)};
  }
  if (entry.is_array() && entry.size() == 2 && entry[0].is_string() && entry[1].is_string()) {
    return {entry[0].get<std::string>(), entry[1].get<std::string>()};
  }
  source.fail("model merge #" + std::to_string(rank + 1) +
              " is neither a \"left right\" string nor a [left, right] pair");
}

}  // namespace

BpeConfig parse_bpe_config(const Json& model, const JsonSource& source) {
  const std::string where = "model 'BPE'";
  const Json& vocab = source.require(model, "vocab", where);
  if (!vocab.is_object()) source.fail(where + " field 'vocab' must be an object of token: id");
  const Json& merges = source.require(model, "merges", where);
  if (!merges.is_array()) source.fail(where + " field 'merges' must be a list");

  BpeConfig config;
  config.vocab.reserve(vocab.size());
  for (const auto& [token, id] : vocab.items()) {
    if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > INT32_MAX) {
      source.fail(where + " vocab entry '" + token + "' does not have a valid id");
    }
    config.vocab.emplace_back(token, id.get<int32_t>());
  }
  config.merges.reserve(merges.size());
  for (std::size_t rank = 0; rank < merges.size(); ++rank) {
    config.merges.push_back(parse_merge(merges[rank], rank, source));
  }
  if (model.contains("unk_token") && model["unk_token"].is_string()) {
    config.unk_token = model["unk_token"].get<std::string>();
  }
  config.continuing_subword_prefix = source.optional_string(model, "continuing_subword_prefix", "");
  config.end_of_word_suffix = source.optional_string(model, "end_of_word_suffix", "");
  config.fuse_unk = source.optional_bool(model, "fuse_unk", false);
  config.byte_fallback = source.optional_bool(model, "byte_fallback", false);
  config.ignore_merges = source.optional_bool(model, "ignore_merges", false);
  return config;
}

BpeModel::BpeModel(BpeConfig config, const JsonSource& source) {
  int32_t max_id = -1;
  for (const auto& entry : config.vocab) max_id = std::max(max_id, entry.second);
  tokens_by_id_.resize(static_cast<std::size_t>(max_id + 1));
  id_in_use_.assign(tokens_by_id_.size(), false);
  for (auto& [token, id] : config.vocab) {
    tokens_by_id_[id] = std::move(token);
    id_in_use_[id] = true;
  }
  // Views are taken only after tokens_by_id_ has its final size.
  token_to_id_.reserve(tokens_by_id_.size());
  for (std::size_t id = 0; id < tokens_by_id_.size(); ++id) {
    if (id_in_use_[id]) token_to_id_[tokens_by_id_[id]] = static_cast<int32_t>(id);
  }

  const std::size_t prefix_length = config.continuing_subword_prefix.size();
  merges_ = MergeTable(config.merges.size());
  for (std::size_t rank = 0; rank < config.merges.size(); ++rank) {
    const auto& [left, right] = config.merges[rank];
    const auto left_id = token_to_id(left);
    const auto right_id = token_to_id(right);
    const std::string merged = left + right.substr(std::min(prefix_length, right.size()));
    const auto merged_id = token_to_id(merged);
    if (!left_id || !right_id || !merged_id) {
      const std::string& missing = !left_id ? left : (!right_id ? right : merged);
      source.fail("model merge #" + std::to_string(rank + 1) + " ('" + left + "', '" + right +
                  "') uses the token '" + missing + "', which is not in the vocabulary");
    }
    merges_.insert_or_assign(*left_id, *right_id, Merge{static_cast<uint32_t>(rank), *merged_id});
  }
  if (config.unk_token) unk_id_ = token_to_id(*config.unk_token);
  if (config.continuing_subword_prefix.empty() && config.end_of_word_suffix.empty()) {
    index_single_characters();
  }
  config.vocab.clear();
  config.merges.clear();
  options_ = std::move(config);
}

std::optional<int32_t> BpeModel::token_to_id(std::string_view token) const {
  const auto it = token_to_id_.find(token);
  if (it == token_to_id_.end()) return std::nullopt;
  return it->second;
}

const std::string* BpeModel::id_to_token(int32_t id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= tokens_by_id_.size() || !id_in_use_[id]) {
    return nullptr;
  }
  return &tokens_by_id_[id];
}

void BpeModel::index_single_characters() {
  single_char_ids_.assign(0x10000, -1);
  for (const auto& [token, id] : token_to_id_) {
    std::size_t position = 0;
    const char32_t cp = token.empty() ? 0 : next_code_point(token, position);
    if (!token.empty() && position == token.size() && cp < 0x10000) single_char_ids_[cp] = id;
  }
}

std::optional<int32_t> BpeModel::character_id(std::string_view character, std::string_view lookup) const {
  if (!single_char_ids_.empty()) {
    std::size_t position = 0;
    const char32_t cp = next_code_point(character, position);
    if (cp < 0x10000) {
      const int32_t id = single_char_ids_[cp];
      return id < 0 ? std::nullopt : std::optional<int32_t>(id);
    }
  }
  return token_to_id(lookup);
}

const BpeModel::Merge* BpeModel::find_merge(int32_t left, int32_t right) const {
  return merges_.find(left, right);
}

// One symbol per character (with byte fallback / unknown-token handling),
// following tokenizers' BPE::merge_word, including its quirk that a pending
// unknown token is emitted only after byte-fallback symbols that follow it.
std::vector<BpeModel::Symbol> BpeModel::initial_symbols(std::string_view word) const {
  std::vector<Symbol> symbols;
  symbols.reserve(word.size());
  auto push = [&symbols](int32_t id, std::size_t length) {
    symbols.push_back(Symbol{id, -1, -1, static_cast<uint32_t>(length)});
  };
  std::size_t pending_unknown_bytes = 0;  // > 0 while an unknown token is pending
  std::size_t position = 0;
  while (position < word.size()) {
    const std::size_t start = position;
    position =
        std::min(word.size(), position + utf8_sequence_length(static_cast<unsigned char>(word[start])));
    const std::string_view character = word.substr(start, position - start);
    const std::string lookup = (start > 0 ? options_.continuing_subword_prefix : std::string()) +
                               std::string(character) +
                               (position == word.size() ? options_.end_of_word_suffix : std::string());
    if (const auto id = character_id(character, lookup)) {
      if (pending_unknown_bytes > 0) push(*unk_id_, pending_unknown_bytes);
      pending_unknown_bytes = 0;
      push(*id, character.size());
    } else if (!push_byte_fallback(lookup, symbols) && options_.unk_token) {
      if (!unk_id_) {
        throw TokenizerError("BPE unknown token '" + *options_.unk_token + "' is not in the vocabulary");
      }
      if (pending_unknown_bytes > 0 && !options_.fuse_unk) {
        push(*unk_id_, pending_unknown_bytes);
        pending_unknown_bytes = 0;
      }
      pending_unknown_bytes += character.size();
    }
  }
  if (pending_unknown_bytes > 0) push(*unk_id_, pending_unknown_bytes);
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    symbols[i].prev = static_cast<int32_t>(i) - 1;
    symbols[i].next = i + 1 < symbols.size() ? static_cast<int32_t>(i + 1) : -1;
  }
  return symbols;
}

// Appends one <0xXX> symbol per byte of `text` if byte fallback is on and all
// of them are in the vocabulary.
bool BpeModel::push_byte_fallback(const std::string& text, std::vector<Symbol>& symbols) const {
  if (!options_.byte_fallback) return false;
  std::vector<int32_t> byte_ids;
  for (char byte : text) {
    const auto id = token_to_id(byte_fallback_token(static_cast<unsigned char>(byte)));
    if (!id) return false;
    byte_ids.push_back(*id);
  }
  for (int32_t id : byte_ids) symbols.push_back(Symbol{id, -1, -1, 1});
  return true;
}

// tokenizers' Word::merge_all: a priority queue of candidate merges where
// stale entries are detected by re-checking the pair's merge result.
void BpeModel::apply_merges(std::vector<Symbol>& symbols) const {
  std::priority_queue<QueuedMerge> queue;
  for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
    if (const Merge* merge = find_merge(symbols[i].id, symbols[i + 1].id)) {
      queue.push({merge->rank, static_cast<int32_t>(i), merge->new_id});
    }
  }
  while (!queue.empty()) {
    const QueuedMerge top = queue.top();
    queue.pop();
    Symbol& current = symbols[top.position];
    if (current.byte_length == 0 || current.next == -1) continue;
    const Symbol right = symbols[current.next];
    const Merge* merge = find_merge(current.id, right.id);
    if (merge == nullptr || merge->new_id != top.new_id) continue;

    symbols[current.next].byte_length = 0;
    current.id = top.new_id;
    current.byte_length += right.byte_length;
    current.next = right.next;
    if (right.next != -1) symbols[right.next].prev = top.position;

    if (current.prev != -1) {
      if (const Merge* left_merge = find_merge(symbols[current.prev].id, current.id)) {
        queue.push({left_merge->rank, current.prev, left_merge->new_id});
      }
    }
    if (current.next != -1) {
      if (const Merge* right_merge = find_merge(current.id, symbols[current.next].id)) {
        queue.push({right_merge->rank, top.position, right_merge->new_id});
      }
    }
  }
}

std::vector<int32_t> BpeModel::tokenize_uncached(std::string_view word) const {
  std::vector<Symbol> symbols = initial_symbols(word);
  apply_merges(symbols);
  std::vector<int32_t> ids;
  ids.reserve(symbols.size());
  for (const Symbol& symbol : symbols) {
    if (symbol.byte_length != 0) ids.push_back(symbol.id);
  }
  return ids;
}

void BpeModel::tokenize(std::string_view word, std::vector<int32_t>& ids) const {
  if (word.empty()) return;
  if (options_.ignore_merges) {
    if (const auto id = token_to_id(word)) {
      ids.push_back(*id);
      return;
    }
  }
  const bool cacheable = word.size() < kMaxCachedWordBytes;
  if (cacheable) {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    const auto hit = cache_.find(std::string(word));
    if (hit != cache_.end()) {
      ids.insert(ids.end(), hit->second.begin(), hit->second.end());
      return;
    }
  }
  std::vector<int32_t> word_ids = tokenize_uncached(word);
  ids.insert(ids.end(), word_ids.begin(), word_ids.end());
  if (cacheable) {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (cache_.size() < kCacheCapacity) cache_.emplace(std::string(word), std::move(word_ids));
  }
}

}  // namespace ar::tok
