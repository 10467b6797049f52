// Lexer, parser and applier for hyrax.conf (see server/config/conf_file.h). The token
// classes follow PostgreSQL's guc-file.l; the apply step follows ProcessConfigFileInternal:
// validate everything first, then apply, so one bad line does not leave half a reload.
#include "server/config/conf_file.h"

#include <algorithm>
#include <cctype>
#include <dirent.h>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "common/logging.h"

namespace hyrax::server::config {

namespace {

constexpr int kMaxIncludeDepth = 10;

enum class Token {
  kEol,
  kEnd,
  kId,
  kQualifiedId,
  kString,
  kInteger,
  kReal,
  kUnquoted,
  kEquals,
  kError
};

bool IsLetter(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsLetterOrDigit(char c) {
  return IsLetter(c) || std::isdigit(static_cast<unsigned char>(c));
}
bool IsDigit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// Tokens of a configuration file, in PostgreSQL's guc-file.l classes.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token Next(std::string* token_text) {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '#') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    }
    if (pos_ >= text_.size()) return Token::kEnd;
    size_t start = pos_;
    Token token = Scan();
    *token_text = std::string(text_.substr(start, pos_ - start));
    return token;
  }

 private:
  Token Scan() {
    char c = text_[pos_];
    if (c == '\n') {
      ++pos_;
      return Token::kEol;
    }
    if (c == '=') {
      ++pos_;
      return Token::kEquals;
    }
    if (c == '\'') return ScanString();
    if (IsLetter(c)) return ScanWord();
    if (IsDigit(c) || c == '-' || c == '+' || c == '.') return ScanNumber();
    ++pos_;
    return Token::kError;
  }

