#include "jinja_builtins.hpp"

#include <algorithm>
#include <cmath>

#include "tokenizer.hpp"
#include "unicode.hpp"
#include "utf8.hpp"

namespace ar::tok::jinja {

namespace {

const Value& argument(const Arguments& args, std::size_t index, const Value& fallback) {
  return index < args.size() ? args[index] : fallback;
}

const Value* keyword(const KeywordArguments& kwargs, const std::string& name) {
  for (const auto& [key, value] : kwargs) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string require_string(const Value& value, const std::string& what, int line) {
  if (!value.is_string()) runtime_error(line, what + " expects a string, got " + value.type_name());
  return value.as_string();
}

bool in_char_set(char32_t c, const std::string* chars) {
  if (chars == nullptr) return is_white_space(c);
  std::size_t position = 0;
  while (position < chars->size()) {
    if (next_code_point(*chars, position) == c) return true;
  }
  return false;
}

// Python str.strip / lstrip / rstrip with an optional set of characters.
std::string strip(const std::string& text, bool left, bool right, const std::string* chars) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (left && begin < end) {
    std::size_t next = begin;
    if (!in_char_set(next_code_point(text, next), chars)) break;
    begin = next;
  }
  while (right && end > begin) {
    const char32_t c = previous_code_point(text, end);
    if (!in_char_set(c, chars)) break;
    end -= to_utf8(c).size();
  }
  return text.substr(begin, end - begin);
}

std::string ascii_case(std::string text, bool upper) {
  for (char& c : text)
    c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c))
                                : std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Python str.title() for ASCII letters; other characters count as separators
// unless they are letters.
std::string title_case(const std::string& text) {
  std::string out = lowercase_per_char(text);
  bool at_word_start = true;
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalpha(byte)) {
      if (at_word_start) c = static_cast<char>(std::toupper(byte));
      at_word_start = false;
    } else {
      at_word_start = byte < 0x80;
    }
  }
  return out;
}

std::string capitalize(const std::string& text) {
  std::string out = lowercase_per_char(text);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string replace_all(const std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  std::string out;
  std::size_t start = 0;
  for (std::size_t hit = text.find(from); hit != std::string::npos; hit = text.find(from, start)) {
    out += text.substr(start, hit - start) + to;
    start = hit + from.size();
  }
  return out + text.substr(start);
}

List split(const std::string& text, const Value& separator) {
  List parts;
  if (separator.is_string() && !separator.as_string().empty()) {
    const std::string& sep = separator.as_string();
    std::size_t start = 0;
    for (std::size_t hit = text.find(sep); hit != std::string::npos; hit = text.find(sep, start)) {
      parts.emplace_back(text.substr(start, hit - start));
      start = hit + sep.size();
    }
    parts.emplace_back(text.substr(start));
    return parts;
  }
  std::size_t position = 0;
  std::string current;
  while (position < text.size()) {
    const std::size_t start = position;
    if (is_white_space(next_code_point(text, position))) {
      if (!current.empty()) parts.emplace_back(current);
      current.clear();
    } else {
      current += text.substr(start, position - start);
    }
  }
  if (!current.empty()) parts.emplace_back(current);
  return parts;
}

// Items of an iterable value as a list (dict -> keys, string -> characters).
List to_list(const Value& value, int line) {
  if (value.is_list()) return value.as_list();
  if (value.is_undefined()) return {};
  if (value.is_dict()) {
    List keys;
    for (const auto& item : value.as_dict().items) keys.emplace_back(item.first);
    return keys;
  }
  if (value.is_string()) {
    List characters;
    std::size_t position = 0;
    const std::string& text = value.as_string();
    while (position < text.size()) {
      const std::size_t start = position;
      next_code_point(text, position);
      characters.emplace_back(text.substr(start, position - start));
    }
    return characters;
  }
  runtime_error(line, "'" + value.type_name() + "' object is not iterable");
}

int64_t length_of(const Value& value, int line) {
  if (value.is_string()) return static_cast<int64_t>(count_code_points(value.as_string()));
  if (value.is_dict()) return static_cast<int64_t>(value.as_dict().items.size());
  return static_cast<int64_t>(to_list(value, line).size());
}

Value attribute_of(const Value& value, const std::string& name) {
  if (!value.is_dict()) return Value();
  const Value* found = value.as_dict().find(name);
  return found ? *found : Value();
}

// selectattr / rejectattr: keep items whose attribute passes the test.
Value select_by_attribute(const Value& input, const Arguments& args, bool keep_when, int line) {
  if (args.empty()) runtime_error(line, "selectattr/rejectattr need an attribute name");
  const std::string attribute = require_string(args[0], "selectattr", line);
  const Arguments test_args(args.size() > 2 ? args.begin() + 2 : args.end(), args.end());
  List kept;
  for (const Value& item : to_list(input, line)) {
    const Value field = attribute_of(item, attribute);
    const bool passes = args.size() > 1
                            ? apply_test(require_string(args[1], "selectattr", line), field, test_args, line)
                            : field.truthy();
    if (passes == keep_when) kept.push_back(item);
  }
  return kept;
}

Value string_filter(const std::string& name, const std::string& text, const Arguments& args, int line) {
  if (name == "trim") {
    const Value none;
    const Value& chars = argument(args, 0, none);
    return strip(text, true, true, chars.is_string() ? &chars.as_string() : nullptr);
  }
  if (name == "upper") return ascii_case(text, true);
  if (name == "lower") return lowercase_per_char(text);
  if (name == "title") return title_case(text);
  if (name == "capitalize") return capitalize(text);
  if (name == "replace") {
    if (args.size() < 2) runtime_error(line, "replace needs two arguments");
    return replace_all(text, require_string(args[0], "replace", line),
                       require_string(args[1], "replace", line));
  }
  runtime_error(line, "filter '" + name + "' expects a string");
}

}  // namespace

