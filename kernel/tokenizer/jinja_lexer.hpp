// Tokenizer for the chat-template Jinja subset. Whitespace handling follows
// Jinja2 with trim_blocks=True and lstrip_blocks=True (what transformers uses).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ar::tok::jinja {

enum class TokenType {
  Text,
  VariableBegin,
  VariableEnd,
  BlockBegin,
  BlockEnd,
  Name,
  String,
  Integer,
  Float,
  Operator,
  EndOfInput,
};

struct Token {
  TokenType type;
  std::string value;  // text, identifier, unescaped string literal, number or operator
  int line = 1;
};

// Throws TokenizerError for unterminated tags, strings or comments.
std::vector<Token> tokenize_template(std::string_view source);

}  // namespace ar::tok::jinja
