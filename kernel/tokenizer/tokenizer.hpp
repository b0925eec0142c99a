// Public API of ar_tokenizer: Hugging Face `tokenizers`-compatible BPE
// tokenization read from tokenizer.json (byte-level BPE as in GPT-2 / Llama-3 /
// Qwen2 / SmolLM, and SentencePiece-style BPE as in Llama-2 / Mistral / Gemma).
//
// The encode/decode results are meant to be identical to
// `tokenizers.Tokenizer.from_file(path).encode(text, add_special_tokens).ids`
// and `.decode(ids, skip_special_tokens)`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ar::tok {

// Thrown for unreadable or malformed tokenizer files and unsupported features.
// The message names the file and the problem.
class TokenizerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ChatMessage {
  std::string role;
  std::string content;
};

class Tokenizer {
 public:
  // `path` is either a tokenizer.json file or a model directory containing
  // one. tokenizer_config.json and chat_template.jinja next to tokenizer.json
  // are read when present (bos/eos/pad tokens, chat template).
  static Tokenizer load(const std::filesystem::path& path);
  static Tokenizer from_file(const std::filesystem::path& tokenizer_json);
  static Tokenizer from_model_dir(const std::filesystem::path& model_dir);

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  // encode/decode may be called concurrently on one Tokenizer.
  // Invalid UTF-8 in `text` is replaced by U+FFFD before tokenization.
  std::vector<int32_t> encode(std::string_view text, bool add_special_tokens = true) const;
  std::string decode(const std::vector<int32_t>& ids, bool skip_special_tokens = false) const;

  std::optional<int32_t> token_to_id(std::string_view token) const;
  std::optional<std::string> id_to_token(int32_t id) const;

  // From tokenizer_config.json when present, otherwise inferred from the
  // post-processor template (bos/eos) and well-known special token names.
  std::optional<int32_t> bos_id() const;
  std::optional<int32_t> eos_id() const;
  std::optional<int32_t> pad_id() const;

  // Number of distinct tokens in the model vocabulary plus added tokens
  // (`tokenizers.Tokenizer.get_vocab_size(with_added_tokens=True)`).
  std::size_t vocab_size() const;
  // One past the largest id in use: the minimum embedding table size.
  std::size_t id_space_size() const;

  // Renders the model's chat template (see chat_template.hpp for the supported
  // Jinja subset). Models without a template use "role: content\n" lines.
  // Throws TokenizerError for an empty conversation, a template this renderer
  // cannot parse, or raise_exception() in the template.
  bool has_chat_template() const;
  std::string apply_chat_template(const std::vector<ChatMessage>& messages, bool add_generation_prompt) const;

  struct Impl;

 private:
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ar::tok
