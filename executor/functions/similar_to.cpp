// SQL's SIMILAR TO patterns: similar_to_escape() (and the older similar_escape()) turn one
// into the regular expression PostgreSQL's parser matches with ~, and
// SUBSTRING(string SIMILAR pattern ESCAPE esc) extracts the part between the escape-double-
// quote separators with the standard's rule (the part before them as short as possible,
// the part between as long as possible). The translation reproduces PostgreSQL 15's output
// text, which EXPLAIN shows. See README.md "Regular expressions".
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/regex_engine.h"
#include "executor/types/multibyte.h"

namespace hyrax::executor {

namespace {

// A SIMILAR pattern translated: the regular expression of each part between separators
// (one part without separators, at most three).
struct SimilarParts {
  std::vector<std::string> parts{std::string()};

  // The whole pattern as PostgreSQL writes it: ^(?:P0)$, ^(?:P0){1,1}?(P1)$ or
  // ^(?:P0){1,1}?(P1){1,1}(?:P2)$.
  std::string Regex() const {
    std::string out = "^(?:" + parts[0];
    if (parts.size() > 1) out += "){1,1}?(" + parts[1];
    if (parts.size() > 2) out += "){1,1}(?:" + parts[2];
    return out + ")$";
  }
};

std::string_view NextChar(std::string_view s, size_t pos) {
  size_t len = std::min<size_t>(Utf8CharLen(static_cast<unsigned char>(s[pos])), s.size() - pos);
  return s.substr(pos, len);
}

// Translates `pattern`; `escape` is the escape character, or nullopt for none.
SimilarParts TranslateSimilar(std::string_view pattern, std::optional<std::string_view> escape) {
  SimilarParts result;
  int bracket_depth = 0;
  int bracket_start = 0;  // 1 right after '[', 2 right after "[^": a ']' there is literal
  bool after_escape = false;
  for (size_t pos = 0; pos < pattern.size();) {
    std::string_view ch = NextChar(pattern, pos);
    pos += ch.size();
    std::string& out = result.parts.back();
    char c = ch.size() == 1 ? ch[0] : '\0';
    if (after_escape) {
      after_escape = false;
      if (c == '"' && bracket_depth == 0) {
        if (result.parts.size() == 3) {
          throw Error(errcode::kInvalidUseOfEscapeCharacter,
                      "SQL regular expression may not contain more than two escape-double-quote "
                      "separators");
        }
        result.parts.emplace_back();
        continue;
      }
      out += '\\';
      out += ch;
      bracket_start = 0;
    } else if (escape && ch == *escape) {
      after_escape = true;  // an escape at the very end is dropped, as in PostgreSQL
    } else if (bracket_depth > 0) {
      out += c == '\\' ? "\\\\" : std::string(ch);
      if (c == ']' && bracket_start == 0) {
        --bracket_depth;
      } else if (c == '[') {
        ++bracket_depth;
        bracket_start = 1;
      } else if (c == '^' && bracket_start == 1) {
        bracket_start = 2;
      } else {
        bracket_start = 0;
      }
    } else if (c == '[') {
      out += '[';
      bracket_depth = 1;
      bracket_start = 1;
    } else if (c == '%') {
      out += ".*";
    } else if (c == '_') {
      out += '.';
    } else if (c == '(') {
      out += "(?:";
    } else if (c == '\\' || c == '.' || c == '$' || c == '^') {
      out += '\\';
      out += c;
    } else {
      out += ch;
    }
  }
  return result;
}

// The escape argument: nullopt for '' (no escape); 22025 unless it is one character.
std::optional<std::string_view> EscapeArg(std::string_view escape) {
  if (escape.empty()) return std::nullopt;
  if (NextChar(escape, 0).size() != escape.size()) {
    throw Error(errcode::kInvalidEscapeSequence, "invalid escape string")
        .Hint("Escape string must be empty or one character.");
  }
  return escape;
}

Datum SimilarToEscape(FunctionCallInfo* f) {
  std::optional<std::string_view> escape = f->nargs > 1 ? EscapeArg(f->ArgText(1)) : "\\";
  return TextDatum(TranslateSimilar(f->ArgText(0), escape).Regex());
}

// similar_escape(pattern, escape): the pre-13 name; not strict, a NULL escape means '\'.
Datum SimilarEscape(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  std::optional<std::string_view> escape =
      f->ArgIsNull(1) ? std::optional<std::string_view>("\\") : EscapeArg(f->ArgText(1));
  return TextDatum(TranslateSimilar(f->ArgText(0), escape).Regex());
}

// Whether the part regexes match subject[begin, end) one after another, each exactly.
class PartMatcher {
 public:
  explicit PartMatcher(const std::vector<std::string>& parts) {
    for (const std::string& part : parts) {
      compiled_.push_back(CompileRegex("^(?:" + part + ")$", RegexOptions{}));
    }
    // The concatenation of the middle and last parts, for choosing the first split point.
    if (parts.size() == 3) {
      rest_ = CompileRegex("^(?:" + parts[1] + ")(?:" + parts[2] + ")$", RegexOptions{});
    } else {
      rest_ = compiled_[1];
    }
  }
  const CompiledRegex& Part(size_t i) const { return *compiled_[i]; }
  const CompiledRegex& Rest() const { return *rest_; }

