#include "jinja_lexer.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "tokenizer.hpp"
#include "unicode.hpp"
#include "utf8.hpp"

namespace ar::tok::jinja {

namespace {

// Python str.isspace().
bool is_python_space(char32_t c) { return is_white_space(c) || (c >= 0x1C && c <= 0x1F); }

std::size_t skip_spaces(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    std::size_t next = pos;
    if (!is_python_space(next_code_point(text, next))) break;
    pos = next;
  }
  return pos;
}

std::string rstrip_spaces(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0) {
    const char32_t c = previous_code_point(text, end);
    if (!is_python_space(c)) break;
    end -= to_utf8(c).size();
  }
  return std::string(text.substr(0, end));
}

// Jinja normalizes \r\n and \r to \n and drops one trailing newline.
std::string normalize_source(std::string_view source) {
  std::string out;
  out.reserve(source.size());
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\r') {
      out += '\n';
      if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
    } else {
      out += source[i];
    }
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

[[noreturn]] void syntax_error(int line, const std::string& message) {
  throw TokenizerError("template syntax error at line " + std::to_string(line) + ": " + message);
}

class Lexer {
 public:
  explicit Lexer(std::string_view source) : source_(normalize_source(source)) {}

  std::vector<Token> run() {
    while (position_ < source_.size()) {
      const std::size_t opener = find_opener(position_);
      if (opener == std::string::npos) {
        emit_text(source_.substr(position_));
        break;
      }
      lex_tag(opener);
    }
    tokens_.push_back({TokenType::EndOfInput, "", line_});
    return std::move(tokens_);
  }

 private:
  std::size_t find_opener(std::size_t from) const {
    for (std::size_t i = from; i + 1 < source_.size(); ++i) {
      if (source_[i] == '{' && std::strchr("{%#", source_[i + 1]) != nullptr) return i;
    }
    return std::string::npos;
  }

  void emit_text(std::string text) {
    if (text.empty()) return;
    tokens_.push_back({TokenType::Text, text, line_});
    for (char c : text) line_ += c == '\n';
  }

  void lex_tag(std::size_t opener) {
    const char kind = source_[opener + 1];
    const char sign = opener + 2 < source_.size() ? source_[opener + 2] : '\0';
    std::string text = source_.substr(position_, opener - position_);
    if (sign == '-') {
      const std::string stripped = rstrip_spaces(text);
      for (std::size_t i = stripped.size(); i < text.size(); ++i) line_ += text[i] == '\n';
      text = stripped;
    } else if (sign != '+' && kind != '{') {
      text = lstrip_block_indent(text);
    }
    emit_text(text);
    position_ = opener + 2 + (sign == '-' || sign == '+' ? 1 : 0);
    if (kind == '#') {
      lex_comment_end();
    } else {
      lex_expression(kind == '{');
    }
  }

  // lstrip_blocks: drop spaces/tabs between the start of the line and a tag.
  std::string lstrip_block_indent(const std::string& text) const {
    const std::size_t line_start = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
    if (line_start == 0 && !line_starting_) return text;
    if (line_start == text.size()) return text;
    if (skip_spaces(text, line_start) != text.size()) return text;
    return text.substr(0, line_start);
  }

  void lex_comment_end() {
    const std::size_t close = source_.find("#}", position_);
    if (close == std::string::npos) syntax_error(line_, "unterminated comment");
    for (std::size_t i = position_; i < close; ++i) line_ += source_[i] == '\n';
    const char sign = close > position_ ? source_[close - 1] : '\0';
    position_ = close + 2;
    // Jinja does not let a comment's end decide whether a line starts.
    const bool line_starting = line_starting_;
    finish_tag(sign, true);
    line_starting_ = line_starting;
  }

  // After a closing tag: '-' strips all following whitespace, otherwise
  // trim_blocks removes one newline after block tags and comments.
  void finish_tag(char sign, bool is_block) {
    if (sign == '-') {
      const std::size_t end = skip_spaces(source_, position_);
      for (std::size_t i = position_; i < end; ++i) line_ += source_[i] == '\n';
      line_starting_ = end > position_ && source_[end - 1] == '\n';
      position_ = end;
      return;
    }
    line_starting_ = false;
    if (sign != '+' && is_block && position_ < source_.size() && source_[position_] == '\n') {
      ++position_;
      ++line_;
      line_starting_ = true;
    }
  }

  bool at_tag_end(bool variable, char& sign, std::size_t& length) const {
    const std::string_view end = variable ? "}}" : "%}";
    const std::string_view rest = std::string_view(source_).substr(position_);
    sign = '\0';
    if (rest.size() >= 3 && (rest[0] == '-' || rest[0] == '+') && rest.substr(1, 2) == end) {
      sign = rest[0];
      length = 3;
      return true;
    }
    length = 2;
    return rest.substr(0, 2) == end;
  }

