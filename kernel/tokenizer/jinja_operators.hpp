// Binary operators of the chat-template language with Python semantics
// (floor division and modulo, string/list concatenation, membership).
#pragma once

#include <string>

#include "jinja_value.hpp"

namespace ar::tok::jinja {

// Every operator except the short-circuiting `and` / `or`. Throws
// TokenizerError for unsupported operand types.
Value binary_operation(const std::string& op, const Value& left, const Value& right, int line);

}  // namespace ar::tok::jinja
