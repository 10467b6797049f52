// The regular-expression match operators ~, !~, ~*, !~* on text, name and bpchar
// (PostgreSQL's textregexeq & co.), on the shared engine of regex_engine.h (PostgreSQL's
// ARE syntax translated for the C library's POSIX matcher). See README.md "Regular
// expressions".
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/regex_engine.h"
#include "executor/types/name_type.h"

namespace hyrax::executor {

namespace {

template <bool kName, bool kIcase, bool kNegate>
Datum MatchOperator(FunctionCallInfo* f) {
  std::string_view subject = kName ? NameView(f->Arg(0)) : f->ArgText(0);
  RegexOptions options;
  options.icase = kIcase;
  bool matched = CompileRegex(f->ArgText(1), options)->Matches(subject);
  return BoolGetDatum(kNegate ? !matched : matched);
}

const BuiltinFunction kRegexBuiltins[] = {
    {"textregexeq", MatchOperator<false, false, false>, 2},
    {"textregexne", MatchOperator<false, false, true>, 2},
    {"texticregexeq", MatchOperator<false, true, false>, 2},
    {"texticregexne", MatchOperator<false, true, true>, 2},
    {"nameregexeq", MatchOperator<true, false, false>, 2},
    {"nameregexne", MatchOperator<true, false, true>, 2},
    {"nameicregexeq", MatchOperator<true, true, false>, 2},
    {"nameicregexne", MatchOperator<true, true, true>, 2},
};

}  // namespace

std::span<const BuiltinFunction> RegexBuiltins() {
  return kRegexBuiltins;
}

}  // namespace hyrax::executor
