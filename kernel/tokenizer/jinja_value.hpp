// Runtime values of the chat-template interpreter, with Python semantics for
// printing, truthiness, equality and ordering (templates are Jinja/Python).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ar::tok::jinja {

struct Value;
using List = std::vector<Value>;

// Insertion-ordered string-keyed mapping. `is_namespace` marks objects made
// by namespace(), whose attributes may be assigned with {% set ns.x = ... %}.
struct Dict {
  std::vector<std::pair<std::string, Value>> items;
  bool is_namespace = false;

  const Value* find(const std::string& key) const;
  void set(const std::string& key, Value value);
};

struct Undefined {};
struct None {};

struct Value {
  using Storage = std::variant<Undefined, None, bool, int64_t, double, std::string, std::shared_ptr<List>,
                               std::shared_ptr<Dict>>;
  Storage data;

  Value() = default;
  Value(None) : data(None{}) {}
  Value(bool b) : data(b) {}
  Value(int64_t i) : data(i) {}
  Value(int i) : data(static_cast<int64_t>(i)) {}
  Value(double d) : data(d) {}
  Value(std::string s) : data(std::move(s)) {}
  Value(const char* s) : data(std::string(s)) {}
  Value(List list) : data(std::make_shared<List>(std::move(list))) {}
  Value(Dict dict) : data(std::make_shared<Dict>(std::move(dict))) {}

  bool is_undefined() const { return std::holds_alternative<Undefined>(data); }
  bool is_none() const { return std::holds_alternative<None>(data); }
  bool is_bool() const { return std::holds_alternative<bool>(data); }
  bool is_int() const { return std::holds_alternative<int64_t>(data); }
  bool is_float() const { return std::holds_alternative<double>(data); }
  bool is_number() const { return is_int() || is_float(); }
  bool is_string() const { return std::holds_alternative<std::string>(data); }
  bool is_list() const { return std::holds_alternative<std::shared_ptr<List>>(data); }
  bool is_dict() const { return std::holds_alternative<std::shared_ptr<Dict>>(data); }

  const std::string& as_string() const { return std::get<std::string>(data); }
  int64_t as_int() const { return std::get<int64_t>(data); }
  bool as_bool() const { return std::get<bool>(data); }
  double as_double() const;  // int, float or bool
  const List& as_list() const { return *std::get<std::shared_ptr<List>>(data); }
  Dict& as_dict() const { return *std::get<std::shared_ptr<Dict>>(data); }

  bool truthy() const;
  // Python str(): what {{ value }} prints (undefined prints nothing).
  std::string str() const;
  // Python repr(): how the value prints inside a list or dict.
  std::string repr() const;
  std::string type_name() const;
};

bool values_equal(const Value& left, const Value& right);
// Python `<`; throws std::invalid_argument for unorderable types.
bool value_less(const Value& left, const Value& right);
// JSON text like Python json.dumps(value, ensure_ascii=False).
std::string to_json(const Value& value, int indent = -1, int depth = 0);

}  // namespace ar::tok::jinja
