#include "decoder.hpp"

#include "byte_level.hpp"
#include "pattern.hpp"
#include "pattern_json.hpp"
#include "utf8.hpp"

namespace ar::tok {

namespace {

constexpr char kReplacementCharacter[] = "\xEF\xBF\xBD";

class SequenceDecoder : public Decoder {
 public:
  explicit SequenceDecoder(std::vector<std::unique_ptr<Decoder>> steps) : steps_(std::move(steps)) {}
  void decode_chain(std::vector<std::string>& tokens) const override {
    for (const auto& step : steps_) step->decode_chain(tokens);
  }

 private:
  std::vector<std::unique_ptr<Decoder>> steps_;
};

// Tokens made only of byte-level characters become their bytes, others are
// kept verbatim; the whole is then decoded as lossy UTF-8.
class ByteLevelDecoder : public Decoder {
 public:
  void decode_chain(std::vector<std::string>& tokens) const override {
    std::string bytes;
    for (const std::string& token : tokens) {
      if (!byte_level_chars_to_bytes(token, bytes)) bytes += token;
    }
    tokens.assign(1, utf8_lossy(bytes));
  }
};

class ReplaceDecoder : public Decoder {
 public:
  ReplaceDecoder(std::unique_ptr<Pattern> pattern, std::string content)
      : pattern_(std::move(pattern)), content_(std::move(content)) {}
  void decode_chain(std::vector<std::string>& tokens) const override {
    for (std::string& token : tokens) {
      std::string out;
      for (const Span& span : pattern_->find_matches(token)) {
        if (span.is_match) {
          out += content_;
        } else {
          out.append(token, span.start, span.end - span.start);
        }
      }
      token.swap(out);
    }
  }

 private:
  std::unique_ptr<Pattern> pattern_;
  std::string content_;
};

// Runs of <0xXX> tokens become their bytes when those form valid UTF-8, and
// one U+FFFD per byte otherwise.
class ByteFallbackDecoder : public Decoder {
 public:
  void decode_chain(std::vector<std::string>& tokens) const override {
    std::vector<std::string> out;
    std::string pending;
    for (std::string& token : tokens) {
      int byte = 0;
      if (parse_byte_token(token, byte)) {
        pending.push_back(static_cast<char>(byte));
        continue;
      }
      flush(pending, out);
      out.push_back(std::move(token));
    }
    flush(pending, out);
    tokens.swap(out);
  }

 private:
  static bool parse_byte_token(const std::string& token, int& byte) {
    if (token.size() != 6 || token.compare(0, 3, "<0x") != 0 || token[5] != '>') return false;
    byte = 0;
    for (int i = 3; i < 5; ++i) {
      const char c = token[i];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) return false;
      byte = byte * 16 + digit;
    }
    return true;
  }
  static void flush(std::string& pending, std::vector<std::string>& out) {
    if (pending.empty()) return;
    if (is_valid_utf8(pending)) {
      out.push_back(pending);
    } else {
      for (std::size_t i = 0; i < pending.size(); ++i) out.emplace_back(kReplacementCharacter);
    }
    pending.clear();
  }
};

class FuseDecoder : public Decoder {
 public:
  void decode_chain(std::vector<std::string>& tokens) const override {
    std::string joined;
    for (const std::string& token : tokens) joined += token;
    tokens.assign(1, joined);
  }
};

// Removes up to `start` leading and `stop` trailing copies of one character.
class StripDecoder : public Decoder {
 public:
  StripDecoder(std::string content, std::size_t start, std::size_t stop)
      : content_(std::move(content)), start_(start), stop_(stop) {}
  void decode_chain(std::vector<std::string>& tokens) const override {
    for (std::string& token : tokens) {
      std::size_t begin = 0;
      for (std::size_t i = 0; i < start_ && token.compare(begin, content_.size(), content_) == 0; ++i) {
        begin += content_.size();
      }
      std::size_t end = token.size();
      for (std::size_t i = 0; i < stop_ && end >= begin + content_.size() &&
                              token.compare(end - content_.size(), content_.size(), content_) == 0;
           ++i) {
        end -= content_.size();
      }
      token = token.substr(begin, end - begin);
    }
  }

