#include "tokenizer_impl.hpp"
#include "utf8.hpp"

namespace ar::tok {

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool add_special_tokens) const {
  const Impl& impl = *impl_;
  std::string valid_text;
  if (!is_valid_utf8(text)) {
    valid_text = utf8_lossy(text);
    text = valid_text;
  }
  Pieces pieces = impl.added_vocabulary.extract_and_normalize(text, impl.normalizer.get());
  if (impl.pre_tokenizer) impl.pre_tokenizer->pre_tokenize(pieces);
  std::vector<int32_t> ids;
  ids.reserve(text.size() / 3 + 4);
  for (const Piece& piece : pieces) {
    if (piece.is_added_token()) {
      ids.push_back(piece.added_token_id);
    } else {
      impl.model->tokenize(piece.text, ids);
    }
  }
  if (add_special_tokens && impl.post_processor) impl.post_processor->add_special_tokens(ids);
  return ids;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids, bool skip_special_tokens) const {
  const Impl& impl = *impl_;
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (int32_t id : ids) {
    const std::string* token = impl.added_vocabulary.decoding_form(id);
    if (token == nullptr) token = impl.model->id_to_token(id);
    if (token == nullptr) continue;  // unknown ids are skipped, like tokenizers
    if (skip_special_tokens && impl.added_vocabulary.is_special(*token)) continue;
    tokens.push_back(*token);
  }
  return run_decoder(impl.decoder.get(), std::move(tokens));
}

std::optional<int32_t> Tokenizer::token_to_id(std::string_view token) const {
  if (auto id = impl_->added_vocabulary.token_to_id(token)) return id;
  return impl_->model->token_to_id(token);
}

std::optional<std::string> Tokenizer::id_to_token(int32_t id) const {
  const std::string* token = impl_->added_vocabulary.decoding_form(id);
  if (token == nullptr) token = impl_->model->id_to_token(id);
  if (token == nullptr) return std::nullopt;
  return *token;
}

std::optional<int32_t> Tokenizer::bos_id() const { return impl_->bos_id; }
std::optional<int32_t> Tokenizer::eos_id() const { return impl_->eos_id; }
std::optional<int32_t> Tokenizer::pad_id() const { return impl_->pad_id; }
std::size_t Tokenizer::vocab_size() const { return impl_->vocab_size; }
std::size_t Tokenizer::id_space_size() const { return impl_->id_space_size; }

bool Tokenizer::has_chat_template() const {
  return impl_->chat_template.has_value() || !impl_->chat_template_error.empty();
}

std::string Tokenizer::apply_chat_template(const std::vector<ChatMessage>& messages,
                                           bool add_generation_prompt) const {
  // Same refusal as transformers' apply_chat_template.
  if (messages.empty()) throw TokenizerError("cannot apply a chat template to an empty conversation");
  if (!impl_->chat_template_error.empty()) throw TokenizerError(impl_->chat_template_error);
  if (!impl_->chat_template) return render_plain_chat(messages, add_generation_prompt);
  return impl_->chat_template->render(messages, add_generation_prompt, impl_->template_variables);
}

}  // namespace ar::tok
