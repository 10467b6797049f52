// date: I/O (DateStyle), binary I/O, comparisons (also against timestamp and timestamptz),
// date +/- integer days, date - date, date +/- interval, date + time, casts to and from
// timestamp/timestamptz, make_date, isfinite. See README.md "Date and time".
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datetime_common.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/datetime_fields.h"
#include "executor/types/datetime_format.h"
#include "executor/types/datetime_parse.h"
#include "executor/types/timezone.h"
#include "executor/types/type_settings.h"

namespace hyrax::executor {

namespace {

DateADT DateArg(FunctionCallInfo* f, int i) {
  return DatumGetInt32(f->Arg(i));
}

Datum DateIn(FunctionCallInfo* f) {
  std::string_view text = f->ArgCString(0);
  ParsedDateTime p = ParseDateTimeText(text, "date", false, CurrentTransactionTimestamp());
  switch (p.kind) {
    case DateTimeKind::kLate:
      return Int32GetDatum(kDateNoEnd);
    case DateTimeKind::kEarly:
      return Int32GetDatum(kDateNoBegin);
    case DateTimeKind::kEpoch:
      return Int32GetDatum(kUnixEpochJdate - kPostgresEpochJdate);
    case DateTimeKind::kValue:
      break;
  }
  auto out_of_range = [&] {
    return MakeError(errcode::kDatetimeValueOutOfRange, "date out of range: \"{}\"", text);
  };
  if (!IsValidJulian(p.tm.year, p.tm.mon, p.tm.mday)) throw out_of_range();
  DateADT d = DateFromYmd(p.tm.year, p.tm.mon, p.tm.mday);
  if (!IsValidDate(d)) throw out_of_range();
  return Int32GetDatum(d);
}

std::string FormatDate(DateADT d) {
  if (d == kDateNoBegin) return "-infinity";
  if (d == kDateNoEnd) return "infinity";
  PgTm tm;
  DateToYmd(d, &tm.year, &tm.mon, &tm.mday);
  return EncodeDateOnly(tm, g_date_style, g_date_order);
}

Datum DateOut(FunctionCallInfo* f) {
  return CStringDatum(FormatDate(DateArg(f, 0)));
}

Datum DateRecv(FunctionCallInfo* f) {
  DateADT d = RecvArg(f, 0)->GetInt32();
  if (DateIsFinite(d) && !IsValidDate(d)) ThrowDateOutOfRange();
  return Int32GetDatum(d);
}

Datum DateSend(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutInt32(DateArg(f, 0));
  return buf.Finish();
}

template <typename Pred>
Datum DateOp(FunctionCallInfo* f, Pred pred) {
  return BoolGetDatum(pred(DateArg(f, 0), DateArg(f, 1)));
}
Datum DateEq(FunctionCallInfo* f) {
  return DateOp(f, std::equal_to<>());
}
Datum DateNe(FunctionCallInfo* f) {
  return DateOp(f, std::not_equal_to<>());
}
Datum DateLt(FunctionCallInfo* f) {
  return DateOp(f, std::less<>());
}
Datum DateLe(FunctionCallInfo* f) {
  return DateOp(f, std::less_equal<>());
}
Datum DateGt(FunctionCallInfo* f) {
  return DateOp(f, std::greater<>());
}
Datum DateGe(FunctionCallInfo* f) {
  return DateOp(f, std::greater_equal<>());
}
Datum DateCmp(FunctionCallInfo* f) {
  return CompareResult(DateArg(f, 0), DateArg(f, 1));
}
Datum DateLarger(FunctionCallInfo* f) {
  return Int32GetDatum(std::max(DateArg(f, 0), DateArg(f, 1)));
}
Datum DateSmaller(FunctionCallInfo* f) {
  return Int32GetDatum(std::min(DateArg(f, 0), DateArg(f, 1)));
}

// Cross-type comparisons: kOp 0..5 = eq ne lt le gt ge, 6 = cmp. kDateFirst tells the
// argument order; kTz selects timestamptz.
template <bool kDateFirst, bool kTz, int kOp>
Datum DateTimestampOp(FunctionCallInfo* f) {
  DateADT d = DateArg(f, kDateFirst ? 0 : 1);
  int64_t t = f->ArgInt64(kDateFirst ? 1 : 0);
  int c = kTz ? CompareDateTimestampTz(d, t) : CompareDateTimestamp(d, t);
  if (!kDateFirst) c = -c;
  switch (kOp) {
    case 0:
      return BoolGetDatum(c == 0);
    case 1:
      return BoolGetDatum(c != 0);
    case 2:
      return BoolGetDatum(c < 0);
    case 3:
      return BoolGetDatum(c <= 0);
    case 4:
      return BoolGetDatum(c > 0);
    case 5:
      return BoolGetDatum(c >= 0);
    default:
      return Int32GetDatum(c);
  }
}

Datum DatePli(FunctionCallInfo* f) {
  DateADT d = DateArg(f, 0);
  if (!DateIsFinite(d)) return f->Arg(0);
  DateADT result;
  if (__builtin_add_overflow(d, f->ArgInt32(1), &result) || !IsValidDate(result)) {
    ThrowDateOutOfRange();
  }
  return Int32GetDatum(result);
}

Datum DateMii(FunctionCallInfo* f) {
  DateADT d = DateArg(f, 0);
  if (!DateIsFinite(d)) return f->Arg(0);
  DateADT result;
  if (__builtin_sub_overflow(d, f->ArgInt32(1), &result) || !IsValidDate(result)) {
    ThrowDateOutOfRange();
  }
  return Int32GetDatum(result);
}

Datum DateMi(FunctionCallInfo* f) {
  DateADT a = DateArg(f, 0), b = DateArg(f, 1);
  if (!DateIsFinite(a) || !DateIsFinite(b)) {
    throw Error(errcode::kDatetimeValueOutOfRange, "cannot subtract infinite dates");
  }
  return Int32GetDatum(a - b);
}

Datum DatePlInterval(FunctionCallInfo* f) {
  return Int64GetDatum(
      TimestampPlusInterval(DateToTimestamp(DateArg(f, 0)), IntervalFromDatum(f->Arg(1))));
}
Datum DateMiInterval(FunctionCallInfo* f) {
  Interval neg = NegateInterval(IntervalFromDatum(f->Arg(1)));
  return Int64GetDatum(TimestampPlusInterval(DateToTimestamp(DateArg(f, 0)), neg));
}

Datum DateTimestamp(FunctionCallInfo* f) {
  return Int64GetDatum(DateToTimestamp(DateArg(f, 0)));
}
Datum DateTimestampTz(FunctionCallInfo* f) {
  return Int64GetDatum(DateToTimestampTz(DateArg(f, 0)));
}
Datum TimestampDate(FunctionCallInfo* f) {
  return Int32GetDatum(TimestampToDate(f->ArgInt64(0)));
}
Datum TimestampTzDate(FunctionCallInfo* f) {
  return Int32GetDatum(TimestampTzToDate(f->ArgInt64(0)));
}

// date + time -> timestamp.
Datum DatetimeTimestamp(FunctionCallInfo* f) {
  Timestamp t = DateToTimestamp(DateArg(f, 0));
  if (TimestampIsFinite(t)) {
    t += f->ArgInt64(1);
    if (!IsValidTimestamp(t)) ThrowTimestampOutOfRange();
  }
  return Int64GetDatum(t);
}

// date + timetz -> timestamptz.
Datum DatetimetzTimestampTz(FunctionCallInfo* f) {
  DateADT d = DateArg(f, 0);
  if (d == kDateNoBegin) return Int64GetDatum(kDtNoBegin);
  if (d == kDateNoEnd) return Int64GetDatum(kDtNoEnd);
  TimeTzADT t = TimeTzFromDatum(f->Arg(1));
  if (d >= kTimestampEndJulian - kPostgresEpochJdate) {
    throw Error(errcode::kDatetimeValueOutOfRange, "date out of range for timestamp");
  }
  TimestampTz result = int64_t{d} * kUsecsPerDay + t.time + int64_t{t.zone} * kUsecsPerSec;
  if (!IsValidTimestamp(result)) {
    throw Error(errcode::kDatetimeValueOutOfRange, "date out of range for timestamp");
  }
  return Int64GetDatum(result);
}

Datum MakeDate(FunctionCallInfo* f) {
  int year = f->ArgInt32(0), mon = f->ArgInt32(1), mday = f->ArgInt32(2);
  PgTm tm;
  tm.year = year;
  tm.mon = mon;
  tm.mday = mday;
  bool bc = false;
  if (tm.year < 0) {
    bc = true;
    tm.year = -tm.year;
  }
  if (dt::ValidateDate(dt::kDateMask, false, false, bc, &tm) != dt::DtError::kNone) {
    throw MakeError(errcode::kDatetimeFieldOverflow,
                    "date field value out of range: {}-{:02}-{:02}", year, mon, mday);
  }
  auto out_of_range = [&] {
    return MakeError(errcode::kDatetimeValueOutOfRange, "date out of range: {}-{:02}-{:02}", year,
                     mon, mday);
  };
  if (!IsValidJulian(tm.year, tm.mon, tm.mday)) throw out_of_range();
  DateADT d = DateFromYmd(tm.year, tm.mon, tm.mday);
  if (!IsValidDate(d)) throw out_of_range();
  return Int32GetDatum(d);
}

Datum DateFinite(FunctionCallInfo* f) {
  return BoolGetDatum(DateIsFinite(DateArg(f, 0)));
}

const BuiltinFunction kDateBuiltins[] = {
    {"date_in", DateIn, 1},
    {"date_out", DateOut, 1},
    {"date_recv", DateRecv, 1},
    {"date_send", DateSend, 1},
    {"date_eq", DateEq, 2},
    {"date_ne", DateNe, 2},
    {"date_lt", DateLt, 2},
    {"date_le", DateLe, 2},
    {"date_gt", DateGt, 2},
    {"date_ge", DateGe, 2},
    {"date_cmp", DateCmp, 2},
    {"date_larger", DateLarger, 2},
    {"date_smaller", DateSmaller, 2},
    {"date_eq_timestamp", DateTimestampOp<true, false, 0>, 2},
    {"date_ne_timestamp", DateTimestampOp<true, false, 1>, 2},
    {"date_lt_timestamp", DateTimestampOp<true, false, 2>, 2},
    {"date_le_timestamp", DateTimestampOp<true, false, 3>, 2},
    {"date_gt_timestamp", DateTimestampOp<true, false, 4>, 2},
    {"date_ge_timestamp", DateTimestampOp<true, false, 5>, 2},
    {"date_cmp_timestamp", DateTimestampOp<true, false, 6>, 2},
    {"date_eq_timestamptz", DateTimestampOp<true, true, 0>, 2},
    {"date_ne_timestamptz", DateTimestampOp<true, true, 1>, 2},
    {"date_lt_timestamptz", DateTimestampOp<true, true, 2>, 2},
    {"date_le_timestamptz", DateTimestampOp<true, true, 3>, 2},
    {"date_gt_timestamptz", DateTimestampOp<true, true, 4>, 2},
    {"date_ge_timestamptz", DateTimestampOp<true, true, 5>, 2},
    {"date_cmp_timestamptz", DateTimestampOp<true, true, 6>, 2},
    {"timestamp_eq_date", DateTimestampOp<false, false, 0>, 2},
    {"timestamp_ne_date", DateTimestampOp<false, false, 1>, 2},
    {"timestamp_lt_date", DateTimestampOp<false, false, 2>, 2},
    {"timestamp_le_date", DateTimestampOp<false, false, 3>, 2},
    {"timestamp_gt_date", DateTimestampOp<false, false, 4>, 2},
    {"timestamp_ge_date", DateTimestampOp<false, false, 5>, 2},
    {"timestamp_cmp_date", DateTimestampOp<false, false, 6>, 2},
    {"timestamptz_eq_date", DateTimestampOp<false, true, 0>, 2},
    {"timestamptz_ne_date", DateTimestampOp<false, true, 1>, 2},
    {"timestamptz_lt_date", DateTimestampOp<false, true, 2>, 2},
    {"timestamptz_le_date", DateTimestampOp<false, true, 3>, 2},
    {"timestamptz_gt_date", DateTimestampOp<false, true, 4>, 2},
    {"timestamptz_ge_date", DateTimestampOp<false, true, 5>, 2},
    {"timestamptz_cmp_date", DateTimestampOp<false, true, 6>, 2},
    {"date_pli", DatePli, 2},
    {"date_mii", DateMii, 2},
    {"date_mi", DateMi, 2},
    {"date_pl_interval", DatePlInterval, 2},
    {"date_mi_interval", DateMiInterval, 2},
    {"date_timestamp", DateTimestamp, 1},
    {"date_timestamptz", DateTimestampTz, 1},
    {"timestamp_date", TimestampDate, 1},
    {"timestamptz_date", TimestampTzDate, 1},
    {"datetime_timestamp", DatetimeTimestamp, 2},
    {"datetimetz_timestamptz", DatetimetzTimestampTz, 2},
    {"make_date", MakeDate, 3},
    {"date_finite", DateFinite, 1},
};

}  // namespace

std::span<const BuiltinFunction> DateBuiltins() {
  return kDateBuiltins;
}

}  // namespace hyrax::executor
