// interval: I/O (IntervalStyle), binary I/O, typmods, comparisons and hashing on the 30-day-
// month normalized span (as PostgreSQL: '1 mon' = '30 days'), arithmetic (+, -, unary -,
// * and / by float8 with PostgreSQL's fraction cascading), justify_*, make_interval, and the
// avg/sum aggregate support over {sum, count} interval[] states. README.md "Intervals".
#include <cmath>
#include <cstring>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/call_context.h"
#include "executor/functions/datetime_common.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/typmod.h"
#include "executor/types/array_type.h"
#include "executor/types/datetime_format.h"
#include "executor/types/format_type.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/interval_parse.h"
#include "executor/types/type_oids.h"
#include "executor/types/type_settings.h"

namespace hyrax::executor {

namespace {

Interval Iv(FunctionCallInfo* f, int i) {
  return IntervalFromDatum(f->Arg(i));
}

Datum IntervalIn(FunctionCallInfo* f) {
  return IntervalDatum(ParseInterval(f->ArgCString(0), f->ArgInt32(2)));
}
Datum IntervalOut(FunctionCallInfo* f) {
  return CStringDatum(EncodeInterval(Iv(f, 0), g_interval_style));
}
Datum IntervalRecv(FunctionCallInfo* f) {
  RecvBuffer* buf = RecvArg(f, 0);
  Interval iv;
  iv.time = buf->GetInt64();
  iv.day = buf->GetInt32();
  iv.month = buf->GetInt32();
  AdjustIntervalForTypmod(&iv, f->ArgInt32(2));
  return IntervalDatum(iv);
}
Datum IntervalSend(FunctionCallInfo* f) {
  Interval iv = Iv(f, 0);
  SendBuffer buf;
  buf.PutInt64(iv.time);
  buf.PutInt32(iv.day);
  buf.PutInt32(iv.month);
  return buf.Finish();
}

// typmod: fields in the high 16 bits, precision in the low 16 (PostgreSQL's layout). The
// parser passes the field mask first, then an optional precision.
Datum IntervalTypmodIn(FunctionCallInfo* f) {
  std::vector<int32_t> mods = IntegerTypmods(f->Arg(0));
  int32_t range = kIntervalFullRange;
  int32_t precision = kIntervalFullPrecision;
  if (mods.empty() || mods.size() > 2) {
    throw Error(errcode::kInvalidParameterValue, "invalid INTERVAL type modifier");
  }
  range = mods[0];
  if (mods.size() == 2) {
    precision = mods[1];
    if (precision < 0) {
      throw MakeError(errcode::kInvalidParameterValue,
                      "INTERVAL({}) precision must not be negative", precision);
    }
    precision = std::min(precision, 6);
  }
  return Int32GetDatum(((range & 0x7FFF) << 16) | (precision & 0xFFFF));
}
Datum IntervalTypmodOut(FunctionCallInfo* f) {
  return CStringDatum(FormatIntervalTypmod(f->ArgInt32(0)));
}
Datum IntervalScale(FunctionCallInfo* f) {
  Interval iv = Iv(f, 0);
  AdjustIntervalForTypmod(&iv, f->ArgInt32(1));
  return IntervalDatum(iv);
}

int Compare(FunctionCallInfo* f) {
  __int128 a = IntervalCompareValue(Iv(f, 0));
  __int128 b = IntervalCompareValue(Iv(f, 1));
  return a < b ? -1 : (a > b ? 1 : 0);
}
Datum IntervalEq(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) == 0);
}
Datum IntervalNe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) != 0);
}
Datum IntervalLt(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) < 0);
}
Datum IntervalLe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) <= 0);
}
Datum IntervalGt(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) > 0);
}
Datum IntervalGe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) >= 0);
}
Datum IntervalCmp(FunctionCallInfo* f) {
  return Int32GetDatum(Compare(f));
}
Datum IntervalLarger(FunctionCallInfo* f) {
  return Compare(f) > 0 ? f->Arg(0) : f->Arg(1);
}
Datum IntervalSmaller(FunctionCallInfo* f) {
  return Compare(f) < 0 ? f->Arg(0) : f->Arg(1);
}

