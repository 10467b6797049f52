// Helpers shared by the regexp_* function files (regex_functions.cpp,
// regex_set_functions.cpp): reading the pattern and flags arguments, PostgreSQL's parameter
// checks, character/byte position conversion and text[] results. See README.md "Regular
// expressions".
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "common/datum.h"
#include "executor/functions/fmgr.h"
#include "executor/functions/regex_engine.h"

namespace hyrax::executor {

// The flags argument `index` (absent when index >= nargs), parsed.
RegexFlags FlagsArg(const FunctionCallInfo* f, int index);

// Throws 22023 "invalid value for parameter "<name>": <value>".
[[noreturn]] void ThrowInvalidParameter(std::string_view name, int32_t value);

// ThrowInvalidParameter unless value >= min.
inline void CheckParameter(std::string_view name, int32_t value, int32_t min) {
  if (value < min) ThrowInvalidParameter(name, value);
}

// Byte offset of 1-based character position `start` in `subject`, or nullopt when it lies
// past the end (start - 1 > length): then nothing can match.
std::optional<size_t> StartByte(std::string_view subject, int32_t start);

// 1-based character position of byte offset `byte` of `subject`.
int32_t CharPosition(std::string_view subject, ptrdiff_t byte);

// The text of `span` in `subject` (requires span.Matched()).
inline std::string_view SpanText(std::string_view subject, const RegexSpan& span) {
  return subject.substr(span.start, span.end - span.start);
}

// regexp_match's array for one match: its capture groups (NULL for groups that did not take
// part), or the whole match when the pattern has none.
Datum MatchArray(std::string_view subject, const RegexMatch& match);

// A one-dimensional text[] of `pieces` (the empty array when there are none).
Datum TextArray(const std::vector<std::string_view>& pieces);

// regexp_split_*'s pieces: the text between the matches of `re` in `subject`.
std::vector<std::string_view> SplitByRegex(const CompiledRegex& re, std::string_view subject);

}  // namespace hyrax::executor
