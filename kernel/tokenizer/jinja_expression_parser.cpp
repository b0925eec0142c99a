#include "jinja_expression_parser.hpp"

#include <string>
#include <vector>

namespace ar::tok::jinja {

namespace {

class ExpressionParser {
 public:
  explicit ExpressionParser(TokenCursor& cursor) : cursor_(cursor) {}

  ExprPtr parse_expression() {
    ExprPtr expr = parse_or();
    while (cursor_.skip_name("if")) {
      ExprPtr conditional = make(Expr::Kind::Conditional);
      conditional->operands.push_back(parse_or());
      conditional->operands.push_back(std::move(expr));
      conditional->operands.push_back(cursor_.skip_name("else") ? parse_expression() : nullptr);
      expr = std::move(conditional);
    }
    return expr;
  }

  ExprPtr parse_or() {
    ExprPtr left = parse_and();
    while (cursor_.skip_name("or")) left = binary("or", std::move(left), parse_and());
    return left;
  }

 private:
  ExprPtr parse_and() {
    ExprPtr left = parse_not();
    while (cursor_.skip_name("and")) left = binary("and", std::move(left), parse_not());
    return left;
  }

  ExprPtr parse_not() {
    if (!cursor_.skip_name("not")) return parse_compare();
    ExprPtr expr = make(Expr::Kind::Unary);
    expr->name = "not";
    expr->operands.push_back(parse_not());
    return expr;
  }

  ExprPtr parse_compare() {
    ExprPtr left = parse_math1();
    while (true) {
      static const char* const kComparisons[] = {"==", "!=", "<=", ">=", "<", ">"};
      std::string op;
      for (const char* candidate : kComparisons) {
        if (cursor_.at_operator(candidate)) op = candidate;
      }
      if (!op.empty()) {
        cursor_.advance();
      } else if (cursor_.skip_name("in")) {
        op = "in";
      } else if (cursor_.at_name("not") && cursor_.next_is_name("in")) {
        cursor_.advance();
        cursor_.advance();
        op = "not in";
      } else {
        return left;
      }
      left = binary(op, std::move(left), parse_math1());
    }
  }

  ExprPtr parse_math1() {
    ExprPtr left = parse_concat();
    while (cursor_.at_operator("+") || cursor_.at_operator("-")) {
      const std::string op = cursor_.advance().value;
      left = binary(op, std::move(left), parse_concat());
    }
    return left;
  }

  ExprPtr parse_concat() {
    ExprPtr left = parse_math2();
    while (cursor_.skip_operator("~")) left = binary("~", std::move(left), parse_math2());
    return left;
  }

  ExprPtr parse_math2() {
    ExprPtr left = parse_pow();
    while (cursor_.at_operator("*") || cursor_.at_operator("/") || cursor_.at_operator("//") ||
           cursor_.at_operator("%")) {
      const std::string op = cursor_.advance().value;
      left = binary(op, std::move(left), parse_pow());
    }
    return left;
  }

  ExprPtr parse_pow() {
    ExprPtr left = parse_unary(true);
    while (cursor_.skip_operator("**")) left = binary("**", std::move(left), parse_unary(true));
    return left;
  }

  ExprPtr parse_unary(bool with_filter) {
    ExprPtr expr;
    if (cursor_.at_operator("-") || cursor_.at_operator("+")) {
      expr = make(Expr::Kind::Unary);
      expr->name = cursor_.advance().value;
      expr->operands.push_back(parse_unary(false));
    } else {
      expr = parse_primary();
    }
    expr = parse_postfix(std::move(expr));
    return with_filter ? parse_filters_and_tests(std::move(expr)) : std::move(expr);
  }

  ExprPtr parse_primary() {
    const Token& token = cursor_.peek();
    ExprPtr expr = make(Expr::Kind::Literal);
    switch (token.type) {
      case TokenType::Name:
        return parse_name_or_constant();
      case TokenType::String:
        expr->value = std::string();
        while (cursor_.at(TokenType::String)) expr->value = expr->value.as_string() + cursor_.advance().value;
        return expr;
      case TokenType::Integer:
        expr->value = static_cast<int64_t>(std::stoll(cursor_.advance().value));
        return expr;
      case TokenType::Float:
        expr->value = std::stod(cursor_.advance().value);
        return expr;
      case TokenType::Operator:
        break;
      default:
        cursor_.fail("expected an expression");
    }
    if (cursor_.skip_operator("(")) {
      ExprPtr inner = parse_expression();
      if (cursor_.at_operator(",")) inner = parse_sequence_rest(std::move(inner), ")");
      cursor_.expect_operator(")");
      return inner;
    }
    if (cursor_.skip_operator("[")) {
      expr = make(Expr::Kind::ListLiteral);
      while (!cursor_.at_operator("]")) {
        expr->operands.push_back(parse_expression());
        if (!cursor_.skip_operator(",")) break;
      }
      cursor_.expect_operator("]");
      return expr;
    }
    if (cursor_.skip_operator("{")) return parse_dict_literal();
    cursor_.fail("unexpected '" + token.value + "'");
  }

  // Tuples are represented as lists: (a, b) and a, b inside parentheses.
  ExprPtr parse_sequence_rest(ExprPtr first, std::string_view closing) {
    ExprPtr list = make(Expr::Kind::ListLiteral);
    list->operands.push_back(std::move(first));
    while (cursor_.skip_operator(",") && !cursor_.at_operator(closing))
      list->operands.push_back(parse_expression());
    return list;
  }

  ExprPtr parse_dict_literal() {
    ExprPtr expr = make(Expr::Kind::DictLiteral);
    while (!cursor_.at_operator("}")) {
      expr->operands.push_back(parse_expression());
      cursor_.expect_operator(":");
      expr->operands.push_back(parse_expression());
      if (!cursor_.skip_operator(",")) break;
    }
    cursor_.expect_operator("}");
    return expr;
  }

