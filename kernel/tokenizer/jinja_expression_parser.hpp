// Expression grammar of the chat-template Jinja subset, with Jinja's
// precedence: conditional < or < and < not < comparisons < + - < ~ < * / // %
// < ** < unary - + < postfix (. [] ()) and filters / tests.
#pragma once

#include "jinja_ast.hpp"
#include "jinja_token_cursor.hpp"

namespace ar::tok::jinja {

// A full expression, including `a if cond else b`.
ExprPtr parse_expression(TokenCursor& cursor);
// An expression without the conditional form (for-loop iterables, loop filters).
ExprPtr parse_or_expression(TokenCursor& cursor);

}  // namespace ar::tok::jinja
