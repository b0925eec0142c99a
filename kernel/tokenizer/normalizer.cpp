#include "normalizer.hpp"

#include <vector>

#include "byte_level.hpp"
#include "pattern.hpp"
#include "pattern_json.hpp"
#include "unicode.hpp"
#include "utf8.hpp"

namespace ar::tok {

namespace {

class SequenceNormalizer : public Normalizer {
 public:
  explicit SequenceNormalizer(std::vector<std::unique_ptr<Normalizer>> steps) : steps_(std::move(steps)) {}
  void normalize(std::string& text) const override {
    for (const auto& step : steps_) step->normalize(text);
  }

 private:
  std::vector<std::unique_ptr<Normalizer>> steps_;
};

class ReplaceNormalizer : public Normalizer {
 public:
  ReplaceNormalizer(std::unique_ptr<Pattern> pattern, std::string content)
      : pattern_(std::move(pattern)), content_(std::move(content)) {}
  void normalize(std::string& text) const override {
    std::string out;
    out.reserve(text.size());
    for (const Span& span : pattern_->find_matches(text)) {
      if (span.is_match) {
        out += content_;
      } else {
        out.append(text, span.start, span.end - span.start);
      }
    }
    text.swap(out);
  }

 private:
  std::unique_ptr<Pattern> pattern_;
  std::string content_;
};

class PrependNormalizer : public Normalizer {
 public:
  explicit PrependNormalizer(std::string prefix) : prefix_(std::move(prefix)) {}
  void normalize(std::string& text) const override {
    if (!text.empty()) text.insert(0, prefix_);
  }

 private:
  std::string prefix_;
};

class UnicodeNormalizer : public Normalizer {
 public:
  explicit UnicodeNormalizer(NormalForm form) : form_(form) {}
  void normalize(std::string& text) const override { text = normalize_unicode(text, form_); }

 private:
  NormalForm form_;
};

class LowercaseNormalizer : public Normalizer {
 public:
  void normalize(std::string& text) const override { text = lowercase_per_char(text); }
};

class StripNormalizer : public Normalizer {
 public:
  StripNormalizer(bool left, bool right) : left_(left), right_(right) {}
  void normalize(std::string& text) const override {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (left_ && begin < end) {
      std::size_t next = begin;
      if (!is_white_space(next_code_point(text, next))) break;
      begin = next;
    }
    while (right_ && end > begin) {
      const char32_t last = previous_code_point(text, end);
      if (!is_white_space(last)) break;
      end -= to_utf8(last).size();
    }
    text = text.substr(begin, end - begin);
  }

 private:
  bool left_;
  bool right_;
};

class StripAccentsNormalizer : public Normalizer {
 public:
  void normalize(std::string& text) const override {
    std::string out;
    out.reserve(text.size());
    std::size_t position = 0;
    while (position < text.size()) {
      const char32_t cp = next_code_point(text, position);
      if (!is_combining_mark(cp)) append_utf8(out, cp);
    }
    text.swap(out);
  }
};

class ByteLevelNormalizer : public Normalizer {
 public:
  void normalize(std::string& text) const override { text = bytes_to_byte_level_chars(text); }
};

std::unique_ptr<Normalizer> make_sequence(const Json& config, const JsonSource& source) {
  const Json& items = source.require(config, "normalizers", "normalizer 'Sequence'");
  if (!items.is_array()) source.fail("normalizer 'Sequence' field 'normalizers' must be a list");
  std::vector<std::unique_ptr<Normalizer>> steps;
  for (const Json& item : items) {
    if (auto step = make_normalizer(item, source)) steps.push_back(std::move(step));
  }
  return std::make_unique<SequenceNormalizer>(std::move(steps));
}

}  // namespace

std::unique_ptr<Normalizer> make_normalizer(const Json& config, const JsonSource& source) {
  if (config.is_null()) return nullptr;
  const std::string type = source.require_string(config, "type", "normalizer");
  const std::string where = "normalizer '" + type + "'";
  if (type == "Sequence") return make_sequence(config, source);
  if (type == "Replace") {
    return std::make_unique<ReplaceNormalizer>(pattern_from_json(config, source, where),
                                               source.require_string(config, "content", where));
  }
  if (type == "Prepend") {
    return std::make_unique<PrependNormalizer>(source.require_string(config, "prepend", where));
  }
  if (type == "NFC") return std::make_unique<UnicodeNormalizer>(NormalForm::NFC);
  if (type == "NFD") return std::make_unique<UnicodeNormalizer>(NormalForm::NFD);
  if (type == "NFKC") return std::make_unique<UnicodeNormalizer>(NormalForm::NFKC);
  if (type == "NFKD") return std::make_unique<UnicodeNormalizer>(NormalForm::NFKD);
  if (type == "Lowercase") return std::make_unique<LowercaseNormalizer>();
  if (type == "StripAccents") return std::make_unique<StripAccentsNormalizer>();
  if (type == "ByteLevel") return std::make_unique<ByteLevelNormalizer>();
  if (type == "Strip") {
    return std::make_unique<StripNormalizer>(source.optional_bool(config, "strip_left", true),
                                             source.optional_bool(config, "strip_right", true));
  }
  source.fail("unsupported normalizer type '" + type +
              "' (supported: Sequence, Replace, Prepend, NFC, NFD, NFKC, NFKD, Lowercase, Strip, "
              "StripAccents, ByteLevel)");
}

}  // namespace ar::tok
