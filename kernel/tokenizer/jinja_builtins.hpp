// Filters, tests and methods available to chat templates (see the list in
// chat_template.hpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "jinja_value.hpp"

namespace ar::tok::jinja {

using Arguments = std::vector<Value>;
using KeywordArguments = std::vector<std::pair<std::string, Value>>;

// All throw TokenizerError("template error at line N: ...") on misuse.
Value apply_filter(const std::string& name, const Value& input, const Arguments& args,
                   const KeywordArguments& kwargs, int line);
bool apply_test(const std::string& name, const Value& input, const Arguments& args, int line);
Value call_method(const Value& object, const std::string& method, const Arguments& args, int line);

[[noreturn]] void runtime_error(int line, const std::string& message);

}  // namespace ar::tok::jinja
