#include "jinja_eval.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <unordered_map>

#include "jinja_builtins.hpp"
#include "jinja_operators.hpp"
#include "tokenizer.hpp"
#include "utf8.hpp"

namespace ar::tok::jinja {

namespace {

enum class Flow { Normal, Break, Continue };

// Python slicing of a list of items with optional bounds.
List slice_items(const List& items, const Value& start_value, const Value& stop_value,
                 const Value& step_value, int line) {
  const int64_t size = static_cast<int64_t>(items.size());
  const int64_t step = step_value.is_int() ? step_value.as_int() : 1;
  if (step == 0) runtime_error(line, "slice step cannot be zero");
  auto clamp = [size, step](const Value& bound, int64_t fallback) {
    if (!bound.is_int()) return fallback;
    int64_t index = bound.as_int();
    if (index < 0) index += size;
    if (step > 0) return std::clamp<int64_t>(index, 0, size);
    return std::clamp<int64_t>(index, -1, size - 1);
  };
  const int64_t start = clamp(start_value, step > 0 ? 0 : size - 1);
  const int64_t stop = clamp(stop_value, step > 0 ? size : -1);
  List out;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) out.push_back(items[i]);
  return out;
}

class Renderer {
 public:
  explicit Renderer(const Dict& globals) { scopes_.push_back(globals); }

  std::string run(const Template& tmpl) {
    execute(tmpl.nodes);
    return std::move(output_);
  }

 private:
  // ---- statements ----------------------------------------------------------
  Flow execute(const NodeList& nodes) {
    for (const auto& node : nodes) {
      const Flow flow = execute(*node);
      if (flow != Flow::Normal) return flow;
    }
    return Flow::Normal;
  }

  Flow execute(const Node& node) {
    switch (node.kind) {
      case Node::Kind::Text:
        output_ += node.text;
        return Flow::Normal;
      case Node::Kind::Output:
        output_ += evaluate(*node.expr).str();
        return Flow::Normal;
      case Node::Kind::If:
        for (const auto& branch : node.branches) {
          if (!branch.condition || evaluate(*branch.condition).truthy()) return execute(branch.body);
        }
        return Flow::Normal;
      case Node::Kind::For:
        return execute_for(node);
      case Node::Kind::Set:
        execute_set(node);
        return Flow::Normal;
      case Node::Kind::Break:
        return Flow::Break;
      case Node::Kind::Continue:
        return Flow::Continue;
    }
    return Flow::Normal;
  }

  void execute_set(const Node& node) {
    Value value = evaluate(*node.expr);
    if (node.targets.size() == 1) {
      scopes_.back().set(node.targets[0], std::move(value));
      return;
    }
    const Value target = lookup(node.targets[0]);
    if (!target.is_dict() || !target.as_dict().is_namespace) {
      runtime_error(node.line, "cannot assign attribute on non-namespace object '" + node.targets[0] + "'");
    }
    target.as_dict().set(node.targets[1], std::move(value));
  }

  List loop_items(const Node& node) {
    const Value iterable = evaluate(*node.expr);
    List items;
    if (iterable.is_list()) {
      items = iterable.as_list();
    } else if (!iterable.is_undefined()) {
      items = apply_filter("list", iterable, {}, {}, node.line).as_list();
    }
    if (!node.loop_filter) return items;
    List kept;
    for (const Value& item : items) {
      scopes_.emplace_back();
      bind_targets(node, item);
      if (evaluate(*node.loop_filter).truthy()) kept.push_back(item);
      scopes_.pop_back();
    }
    return kept;
  }

  void bind_targets(const Node& node, const Value& item) {
    if (node.targets.size() == 1) {
      scopes_.back().set(node.targets[0], item);
      return;
    }
    if (!item.is_list() || item.as_list().size() != node.targets.size()) {
      runtime_error(node.line,
                    "cannot unpack loop item into " + std::to_string(node.targets.size()) + " names");
    }
    for (std::size_t i = 0; i < node.targets.size(); ++i)
      scopes_.back().set(node.targets[i], item.as_list()[i]);
  }