 private:
  std::string content_;
  std::size_t start_;
  std::size_t stop_;
};

// Replacement characters become spaces, except that every one of them in the
// first token is dropped unless prepend_scheme is "never".
class MetaspaceDecoder : public Decoder {
 public:
  MetaspaceDecoder(std::string replacement, bool drop_in_first)
      : replacement_(std::move(replacement)), drop_in_first_(drop_in_first) {}
  void decode_chain(std::vector<std::string>& tokens) const override {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const std::string substitute = (i == 0 && drop_in_first_) ? "" : " ";
      std::string out;
      std::size_t position = 0;
      const std::string& token = tokens[i];
      while (position < token.size()) {
        if (token.compare(position, replacement_.size(), replacement_) == 0) {
          out += substitute;
          position += replacement_.size();
        } else {
          out.push_back(token[position++]);
        }
      }
      tokens[i].swap(out);
    }
  }

 private:
  std::string replacement_;
  bool drop_in_first_;
};

std::unique_ptr<Decoder> make_sequence(const Json& config, const JsonSource& source) {
  const Json& items = source.require(config, "decoders", "decoder 'Sequence'");
  if (!items.is_array()) source.fail("decoder 'Sequence' field 'decoders' must be a list");
  std::vector<std::unique_ptr<Decoder>> steps;
  for (const Json& item : items) {
    if (auto step = make_decoder(item, source)) steps.push_back(std::move(step));
  }
  return std::make_unique<SequenceDecoder>(std::move(steps));
}

std::unique_ptr<Decoder> make_metaspace(const Json& config, const JsonSource& source) {
  const std::string where = "decoder 'Metaspace'";
  const std::string scheme = source.optional_string(config, "prepend_scheme", "always");
  const bool never = scheme == "never" || !source.optional_bool(config, "add_prefix_space", true);
  return std::make_unique<MetaspaceDecoder>(source.require_char(config, "replacement", where), !never);
}

std::size_t optional_count(const Json& config, const char* key) {
  if (!config.contains(key) || !config[key].is_number_unsigned()) return 0;
  return config[key].get<std::size_t>();
}

}  // namespace

std::unique_ptr<Decoder> make_decoder(const Json& config, const JsonSource& source) {
  if (config.is_null()) return nullptr;
  const std::string type = source.require_string(config, "type", "decoder");
  const std::string where = "decoder '" + type + "'";
  if (type == "Sequence") return make_sequence(config, source);
  if (type == "ByteLevel") return std::make_unique<ByteLevelDecoder>();
  if (type == "Replace") {
    return std::make_unique<ReplaceDecoder>(pattern_from_json(config, source, "decoder 'Replace'"),
                                            source.require_string(config, "content", where));
  }
  if (type == "ByteFallback") return std::make_unique<ByteFallbackDecoder>();
  if (type == "Fuse") return std::make_unique<FuseDecoder>();
  if (type == "Strip") {
    return std::make_unique<StripDecoder>(source.require_char(config, "content", where),
                                          optional_count(config, "start"), optional_count(config, "stop"));
  }
  if (type == "Metaspace") return make_metaspace(config, source);
  source.fail("unsupported decoder type '" + type +
              "' (supported: Sequence, ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace)");
}

std::string run_decoder(const Decoder* decoder, std::vector<std::string> tokens) {
  std::string text;
  if (decoder == nullptr) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (i > 0) text += ' ';
      text += tokens[i];
    }
    return text;
  }
  decoder->decode_chain(tokens);
  for (const std::string& token : tokens) text += token;
  return text;
}

}  // namespace ar::tok