// Hash of the low 64 bits of the comparison span, as hashint8 (PostgreSQL's interval_hash).
uint32_t FoldSpan(const Interval& iv) {
  auto span = static_cast<int64_t>(IntervalCompareValue(iv));
  uint32_t lo = static_cast<uint32_t>(span);
  uint32_t hi = static_cast<uint32_t>(static_cast<uint64_t>(span) >> 32);
  return lo ^ (span >= 0 ? hi : ~hi);
}
Datum IntervalHash(FunctionCallInfo* f) {
  return UInt32GetDatum(HashUInt32(FoldSpan(Iv(f, 0))));
}
Datum IntervalHashExtended(FunctionCallInfo* f) {
  return Int64GetDatum(
      static_cast<int64_t>(HashUInt32Extended(FoldSpan(Iv(f, 0)), f->ArgInt64(1))));
}

Interval Add(const Interval& a, const Interval& b, bool subtract) {
  Interval r;
  bool overflow = subtract ? (__builtin_sub_overflow(a.month, b.month, &r.month) ||
                              __builtin_sub_overflow(a.day, b.day, &r.day) ||
                              __builtin_sub_overflow(a.time, b.time, &r.time))
                           : (__builtin_add_overflow(a.month, b.month, &r.month) ||
                              __builtin_add_overflow(a.day, b.day, &r.day) ||
                              __builtin_add_overflow(a.time, b.time, &r.time));
  if (overflow) ThrowIntervalOutOfRange();
  return r;
}
Datum IntervalPl(FunctionCallInfo* f) {
  return IntervalDatum(Add(Iv(f, 0), Iv(f, 1), false));
}
Datum IntervalMi(FunctionCallInfo* f) {
  return IntervalDatum(Add(Iv(f, 0), Iv(f, 1), true));
}
Datum IntervalUm(FunctionCallInfo* f) {
  return IntervalDatum(NegateInterval(Iv(f, 0)));
}

// PostgreSQL's TSROUND: round to microsecond precision in floating point.
double TsRound(double v) {
  return std::rint(v * 1000000.0) / 1000000.0;
}

bool FitsInt32(double v) {
  return v >= -2147483648.0 && v < 2147483648.0;
}

// interval * factor, cascading fractional months into days and fractional days into time.
Interval Multiply(const Interval& span, double factor) {
  Interval r;
  double month = span.month * factor;
  if (std::isnan(month) || !FitsInt32(month)) ThrowIntervalOutOfRange();
  r.month = static_cast<int32_t>(month);
  double day = span.day * factor;
  if (std::isnan(day) || !FitsInt32(day)) ThrowIntervalOutOfRange();
  r.day = static_cast<int32_t>(day);
  double month_remainder_days = TsRound((span.month * factor - r.month) * kDaysPerMonth);
  double sec_remainder = TsRound(
      (span.day * factor - r.day + month_remainder_days - static_cast<int>(month_remainder_days)) *
      kSecsPerDay);
  if (std::fabs(sec_remainder) >= kSecsPerDay) {
    if (__builtin_add_overflow(r.day, static_cast<int>(sec_remainder / kSecsPerDay), &r.day)) {
      ThrowIntervalOutOfRange();
    }
    sec_remainder -= static_cast<int>(sec_remainder / kSecsPerDay) * kSecsPerDay;
  }
  if (__builtin_add_overflow(r.day, static_cast<int32_t>(month_remainder_days), &r.day)) {
    ThrowIntervalOutOfRange();
  }
  double time = std::rint(static_cast<double>(span.time) * factor + sec_remainder * kUsecsPerSec);
  if (std::isnan(time) || !(time >= -9223372036854775808.0 && time < 9223372036854775808.0)) {
    ThrowIntervalOutOfRange();
  }
  r.time = static_cast<int64_t>(time);
  return r;
}

Datum IntervalMul(FunctionCallInfo* f) {
  return IntervalDatum(Multiply(Iv(f, 0), f->ArgFloat8(1)));
}
Datum MulDInterval(FunctionCallInfo* f) {
  return IntervalDatum(Multiply(Iv(f, 1), f->ArgFloat8(0)));
}

