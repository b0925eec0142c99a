#include "io/text_codec.hpp"

#include <ar/error.hpp>

#include <fmt/format.h>

#ifdef AR_HAVE_TOKENIZER
#include "tokenizer/tokenizer.hpp"
#endif

namespace ar::io {

TextCodec::~TextCodec() = default;

#ifdef AR_HAVE_TOKENIZER
namespace {

class TokenizerCodec : public TextCodec {
 public:
  explicit TokenizerCodec(ar::tok::Tokenizer tokenizer) : tokenizer_(std::move(tokenizer)) {}

  std::vector<int64_t> encode(const std::string& text, bool add_special_tokens) const override {
    auto ids = tokenizer_.encode(text, add_special_tokens);
    return {ids.begin(), ids.end()};
  }
  std::string decode(const std::vector<int64_t>& ids, bool skip_special_tokens) const override {
    return tokenizer_.decode(std::vector<int32_t>(ids.begin(), ids.end()), skip_special_tokens);
  }
  std::optional<int64_t> bos_id() const override { return widen(tokenizer_.bos_id()); }
  std::optional<int64_t> eos_id() const override { return widen(tokenizer_.eos_id()); }

 private:
  static std::optional<int64_t> widen(std::optional<int32_t> id) {
    return id ? std::optional<int64_t>(*id) : std::nullopt;
  }
  ar::tok::Tokenizer tokenizer_;
};

}  // namespace

std::shared_ptr<TextCodec> TextCodec::load(const std::string& model_dir) {
  try {
    return std::make_shared<TokenizerCodec>(ar::tok::Tokenizer::load(model_dir));
  } catch (const ar::tok::TokenizerError& e) {
    throw Error(e.what());
  }
}
#else
std::shared_ptr<TextCodec> TextCodec::load(const std::string& model_dir) {
  throw Error(fmt::format("cannot tokenize text for '{}': this build has no tokenizer (kernel/tokenizer); "
                          "pass token ids instead", model_dir));
}
#endif

}  // namespace ar::io