void runtime_error(int line, const std::string& message) {
  throw TokenizerError("template error at line " + std::to_string(line) + ": " + message);
}

Value apply_filter(const std::string& name, const Value& input, const Arguments& args,
                   const KeywordArguments& kwargs, int line) {
  static const Value kNone;
  if (name == "trim" || name == "upper" || name == "lower" || name == "title" || name == "capitalize" ||
      name == "replace") {
    return string_filter(name, input.is_string() ? input.as_string() : input.str(), args, line);
  }
  if (name == "length" || name == "count") return length_of(input, line);
  if (name == "safe") return input;
  if (name == "string") return input.str();
  if (name == "default" || name == "d") {
    const bool boolean = argument(args, 1, kNone).truthy();
    const bool use_default = input.is_undefined() || (boolean && !input.truthy());
    return use_default ? argument(args, 0, Value(std::string())) : input;
  }
  if (name == "first" || name == "last") {
    const List items = to_list(input, line);
    if (items.empty()) return Value();
    return name == "first" ? items.front() : items.back();
  }
  if (name == "join") {
    const Value* attribute = keyword(kwargs, "attribute");
    std::string out;
    const std::string separator = argument(args, 0, Value(std::string())).str();
    const List items = to_list(input, line);
    for (std::size_t i = 0; i < items.size(); ++i) {
      out += (i ? separator : "") + (attribute ? attribute_of(items[i], attribute->str()) : items[i]).str();
    }
    return out;
  }
  if (name == "list") return to_list(input, line);
  if (name == "reverse") {
    if (input.is_string()) {
      std::string out;
      for (const Value& c : to_list(input, line)) out.insert(0, c.as_string());
      return out;
    }
    List items = to_list(input, line);
    std::reverse(items.begin(), items.end());
    return items;
  }
  if (name == "items") {
    if (!input.is_dict()) runtime_error(line, "filter 'items' expects a mapping");
    List pairs;
    for (const auto& [key, value] : input.as_dict().items) pairs.emplace_back(List{Value(key), value});
    return pairs;
  }
  if (name == "tojson") {
    const Value* indent = keyword(kwargs, "indent");
    const Value& positional = argument(args, 0, kNone);
    const Value& chosen = indent ? *indent : positional;
    return to_json(input, chosen.is_int() ? static_cast<int>(chosen.as_int()) : -1);
  }
  if (name == "int") {
    if (input.is_string()) return static_cast<int64_t>(std::strtoll(input.as_string().c_str(), nullptr, 10));
    return input.is_number() || input.is_bool() ? static_cast<int64_t>(input.as_double()) : int64_t{0};
  }
  if (name == "float") {
    if (input.is_string()) return std::strtod(input.as_string().c_str(), nullptr);
    return input.is_number() || input.is_bool() ? input.as_double() : 0.0;
  }
  if (name == "abs") {
    if (input.is_int()) return static_cast<int64_t>(std::llabs(input.as_int()));
    return std::fabs(input.as_double());
  }
  if (name == "selectattr" || name == "rejectattr") {
    return select_by_attribute(input, args, name == "selectattr", line);
  }
  if (name == "map") {
    const Value* attribute = keyword(kwargs, "attribute");
    if (attribute == nullptr) runtime_error(line, "only map(attribute='...') is supported");
    List mapped;
    for (const Value& item : to_list(input, line)) mapped.push_back(attribute_of(item, attribute->str()));
    return mapped;
  }
  runtime_error(line, "unsupported filter '" + name + "'");
}

