// Renders a parsed chat template.
#pragma once

#include <string>

#include "jinja_ast.hpp"

namespace ar::tok::jinja {

// `globals` holds messages, add_generation_prompt, bos_token, ...
// Throws TokenizerError for runtime errors and raise_exception().
std::string render(const Template& tmpl, const Dict& globals);

}  // namespace ar::tok::jinja