 private:
  std::vector<std::shared_ptr<const CompiledRegex>> compiled_;
  std::shared_ptr<const CompiledRegex> rest_;
};

// Character boundaries of `s` (0 and s.size() included).
std::vector<size_t> Boundaries(std::string_view s) {
  std::vector<size_t> out;
  for (size_t pos = 0; pos < s.size(); pos += NextChar(s, pos).size()) out.push_back(pos);
  out.push_back(s.size());
  return out;
}

// substring(string, pattern, escape): SUBSTRING(string SIMILAR pattern ESCAPE escape).
// The split points are searched directly (quadratic in the length of the string): the engine
// cannot follow the non-greedy quantifier PostgreSQL's regular expression uses for the rule.
Datum SimilarSubstring(FunctionCallInfo* f) {
  std::string_view subject = f->ArgText(0);
  SimilarParts similar = TranslateSimilar(f->ArgText(1), EscapeArg(f->ArgText(2)));
  if (!CompileRegex(similar.Regex(), RegexOptions{})->Matches(subject)) return f->ReturnNull();
  if (similar.parts.size() == 1) return TextDatum(subject);
  PartMatcher matcher(similar.parts);
  std::vector<size_t> bounds = Boundaries(subject);
  for (size_t i = 0; i < bounds.size(); ++i) {
    size_t begin = bounds[i];
    if (!matcher.Part(0).MatchesExactly(subject, 0, begin) ||
        !matcher.Rest().MatchesExactly(subject, begin, subject.size())) {
      continue;
    }
    if (similar.parts.size() == 2) return TextDatum(subject.substr(begin));
    for (size_t j = bounds.size(); j-- > i;) {
      size_t end = bounds[j];
      if (matcher.Part(1).MatchesExactly(subject, begin, end) &&
          matcher.Part(2).MatchesExactly(subject, end, subject.size())) {
        return TextDatum(subject.substr(begin, end - begin));
      }
    }
  }
  return f->ReturnNull();
}

const BuiltinFunction kSimilarToBuiltins[] = {
    {"similar_to_escape_1", SimilarToEscape, 1},
    {"similar_to_escape_2", SimilarToEscape, 2},
    {"similar_escape", SimilarEscape, 2},
    // SQL-language in pg_proc, registered under its body (see fmgr_catalog.cpp).
    {"RETURN \"substring\"($1, similar_to_escape($2, $3))", SimilarSubstring, 3},
};

}  // namespace

std::span<const BuiltinFunction> SimilarToBuiltins() {
  return kSimilarToBuiltins;
}

}  // namespace hyrax::executor