  void lex_expression(bool variable) {
    tokens_.push_back({variable ? TokenType::VariableBegin : TokenType::BlockBegin, "", line_});
    int depth = 0;
    while (true) {
      position_ = skip_spaces_counting_lines(position_);
      if (position_ >= source_.size()) syntax_error(line_, "unterminated tag");
      char sign = '\0';
      std::size_t length = 0;
      if (depth == 0 && at_tag_end(variable, sign, length)) {
        tokens_.push_back({variable ? TokenType::VariableEnd : TokenType::BlockEnd, "", line_});
        position_ += length;
        finish_tag(sign, !variable);
        return;
      }
      lex_expression_token(depth);
    }
  }

  std::size_t skip_spaces_counting_lines(std::size_t from) {
    const std::size_t end = skip_spaces(source_, from);
    for (std::size_t i = from; i < end; ++i) line_ += source_[i] == '\n';
    return end;
  }

  void lex_expression_token(int& depth) {
    const char c = source_[position_];
    if (c == '\'' || c == '"') return lex_string(c);
    if (std::isdigit(static_cast<unsigned char>(c))) return lex_number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return lex_name();
    static const char* const kTwoCharOperators[] = {"//", "**", "==", "!=", ">=", "<="};
    for (const char* op : kTwoCharOperators) {
      if (source_.compare(position_, 2, op) == 0) {
        tokens_.push_back({TokenType::Operator, op, line_});
        position_ += 2;
        return;
      }
    }
    if (std::strchr("+-/*%~[](){}<>=.:|,;!", c) == nullptr) {
      syntax_error(line_, std::string("unexpected character '") + c + "'");
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    tokens_.push_back({TokenType::Operator, std::string(1, c), line_});
    ++position_;
  }

  void lex_name() {
    const std::size_t start = position_;
    while (position_ < source_.size() &&
           (std::isalnum(static_cast<unsigned char>(source_[position_])) || source_[position_] == '_')) {
      ++position_;
    }
    tokens_.push_back({TokenType::Name, source_.substr(start, position_ - start), line_});
  }

  void lex_number() {
    const std::size_t start = position_;
    auto digits = [this] {
      while (position_ < source_.size() &&
             (std::isdigit(static_cast<unsigned char>(source_[position_])) || source_[position_] == '_')) {
        ++position_;
      }
    };
    digits();
    bool is_float = false;
    if (position_ + 1 < source_.size() && source_[position_] == '.' &&
        std::isdigit(static_cast<unsigned char>(source_[position_ + 1]))) {
      is_float = true;
      ++position_;
      digits();
    }
    if (position_ < source_.size() && (source_[position_] == 'e' || source_[position_] == 'E')) {
      std::size_t after = position_ + 1;
      if (after < source_.size() && (source_[after] == '+' || source_[after] == '-')) ++after;
      if (after < source_.size() && std::isdigit(static_cast<unsigned char>(source_[after]))) {
        is_float = true;
        position_ = after;
        digits();
      }
    }
    std::string text = source_.substr(start, position_ - start);
    text.erase(std::remove(text.begin(), text.end(), '_'), text.end());
    tokens_.push_back({is_float ? TokenType::Float : TokenType::Integer, text, line_});
  }

  void lex_string(char quote) {
    std::string value;
    ++position_;
    while (position_ < source_.size() && source_[position_] != quote) {
      char c = source_[position_++];
      if (c == '\n') ++line_;
      if (c != '\\' || position_ >= source_.size()) {
        value += c;
        continue;
      }
      value += unescape(source_[position_++]);
    }
    if (position_ >= source_.size()) syntax_error(line_, "unterminated string literal");
    ++position_;
    tokens_.push_back({TokenType::String, value, line_});
  }

  std::string unescape(char escaped) {
    switch (escaped) {
      case 'n':
        return "\n";
      case 't':
        return "\t";
      case 'r':
        return "\r";
      case '0':
        return std::string(1, '\0');
      case '\\':
        return "\\";
      case '\'':
        return "'";
      case '"':
        return "\"";
      case '\n':
        ++line_;
        return "";
      case 'x':
        return hex_escape(2);
      case 'u':
        return hex_escape(4);
      case 'U':
        return hex_escape(8);
      default:
        return std::string("\\") + escaped;
    }
  }

  std::string hex_escape(std::size_t digits) {
    if (position_ + digits > source_.size()) syntax_error(line_, "truncated \\x/\\u escape");
    const std::string hex = source_.substr(position_, digits);
    position_ += digits;
    return to_utf8(static_cast<char32_t>(std::stoul(hex, nullptr, 16)));
  }

  std::string source_;
  std::size_t position_ = 0;
  int line_ = 1;
  bool line_starting_ = true;
  std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> tokenize_template(std::string_view source) { return Lexer(source).run(); }

}  // namespace ar::tok::jinja
