// Boolean spellings (see bool_io.h).
#include "executor/types/bool_io.h"

#include <algorithm>
#include <strings.h>

namespace hyrax::executor {

namespace {

// Whether `text` is a prefix of `word` (case-insensitive) of at least `min_len` characters.
bool IsPrefixOf(std::string_view text, const char* word, size_t min_len) {
  std::string_view w(word);
  return text.size() >= min_len && text.size() <= w.size() &&
         strncasecmp(text.data(), word, text.size()) == 0;
}

}  // namespace

std::optional<bool> ParseBool(std::string_view text) {
  if (text.empty()) return std::nullopt;
  switch (text[0]) {
    case 't':
    case 'T':
      if (IsPrefixOf(text, "true", 1)) return true;
      break;
    case 'f':
    case 'F':
      if (IsPrefixOf(text, "false", 1)) return false;
      break;
    case 'y':
    case 'Y':
      if (IsPrefixOf(text, "yes", 1)) return true;
      break;
    case 'n':
    case 'N':
      if (IsPrefixOf(text, "no", 1)) return false;
      break;
    case 'o':
    case 'O':
      // "o" alone is ambiguous between on and off.
      if (IsPrefixOf(text, "on", 2)) return true;
      if (IsPrefixOf(text, "off", 2)) return false;
      break;
    case '1':
      if (text.size() == 1) return true;
      break;
    case '0':
      if (text.size() == 1) return false;
      break;
    default:
      break;
  }
  return std::nullopt;
}

}  // namespace hyrax::executor
