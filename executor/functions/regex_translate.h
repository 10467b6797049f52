// Translation of PostgreSQL's regular expressions (ARE, Spencer's advanced syntax) into POSIX
// extended REs for the C library's regcomp, which regex_engine.cpp runs. The translator
// parses the whole pattern, so PostgreSQL's syntax errors get PostgreSQL's messages, and
// rewrites what regcomp lacks: escapes (\d \w \s \n \t \x.. \u.. \m \M \y ...), escapes
// inside brackets, (?:...) groups (as extra, hidden capture groups), embedded options
// (?i) and directors ***= ***:, the 'x', 'q', 'p' and 'w' flags, C-locale classes and
// ASCII-only case folding. See README.md "Regular expressions" for what is not supported.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "executor/functions/regex_flags.h"

namespace hyrax::executor {

struct TranslatedRegex {
  std::string pattern;         // for regcomp
  bool extended = true;        // compile with REG_EXTENDED (false: 'b', basic syntax)
  bool newline = false;        // compile with REG_NEWLINE
  bool library_icase = false;  // compile with REG_ICASE (basic syntax, or 'i' + back-references)
  // library_group[k - 1] is the regcomp group of PostgreSQL's capture group k. Empty for basic
  // syntax, whose groups are the library's.
  std::vector<int> library_group;
  // Non-greedy quantifiers (*? +? ?? {m,n}?) were read as greedy ones: the set of strings
  // matched is the same, the extent of a match may not be.
  bool has_non_greedy = false;
};

// Translates `pattern` compiled with `options`.
// Throws 2201B "invalid regular expression: <PostgreSQL's reason>" for malformed patterns and
// 0A000 for ARE features Hyrax does not support yet (lookahead/lookbehind constraints,
// back-references past the ninth regcomp group).
TranslatedRegex TranslateRegex(std::string_view pattern, const RegexOptions& options);

// Throws 2201B "invalid regular expression: <reason>".
[[noreturn]] void ThrowInvalidRegex(std::string_view reason);

}  // namespace hyrax::executor
