// CompiledRegex on regcomp/regexec (see regex_engine.h). The C.UTF-8 locale is switched in
// for the calling thread around compile and execute only, so the rest of the server keeps
// the C locale. Library error codes are reported with PostgreSQL's texts.
#include "executor/functions/regex_engine.h"

#include <list>
#include <locale.h>
#include <string>
#include <unordered_map>
#include <utility>

#include "common/error.h"
#include "executor/types/multibyte.h"

namespace hyrax::executor {

namespace {

// Makes regcomp/regexec read UTF-8 characters; falls back to bytes if the C.UTF-8 locale is
// missing.
class Utf8LocaleScope {
 public:
  Utf8LocaleScope() {
    static locale_t utf8 = newlocale(LC_ALL_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    if (utf8 != static_cast<locale_t>(nullptr)) previous_ = uselocale(utf8);
  }
  ~Utf8LocaleScope() {
    if (previous_ != static_cast<locale_t>(nullptr)) uselocale(previous_);
  }
  Utf8LocaleScope(const Utf8LocaleScope&) = delete;
  Utf8LocaleScope& operator=(const Utf8LocaleScope&) = delete;

 private:
  locale_t previous_ = static_cast<locale_t>(nullptr);
};

// PostgreSQL's regerror text for a regcomp error code.
std::string_view LibraryErrorReason(int code) {
  switch (code) {
    case REG_ECOLLATE:
      return "invalid collating element";
    case REG_ECTYPE:
      return "invalid character class";
    case REG_EESCAPE:
      return "invalid escape \\ sequence";
    case REG_ESUBREG:
      return "invalid backreference number";
    case REG_EBRACK:
      return "brackets [] not balanced";
    case REG_EPAREN:
      return "parentheses () not balanced";
    case REG_EBRACE:
      return "braces {} not balanced";
    case REG_BADBR:
      return "invalid repetition count(s)";
    case REG_ERANGE:
      return "invalid character range";
    case REG_ESPACE:
      return "out of memory";
    case REG_BADRPT:
      return "quantifier operand invalid";
    case REG_ESIZE:
      return "regular expression is too big";
    default:
      return "invalid regexp (reg version 0.8)";
  }
}

}  // namespace

CompiledRegex::CompiledRegex(std::string_view pattern, const RegexOptions& options)
    : translated_(TranslateRegex(pattern, options)) {
  int cflags = (translated_.extended ? REG_EXTENDED : 0) | (translated_.newline ? REG_NEWLINE : 0) |
               (translated_.library_icase ? REG_ICASE : 0);
  Utf8LocaleScope locale;
  int rc = regcomp(&compiled_, translated_.pattern.c_str(), cflags);
  if (rc != 0) ThrowInvalidRegex(LibraryErrorReason(rc));
  group_count_ = translated_.extended ? static_cast<int>(translated_.library_group.size())
                                      : static_cast<int>(compiled_.re_nsub);
}

CompiledRegex::~CompiledRegex() {
  regfree(&compiled_);
}

bool CompiledRegex::Exec(std::string_view subject, size_t start, size_t end,
                         std::vector<regmatch_t>* slots) const {
  slots->assign(compiled_.re_nsub + 1, regmatch_t{-1, -1});
  (*slots)[0].rm_so = static_cast<regoff_t>(start);
  (*slots)[0].rm_eo = static_cast<regoff_t>(end);
  Utf8LocaleScope locale;
  // REG_STARTEND: the subject need not be NUL-terminated, and context before `start` counts.
  int rc = regexec(&compiled_, subject.data(), slots->size(), slots->data(), REG_STARTEND);
  if (rc == REG_NOMATCH) return false;
  if (rc != 0) ThrowInvalidRegex(LibraryErrorReason(rc));
  return true;
}

bool CompiledRegex::Matches(std::string_view subject) const {
  std::vector<regmatch_t> slots;
  return Exec(subject, 0, subject.size(), &slots);
}

bool CompiledRegex::Search(std::string_view subject, size_t start, RegexMatch* match) const {
  if (translated_.has_non_greedy) {
    throw Error(errcode::kFeatureNotSupported,
                "non-greedy quantifiers in regular expressions are supported only for "
                "match tests (~, regexp_like, SIMILAR TO) yet");
  }
  std::vector<regmatch_t> slots;
  if (!Exec(subject, start, subject.size(), &slots)) return false;
  match->groups.assign(group_count_ + 1, RegexSpan{});
  auto to_span = [](const regmatch_t& slot) { return RegexSpan{slot.rm_so, slot.rm_eo}; };
  match->groups[0] = to_span(slots[0]);
  for (int group = 1; group <= group_count_; ++group) {
    int library = translated_.extended ? translated_.library_group[group - 1] : group;
    match->groups[group] = to_span(slots[library]);
  }
  return true;
}

bool CompiledRegex::MatchesExactly(std::string_view subject, size_t begin, size_t end) const {
  std::string_view part = subject.substr(begin, end - begin);
  std::vector<regmatch_t> slots;
  if (!Exec(part, 0, part.size(), &slots)) return false;
  return slots[0].rm_so == 0 && static_cast<size_t>(slots[0].rm_eo) == part.size();
}

std::shared_ptr<const CompiledRegex> CompileRegex(std::string_view pattern,
                                                  const RegexOptions& options) {
  // A small LRU cache keyed by pattern and options, like PostgreSQL's RE_compile_and_cache.
  struct Entry {
    std::string pattern;
    RegexOptions options;
    std::shared_ptr<const CompiledRegex> compiled;
  };
  constexpr size_t kCacheSize = 32;
  static std::list<Entry> cache;
  for (auto it = cache.begin(); it != cache.end(); ++it) {
    if (it->pattern == pattern && it->options == options) {
      cache.splice(cache.begin(), cache, it);
      return cache.front().compiled;
    }
  }
  auto compiled = std::make_shared<const CompiledRegex>(pattern, options);
  cache.push_front({std::string(pattern), options, compiled});
  if (cache.size() > kCacheSize) cache.pop_back();
  return compiled;
}

std::vector<RegexMatch> FindRegexMatches(const CompiledRegex& re, std::string_view subject,
                                         size_t start, bool global, bool ignore_degenerate) {
  std::vector<RegexMatch> matches;
  size_t search_start = start;
  ptrdiff_t previous_end = 0;
  RegexMatch match;
  while (search_start <= subject.size() && re.Search(subject, search_start, &match)) {
    const RegexSpan whole = match.groups[0];
    bool degenerate =
        whole.start >= static_cast<ptrdiff_t>(subject.size()) || whole.end <= previous_end;
    if (!ignore_degenerate || !degenerate) matches.push_back(match);
    previous_end = whole.end;
    if (!global) break;
    search_start = static_cast<size_t>(whole.end);
    if (whole.start == whole.end) {
      if (search_start >= subject.size()) break;
      search_start += Utf8CharLen(static_cast<unsigned char>(subject[search_start]));
    }
  }
  return matches;
}

}  // namespace hyrax::executor
