// The regexp functions that return several values: regexp_matches (a set of text[], every
// match with 'g'), regexp_split_to_table (a set of text) and regexp_split_to_array. The set
// functions compute all rows on the first call into the set's memory and hand them out one
// per call (value-per-call, srf.h). See README.md "Regular expressions".
#include <vector>

#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/regex_function_support.h"
#include "executor/functions/srf.h"

namespace hyrax::executor {

namespace {

struct PrecomputedRows {
  size_t count;
  size_t next;
  Datum* values;
};

// First call: stores `make_rows()` (Datums built in the set's memory); every call: the next row.
template <typename MakeRows>
Datum ReturnPrecomputedRows(FunctionCallInfo* f, MakeRows make_rows) {
  SrfState* srf;
  if (SrfIsFirstCall(f)) {
    srf = SrfFirstCall(f);
    MemoryContextScope scope(&srf->memory);
    std::vector<Datum> rows = make_rows();
    auto* state = static_cast<PrecomputedRows*>(srf->memory.AllocZero(sizeof(PrecomputedRows)));
    state->count = rows.size();
    state->values = static_cast<Datum*>(srf->memory.Alloc(sizeof(Datum) * (rows.size() + 1)));
    std::copy(rows.begin(), rows.end(), state->values);
    srf->user_state = state;
  } else {
    srf = SrfPerCall(f);
  }
  auto* state = static_cast<PrecomputedRows*>(srf->user_state);
  if (state->next >= state->count) return SrfReturnDone(f);
  return SrfReturnNext(f, srf, state->values[state->next++]);
}

// regexp_matches(string, pattern [, flags]).
Datum RegexpMatches(FunctionCallInfo* f) {
  return ReturnPrecomputedRows(f, [f]() {
    RegexFlags flags = FlagsArg(f, 2);
    auto re = CompileRegex(f->ArgText(1), flags.options);
    std::string_view subject = f->ArgText(0);
    std::vector<Datum> rows;
    for (const RegexMatch& match : FindRegexMatches(*re, subject, 0, flags.global, false)) {
      rows.push_back(MatchArray(subject, match));
    }
    return rows;
  });
}

std::vector<std::string_view> SplitArgs(const FunctionCallInfo* f, std::string_view function) {
  RegexFlags flags = FlagsArg(f, 2);
  RejectGlobal(flags, function);
  return SplitByRegex(*CompileRegex(f->ArgText(1), flags.options), f->ArgText(0));
}

// regexp_split_to_table(string, pattern [, flags]).
Datum RegexpSplitToTable(FunctionCallInfo* f) {
  return ReturnPrecomputedRows(f, [f]() {
    std::vector<Datum> rows;
    for (std::string_view piece : SplitArgs(f, "regexp_split_to_table")) {
      rows.push_back(TextDatum(piece));
    }
    return rows;
  });
}

// regexp_split_to_array(string, pattern [, flags]).
Datum RegexpSplitToArray(FunctionCallInfo* f) {
  return TextArray(SplitArgs(f, "regexp_split_to_array"));
}

const BuiltinFunction kRegexSetFunctionBuiltins[] = {
    {"regexp_matches_no_flags", RegexpMatches, 2},
    {"regexp_matches", RegexpMatches, 3},
    {"regexp_split_to_table_no_flags", RegexpSplitToTable, 2},
    {"regexp_split_to_table", RegexpSplitToTable, 3},
    {"regexp_split_to_array_no_flags", RegexpSplitToArray, 2},
    {"regexp_split_to_array", RegexpSplitToArray, 3},
};

}  // namespace

std::span<const BuiltinFunction> RegexSetFunctionBuiltins() {
  return kRegexSetFunctionBuiltins;
}

}  // namespace hyrax::executor