bool apply_test(const std::string& name, const Value& input, const Arguments& args, int line) {
  static const Value kNone;
  if (name == "defined") return !input.is_undefined();
  if (name == "undefined") return input.is_undefined();
  if (name == "none") return input.is_none();
  if (name == "string") return input.is_string();
  if (name == "number") return input.is_number();
  if (name == "integer") return input.is_int();
  if (name == "float") return input.is_float();
  if (name == "boolean") return input.is_bool();
  if (name == "true") return input.is_bool() && input.as_bool();
  if (name == "false") return input.is_bool() && !input.as_bool();
  if (name == "mapping") return input.is_dict();
  if (name == "sequence") return input.is_list() || input.is_string() || input.is_dict();
  if (name == "iterable") return input.is_list() || input.is_string() || input.is_dict();
  if (name == "even" || name == "odd") {
    if (!input.is_int()) runtime_error(line, "test '" + name + "' expects an integer");
    return (input.as_int() % 2 == 0) == (name == "even");
  }
  if (name == "divisibleby") {
    const Value& divisor = argument(args, 0, kNone);
    if (!input.is_int() || !divisor.is_int() || divisor.as_int() == 0) {
      runtime_error(line, "test 'divisibleby' expects non-zero integers");
    }
    return input.as_int() % divisor.as_int() == 0;
  }
  if (name == "equalto" || name == "eq" || name == "==") return values_equal(input, argument(args, 0, kNone));
  if (name == "ne" || name == "!=") return !values_equal(input, argument(args, 0, kNone));
  runtime_error(line, "unsupported test '" + name + "'");
}

Value call_method(const Value& object, const std::string& method, const Arguments& args, int line) {
  static const Value kNone;
  if (object.is_dict()) {
    const Dict& dict = object.as_dict();
    if (method == "get") {
      const Value* found = dict.find(require_string(argument(args, 0, kNone), "get", line));
      return found ? *found : argument(args, 1, kNone);
    }
    if (method == "items") return apply_filter("items", object, {}, {}, line);
    if (method == "keys") return to_list(object, line);
    if (method == "values") {
      List values;
      for (const auto& item : dict.items) values.push_back(item.second);
      return values;
    }
  }
  if (object.is_string()) {
    const std::string& text = object.as_string();
    const Value& first = argument(args, 0, kNone);
    const std::string* chars = first.is_string() ? &first.as_string() : nullptr;
    if (method == "strip") return strip(text, true, true, chars);
    if (method == "lstrip") return strip(text, true, false, chars);
    if (method == "rstrip") return strip(text, false, true, chars);
    if (method == "upper") return ascii_case(text, true);
    if (method == "lower") return lowercase_per_char(text);
    if (method == "title") return title_case(text);
    if (method == "capitalize") return capitalize(text);
    if (method == "split") return split(text, first);
    if (method == "replace") return apply_filter("replace", object, args, {}, line);
    if (method == "startswith" || method == "endswith") {
      const List candidates = first.is_list() ? first.as_list() : List{first};
      for (const Value& candidate : candidates) {
        const std::string affix = require_string(candidate, method, line);
        const bool hit =
            affix.size() <= text.size() &&
            (method == "startswith" ? text.compare(0, affix.size(), affix) == 0
                                    : text.compare(text.size() - affix.size(), affix.size(), affix) == 0);
        if (hit) return true;
      }
      return false;
    }
  }
  runtime_error(line, "'" + object.type_name() + "' object has no supported method '" + method + "'");
}

}  // namespace ar::tok::jinja
