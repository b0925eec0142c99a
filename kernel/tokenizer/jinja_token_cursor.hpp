// Read position in the chat-template token stream, shared by the statement
// and expression parsers.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "jinja_lexer.hpp"
#include "tokenizer.hpp"

namespace ar::tok::jinja {

class TokenCursor {
 public:
  explicit TokenCursor(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(position_ + ahead, tokens_.size() - 1)];
  }
  const Token& advance() { return tokens_[std::min(position_++, tokens_.size() - 1)]; }

  bool at(TokenType type) const { return peek().type == type; }
  bool at_operator(std::string_view op) const { return at(TokenType::Operator) && peek().value == op; }
  bool at_name(std::string_view name) const { return at(TokenType::Name) && peek().value == name; }
  bool next_is_name(std::string_view name) const {
    return peek(1).type == TokenType::Name && peek(1).value == name;
  }
  bool next_is_operator(std::string_view op) const {
    return peek(1).type == TokenType::Operator && peek(1).value == op;
  }
  bool skip_operator(std::string_view op) { return at_operator(op) ? (advance(), true) : false; }
  bool skip_name(std::string_view name) { return at_name(name) ? (advance(), true) : false; }

  [[noreturn]] void fail(const std::string& message) const {
    throw TokenizerError("template syntax error at line " + std::to_string(peek().line) + ": " + message);
  }
  void expect_operator(std::string_view op) {
    if (!skip_operator(op)) fail("expected '" + std::string(op) + "'");
  }
  void expect(TokenType type, const char* what) {
    if (!at(type)) fail(std::string("expected ") + what);
    advance();
  }
  std::string expect_name() {
    if (!at(TokenType::Name)) fail("expected a name");
    return advance().value;
  }

 private:
  std::vector<Token> tokens_;
  std::size_t position_ = 0;
};

}  // namespace ar::tok::jinja