  Token ScanString() {
    ++pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') return Token::kError;
      if (c == '\\' && pos_ + 1 < text_.size()) {
        pos_ += 2;
      } else if (c == '\'') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
          pos_ += 2;
        } else {
          ++pos_;
          return Token::kString;
        }
      } else {
        ++pos_;
      }
    }
    return Token::kError;
  }

  // The longest UNQUOTED_STRING ({LETTER}({LETTER_OR_DIGIT}|[-._:/])*), then classified:
  // all letters and digits is an ID, ID.ID a QUALIFIED_ID.
  Token ScanWord() {
    size_t start = pos_;
    while (pos_ < text_.size() && (IsLetterOrDigit(text_[pos_]) || IsUnquotedChar(text_[pos_]))) {
      ++pos_;
    }
    std::string_view word = text_.substr(start, pos_ - start);
    size_t dot = word.find('.');
    bool plain = std::all_of(word.begin(), word.end(), IsLetterOrDigit);
    if (plain) return Token::kId;
    std::string_view tail = dot == std::string_view::npos ? "" : word.substr(dot + 1);
    if (dot != std::string_view::npos && !tail.empty() && IsLetter(tail[0]) &&
        std::all_of(word.begin(), word.begin() + dot, IsLetterOrDigit) &&
        std::all_of(tail.begin(), tail.end(), IsLetterOrDigit)) {
      return Token::kQualifiedId;
    }
    return Token::kUnquoted;
  }

  static bool IsUnquotedChar(char c) {
    return c == '-' || c == '.' || c == '_' || c == ':' || c == '/';
  }

  Token ScanNumber() {
    size_t start = pos_;
    if (text_[pos_] == '-' || text_[pos_] == '+') ++pos_;
    bool is_real = false;
    if (pos_ + 1 < text_.size() && text_[pos_] == '0' &&
        (text_[pos_ + 1] == 'x' || text_[pos_ + 1] == 'X')) {
      pos_ += 2;
      while (pos_ < text_.size() && std::isxdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    } else {
      size_t digits = 0;
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_, ++digits;
      if (pos_ < text_.size() && text_[pos_] == '.') {
        is_real = true;
        ++pos_;
        while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_, ++digits;
      }
      if (digits == 0) {
        pos_ = start + 1;
        return Token::kError;
      }
      if (pos_ + 1 < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E') &&
          (IsDigit(text_[pos_ + 1]) || text_[pos_ + 1] == '-' || text_[pos_ + 1] == '+')) {
        is_real = true;
        pos_ += 2;
        while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
      }
    }
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return is_real ? Token::kReal : Token::kInteger;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// PostgreSQL's GUC_scanstr: strips the quotes and resolves '' and backslash escapes.
std::string Unquote(std::string_view quoted) {
  std::string out;
  std::string_view body = quoted.substr(1, quoted.size() - 2);
  for (size_t idx = 0; idx < body.size(); ++idx) {
    char c = body[idx];
    if (c == '\'' && idx + 1 < body.size() && body[idx + 1] == '\'') {
      out += '\'';
      ++idx;
    } else if (c == '\\' && idx + 1 < body.size()) {
      char next = body[++idx];
      switch (next) {
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        default:
          if (next >= '0' && next <= '7') {
            int value = next - '0';
            for (int count = 1;
                 count < 3 && idx + 1 < body.size() && body[idx + 1] >= '0' && body[idx + 1] <= '7';
                 ++count) {
              value = value * 8 + (body[++idx] - '0');
            }
            out += static_cast<char>(value);
          } else {
            out += next;
          }
      }
    } else {
      out += c;
    }
  }
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw MakeError(errcode::kUndefinedFile, "could not open configuration file \"{}\": {}", path,
                    std::strerror(errno));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string RelativeTo(const std::string& including_file, const std::string& path) {
  std::filesystem::path target(path);
  if (target.is_absolute()) return path;
  return (std::filesystem::path(including_file).parent_path() / target).lexically_normal();
}

void ParseInto(std::string_view text, const std::string& file, int depth,
               std::vector<ConfigItem>* items);

void IncludeFile(const std::string& path, bool missing_ok, int depth,
                 std::vector<ConfigItem>* items) {
  if (depth > kMaxIncludeDepth) {
    throw MakeError(errcode::kConfigFileError,
                    "could not open configuration file \"{}\": maximum nesting depth exceeded",
                    path);
  }
  if (missing_ok && !std::filesystem::exists(path)) {
    log::Log("skipping missing configuration file \"{}\"", path);
    return;
  }
  ParseInto(ReadFile(path), path, depth, items);
}

void IncludeDirectory(const std::string& dir, int depth, std::vector<ConfigItem>* items) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || !name.ends_with(".conf")) continue;
    if (entry.is_regular_file()) names.push_back(entry.path().string());
  }
  if (error) {
    throw MakeError(errcode::kUndefinedFile, "could not open configuration directory \"{}\": {}",
                    dir, error.message());
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) IncludeFile(name, false, depth + 1, items);
}

[[noreturn]] void ThrowSyntaxError(const std::string& file, int line, Token token,
                                   const std::string& text) {
  if (token == Token::kEol || token == Token::kEnd) {
    throw MakeError(errcode::kSyntaxError, "syntax error in file \"{}\" line {}, near end of line",
                    file, line);
  }
  throw MakeError(errcode::kSyntaxError, "syntax error in file \"{}\" line {}, near token \"{}\"",
                  file, line, text);
}