Datum IntervalDiv(FunctionCallInfo* f) {
  Interval span = Iv(f, 0);
  double factor = f->ArgFloat8(1);
  if (factor == 0.0) throw Error(errcode::kDivisionByZero, "division by zero");
  Interval r;
  r.month = static_cast<int32_t>(span.month / factor);
  r.day = static_cast<int32_t>(span.day / factor);
  double month_remainder_days = TsRound((span.month / factor - r.month) * kDaysPerMonth);
  double sec_remainder = TsRound(
      (span.day / factor - r.day + month_remainder_days - static_cast<int>(month_remainder_days)) *
      kSecsPerDay);
  if (std::fabs(sec_remainder) >= kSecsPerDay) {
    r.day += static_cast<int>(sec_remainder / kSecsPerDay);
    sec_remainder -= static_cast<int>(sec_remainder / kSecsPerDay) * kSecsPerDay;
  }
  r.day += static_cast<int32_t>(month_remainder_days);
  r.time = static_cast<int64_t>(
      std::rint(static_cast<double>(span.time) / factor + sec_remainder * kUsecsPerSec));
  return IntervalDatum(r);
}

Datum JustifyHoursFn(FunctionCallInfo* f) {
  return IntervalDatum(JustifyHours(Iv(f, 0)));
}

Interval JustifyDays(Interval iv) {
  int32_t wholemonth = iv.day / kDaysPerMonth;
  iv.day -= wholemonth * kDaysPerMonth;
  if (__builtin_add_overflow(iv.month, wholemonth, &iv.month)) ThrowIntervalOutOfRange();
  if (iv.month > 0 && iv.day < 0) {
    iv.day += kDaysPerMonth;
    --iv.month;
  } else if (iv.month < 0 && iv.day > 0) {
    iv.day -= kDaysPerMonth;
    ++iv.month;
  }
  return iv;
}
Datum JustifyDaysFn(FunctionCallInfo* f) {
  return IntervalDatum(JustifyDays(Iv(f, 0)));
}

Datum JustifyInterval(FunctionCallInfo* f) {
  Interval r = Iv(f, 0);
  if ((r.day > 0 && r.time > 0) || (r.day < 0 && r.time < 0)) {
    int32_t wholemonth = r.day / kDaysPerMonth;
    r.day -= wholemonth * kDaysPerMonth;
    if (__builtin_add_overflow(r.month, wholemonth, &r.month)) ThrowIntervalOutOfRange();
  }
  int64_t wholeday = r.time / kUsecsPerDay;
  r.time -= wholeday * kUsecsPerDay;
  r.day += static_cast<int32_t>(wholeday);
  int32_t wholemonth = r.day / kDaysPerMonth;
  r.day -= wholemonth * kDaysPerMonth;
  if (__builtin_add_overflow(r.month, wholemonth, &r.month)) ThrowIntervalOutOfRange();
  if (r.month > 0 && (r.day < 0 || (r.day == 0 && r.time < 0))) {
    r.day += kDaysPerMonth;
    --r.month;
  } else if (r.month < 0 && (r.day > 0 || (r.day == 0 && r.time > 0))) {
    r.day -= kDaysPerMonth;
    ++r.month;
  }
  if (r.day > 0 && r.time < 0) {
    r.time += kUsecsPerDay;
    --r.day;
  } else if (r.day < 0 && r.time > 0) {
    r.time -= kUsecsPerDay;
    ++r.day;
  }
  return IntervalDatum(r);
}

Datum MakeInterval(FunctionCallInfo* f) {
  int32_t years = f->ArgInt32(0), months = f->ArgInt32(1), weeks = f->ArgInt32(2);
  int32_t days = f->ArgInt32(3), hours = f->ArgInt32(4), mins = f->ArgInt32(5);
  double secs = f->ArgFloat8(6);
  if (std::isinf(secs) || std::isnan(secs)) ThrowIntervalOutOfRange();
  // PostgreSQL 15 does not check these sums for overflow (they wrap); neither do we.
  Interval r;
  r.month =
      static_cast<int32_t>(static_cast<uint32_t>(years) * 12u + static_cast<uint32_t>(months));
  r.day = static_cast<int32_t>(static_cast<uint32_t>(weeks) * 7u + static_cast<uint32_t>(days));
  double usecs = std::rint(secs * kUsecsPerSec);
  if (!(usecs >= -9223372036854775808.0 && usecs < 9223372036854775808.0)) {
    ThrowIntervalOutOfRange();
  }
  int64_t time =
      static_cast<int64_t>(static_cast<uint64_t>(hours) * static_cast<uint64_t>(kUsecsPerHour) +
                           static_cast<uint64_t>(mins) * static_cast<uint64_t>(kUsecsPerMinute) +
                           static_cast<uint64_t>(static_cast<int64_t>(usecs)));
  r.time = time;
  return IntervalDatum(r);
}