  ExprPtr parse_name_or_constant() {
    const std::string name = cursor_.advance().value;
    ExprPtr expr = make(Expr::Kind::Literal);
    if (name == "true" || name == "True") {
      expr->value = true;
    } else if (name == "false" || name == "False") {
      expr->value = false;
    } else if (name == "none" || name == "None") {
      expr->value = None{};
    } else {
      expr->kind = Expr::Kind::Name;
      expr->name = name;
    }
    return expr;
  }

  ExprPtr parse_postfix(ExprPtr expr) {
    while (true) {
      if (cursor_.skip_operator(".")) {
        if (cursor_.at(TokenType::Integer)) {
          ExprPtr index = make(Expr::Kind::Literal);
          index->value = static_cast<int64_t>(std::stoll(cursor_.advance().value));
          expr = wrap(Expr::Kind::Subscript, std::move(expr), std::move(index));
        } else {
          ExprPtr attribute = wrap(Expr::Kind::Attribute, std::move(expr), nullptr);
          attribute->name = cursor_.expect_name();
          attribute->operands.pop_back();
          expr = std::move(attribute);
        }
      } else if (cursor_.skip_operator("[")) {
        expr = parse_subscript(std::move(expr));
      } else if (cursor_.at_operator("(")) {
        ExprPtr call = make(Expr::Kind::Call);
        call->operands.push_back(std::move(expr));
        parse_call_arguments(*call);
        expr = std::move(call);
      } else {
        return expr;
      }
    }
  }

  ExprPtr wrap(Expr::Kind kind, ExprPtr first, ExprPtr second) const {
    ExprPtr expr = make(kind);
    expr->operands.push_back(std::move(first));
    expr->operands.push_back(std::move(second));
    return expr;
  }

  ExprPtr parse_subscript(ExprPtr target) {
    std::vector<ExprPtr> parts(1);
    if (!cursor_.at_operator(":")) parts[0] = parse_expression();
    bool is_slice = false;
    while (cursor_.skip_operator(":")) {
      is_slice = true;
      parts.push_back(cursor_.at_operator(":") || cursor_.at_operator("]") ? nullptr : parse_expression());
    }
    cursor_.expect_operator("]");
    if (!is_slice) return wrap(Expr::Kind::Subscript, std::move(target), std::move(parts[0]));
    if (parts.size() > 3) cursor_.fail("a slice has at most three parts");
    parts.resize(3);
    ExprPtr slice = make(Expr::Kind::Slice);
    slice->operands.push_back(std::move(target));
    for (auto& part : parts) slice->operands.push_back(std::move(part));
    return slice;
  }

  void parse_call_arguments(Expr& call) {
    cursor_.expect_operator("(");
    while (!cursor_.at_operator(")")) {
      if (cursor_.at(TokenType::Name) && cursor_.next_is_operator("=")) {
        std::string key = cursor_.advance().value;
        cursor_.advance();
        call.keyword_args.emplace_back(std::move(key), parse_expression());
      } else {
        call.operands.push_back(parse_expression());
      }
      if (!cursor_.skip_operator(",")) break;
    }
    cursor_.expect_operator(")");
  }

  ExprPtr parse_filters_and_tests(ExprPtr expr) {
    while (true) {
      if (cursor_.skip_operator("|")) {
        ExprPtr filter = make(Expr::Kind::Filter);
        filter->name = cursor_.expect_name();
        filter->operands.push_back(std::move(expr));
        if (cursor_.at_operator("(")) parse_call_arguments(*filter);
        expr = std::move(filter);
      } else if (cursor_.skip_name("is")) {
        expr = parse_test(std::move(expr));
      } else if (cursor_.at_operator("(")) {
        ExprPtr call = make(Expr::Kind::Call);
        call->operands.push_back(std::move(expr));
        parse_call_arguments(*call);
        expr = std::move(call);
      } else {
        return expr;
      }
    }
  }

  ExprPtr parse_test(ExprPtr subject) {
    ExprPtr test = make(Expr::Kind::Test);
    test->negated = cursor_.skip_name("not");
    test->name = cursor_.expect_name();
    test->operands.push_back(std::move(subject));
    if (cursor_.at_operator("(")) {
      parse_call_arguments(*test);
    } else if (starts_test_argument()) {
      test->operands.push_back(parse_postfix(parse_primary()));
    }
    return test;
  }

  bool starts_test_argument() const {
    if (cursor_.at(TokenType::Name))
      return !cursor_.at_name("else") && !cursor_.at_name("or") && !cursor_.at_name("and");
    return cursor_.at(TokenType::String) || cursor_.at(TokenType::Integer) || cursor_.at(TokenType::Float) ||
           cursor_.at_operator("[") || cursor_.at_operator("{");
  }

  ExprPtr make(Expr::Kind kind) const {
    auto expr = std::make_unique<Expr>();
    expr->kind = kind;
    expr->line = cursor_.peek().line;
    return expr;
  }
  ExprPtr binary(std::string op, ExprPtr left, ExprPtr right) const {
    ExprPtr expr = make(Expr::Kind::Binary);
    expr->name = std::move(op);
    expr->operands.push_back(std::move(left));
    expr->operands.push_back(std::move(right));
    return expr;
  }

  TokenCursor& cursor_;
};

}  // namespace

ExprPtr parse_expression(TokenCursor& cursor) { return ExpressionParser(cursor).parse_expression(); }
ExprPtr parse_or_expression(TokenCursor& cursor) { return ExpressionParser(cursor).parse_or(); }

}  // namespace ar::tok::jinja
