#include "jinja_operators.hpp"

#include <cmath>
#include <stdexcept>

#include "jinja_builtins.hpp"

namespace ar::tok::jinja {

namespace {

int64_t python_floor_div(int64_t a, int64_t b) {
  int64_t quotient = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --quotient;
  return quotient;
}

int64_t python_mod(int64_t a, int64_t b) {
  const int64_t remainder = a % b;
  return (remainder != 0 && ((remainder < 0) != (b < 0))) ? remainder + b : remainder;
}

bool contains(const Value& container, const Value& item, int line) {
  if (container.is_string()) {
    if (!item.is_string()) runtime_error(line, "'in <string>' requires a string on the left");
    return container.as_string().find(item.as_string()) != std::string::npos;
  }
  if (container.is_dict()) return item.is_string() && container.as_dict().find(item.as_string()) != nullptr;
  if (container.is_list()) {
    for (const Value& element : container.as_list()) {
      if (values_equal(element, item)) return true;
    }
    return false;
  }
  if (container.is_undefined()) return false;
  runtime_error(line, "argument of type '" + container.type_name() + "' is not a container");
}

Value arithmetic(const std::string& op, const Value& left, const Value& right, int line) {
  if (op == "+" && left.is_string() && right.is_string()) return left.as_string() + right.as_string();
  if (op == "+" && left.is_list() && right.is_list()) {
    List joined = left.as_list();
    joined.insert(joined.end(), right.as_list().begin(), right.as_list().end());
    return joined;
  }
  if (op == "*" && left.is_string() && right.is_int()) {
    std::string out;
    for (int64_t i = 0; i < right.as_int(); ++i) out += left.as_string();
    return out;
  }
  const bool numeric = (left.is_number() || left.is_bool()) && (right.is_number() || right.is_bool());
  if (!numeric) {
    runtime_error(line, "unsupported operand types for " + op + ": '" + left.type_name() + "' and '" +
                            right.type_name() + "'");
  }
  const bool integers = !left.is_float() && !right.is_float();
  const double a = left.as_double();
  const double b = right.as_double();
  if ((op == "/" || op == "//" || op == "%") && b == 0.0) runtime_error(line, "division by zero");
  if (integers && op != "/" && op != "**") {
    const auto x = static_cast<int64_t>(a);
    const auto y = static_cast<int64_t>(b);
    if (op == "+") return x + y;
    if (op == "-") return x - y;
    if (op == "*") return x * y;
    if (op == "//") return python_floor_div(x, y);
    if (op == "%") return python_mod(x, y);
  }
  if (op == "+") return a + b;
  if (op == "-") return a - b;
  if (op == "*") return a * b;
  if (op == "/") return a / b;
  if (op == "//") return std::floor(a / b);
  if (op == "%") return a - std::floor(a / b) * b;
  if (op == "**") {
    if (integers && b >= 0) return static_cast<int64_t>(std::llround(std::pow(a, b)));
    return std::pow(a, b);
  }
  runtime_error(line, "unsupported operator '" + op + "'");
}

}  // namespace

Value binary_operation(const std::string& op, const Value& left, const Value& right, int line) {
  if (op == "~") return left.str() + right.str();
  if (op == "==") return values_equal(left, right);
  if (op == "!=") return !values_equal(left, right);
  if (op == "in" || op == "not in") return contains(right, left, line) == (op == "in");
  try {
    if (op == "<") return value_less(left, right);
    if (op == ">") return value_less(right, left);
    if (op == "<=") return !value_less(right, left);
    if (op == ">=") return !value_less(left, right);
  } catch (const std::invalid_argument& error) {
    runtime_error(line, error.what());
  }
  return arithmetic(op, left, right, line);
}

}  // namespace ar::tok::jinja