  Flow execute_for(const Node& node) {
    const List items = loop_items(node);
    const int64_t length = static_cast<int64_t>(items.size());
    for (int64_t i = 0; i < length; ++i) {
      scopes_.emplace_back();
      Dict loop;
      loop.set("index", i + 1);
      loop.set("index0", i);
      loop.set("revindex", length - i);
      loop.set("revindex0", length - i - 1);
      loop.set("first", i == 0);
      loop.set("last", i == length - 1);
      loop.set("length", length);
      loop.set("previtem", i > 0 ? items[i - 1] : Value());
      loop.set("nextitem", i + 1 < length ? items[i + 1] : Value());
      scopes_.back().set("loop", Value(std::move(loop)));
      bind_targets(node, items[i]);
      const Flow flow = execute(node.body);
      scopes_.pop_back();
      if (flow == Flow::Break) break;
    }
    if (items.empty()) execute(node.else_body);
    return Flow::Normal;
  }

  // ---- expressions ---------------------------------------------------------
  Value lookup(const std::string& name) const {
    for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
      if (const Value* value = scope->find(name)) return *value;
    }
    return Value();
  }

  Value evaluate(const Expr& expr) {
    switch (expr.kind) {
      case Expr::Kind::Literal:
        return expr.value;
      case Expr::Kind::Name:
        return lookup(expr.name);
      case Expr::Kind::ListLiteral: {
        List items;
        for (const auto& operand : expr.operands) items.push_back(evaluate(*operand));
        return items;
      }
      case Expr::Kind::DictLiteral: {
        Dict dict;
        for (std::size_t i = 0; i + 1 < expr.operands.size(); i += 2) {
          dict.set(evaluate(*expr.operands[i]).str(), evaluate(*expr.operands[i + 1]));
        }
        return dict;
      }
      case Expr::Kind::Attribute:
        return get_item(evaluate(*expr.operands[0]), Value(expr.name), expr.line);
      case Expr::Kind::Subscript:
        return get_item(evaluate(*expr.operands[0]), evaluate(*expr.operands[1]), expr.line);
      case Expr::Kind::Slice:
        return evaluate_slice(expr);
      case Expr::Kind::Call:
        return evaluate_call(expr);
      case Expr::Kind::Filter:
        return apply_filter(expr.name, evaluate(*expr.operands[0]), evaluate_arguments(expr, 1),
                            evaluate_keywords(expr), expr.line);
      case Expr::Kind::Test:
        return apply_test(expr.name, evaluate(*expr.operands[0]), evaluate_arguments(expr, 1), expr.line) !=
               expr.negated;
      case Expr::Kind::Unary:
        return evaluate_unary(expr);
      case Expr::Kind::Binary:
        return evaluate_binary(expr);
      case Expr::Kind::Conditional:
        if (evaluate(*expr.operands[0]).truthy()) return evaluate(*expr.operands[1]);
        return expr.operands[2] ? evaluate(*expr.operands[2]) : Value();
    }
    return Value();
  }

  Arguments evaluate_arguments(const Expr& expr, std::size_t first) {
    Arguments args;
    for (std::size_t i = first; i < expr.operands.size(); ++i) args.push_back(evaluate(*expr.operands[i]));
    return args;
  }

  KeywordArguments evaluate_keywords(const Expr& expr) {
    KeywordArguments kwargs;
    for (const auto& [name, value] : expr.keyword_args) kwargs.emplace_back(name, evaluate(*value));
    return kwargs;
  }

  Value get_item(const Value& object, const Value& key, int line) {
    if (object.is_dict()) {
      const Value* found = object.as_dict().find(key.str());
      return found ? *found : Value();
    }
    if ((object.is_list() || object.is_string()) && key.is_int()) {
      const List items =
          object.is_list() ? object.as_list() : apply_filter("list", object, {}, {}, line).as_list();
      int64_t index = key.as_int();
      if (index < 0) index += static_cast<int64_t>(items.size());
      if (index < 0 || index >= static_cast<int64_t>(items.size())) return Value();
      return items[index];
    }
    if (object.is_undefined()) runtime_error(line, "cannot read '" + key.str() + "' of an undefined value");
    return Value();
  }

