#include "jinja_value.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace ar::tok::jinja {

namespace {

// Python repr() of a float: shortest round-trip digits, ".0" for integral
// values, exponent form outside [1e-4, 1e16).
std::string float_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const double magnitude = std::fabs(value);
  const bool scientific = magnitude != 0.0 && (magnitude < 1e-4 || magnitude >= 1e16);
  const auto format = scientific ? std::chars_format::scientific : std::chars_format::fixed;
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, format);
  std::string text(buffer, result.ptr);
  if (!scientific && text.find('.') == std::string::npos) text += ".0";
  return text;
}

std::string quote_python(const std::string& text) {
  const bool use_double = text.find('\'') != std::string::npos && text.find('"') == std::string::npos;
  const char quote = use_double ? '"' : '\'';
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out + quote;
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (byte < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04x", byte);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

const Value* Dict::find(const std::string& key) const {
  for (const auto& [name, value] : items) {
    if (name == key) return &value;
  }
  return nullptr;
}

void Dict::set(const std::string& key, Value value) {
  for (auto& [name, existing] : items) {
    if (name == key) {
      existing = std::move(value);
      return;
    }
  }
  items.emplace_back(key, std::move(value));
}

double Value::as_double() const {
  if (is_int()) return static_cast<double>(as_int());
  if (is_bool()) return as_bool() ? 1.0 : 0.0;
  return std::get<double>(data);
}

bool Value::truthy() const {
  if (is_undefined() || is_none()) return false;
  if (is_bool()) return as_bool();
  if (is_int()) return as_int() != 0;
  if (is_float()) return as_double() != 0.0;
  if (is_string()) return !as_string().empty();
  if (is_list()) return !as_list().empty();
  return !as_dict().items.empty();
}

std::string Value::str() const {
  if (is_undefined()) return "";
  if (is_string()) return as_string();
  return repr();
}

std::string Value::repr() const {
  if (is_undefined()) return "";
  if (is_none()) return "None";
  if (is_bool()) return as_bool() ? "True" : "False";
  if (is_int()) return std::to_string(as_int());
  if (is_float()) return float_repr(as_double());
  if (is_string()) return quote_python(as_string());
  std::string out;
  if (is_list()) {
    out = "[";
    for (std::size_t i = 0; i < as_list().size(); ++i) out += (i ? ", " : "") + as_list()[i].repr();
    return out + "]";
  }
  out = is_dict() && as_dict().is_namespace ? "<Namespace {" : "{";
  const auto& items = as_dict().items;
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i ? ", " : "") + quote_python(items[i].first) + ": " + items[i].second.repr();
  }
  return out + (as_dict().is_namespace ? "}>" : "}");
}

std::string Value::type_name() const {
  if (is_undefined()) return "undefined";
  if (is_none()) return "NoneType";
  if (is_bool()) return "bool";
  if (is_int()) return "int";
  if (is_float()) return "float";
  if (is_string()) return "str";
  if (is_list()) return "list";
  return "dict";
}

bool values_equal(const Value& left, const Value& right) {
  const bool left_numeric = left.is_number() || left.is_bool();
  const bool right_numeric = right.is_number() || right.is_bool();
  if (left_numeric && right_numeric) {
    if (left.is_float() || right.is_float()) return left.as_double() == right.as_double();
    const auto as_integer = [](const Value& v) { return v.is_bool() ? int64_t{v.as_bool()} : v.as_int(); };
    return as_integer(left) == as_integer(right);
  }
  if (left.data.index() != right.data.index()) return false;
  if (left.is_undefined() || left.is_none()) return true;
  if (left.is_string()) return left.as_string() == right.as_string();
  if (left.is_list()) {
    const List& a = left.as_list();
    const List& b = right.as_list();
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!values_equal(a[i], b[i])) return false;
    }
    return true;
  }
  const auto& a = left.as_dict().items;
  const auto& b = right.as_dict();
  if (a.size() != b.items.size()) return false;
  for (const auto& [key, value] : a) {
    const Value* other = b.find(key);
    if (other == nullptr || !values_equal(value, *other)) return false;
  }
  return true;
}

bool value_less(const Value& left, const Value& right) {
  if ((left.is_number() || left.is_bool()) && (right.is_number() || right.is_bool())) {
    return left.as_double() < right.as_double();
  }
  if (left.is_string() && right.is_string()) return left.as_string() < right.as_string();
  if (left.is_list() && right.is_list()) {
    const List& a = left.as_list();
    const List& b = right.as_list();
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
      if (value_less(a[i], b[i])) return true;
      if (value_less(b[i], a[i])) return false;
    }
    return a.size() < b.size();
  }
  throw std::invalid_argument("'<' not supported between instances of '" + left.type_name() + "' and '" +
                              right.type_name() + "'");
}

std::string to_json(const Value& value, int indent, int depth) {
  if (value.is_undefined() || value.is_none()) return "null";
  if (value.is_bool()) return value.as_bool() ? "true" : "false";
  if (value.is_int() || value.is_float()) return value.repr();
  if (value.is_string()) return json_string(value.as_string());
  const std::string newline = indent >= 0 ? "\n" + std::string((depth + 1) * indent, ' ') : "";
  const std::string closing = indent >= 0 ? "\n" + std::string(depth * indent, ' ') : "";
  const std::string separator = indent >= 0 ? "," : ", ";
  std::string out;
  if (value.is_list()) {
    const List& list = value.as_list();
    if (list.empty()) return "[]";
    out = "[";
    for (std::size_t i = 0; i < list.size(); ++i) {
      out += (i ? separator : "") + newline + to_json(list[i], indent, depth + 1);
    }
    return out + closing + "]";
  }
  const auto& items = value.as_dict().items;
  if (items.empty()) return "{}";
  out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i ? separator : "") + newline + json_string(items[i].first) + ": " +
           to_json(items[i].second, indent, depth + 1);
  }
  return out + closing + "}";
}

}  // namespace ar::tok::jinja
