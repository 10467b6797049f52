// Cutting a view's query text out of CREATE VIEW (see view_source_text.h).
#include "parser/analyze/view_source_text.h"

#include <cctype>

namespace hyrax::parser {

namespace {

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

// The offset just past the token that starts at `pos` when it is a quoted string, quoted
// identifier, comment or dollar-quoted string; `pos` itself otherwise.
size_t SkipOpaque(std::string_view s, size_t pos) {
  char c = s[pos];
  if (c == '\'' || c == '"') {
    bool backslash_escapes = c == '\'' && pos > 0 && (s[pos - 1] == 'E' || s[pos - 1] == 'e');
    size_t i = pos + 1;
    while (i < s.size()) {
      if (backslash_escapes && s[i] == '\\') {
        i += 2;
        continue;
      }
      if (s[i] == c) {
        if (i + 1 < s.size() && s[i + 1] == c) {
          i += 2;  // doubled quote
          continue;
        }
        return i + 1;
      }
      ++i;
    }
    return s.size();
  }
  if (s.substr(pos, 2) == "--") {
    size_t end = s.find('\n', pos);
    return end == std::string_view::npos ? s.size() : end + 1;
  }
  if (s.substr(pos, 2) == "/*") {
    int depth = 0;  // comments nest in PostgreSQL
    size_t i = pos;
    while (i + 1 < s.size()) {
      if (s.substr(i, 2) == "/*") {
        ++depth;
        i += 2;
      } else if (s.substr(i, 2) == "*/") {
        i += 2;
        if (--depth == 0) return i;
      } else {
        ++i;
      }
    }
    return s.size();
  }
  if (c == '$' && (pos == 0 || !IsIdentChar(s[pos - 1]))) {
    size_t tag_end = pos + 1;
    while (tag_end < s.size() && s[tag_end] != '$' && IsIdentChar(s[tag_end])) ++tag_end;
    if (tag_end < s.size() && s[tag_end] == '$') {
      std::string_view tag = s.substr(pos, tag_end - pos + 1);
      size_t close = s.find(tag, tag_end + 1);
      return close == std::string_view::npos ? s.size() : close + tag.size();
    }
  }
  return pos;
}

bool IsKeywordAs(std::string_view s, size_t pos) {
  if (pos + 2 > s.size()) return false;
  if (std::tolower(static_cast<unsigned char>(s[pos])) != 'a' ||
      std::tolower(static_cast<unsigned char>(s[pos + 1])) != 's') {
    return false;
  }
  bool starts = pos == 0 || !IsIdentChar(s[pos - 1]);
  bool ends = pos + 2 == s.size() || !IsIdentChar(s[pos + 2]);
  return starts && ends;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

std::string ViewQuerySourceText(std::string_view source, int name_location) {
  size_t query_start = std::string_view::npos;
  int depth = 0;
  size_t i = name_location < 0 ? 0 : static_cast<size_t>(name_location);
  while (i < source.size()) {
    size_t skipped = SkipOpaque(source, i);
    if (skipped != i) {
      i = skipped;
      continue;
    }
    char c = source[i];
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (depth == 0 && c == ';') {
      break;
    } else if (depth == 0 && query_start == std::string_view::npos && IsKeywordAs(source, i)) {
      query_start = i + 2;
      i += 2;
      continue;
    } else if (IsIdentChar(c)) {
      while (i < source.size() && IsIdentChar(source[i])) ++i;  // a whole word
      continue;
    }
    ++i;
  }
  if (query_start == std::string_view::npos) return "";
  return std::string(Trim(source.substr(query_start, i - query_start)));
}

}  // namespace hyrax::parser