  Value evaluate_slice(const Expr& expr) {
    const Value target = evaluate(*expr.operands[0]);
    Value bounds[3];
    for (int i = 0; i < 3; ++i) {
      if (expr.operands[i + 1]) bounds[i] = evaluate(*expr.operands[i + 1]);
    }
    const bool is_string = target.is_string();
    const List items = apply_filter("list", target, {}, {}, expr.line).as_list();
    List sliced = slice_items(items, bounds[0], bounds[1], bounds[2], expr.line);
    if (!is_string) return sliced;
    std::string text;
    for (const Value& c : sliced) text += c.as_string();
    return text;
  }

  Value evaluate_call(const Expr& expr) {
    const Expr& callee = *expr.operands[0];
    Arguments args = evaluate_arguments(expr, 1);
    if (callee.kind == Expr::Kind::Attribute) {
      return call_method(evaluate(*callee.operands[0]), callee.name, args, expr.line);
    }
    if (callee.kind != Expr::Kind::Name) runtime_error(expr.line, "only named functions can be called");
    return call_global(callee.name, args, evaluate_keywords(expr), expr.line);
  }

  Value call_global(const std::string& name, const Arguments& args, const KeywordArguments& kwargs,
                    int line) {
    if (name == "raise_exception") {
      throw TokenizerError("chat template raised an exception: " + (args.empty() ? "" : args[0].str()));
    }
    if (name == "namespace" || name == "dict") {
      Dict dict;
      dict.is_namespace = name == "namespace";
      for (const auto& [key, value] : kwargs) dict.set(key, value);
      return dict;
    }
    if (name == "range") return make_range(args, line);
    if (name == "strftime_now") {
      const std::time_t now = std::time(nullptr);
      char buffer[256];
      const std::size_t length = std::strftime(
          buffer, sizeof(buffer), args.empty() ? "" : args[0].str().c_str(), std::localtime(&now));
      return std::string(buffer, length);
    }
    runtime_error(line, "unknown function '" + name + "'");
  }

  static Value make_range(const Arguments& args, int line) {
    for (const Value& arg : args) {
      if (!arg.is_int()) runtime_error(line, "range() expects integers");
    }
    if (args.empty() || args.size() > 3) runtime_error(line, "range() expects 1 to 3 arguments");
    const int64_t start = args.size() == 1 ? 0 : args[0].as_int();
    const int64_t stop = args.size() == 1 ? args[0].as_int() : args[1].as_int();
    const int64_t step = args.size() == 3 ? args[2].as_int() : 1;
    if (step == 0) runtime_error(line, "range() step cannot be zero");
    List items;
    for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) items.emplace_back(i);
    return items;
  }

  Value evaluate_unary(const Expr& expr) {
    const Value operand = evaluate(*expr.operands[0]);
    if (expr.name == "not") return !operand.truthy();
    if (!operand.is_number()) runtime_error(expr.line, "bad operand type for unary " + expr.name);
    if (expr.name == "+") return operand;
    return operand.is_int() ? Value(-operand.as_int()) : Value(-operand.as_double());
  }

  Value evaluate_binary(const Expr& expr) {
    const Value left = evaluate(*expr.operands[0]);
    if (expr.name == "and") return left.truthy() ? evaluate(*expr.operands[1]) : left;
    if (expr.name == "or") return left.truthy() ? left : evaluate(*expr.operands[1]);
    return binary_operation(expr.name, left, evaluate(*expr.operands[1]), expr.line);
  }

  std::vector<Dict> scopes_;
  std::string output_;
};

}  // namespace

std::string render(const Template& tmpl, const Dict& globals) { return Renderer(globals).run(tmpl); }

}  // namespace ar::tok::jinja
