// Chat templates: the committed templates in tests/data/tokenizer/chat_templates
// against jinja2 renderings (chat_expected.json, make_chat_expectations.py),
// plus the plain-text fallback and error reporting.
#include "chat_template.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ar::tok::test {
namespace {

std::vector<ChatMessage> to_messages(const nlohmann::json& list) {
  std::vector<ChatMessage> messages;
  for (const auto& message : list) {
    messages.push_back({message["role"].get<std::string>(), message["content"].get<std::string>()});
  }
  return messages;
}

TEST(ChatTemplate, MatchesJinja2OnCommittedTemplates) {
  const nlohmann::json expected = read_json_file(test_data_dir() / "chat_expected.json");
  const auto variables = expected["special_tokens"].get<std::map<std::string, std::string>>();
  std::size_t compared = 0;
  for (const auto& item : expected["cases"]) {
    const std::string name = item["template"].get<std::string>();
    SCOPED_TRACE(name + " conversation " + std::to_string(item["conversation"].get<int>()) +
                 (item["add_generation_prompt"].get<bool>() ? " with generation prompt" : ""));
    const ChatTemplate chat_template(read_file(test_data_dir() / "chat_templates" / name));
    const auto messages = to_messages(item["messages"]);
    const bool prompt = item["add_generation_prompt"].get<bool>();
    if (item.contains("error")) {
      try {
        chat_template.render(messages, prompt, variables);
        ADD_FAILURE() << "expected an error like: " << item["error"].get<std::string>();
      } catch (const TokenizerError& error) {
        if (item["error_kind"] == "raise_exception") {
          EXPECT_NE(std::string(error.what()).find(item["error"].get<std::string>()), std::string::npos)
              << error.what();
        }
      }
    } else {
      EXPECT_EQ(chat_template.render(messages, prompt, variables), item["output"].get<std::string>());
    }
    ++compared;
  }
  std::cout << "[ chat     ] " << compared << " template renderings compared with jinja2" << std::endl;
}

TEST(ChatTemplate, PlainFallbackWritesRoleColonContentLines) {
  const std::vector<ChatMessage> messages = {{"system", "Be nice."}, {"user", "Hi!"}};
  EXPECT_EQ(render_plain_chat(messages, false), "system: Be nice.\nuser: Hi!\n");
  EXPECT_EQ(render_plain_chat(messages, true), "system: Be nice.\nuser: Hi!\nassistant: ");
}

TEST(ChatTemplate, RaiseExceptionBecomesTokenizerError) {
  const ChatTemplate chat_template("{{ raise_exception('roles must alternate') }}");
  try {
    chat_template.render({}, false, {});
    FAIL() << "no exception";
  } catch (const TokenizerError& error) {
    EXPECT_STREQ(error.what(), "chat template raised an exception: roles must alternate");
  }
}

TEST(ChatTemplate, UnsupportedSyntaxIsReportedWithItsLine) {
  try {
    ChatTemplate("line one\n{% macro greet(name) %}hi{% endmacro %}");
    FAIL() << "no exception";
  } catch (const TokenizerError& error) {
    EXPECT_STREQ(error.what(), "template syntax error at line 2: unsupported tag '{% macro %}'");
  }
  EXPECT_THROW(ChatTemplate("{% for x in y %}no end"), TokenizerError);
  EXPECT_THROW(ChatTemplate("{{ 'unterminated }}"), TokenizerError);
}

TEST(ChatTemplate, WhitespaceControlFollowsTrimAndLstripBlocks) {
  const ChatTemplate chat_template(
      "a\n  {% if true %}\nb\n  {%- if true -%}  c  {%+ endif %}\n{% endif %}\n");
  EXPECT_EQ(chat_template.render({}, false, {}), "a\nbc  ");
}

}  // namespace
}  // namespace ar::tok::test