Datum IntervalFinite(FunctionCallInfo* f) {
  return BoolGetDatum(true);  // PostgreSQL 15 intervals are always finite
}

// avg(interval) / sum support: the transition value is interval[] {sum, count}, with the
// count stored in the time field of the second element (PostgreSQL's layout).
void ReadAccum(Datum array, Interval* sum, Interval* count) {
  ArrayView view(array);
  if (view.ndim() != 1 || view.dim(0) != 2 || view.HasNulls()) {
    throw Error(errcode::kInternalError, "expected 2-element interval array");
  }
  const char* data =
      DatumGetPointer<const char>(array) + ArrayDataOffset(DatumGetPointer<const void>(array));
  std::memcpy(sum, data, sizeof(Interval));
  std::memcpy(count, data + sizeof(Interval), sizeof(Interval));
}

Datum MakeAccum(const Interval& sum, const Interval& count) {
  ElementType elem;
  BuiltinElementType(kIntervalOid, &elem);
  return ConstructArray1D({IntervalDatum(sum), IntervalDatum(count)}, nullptr, elem);
}

Datum IntervalAccum(FunctionCallInfo* f) {
  Interval sum, count;
  ReadAccum(f->Arg(0), &sum, &count);
  sum = Add(sum, Iv(f, 1), false);
  count.time += 1;
  return MakeAccum(sum, count);
}
Datum IntervalAccumInv(FunctionCallInfo* f) {
  Interval sum, count;
  ReadAccum(f->Arg(0), &sum, &count);
  sum = Add(sum, Iv(f, 1), true);
  count.time -= 1;
  return MakeAccum(sum, count);
}
Datum IntervalCombine(FunctionCallInfo* f) {
  Interval s1, c1, s2, c2;
  ReadAccum(f->Arg(0), &s1, &c1);
  ReadAccum(f->Arg(1), &s2, &c2);
  c1.time += c2.time;
  return MakeAccum(Add(s1, s2, false), c1);
}
Datum IntervalAvg(FunctionCallInfo* f) {
  Interval sum, count;
  ReadAccum(f->Arg(0), &sum, &count);
  if (count.time == 0) return f->ReturnNull();
  LocalFunctionCallInfo<2> call;
  call.SetArg(0, IntervalDatum(sum));
  call.SetArg(1, Float8GetDatum(static_cast<double>(count.time)));
  return IntervalDiv(&call.fcinfo);
}

const BuiltinFunction kIntervalBuiltins[] = {
    {"interval_in", IntervalIn, 3},
    {"interval_out", IntervalOut, 1},
    {"interval_recv", IntervalRecv, 3},
    {"interval_send", IntervalSend, 1},
    {"intervaltypmodin", IntervalTypmodIn, 1},
    {"intervaltypmodout", IntervalTypmodOut, 1},
    {"interval_scale", IntervalScale, 2},
    {"interval_eq", IntervalEq, 2},
    {"interval_ne", IntervalNe, 2},
    {"interval_lt", IntervalLt, 2},
    {"interval_le", IntervalLe, 2},
    {"interval_gt", IntervalGt, 2},
    {"interval_ge", IntervalGe, 2},
    {"interval_cmp", IntervalCmp, 2},
    {"interval_larger", IntervalLarger, 2},
    {"interval_smaller", IntervalSmaller, 2},
    {"interval_hash", IntervalHash, 1},
    {"interval_hash_extended", IntervalHashExtended, 2},
    {"interval_pl", IntervalPl, 2},
    {"interval_mi", IntervalMi, 2},
    {"interval_um", IntervalUm, 1},
    {"interval_mul", IntervalMul, 2},
    {"mul_d_interval", MulDInterval, 2},
    {"interval_div", IntervalDiv, 2},
    {"interval_justify_hours", JustifyHoursFn, 1},
    {"interval_justify_days", JustifyDaysFn, 1},
    {"interval_justify_interval", JustifyInterval, 1},
    {"make_interval", MakeInterval, 7},
    {"interval_finite", IntervalFinite, 1},
    {"interval_accum", IntervalAccum, 2},
    {"interval_accum_inv", IntervalAccumInv, 2},
    {"interval_combine", IntervalCombine, 2},
    {"interval_avg", IntervalAvg, 1},
};

}  // namespace

std::span<const BuiltinFunction> IntervalBuiltins() {
  return kIntervalBuiltins;
}

}  // namespace hyrax::executor