void ParseInto(std::string_view text, const std::string& file, int depth,
               std::vector<ConfigItem>* items) {
  Lexer lexer(text);
  int line = 1;
  std::string token_text;
  for (Token token = lexer.Next(&token_text); token != Token::kEnd;
       token = lexer.Next(&token_text)) {
    if (token == Token::kEol) {
      ++line;
      continue;
    }
    if (token != Token::kId && token != Token::kQualifiedId) {
      ThrowSyntaxError(file, line, token, token_text);
    }
    std::string name = token_text;
    token = lexer.Next(&token_text);
    if (token == Token::kEquals) token = lexer.Next(&token_text);
    if (token != Token::kId && token != Token::kString && token != Token::kInteger &&
        token != Token::kReal && token != Token::kUnquoted && token != Token::kQualifiedId) {
      ThrowSyntaxError(file, line, token, token_text);
    }
    std::string value = token == Token::kString ? Unquote(token_text) : token_text;
    token = lexer.Next(&token_text);
    if (token != Token::kEol && token != Token::kEnd) {
      ThrowSyntaxError(file, line, token, token_text);
    }
    if (name == "include" || name == "include_if_exists") {
      IncludeFile(RelativeTo(file, value), name == "include_if_exists", depth + 1, items);
    } else if (name == "include_dir") {
      IncludeDirectory(RelativeTo(file, value), depth, items);
    } else {
      items->push_back({std::move(name), std::move(value), file, line});
    }
    if (token == Token::kEnd) break;
    ++line;
  }
}

guc::SetOptions FileOptions(const ConfigItem& item, guc::GucContext context, bool apply) {
  return {.context = context,
          .source = guc::GucSource::kFile,
          .change_value = apply,
          .source_file = item.file,
          .source_line = item.line};
}

// Sets one item, turning errors into log lines; returns false on error.
bool ApplyItem(const ConfigItem& item, guc::GucContext context, bool apply) {
  try {
    std::optional<std::string> before = guc::GetConfigOption(item.name);
    bool changed = guc::SetConfigOption(item.name, item.value, FileOptions(item, context, apply));
    if (apply && changed && context == guc::GucContext::kSighup && before &&
        guc::GetConfigOption(item.name) != before) {
      log::Log("parameter \"{}\" changed to \"{}\"", item.name, item.value);
    }
    return true;
  } catch (const Error& error) {
    if (error.code() == errcode::kUndefinedObject) {
      log::Emit(Severity::kLog,
                fmt::format("unrecognized configuration parameter \"{}\" in file \"{}\" line {}",
                            item.name, item.file, item.line));
    } else {
      log::Emit(Severity::kLog, error.message());
    }
    return false;
  }
}

}  // namespace

std::vector<ConfigItem> ParseConfigText(std::string_view text, const std::string& file_name) {
  std::vector<ConfigItem> items;
  ParseInto(text, file_name, 0, &items);
  return items;
}

std::vector<ConfigItem> ParseConfigFile(const std::string& path) {
  std::vector<ConfigItem> items;
  IncludeFile(path, false, 0, &items);
  return items;
}

bool ProcessConfigFile(const std::string& path, guc::GucContext context) {
  const bool at_start = context != guc::GucContext::kSighup;
  std::vector<ConfigItem> items;
  try {
    items = ParseConfigFile(path);
  } catch (const Error& error) {
    if (at_start) throw Error(error).WithSeverity(Severity::kFatal);
    log::Emit(Severity::kLog, error.message());
    log::Log("configuration file \"{}\" contains errors; no changes were applied", path);
    return false;
  }
  std::vector<bool> valid;
  for (const ConfigItem& item : items) valid.push_back(ApplyItem(item, context, false));
  const bool ok = std::find(valid.begin(), valid.end(), false) == valid.end();
  if (!ok && at_start) {
    throw Error(errcode::kConfigFileError,
                fmt::format("configuration file \"{}\" contains errors", path), Severity::kFatal);
  }
  if (!at_start) {
    std::vector<std::string> names;
    for (const ConfigItem& item : items) names.push_back(item.name);
    guc::ResetRemovedFileSettings(names);
  }
  for (size_t idx = 0; idx < items.size(); ++idx) {
    if (valid[idx]) ApplyItem(items[idx], context, true);
  }
  if (!ok) {
    log::Log("configuration file \"{}\" contains errors; unaffected changes were applied", path);
  }
  return ok;
}

}  // namespace hyrax::server::config
