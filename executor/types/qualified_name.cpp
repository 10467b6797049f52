// Qualified-name parsing (see qualified_name.h).
#include "executor/types/qualified_name.h"

#include "common/error.h"
#include "executor/types/int_io.h"

namespace hyrax::executor {

std::string DowncaseIdentifier(std::string_view ident) {
  std::string out(ident);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> ParseQualifiedName(std::string_view text) {
  auto invalid = [] { return Error(errcode::kInvalidName, "invalid name syntax"); };
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < text.size() && IsPgSpace(text[i])) ++i;
  while (true) {
    std::string part;
    if (i < text.size() && text[i] == '"') {
      ++i;
      while (true) {
        if (i >= text.size()) throw invalid();
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            part += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        part += text[i++];
      }
      if (part.empty()) throw invalid();
    } else {
      size_t start = i;
      while (i < text.size() && text[i] != '.' && !IsPgSpace(text[i]) && text[i] != '"') ++i;
      if (i == start) throw invalid();
      part = DowncaseIdentifier(text.substr(start, i - start));
    }
    parts.push_back(std::move(part));
    while (i < text.size() && IsPgSpace(text[i])) ++i;
    if (i >= text.size()) break;
    if (text[i] != '.') throw invalid();
    ++i;
    while (i < text.size() && IsPgSpace(text[i])) ++i;
  }
  return parts;
}

}  // namespace hyrax::executor
