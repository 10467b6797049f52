// The scalar regexp functions of PostgreSQL 15: regexp_replace (all arities), regexp_count,
// regexp_instr, regexp_substr, regexp_like, regexp_match and substring(text FROM pattern)
// (textregexsubstr). Argument checks, their order and messages follow PostgreSQL's
// regexp.c; positions count characters. Set-returning and splitting functions are in
// regex_set_functions.cpp. See README.md "Regular expressions".
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/regex_function_support.h"

namespace hyrax::executor {

namespace {

// Appends `replacement` for one match: \1..\9 insert a group, \& the whole match, \\ a
// backslash; any other backslash is kept as it is (PostgreSQL's appendStringInfoRegexpSubstr).
void AppendReplacement(std::string* out, std::string_view replacement, std::string_view subject,
                       const RegexMatch& match) {
  for (size_t i = 0; i < replacement.size(); ++i) {
    char c = replacement[i];
    if (c != '\\' || i + 1 >= replacement.size()) {
      *out += c;
      continue;
    }
    char next = replacement[i + 1];
    int group = -1;
    if (next >= '1' && next <= '9') group = next - '0';
    if (next == '&') group = 0;
    if (group >= 0) {
      ++i;
      if (group < static_cast<int>(match.groups.size()) && match.groups[group].Matched()) {
        *out += SpanText(subject, match.groups[group]);
      }
    } else if (next == '\\') {
      ++i;
      *out += '\\';
    } else {
      *out += c;
    }
  }
}

// Replaces the n-th match from character `start` (every match when n == 0).
Datum ReplaceMatches(std::string_view subject, const CompiledRegex& re,
                     std::string_view replacement, int32_t start, int32_t n) {
  std::optional<size_t> start_byte = StartByte(subject, start);
  if (!start_byte) return TextDatum(subject);
  std::string out;
  size_t copied = 0;
  int32_t count = 0;
  for (const RegexMatch& match : FindRegexMatches(re, subject, *start_byte, true, false)) {
    ++count;
    if (n != 0 && count != n) continue;
    out.append(subject.substr(copied, match.groups[0].start - copied));
    AppendReplacement(&out, replacement, subject, match);
    copied = static_cast<size_t>(match.groups[0].end);
    if (n != 0) break;
  }
  out.append(subject.substr(copied));
  return TextDatum(out);
}

// regexp_replace(source, pattern, replacement [, flags]): first match, or all with 'g'.
Datum RegexpReplace(FunctionCallInfo* f) {
  RegexFlags flags;
  if (f->nargs > 3) {
    std::string_view text = f->ArgText(3);
    try {
      flags = ParseRegexFlags(text);
    } catch (Error& error) {
      if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos) {
        throw std::move(error).Hint(
            "If you meant to use regexp_replace() with a start parameter, cast the fourth "
            "argument to integer explicitly.");
      }
      throw;
    }
  }
  auto re = CompileRegex(f->ArgText(1), flags.options);
  return ReplaceMatches(f->ArgText(0), *re, f->ArgText(2), 1, flags.global ? 0 : 1);
}

// regexp_replace(source, pattern, replacement, start [, n [, flags]]): replaces the n-th
// match (default 1) or, for n = 0, every match; a 'g' flag does not override n.
Datum RegexpReplaceExtended(FunctionCallInfo* f) {
  int32_t start = f->ArgInt32(3);
  CheckParameter("start", start, 1);
  int32_t n = f->nargs > 4 ? f->ArgInt32(4) : 1;
  CheckParameter("n", n, 0);
  RegexFlags flags = FlagsArg(f, 5);
  auto re = CompileRegex(f->ArgText(1), flags.options);
  return ReplaceMatches(f->ArgText(0), *re, f->ArgText(2), start, n);
}

// The matches of pattern (arg 1) in subject (arg 0) from `start`, for count/instr/substr.
std::vector<RegexMatch> MatchesFrom(const FunctionCallInfo* f, int32_t start,
                                    const RegexFlags& flags, std::string_view function) {
  RejectGlobal(flags, function);
  auto re = CompileRegex(f->ArgText(1), flags.options);
  std::string_view subject = f->ArgText(0);
  std::optional<size_t> start_byte = StartByte(subject, start);
  if (!start_byte) return {};
  return FindRegexMatches(*re, subject, *start_byte, true, false);
}

// regexp_count(string, pattern [, start [, flags]]).
Datum RegexpCount(FunctionCallInfo* f) {
  int32_t start = f->nargs > 2 ? f->ArgInt32(2) : 1;
  CheckParameter("start", start, 1);
  auto matches = MatchesFrom(f, start, FlagsArg(f, 3), "regexp_count");
  return Int32GetDatum(static_cast<int32_t>(matches.size()));
}

// The `subexpr` group of the n-th match, if there is one and it took part.
std::optional<RegexSpan> NthMatchGroup(const std::vector<RegexMatch>& matches, int32_t n,
                                       int32_t subexpr) {
  if (static_cast<size_t>(n) > matches.size()) return std::nullopt;
  const RegexMatch& match = matches[n - 1];
  if (static_cast<size_t>(subexpr) >= match.groups.size()) return std::nullopt;
  const RegexSpan& span = match.groups[subexpr];
  if (!span.Matched()) return std::nullopt;
  return span;
}

// regexp_instr(string, pattern [, start [, n [, endoption [, flags [, subexpr]]]]]).
Datum RegexpInstr(FunctionCallInfo* f) {
  int32_t start = f->nargs > 2 ? f->ArgInt32(2) : 1;
  CheckParameter("start", start, 1);
  int32_t n = f->nargs > 3 ? f->ArgInt32(3) : 1;
  CheckParameter("n", n, 1);
  int32_t endoption = f->nargs > 4 ? f->ArgInt32(4) : 0;
  if (endoption != 0 && endoption != 1) ThrowInvalidParameter("endoption", endoption);
  int32_t subexpr = f->nargs > 6 ? f->ArgInt32(6) : 0;
  CheckParameter("subexpr", subexpr, 0);
  auto matches = MatchesFrom(f, start, FlagsArg(f, 5), "regexp_instr");
  std::optional<RegexSpan> span = NthMatchGroup(matches, n, subexpr);
  if (!span) return Int32GetDatum(0);
  return Int32GetDatum(CharPosition(f->ArgText(0), endoption == 1 ? span->end : span->start));
}

// regexp_substr(string, pattern [, start [, n [, flags [, subexpr]]]]).
Datum RegexpSubstr(FunctionCallInfo* f) {
  int32_t start = f->nargs > 2 ? f->ArgInt32(2) : 1;
  CheckParameter("start", start, 1);
  int32_t n = f->nargs > 3 ? f->ArgInt32(3) : 1;
  CheckParameter("n", n, 1);
  int32_t subexpr = f->nargs > 5 ? f->ArgInt32(5) : 0;
  CheckParameter("subexpr", subexpr, 0);
  auto matches = MatchesFrom(f, start, FlagsArg(f, 4), "regexp_substr");
  std::optional<RegexSpan> span = NthMatchGroup(matches, n, subexpr);
  if (!span) return f->ReturnNull();
  return TextDatum(SpanText(f->ArgText(0), *span));
}

// regexp_like(string, pattern [, flags]).
Datum RegexpLike(FunctionCallInfo* f) {
  RegexFlags flags = FlagsArg(f, 2);
  RejectGlobal(flags, "regexp_like");
  return BoolGetDatum(CompileRegex(f->ArgText(1), flags.options)->Matches(f->ArgText(0)));
}

// regexp_match(string, pattern [, flags]): the first match's groups as text[], or NULL.
Datum RegexpMatch(FunctionCallInfo* f) {
  RegexFlags flags = FlagsArg(f, 2);
  RejectGlobal(flags, "regexp_match", "Use the regexp_matches function instead.");
  auto re = CompileRegex(f->ArgText(1), flags.options);
  std::string_view subject = f->ArgText(0);
  RegexMatch match;
  if (!re->Search(subject, 0, &match)) return f->ReturnNull();
  return MatchArray(subject, match);
}

// substring(string FROM pattern): the first group of the first match if the pattern has
// groups (NULL when it did not take part), else the whole match; NULL without a match.
Datum TextRegexSubstr(FunctionCallInfo* f) {
  auto re = CompileRegex(f->ArgText(1), RegexOptions{});
  std::string_view subject = f->ArgText(0);
  RegexMatch match;
  if (!re->Search(subject, 0, &match)) return f->ReturnNull();
  const RegexSpan& span = match.groups[match.groups.size() > 1 ? 1 : 0];
  if (!span.Matched()) return f->ReturnNull();
  return TextDatum(SpanText(subject, span));
}

const BuiltinFunction kRegexFunctionBuiltins[] = {
    {"textregexreplace_noopt", RegexpReplace, 3},
    {"textregexreplace", RegexpReplace, 4},
    {"textregexreplace_extended_no_n", RegexpReplaceExtended, 4},
    {"textregexreplace_extended_no_flags", RegexpReplaceExtended, 5},
    {"textregexreplace_extended", RegexpReplaceExtended, 6},
    {"regexp_count_no_start", RegexpCount, 2},
    {"regexp_count_no_flags", RegexpCount, 3},
    {"regexp_count", RegexpCount, 4},
    {"regexp_instr_no_start", RegexpInstr, 2},
    {"regexp_instr_no_n", RegexpInstr, 3},
    {"regexp_instr_no_endoption", RegexpInstr, 4},
    {"regexp_instr_no_flags", RegexpInstr, 5},
    {"regexp_instr_no_subexpr", RegexpInstr, 6},
    {"regexp_instr", RegexpInstr, 7},
    {"regexp_substr_no_start", RegexpSubstr, 2},
    {"regexp_substr_no_n", RegexpSubstr, 3},
    {"regexp_substr_no_flags", RegexpSubstr, 4},
    {"regexp_substr_no_subexpr", RegexpSubstr, 5},
    {"regexp_substr", RegexpSubstr, 6},
    {"regexp_like_no_flags", RegexpLike, 2},
    {"regexp_like", RegexpLike, 3},
    {"regexp_match_no_flags", RegexpMatch, 2},
    {"regexp_match", RegexpMatch, 3},
    {"textregexsubstr", TextRegexSubstr, 2},
};

}  // namespace

std::span<const BuiltinFunction> RegexFunctionBuiltins() {
  return kRegexFunctionBuiltins;
}

}  // namespace hyrax::executor
