#include "jinja_parser.hpp"

#include <initializer_list>

#include "jinja_expression_parser.hpp"
#include "jinja_lexer.hpp"
#include "jinja_token_cursor.hpp"

namespace ar::tok::jinja {

namespace {

// Statement-level parser: text, {{ output }} and {% if / for / set / break /
// continue %} blocks; expressions are delegated to jinja_expression_parser.
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : cursor_(std::move(tokens)) {}

  std::shared_ptr<const Template> run() {
    auto result = std::make_shared<Template>();
    std::string end_tag;
    result->nodes = parse_nodes({}, end_tag);
    return result;
  }

 private:
  // Parses nodes until a block tag named in `end_tags`; consumes that tag's
  // name and reports it in `end_tag` (the rest of the tag is left unread).
  NodeList parse_nodes(std::initializer_list<std::string_view> end_tags, std::string& end_tag) {
    NodeList nodes;
    while (!cursor_.at(TokenType::EndOfInput)) {
      if (cursor_.at(TokenType::Text)) {
        auto node = std::make_unique<Node>();
        node->line = cursor_.peek().line;
        node->text = cursor_.advance().value;
        nodes.push_back(std::move(node));
      } else if (cursor_.at(TokenType::VariableBegin)) {
        cursor_.advance();
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::Output;
        node->line = cursor_.peek().line;
        node->expr = parse_expression(cursor_);
        cursor_.expect(TokenType::VariableEnd, "'}}'");
        nodes.push_back(std::move(node));
      } else {
        cursor_.expect(TokenType::BlockBegin, "'{%'");
        const std::string keyword = cursor_.at(TokenType::Name) ? cursor_.peek().value : "";
        for (std::string_view tag : end_tags) {
          if (keyword == tag) {
            cursor_.advance();
            end_tag = keyword;
            return nodes;
          }
        }
        nodes.push_back(parse_statement());
      }
    }
    if (end_tags.size() != 0) {
      cursor_.fail("unexpected end of template, expected {% " + std::string(*(end_tags.end() - 1)) + " %}");
    }
    return nodes;
  }

  std::unique_ptr<Node> parse_statement() {
    const int line = cursor_.peek().line;
    const std::string keyword = cursor_.at(TokenType::Name) ? cursor_.advance().value : "";
    std::unique_ptr<Node> node;
    if (keyword == "if") {
      node = parse_if();
    } else if (keyword == "for") {
      node = parse_for();
    } else if (keyword == "set") {
      node = parse_set();
    } else if (keyword == "break" || keyword == "continue") {
      node = std::make_unique<Node>();
      node->kind = keyword == "break" ? Node::Kind::Break : Node::Kind::Continue;
      cursor_.expect(TokenType::BlockEnd, "'%}'");
    } else {
      cursor_.fail("unsupported tag '{% " + keyword + " %}'");
    }
    node->line = line;
    return node;
  }

  std::unique_ptr<Node> parse_if() {
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::If;
    std::string tag = "if";
    while (tag != "endif") {
      Node::Branch branch;
      if (tag != "else") branch.condition = parse_expression(cursor_);
      cursor_.expect(TokenType::BlockEnd, "'%}'");
      const bool is_else = tag == "else";
      branch.body = is_else ? parse_nodes({"endif"}, tag) : parse_nodes({"elif", "else", "endif"}, tag);
      node->branches.push_back(std::move(branch));
    }
    cursor_.expect(TokenType::BlockEnd, "'%}'");
    return node;
  }

  std::unique_ptr<Node> parse_for() {
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::For;
    node->targets.push_back(cursor_.expect_name());
    while (cursor_.skip_operator(",")) node->targets.push_back(cursor_.expect_name());
    if (!cursor_.skip_name("in")) cursor_.fail("expected 'in' in for loop");
    node->expr = parse_or_expression(cursor_);
    if (cursor_.skip_name("if")) node->loop_filter = parse_or_expression(cursor_);
    if (cursor_.at_name("recursive")) cursor_.fail("recursive loops are not supported");
    cursor_.expect(TokenType::BlockEnd, "'%}'");
    std::string tag;
    node->body = parse_nodes({"else", "endfor"}, tag);
    if (tag == "else") {
      cursor_.expect(TokenType::BlockEnd, "'%}'");
      node->else_body = parse_nodes({"endfor"}, tag);
    }
    cursor_.expect(TokenType::BlockEnd, "'%}'");
    return node;
  }

  std::unique_ptr<Node> parse_set() {
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::Set;
    node->targets.push_back(cursor_.expect_name());
    if (cursor_.skip_operator(".")) node->targets.push_back(cursor_.expect_name());
    if (!cursor_.skip_operator("=")) cursor_.fail("block {% set %} ... {% endset %} is not supported");
    node->expr = parse_expression(cursor_);
    cursor_.expect(TokenType::BlockEnd, "'%}'");
    return node;
  }

  TokenCursor cursor_;
};

}  // namespace

std::shared_ptr<const Template> parse_template(std::string_view source) {
  return Parser(tokenize_template(source)).run();
}

}  // namespace ar::tok::jinja
