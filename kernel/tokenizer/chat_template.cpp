#include "chat_template.hpp"

#include "jinja_eval.hpp"
#include "jinja_parser.hpp"

namespace ar::tok {

ChatTemplate::ChatTemplate(const std::string& source) : template_(jinja::parse_template(source)) {}

std::string ChatTemplate::render(const std::vector<ChatMessage>& messages, bool add_generation_prompt,
                                 const std::map<std::string, std::string>& variables) const {
  jinja::Dict globals;
  for (const auto& [name, value] : variables) globals.set(name, jinja::Value(value));
  jinja::List message_list;
  for (const ChatMessage& message : messages) {
    jinja::Dict entry;
    entry.set("role", jinja::Value(message.role));
    entry.set("content", jinja::Value(message.content));
    message_list.emplace_back(std::move(entry));
  }
  globals.set("messages", jinja::Value(std::move(message_list)));
  globals.set("add_generation_prompt", jinja::Value(add_generation_prompt));
  // transformers always passes these, as None when unused.
  globals.set("tools", jinja::Value(jinja::None{}));
  globals.set("documents", jinja::Value(jinja::None{}));
  return jinja::render(*template_, globals);
}

std::string render_plain_chat(const std::vector<ChatMessage>& messages, bool add_generation_prompt) {
  std::string out;
  for (const ChatMessage& message : messages) out += message.role + ": " + message.content + "\n";
  if (add_generation_prompt) out += "assistant: ";
  return out;
}

}  // namespace ar::tok
