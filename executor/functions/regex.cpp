// The regular-expression match operators ~, !~, ~*, !~* on text, name and bpchar
// (PostgreSQL's textregexeq & co.). Patterns are compiled with the C library's POSIX
// extended regular expressions, after rewriting PostgreSQL's class escapes \d \D \w \W
// \s \S into bracket expressions; a compiled pattern is cached per process.
// Not PostgreSQL's ARE engine: back-references, lookahead/lookbehind, non-greedy
// quantifiers and embedded options are not supported (their patterns fail to compile
// with 2201B "invalid regular expression").
#include <map>
#include <memory>
#include <regex.h>
#include <string>
#include <utility>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/name_type.h"

namespace hyrax::executor {

namespace {

// PostgreSQL's class escapes as POSIX bracket expressions (outside and inside brackets).
std::string TranslatePattern(std::string_view pattern) {
  std::string out;
  bool in_bracket = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      char e = pattern[i + 1];
      const char* cls = nullptr;
      bool negated = false;
      switch (e) {
        case 'd':
          cls = "[:digit:]";
          break;
        case 'D':
          cls = "[:digit:]";
          negated = true;
          break;
        case 'w':
          cls = "[:alnum:]_";
          break;
        case 'W':
          cls = "[:alnum:]_";
          negated = true;
          break;
        case 's':
          cls = "[:space:]";
          break;
        case 'S':
          cls = "[:space:]";
          negated = true;
          break;
        default:
          break;
      }
      if (cls != nullptr && (!in_bracket || !negated)) {
        if (in_bracket) {
          out += cls;
        } else {
          out += negated ? "[^" : "[";
          out += cls;
          out += "]";
        }
        ++i;
        continue;
      }
      out += c;
      out += e;
      ++i;
      continue;
    }
    if (c == '[' && !in_bracket) {
      in_bracket = true;
      out += c;
      // A leading ^ and ] belong to the bracket expression.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];
      continue;
    }
    if (c == ']' && in_bracket) in_bracket = false;
    out += c;
  }
  return out;
}

struct CompiledRegex {
  regex_t re;
  ~CompiledRegex() { regfree(&re); }
};

const regex_t& Compile(std::string_view pattern, bool icase) {
  static std::map<std::pair<std::string, bool>, std::unique_ptr<CompiledRegex>> cache;
  auto key = std::make_pair(std::string(pattern), icase);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second->re;
  auto compiled = std::make_unique<CompiledRegex>();
  std::string translated = TranslatePattern(pattern);
  int flags = REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0);
  int rc = regcomp(&compiled->re, translated.c_str(), flags);
  if (rc != 0) {
    char message[256];
    regerror(rc, &compiled->re, message, sizeof(message));
    throw MakeError(errcode::kInvalidRegularExpression, "invalid regular expression: {}", message);
  }
  if (cache.size() > 1000) cache.clear();
  return cache.emplace(std::move(key), std::move(compiled)).first->second->re;
}

bool Matches(std::string_view subject, std::string_view pattern, bool icase) {
  const regex_t& re = Compile(pattern, icase);
  std::string s(subject);  // regexec needs a NUL-terminated subject
  return regexec(&re, s.c_str(), 0, nullptr, 0) == 0;
}

template <bool kName, bool kIcase, bool kNegate>
Datum RegexMatch(FunctionCallInfo* f) {
  std::string_view subject = kName ? NameView(f->Arg(0)) : f->ArgText(0);
  bool matched = Matches(subject, f->ArgText(1), kIcase);
  return BoolGetDatum(kNegate ? !matched : matched);
}

const BuiltinFunction kRegexBuiltins[] = {
    {"textregexeq", RegexMatch<false, false, false>, 2},
    {"textregexne", RegexMatch<false, false, true>, 2},
    {"texticregexeq", RegexMatch<false, true, false>, 2},
    {"texticregexne", RegexMatch<false, true, true>, 2},
    {"nameregexeq", RegexMatch<true, false, false>, 2},
    {"nameregexne", RegexMatch<true, false, true>, 2},
    {"nameicregexeq", RegexMatch<true, true, false>, 2},
    {"nameicregexne", RegexMatch<true, true, true>, 2},
};

}  // namespace

std::span<const BuiltinFunction> RegexBuiltins() {
  return kRegexBuiltins;
}

}  // namespace hyrax::executor
