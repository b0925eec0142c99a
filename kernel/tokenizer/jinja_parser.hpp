// Parser for the chat-template Jinja subset (see chat_template.hpp).
#pragma once

#include <memory>
#include <string_view>

#include "jinja_ast.hpp"

namespace ar::tok::jinja {

// Throws TokenizerError naming the line for unsupported or invalid syntax.
std::shared_ptr<const Template> parse_template(std::string_view source);

}  // namespace ar::tok::jinja
