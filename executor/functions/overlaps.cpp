// (start1, end1) OVERLAPS (start2, end2) for timestamp/timestamptz, time and timetz: the SQL
// standard's rule with PostgreSQL's NULL handling (an interval with one NULL end is the
// single point at its other end; the answer is NULL when it depends on a NULL). Non-strict:
// NULL arguments reach the function. See README.md "Date and time".
#include <utility>

#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"

namespace hyrax::executor {

namespace {

using Less = bool (*)(Datum a, Datum b);

bool Int64Less(Datum a, Datum b) {
  return DatumGetInt64(a) < DatumGetInt64(b);
}

bool TimeTzLess(Datum a, Datum b) {
  return DatumGetInt32(DirectFunctionCall(BuiltinByName("timetz_cmp"), a, b)) < 0;
}

template <Less kLess>
Datum Overlaps(FunctionCallInfo* f) {
  NullableDatum s1 = f->args[0], e1 = f->args[1], s2 = f->args[2], e2 = f->args[3];
  // Normalise each interval: a non-null start, and start <= end when both are known.
  auto normalise = [](NullableDatum* s, NullableDatum* e) {
    if (s->isnull) {
      if (e->isnull) return false;
      *s = *e;
      e->isnull = true;
    } else if (!e->isnull && kLess(e->value, s->value)) {
      std::swap(*s, *e);
    }
    return true;
  };
  if (!normalise(&s1, &e1) || !normalise(&s2, &e2)) return f->ReturnNull();
  if (kLess(s2.value, s1.value)) {
    if (e2.isnull) return f->ReturnNull();
    if (kLess(s1.value, e2.value)) return BoolGetDatum(true);
    if (e1.isnull) return f->ReturnNull();
    return BoolGetDatum(false);
  }
  if (kLess(s1.value, s2.value)) {
    if (e1.isnull) return f->ReturnNull();
    if (kLess(s2.value, e1.value)) return BoolGetDatum(true);
    if (e2.isnull) return f->ReturnNull();
    return BoolGetDatum(false);
  }
  // Equal starts: true when both ends are known.
  if (e1.isnull || e2.isnull) return f->ReturnNull();
  return BoolGetDatum(true);
}

const BuiltinFunction kOverlapsBuiltins[] = {
    {"overlaps_timestamp", Overlaps<Int64Less>, 4},
    {"overlaps_time", Overlaps<Int64Less>, 4},
    {"overlaps_timetz", Overlaps<TimeTzLess>, 4},
};

}  // namespace

std::span<const BuiltinFunction> OverlapsBuiltins() {
  return kOverlapsBuiltins;
}

}  // namespace hyrax::executor
