// Chat templates: renders a conversation with the model's Jinja chat template
// (tokenizer_config.json "chat_template" or chat_template.jinja), the way
// transformers' `apply_chat_template(messages, tokenize=False)` does: Jinja
// with trim_blocks and lstrip_blocks enabled.
//
// Supported Jinja subset
// ----------------------
// Template text:
//   {{ expr }}, {% statement %}, {# comment #}; whitespace control with '-'
//   ({{- -}}, {%- -%}, {#- -#}) and '+' ({%+ disables lstrip_blocks); \r\n
//   becomes \n and one trailing newline is dropped, as in Jinja.
// Statements:
//   {% if %} / {% elif %} / {% else %} / {% endif %}
//   {% for x in expr %} / {% for k, v in pairs %} ... [{% else %}] {% endfor %},
//     with an optional filter: {% for x in xs if cond %}; each iteration has
//     its own scope, as in Jinja
//   {% set name = expr %}, {% set ns.attr = expr %} (namespace objects)
//   {% break %}, {% continue %}
// Loop variables: loop.index, loop.index0, loop.revindex, loop.revindex0,
//   loop.first, loop.last, loop.length, loop.previtem, loop.nextitem.
// Expressions:
//   literals: 'str', "str" (\n \t \r \\ \' \" \xNN \uNNNN escapes), integers,
//     floats, true/false/none (also True/False/None), [lists], (tuples), {dicts}
//   variables, attribute access a.b, subscripts a['b'] / a[0] / a[-1],
//     slices a[1:], a[:-1], a[::-1]
//   operators: + - * / // % ** (Python semantics; + also joins strings and
//     lists), ~ (string concat), == != < <= > >=, and, or, not, in, not in,
//     `a if cond else b`
//   tests (x is [not] T): defined, undefined, none, string, number, integer,
//     float, boolean, true, false, mapping, iterable, sequence, even, odd,
//     divisibleby(n), equalto(v) / eq / ne
//   filters: trim, length/count, upper, lower, title, capitalize, first, last,
//     join(sep[, attribute=]), default(value[, boolean]) / d, string, int, float,
//     abs, list, items, reverse, tojson([indent]), replace(a, b), safe,
//     selectattr(attr[, test, value]), rejectattr(...), map(attribute=name)
//   string methods: strip/lstrip/rstrip([chars]), startswith/endswith(str or
//     tuple), upper, lower, title, capitalize, split([sep]), replace(a, b);
//     dict methods: get(key[, default]), items(), keys(), values()
//   globals: raise_exception(message) -> TokenizerError, namespace(...),
//     dict(...), range(...), strftime_now(format), messages (role, content),
//     add_generation_prompt, tools and documents (none), and the special
//     tokens bos_token, eos_token, pad_token, unk_token, mask_token.
// upper/title/capitalize change ASCII letters only (lower is full Unicode).
// Not supported: macros, call blocks, include/extends/import, {% set %} blocks,
// {% raw %}, recursive loops, {% generation %}. Unsupported syntax is reported
// as a TokenizerError naming the line when the template is parsed.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tokenizer.hpp"

namespace ar::tok {

namespace jinja {
struct Template;
}

class ChatTemplate {
 public:
  // Parses `source`; throws TokenizerError on syntax it does not support.
  explicit ChatTemplate(const std::string& source);

  // `variables` are extra string globals (bos_token, eos_token, ...).
  std::string render(const std::vector<ChatMessage>& messages, bool add_generation_prompt,
                     const std::map<std::string, std::string>& variables) const;

 private:
  std::shared_ptr<const jinja::Template> template_;
};

// Fallback for models without a template: "role: content\n" per message and
// "assistant: " when a generation prompt is requested.
std::string render_plain_chat(const std::vector<ChatMessage>& messages, bool add_generation_prompt);

}  // namespace ar::tok
