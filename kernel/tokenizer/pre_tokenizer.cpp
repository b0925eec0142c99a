#include "pre_tokenizer.hpp"

#include <functional>
#include <vector>

#include "byte_level.hpp"
#include "pattern.hpp"
#include "pattern_json.hpp"
#include "unicode.hpp"

namespace ar::tok {

namespace {

// The GPT-2 split regex that ByteLevel applies when use_regex is true.
constexpr const char* kGpt2SplitRegex =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

using PieceSplitter = std::function<std::vector<ByteRange>(Piece&)>;

// Replaces every ordinary piece by the sub-pieces `splitter` returns (ranges
// into the piece's text after `splitter` may have modified it).
void split_ordinary_pieces(Pieces& pieces, const PieceSplitter& splitter) {
  Pieces out;
  out.reserve(pieces.size() * 2);
  for (Piece& piece : pieces) {
    if (piece.is_added_token()) {
      out.push_back(std::move(piece));
      continue;
    }
    for (const ByteRange& range : splitter(piece)) {
      if (range.end == range.start) continue;
      Piece sub;
      sub.text = piece.text.substr(range.start, range.end - range.start);
      sub.at_input_start = piece.at_input_start && range.start == 0;
      out.push_back(std::move(sub));
    }
  }
  pieces.swap(out);
}

std::vector<ByteRange> whole(const Piece& piece) { return {ByteRange{0, piece.text.size()}}; }

class SequencePreTokenizer : public PreTokenizer {
 public:
  explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> steps)
      : steps_(std::move(steps)) {}
  void pre_tokenize(Pieces& pieces) const override {
    for (const auto& step : steps_) step->pre_tokenize(pieces);
  }

 private:
  std::vector<std::unique_ptr<PreTokenizer>> steps_;
};

class ByteLevelPreTokenizer : public PreTokenizer {
 public:
  ByteLevelPreTokenizer(bool add_prefix_space, bool use_regex)
      : add_prefix_space_(add_prefix_space),
        split_pattern_(use_regex ? make_regex_pattern(kGpt2SplitRegex) : nullptr) {}

  void pre_tokenize(Pieces& pieces) const override {
    split_ordinary_pieces(pieces, [this](Piece& piece) {
      if (add_prefix_space_ && !piece.text.empty() && piece.text[0] != ' ') {
        piece.text.insert(0, " ");
      }
      if (!split_pattern_) return whole(piece);
      return split_text(piece.text, *split_pattern_, SplitBehavior::Isolated);
    });
    for (Piece& piece : pieces) {
      if (!piece.is_added_token()) piece.text = bytes_to_byte_level_chars(piece.text);
    }
  }

 private:
  bool add_prefix_space_;
  std::unique_ptr<Pattern> split_pattern_;
};

class SplitPreTokenizer : public PreTokenizer {
 public:
  SplitPreTokenizer(std::unique_ptr<Pattern> pattern, SplitBehavior behavior, bool invert)
      : pattern_(std::move(pattern)), behavior_(behavior), invert_(invert) {}

  void pre_tokenize(Pieces& pieces) const override {
    split_ordinary_pieces(
        pieces, [this](Piece& piece) { return split_text(piece.text, *pattern_, behavior_, invert_); });
  }

 private:
  std::unique_ptr<Pattern> pattern_;
  SplitBehavior behavior_;
  bool invert_;
};

class MetaspacePreTokenizer : public PreTokenizer {
 public:
  enum class Prepend { Always, First, Never };

  MetaspacePreTokenizer(std::string replacement, Prepend prepend, bool split)
      : replacement_(std::move(replacement)),
        prepend_(prepend),
        split_(split),
        replacement_pattern_(make_literal_pattern(replacement_)) {}

  void pre_tokenize(Pieces& pieces) const override {
    split_ordinary_pieces(pieces, [this](Piece& piece) {
      replace_spaces(piece.text);
      if (should_prepend(piece)) piece.text.insert(0, replacement_);
      if (!split_) return whole(piece);
      return split_text(piece.text, *replacement_pattern_, SplitBehavior::MergedWithNext);
    });
  }

 private:
  void replace_spaces(std::string& text) const {
    std::string out;
    out.reserve(text.size() + 8);
    for (char c : text) {
      if (c == ' ') {
        out += replacement_;
      } else {
        out.push_back(c);
      }
    }
    text.swap(out);
  }

