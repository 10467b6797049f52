// Compiled regular expressions with PostgreSQL's syntax and flags, run by the C library's
// POSIX regex engine (regcomp/regexec under the C.UTF-8 locale, so matching works on UTF-8
// characters) after regex_translate.h has rewritten the pattern. Used by the match
// operators (regex.cpp), the regexp_* functions and SIMILAR TO. See README.md "Regular
// expressions".
#pragma once

#include <memory>
#include <regex.h>
#include <string_view>
#include <vector>

#include "executor/functions/regex_flags.h"
#include "executor/functions/regex_translate.h"

namespace hyrax::executor {

// Byte offsets of a match or of one capture group in the subject; start < 0 when the group
// did not take part in the match.
struct RegexSpan {
  ptrdiff_t start = -1;
  ptrdiff_t end = -1;
  bool Matched() const { return start >= 0; }
};

// groups[0] is the whole match, groups[k] PostgreSQL's capture group k.
struct RegexMatch {
  std::vector<RegexSpan> groups;
};

class CompiledRegex {
 public:
  CompiledRegex(std::string_view pattern, const RegexOptions& options);
  ~CompiledRegex();
  CompiledRegex(const CompiledRegex&) = delete;
  CompiledRegex& operator=(const CompiledRegex&) = delete;

  // Number of PostgreSQL capture groups.
  int GroupCount() const { return group_count_; }

  // Whether the pattern matches anywhere in `subject`.
  bool Matches(std::string_view subject) const;

  // The first match that starts at or after byte `start` (a character boundary) of
  // `subject`; ^, $ and word boundaries still see the whole subject. False when none.
  // Throws 0A000 when the pattern has non-greedy quantifiers, whose match extents Hyrax
  // cannot compute yet.
  bool Search(std::string_view subject, size_t start, RegexMatch* match) const;

  // As Search, but the match must span exactly subject[begin, end) (PostgreSQL's anchored
  // use in SUBSTRING ... SIMILAR); non-greedy quantifiers are allowed.
  bool MatchesExactly(std::string_view subject, size_t begin, size_t end) const;

 private:
  bool Exec(std::string_view subject, size_t start, size_t end,
            std::vector<regmatch_t>* slots) const;

  regex_t compiled_;
  TranslatedRegex translated_;
  int group_count_ = 0;
};

// The compiled form of `pattern` with `options`, from a per-process cache (PostgreSQL also
// caches compiled patterns per backend). Throws as TranslateRegex, or 2201B for patterns the
// library rejects.
std::shared_ptr<const CompiledRegex> CompileRegex(std::string_view pattern,
                                                  const RegexOptions& options);

// Every match of `re` in `subject` from byte `start` (PostgreSQL's setup_regexp_matches):
// only the first unless `global`; after an empty match the search resumes one character
// later. `ignore_degenerate` (regexp_split_*) drops empty matches at the end of the subject
// or right where the previous match ended.
std::vector<RegexMatch> FindRegexMatches(const CompiledRegex& re, std::string_view subject,
                                         size_t start, bool global, bool ignore_degenerate);

}  // namespace hyrax::executor
