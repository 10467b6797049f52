// The option letters of PostgreSQL's regexp_* functions ('g', 'i', 'n', 'x', ...; PostgreSQL's
// parse_re_flags) and the compile options they select. regex_engine.h compiles a pattern with
// a RegexOptions; the functions in regex_functions.cpp parse their `flags` argument here.
// See README.md "Regular expressions".
#pragma once

#include <cstdint>
#include <string_view>

namespace hyrax::executor {

// How the pattern is read (PostgreSQL's REG_ADVANCED / REG_EXTENDED / basic / REG_QUOTE).
enum class RegexSyntax : uint8_t { kAdvanced, kExtended, kBasic, kLiteral };

// Compile options of one regular expression.
struct RegexOptions {
  RegexSyntax syntax = RegexSyntax::kAdvanced;
  bool icase = false;     // 'i': case-insensitive (ASCII letters, as PostgreSQL under C ctype)
  bool expanded = false;  // 'x': whitespace and #-comments in the pattern are ignored
  // Newline sensitivity ('n'/'m' set both, 'p' the first, 'w' the second, 's' neither):
  bool dot_excludes_newline = false;  // . and [^...] do not match a newline
  bool anchors_at_newlines = false;   // ^ and $ also match after/before a newline

  bool operator==(const RegexOptions&) const = default;
};

// The options of a flags string, plus 'g'.
struct RegexFlags {
  RegexOptions options;
  bool global = false;
};

// Parses a PostgreSQL regexp flags string. Throws 22023 "invalid regular expression option"
// for a letter PostgreSQL does not know. 'g' is recorded, not checked (see RejectGlobal).
RegexFlags ParseRegexFlags(std::string_view flags);

// Throws 22023 "<function>() does not support the "global" option" when flags.global is
// set, with `hint` when it is not empty (regexp_match points at regexp_matches).
void RejectGlobal(const RegexFlags& flags, std::string_view function, std::string_view hint = {});

}  // namespace hyrax::executor
