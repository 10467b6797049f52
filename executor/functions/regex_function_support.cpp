// Helpers of the regexp_* functions (see regex_function_support.h).
#include "executor/functions/regex_function_support.h"

#include <optional>

#include "common/error.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/array_type.h"
#include "executor/types/multibyte.h"
#include "executor/types/type_oids.h"

namespace hyrax::executor {

RegexFlags FlagsArg(const FunctionCallInfo* f, int index) {
  return index < f->nargs ? ParseRegexFlags(f->ArgText(index)) : RegexFlags{};
}

void ThrowInvalidParameter(std::string_view name, int32_t value) {
  throw MakeError(errcode::kInvalidParameterValue, "invalid value for parameter \"{}\": {}", name,
                  value);
}

std::optional<size_t> StartByte(std::string_view subject, int32_t start) {
  size_t byte = BytesForChars(subject, start - 1);
  if (byte == subject.size() && CharCount(subject) < start - 1) return std::nullopt;
  return byte;
}

int32_t CharPosition(std::string_view subject, ptrdiff_t byte) {
  return static_cast<int32_t>(CharCount(subject.substr(0, byte))) + 1;
}

namespace {

Datum TextArrayWithNulls(const std::vector<Datum>& values, const std::vector<bool>& nulls) {
  if (values.empty()) return ConstructEmptyArray(kTextOid);
  ElementType elem;
  BuiltinElementType(kTextOid, &elem);
  return ConstructArray1D(values, &nulls, elem);
}

}  // namespace

Datum MatchArray(std::string_view subject, const RegexMatch& match) {
  std::vector<Datum> values;
  std::vector<bool> nulls;
  size_t first = match.groups.size() > 1 ? 1 : 0;
  for (size_t group = first; group < match.groups.size(); ++group) {
    const RegexSpan& span = match.groups[group];
    values.push_back(span.Matched() ? TextDatum(SpanText(subject, span)) : 0);
    nulls.push_back(!span.Matched());
  }
  return TextArrayWithNulls(values, nulls);
}

Datum TextArray(const std::vector<std::string_view>& pieces) {
  std::vector<Datum> values;
  for (std::string_view piece : pieces) values.push_back(TextDatum(piece));
  return TextArrayWithNulls(values, std::vector<bool>(values.size(), false));
}

std::vector<std::string_view> SplitByRegex(const CompiledRegex& re, std::string_view subject) {
  std::vector<std::string_view> pieces;
  size_t piece_start = 0;
  for (const RegexMatch& match : FindRegexMatches(re, subject, 0, true, true)) {
    pieces.push_back(subject.substr(piece_start, match.groups[0].start - piece_start));
    piece_start = static_cast<size_t>(match.groups[0].end);
  }
  pieces.push_back(subject.substr(piece_start));
  return pieces;
}

}  // namespace hyrax::executor