  bool should_prepend(const Piece& piece) const {
    const bool starts_with_replacement = piece.text.compare(0, replacement_.size(), replacement_) == 0;
    if (starts_with_replacement) return false;
    if (prepend_ == Prepend::Always) return true;
    return prepend_ == Prepend::First && piece.at_input_start;
  }

  std::string replacement_;
  Prepend prepend_;
  bool split_;
  std::unique_ptr<Pattern> replacement_pattern_;
};

SplitBehavior parse_behavior(const std::string& name, const JsonSource& source) {
  if (name == "Removed") return SplitBehavior::Removed;
  if (name == "Isolated") return SplitBehavior::Isolated;
  if (name == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
  if (name == "MergedWithNext") return SplitBehavior::MergedWithNext;
  if (name == "Contiguous") return SplitBehavior::Contiguous;
  source.fail("pre_tokenizer 'Split' has an unknown behavior '" + name + "'");
}

std::unique_ptr<PreTokenizer> make_split(const Json& config, const JsonSource& source) {
  const std::string where = "pre_tokenizer 'Split'";
  auto compiled = pattern_from_json(config, source, where);
  return std::make_unique<SplitPreTokenizer>(
      std::move(compiled), parse_behavior(source.require_string(config, "behavior", where), source),
      source.optional_bool(config, "invert", false));
}

std::unique_ptr<PreTokenizer> make_metaspace(const Json& config, const JsonSource& source) {
  const std::string where = "pre_tokenizer 'Metaspace'";
  using Prepend = MetaspacePreTokenizer::Prepend;
  const std::string scheme = source.optional_string(config, "prepend_scheme", "always");
  Prepend prepend = Prepend::Always;
  if (scheme == "first") {
    prepend = Prepend::First;
  } else if (scheme == "never") {
    prepend = Prepend::Never;
  } else if (scheme != "always") {
    source.fail(where + " has an unknown prepend_scheme '" + scheme + "'");
  }
  // Older files spell the scheme as add_prefix_space.
  if (!source.optional_bool(config, "add_prefix_space", true)) prepend = Prepend::Never;
  return std::make_unique<MetaspacePreTokenizer>(source.require_char(config, "replacement", where), prepend,
                                                 source.optional_bool(config, "split", true));
}

std::unique_ptr<PreTokenizer> make_sequence(const Json& config, const JsonSource& source) {
  const Json& items = source.require(config, "pretokenizers", "pre_tokenizer 'Sequence'");
  if (!items.is_array()) source.fail("pre_tokenizer 'Sequence' field 'pretokenizers' must be a list");
  std::vector<std::unique_ptr<PreTokenizer>> steps;
  for (const Json& item : items) {
    if (auto step = make_pre_tokenizer(item, source)) steps.push_back(std::move(step));
  }
  return std::make_unique<SequencePreTokenizer>(std::move(steps));
}

}  // namespace

std::unique_ptr<PreTokenizer> make_pre_tokenizer(const Json& config, const JsonSource& source) {
  if (config.is_null()) return nullptr;
  const std::string type = source.require_string(config, "type", "pre_tokenizer");
  if (type == "Sequence") return make_sequence(config, source);
  if (type == "ByteLevel") {
    return std::make_unique<ByteLevelPreTokenizer>(source.optional_bool(config, "add_prefix_space", true),
                                                   source.optional_bool(config, "use_regex", true));
  }
  if (type == "Split") return make_split(config, source);
  if (type == "Metaspace") return make_metaspace(config, source);
  if (type == "Digits") {
    const bool individual = source.optional_bool(config, "individual_digits", false);
    return std::make_unique<SplitPreTokenizer>(
        make_char_pattern(is_numeric), individual ? SplitBehavior::Isolated : SplitBehavior::Contiguous,
        false);
  }
  if (type == "WhitespaceSplit") {
    return std::make_unique<SplitPreTokenizer>(make_char_pattern(is_white_space), SplitBehavior::Removed,
                                               false);
  }
  source.fail("unsupported pre_tokenizer type '" + type +
              "' (supported: Sequence, ByteLevel, Split, Digits, Metaspace, WhitespaceSplit)");
}

}  // namespace ar::tok
