// Syntax tree of the chat-template Jinja subset.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jinja_value.hpp"

namespace ar::tok::jinja {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  enum class Kind {
    Literal,      // value
    Name,         // name
    ListLiteral,  // operands
    DictLiteral,  // operands: key, value, key, value, ...
    Attribute,    // operands[0].name
    Subscript,    // operands[0][operands[1]]
    Slice,        // operands[0][operands[1]:operands[2]:operands[3]] (null = omitted)
    Call,         // operands[0](operands[1..], keyword_args)
    Filter,       // operands[0] | name(operands[1..], keyword_args)
    Test,         // operands[0] is [not] name(operands[1..])
    Unary,        // name is "not" or "-" or "+"
    Binary,       // name is the operator, operands[0] op operands[1]
    Conditional,  // operands[1] if operands[0] else operands[2] (may be null)
  };

  Kind kind = Kind::Literal;
  int line = 1;
  Value value;
  std::string name;
  std::vector<ExprPtr> operands;
  std::vector<std::pair<std::string, ExprPtr>> keyword_args;
  bool negated = false;
};

struct Node;
using NodeList = std::vector<std::unique_ptr<Node>>;

struct Node {
  enum class Kind { Text, Output, If, For, Set, Break, Continue };

  struct Branch {
    ExprPtr condition;  // null for {% else %}
    NodeList body;
  };

  Kind kind = Kind::Text;
  int line = 1;
  std::string text;                  // Text
  ExprPtr expr;                      // Output value, For iterable, Set value
  std::vector<Branch> branches;      // If
  std::vector<std::string> targets;  // For loop variables; Set: name (and attribute)
  ExprPtr loop_filter;               // For ... if condition
  NodeList body;                     // For
  NodeList else_body;                // For ... else
};

struct Template {
  NodeList nodes;
};

}  // namespace ar::tok::jinja
