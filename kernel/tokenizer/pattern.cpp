#include "pattern.hpp"

#include "utf8.hpp"

namespace ar::tok {

namespace {

// Turns sorted, non-overlapping matches into spans covering the whole text.
std::vector<Span> spans_from_matches(const std::vector<ByteRange>& matches, std::size_t length) {
  if (length == 0) return {Span{0, 0, false}};
  std::vector<Span> spans;
  spans.reserve(matches.size() * 2 + 1);
  std::size_t previous_end = 0;
  for (const ByteRange& match : matches) {
    if (match.start != previous_end) spans.push_back({previous_end, match.start, false});
    spans.push_back({match.start, match.end, true});
    previous_end = match.end;
  }
  if (previous_end != length) spans.push_back({previous_end, length, false});
  return spans;
}

class LiteralPattern : public Pattern {
 public:
  explicit LiteralPattern(std::string literal) : literal_(std::move(literal)) {}

  std::vector<Span> find_matches(std::string_view text) const override {
    if (literal_.empty()) return {Span{0, text.size(), false}};
    std::vector<ByteRange> matches;
    std::size_t position = text.find(literal_);
    while (position != std::string_view::npos) {
      matches.push_back({position, position + literal_.size()});
      position = text.find(literal_, position + literal_.size());
    }
    return spans_from_matches(matches, text.size());
  }

 private:
  std::string literal_;
};

class RegexPattern : public Pattern {
 public:
  explicit RegexPattern(const std::string& regex) : regex_(regex) {}

  std::vector<Span> find_matches(std::string_view text) const override {
    if (text.empty()) return {Span{0, 0, false}};
    return spans_from_matches(regex_.find_all(text), text.size());
  }

 private:
  Regex regex_;
};

class CharPattern : public Pattern {
 public:
  explicit CharPattern(std::function<bool(char32_t)> predicate) : predicate_(std::move(predicate)) {}

  std::vector<Span> find_matches(std::string_view text) const override {
    if (text.empty()) return {Span{0, 0, false}};
    std::vector<ByteRange> matches;
    std::size_t position = 0;
    while (position < text.size()) {
      const std::size_t start = position;
      if (predicate_(next_code_point(text, position))) matches.push_back({start, position});
    }
    return spans_from_matches(matches, text.size());
  }

 private:
  std::function<bool(char32_t)> predicate_;
};

// Merge rules mirror tokenizers' NormalizedString::split: a delimiter joins
// its neighbour only when the previous span was not itself a delimiter.
std::vector<Span> merge_with_previous(const std::vector<Span>& spans) {
  std::vector<Span> out;
  bool previous_match = false;
  for (const Span& span : spans) {
    if (span.is_match && !previous_match && !out.empty()) {
      out.back().end = span.end;
    } else {
      out.push_back({span.start, span.end, false});
    }
    previous_match = span.is_match;
  }
  return out;
}

std::vector<Span> merge_with_next(const std::vector<Span>& spans) {
  std::vector<Span> reversed;
  bool previous_match = false;
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
    if (it->is_match && !previous_match && !reversed.empty()) {
      reversed.back().start = it->start;
    } else {
      reversed.push_back({it->start, it->end, false});
    }
    previous_match = it->is_match;
  }
  return std::vector<Span>(reversed.rbegin(), reversed.rend());
}

std::vector<Span> merge_contiguous(const std::vector<Span>& spans) {
  std::vector<Span> out;
  bool previous_match = false;
  for (const Span& span : spans) {
    if (span.is_match == previous_match && !out.empty()) {
      out.back().end = span.end;
    } else {
      out.push_back({span.start, span.end, false});
    }
    previous_match = span.is_match;
  }
  return out;
}

std::vector<Span> spans_to_keep(const std::vector<Span>& spans, SplitBehavior behavior) {
  switch (behavior) {
    case SplitBehavior::Removed:
      return spans;
    case SplitBehavior::Isolated: {
      std::vector<Span> out = spans;
      for (Span& span : out) span.is_match = false;
      return out;
    }
    case SplitBehavior::MergedWithPrevious:
      return merge_with_previous(spans);
    case SplitBehavior::MergedWithNext:
      return merge_with_next(spans);
    case SplitBehavior::Contiguous:
      return merge_contiguous(spans);
  }
  return spans;
}

}  // namespace

std::unique_ptr<Pattern> make_literal_pattern(std::string literal) {
  return std::make_unique<LiteralPattern>(std::move(literal));
}

std::unique_ptr<Pattern> make_regex_pattern(const std::string& regex) {
  return std::make_unique<RegexPattern>(regex);
}

std::unique_ptr<Pattern> make_char_pattern(std::function<bool(char32_t)> predicate) {
  return std::make_unique<CharPattern>(std::move(predicate));
}

std::vector<ByteRange> apply_split_behavior(const std::vector<Span>& spans, SplitBehavior behavior) {
  std::vector<ByteRange> pieces;
  for (const Span& span : spans_to_keep(spans, behavior)) {
    // After spans_to_keep, is_match marks spans to drop (Removed behavior).
    if (!span.is_match && span.end > span.start) pieces.push_back({span.start, span.end});
  }
  return pieces;
}

std::vector<ByteRange> split_text(std::string_view text, const Pattern& pattern, SplitBehavior behavior,
                                  bool invert) {
  std::vector<Span> spans = pattern.find_matches(text);
  if (invert) {
    for (Span& span : spans) span.is_match = !span.is_match;
  }
  return apply_split_behavior(spans, behavior);
}

}  // namespace ar::tok
