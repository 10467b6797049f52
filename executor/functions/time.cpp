// time and timetz: I/O, binary I/O, typmods, comparisons (timetz by UTC-equivalent time, then
// zone), hashing, +/- interval (wrapping around midnight), time - time, casts among time,
// timetz, interval and timestamp(tz), AT TIME ZONE for timetz, make_time.
// See README.md "Date and time".
#include <cmath>
#include <cstdio>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datetime_common.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/typmod.h"
#include "executor/types/datetime_format.h"
#include "executor/types/datetime_parse.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/qualified_name.h"
#include "executor/types/timezone.h"
#include "executor/types/type_settings.h"
#include "executor/types/tz_abbrev.h"

namespace hyrax::executor {

namespace {

// "%02g" as PostgreSQL's own snprintf prints it (NaN and Infinity spelled out).
void FormatG(char* buf, size_t size, double v) {
  if (std::isnan(v)) {
    std::snprintf(buf, size, "NaN");
  } else if (std::isinf(v)) {
    std::snprintf(buf, size, v > 0 ? "Infinity" : "-Infinity");
  } else {
    std::snprintf(buf, size, "%02g", v);
  }
}

TimeADT AdjustForTypmod(TimeADT t, int32_t typmod) {
  if (typmod >= 0 && typmod <= kMaxTimePrecision) return RoundToPrecision(t, typmod);
  return t;
}

TimeADT TimeFromTm(const PgTm& tm) {
  return TimeFromHms(tm.hour, tm.min, tm.sec, tm.usec);
}

PgTm TmFromTime(TimeADT t) {
  PgTm tm;
  TimeToHms(t, &tm.hour, &tm.min, &tm.sec, &tm.usec);
  return tm;
}

Datum TimeIn(FunctionCallInfo* f) {
  ParsedDateTime p = ParseTimeText(f->ArgCString(0), "time", false, CurrentTransactionTimestamp());
  return Int64GetDatum(AdjustForTypmod(TimeFromTm(p.tm), f->ArgInt32(2)));
}
Datum TimeOut(FunctionCallInfo* f) {
  return CStringDatum(EncodeTimeOnly(TmFromTime(f->ArgInt64(0)), nullptr, g_date_style));
}
Datum TimeRecv(FunctionCallInfo* f) {
  TimeADT t = RecvArg(f, 0)->GetInt64();
  if (t < 0 || t > kUsecsPerDay) {
    throw Error(errcode::kInvalidBinaryRepresentation, "time out of range");
  }
  return Int64GetDatum(AdjustForTypmod(t, f->ArgInt32(2)));
}
Datum TimeSend(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutInt64(f->ArgInt64(0));
  return buf.Finish();
}

int32_t PrecisionTypmod(Datum array, const char* type_name) {
  std::vector<int32_t> mods = IntegerTypmods(array);
  if (mods.size() != 1) throw Error(errcode::kInvalidParameterValue, "invalid type modifier");
  if (mods[0] < 0) {
    throw MakeError(errcode::kInvalidParameterValue, "{}({}) precision must not be negative",
                    type_name, mods[0]);
  }
  return std::min<int32_t>(mods[0], kMaxTimePrecision);
}
Datum TimeTypmodIn(FunctionCallInfo* f) {
  return Int32GetDatum(PrecisionTypmod(f->Arg(0), "TIME"));
}
Datum TimeTzTypmodIn(FunctionCallInfo* f) {
  return Int32GetDatum(PrecisionTypmod(f->Arg(0), "TIME WITH TIME ZONE"));
}
template <bool kTz>
Datum TimeTypmodOut(FunctionCallInfo* f) {
  int32_t typmod = f->ArgInt32(0);
  return CStringDatum((typmod >= 0 ? "(" + std::to_string(typmod) + ")" : std::string()) +
                      (kTz ? " with time zone" : " without time zone"));
}
Datum TimeScale(FunctionCallInfo* f) {
  return Int64GetDatum(AdjustForTypmod(f->ArgInt64(0), f->ArgInt32(1)));
}

int64_t T(FunctionCallInfo* f, int i) {
  return f->ArgInt64(i);
}
Datum TimeEq(FunctionCallInfo* f) {
  return BoolGetDatum(T(f, 0) == T(f, 1));
}
Datum TimeNe(FunctionCallInfo* f) {
  return BoolGetDatum(T(f, 0) != T(f, 1));
}
Datum TimeLt(FunctionCallInfo* f) {
  return BoolGetDatum(T(f, 0) < T(f, 1));
}
Datum TimeLe(FunctionCallInfo* f) {
  return BoolGetDatum(T(f, 0) <= T(f, 1));
}
Datum TimeGt(FunctionCallInfo* f) {
  return BoolGetDatum(T(f, 0) > T(f, 1));
}
Datum TimeGe(FunctionCallInfo* f) {
  return BoolGetDatum(T(f, 0) >= T(f, 1));
}
Datum TimeCmp(FunctionCallInfo* f) {
  return CompareResult(T(f, 0), T(f, 1));
}
Datum TimeLarger(FunctionCallInfo* f) {
  return Int64GetDatum(std::max(T(f, 0), T(f, 1)));
}
Datum TimeSmaller(FunctionCallInfo* f) {
  return Int64GetDatum(std::min(T(f, 0), T(f, 1)));
}
uint32_t FoldInt64(int64_t v) {
  uint32_t lo = static_cast<uint32_t>(v);
  uint32_t hi = static_cast<uint32_t>(static_cast<uint64_t>(v) >> 32);
  return lo ^ (v >= 0 ? hi : ~hi);
}
Datum TimeHash(FunctionCallInfo* f) {
  return UInt32GetDatum(HashUInt32(FoldInt64(T(f, 0))));
}
Datum TimeHashExtended(FunctionCallInfo* f) {
  return Int64GetDatum(static_cast<int64_t>(HashUInt32Extended(FoldInt64(T(f, 0)), T(f, 1))));
}

TimeADT WrapDay(int64_t t) {
  t -= t / kUsecsPerDay * kUsecsPerDay;
  if (t < 0) t += kUsecsPerDay;
  return t;
}
Datum TimePlInterval(FunctionCallInfo* f) {
  return Int64GetDatum(WrapDay(T(f, 0) + IntervalFromDatum(f->Arg(1)).time));
}
Datum TimeMiInterval(FunctionCallInfo* f) {
  return Int64GetDatum(WrapDay(T(f, 0) - IntervalFromDatum(f->Arg(1)).time));
}
Datum TimeMiTime(FunctionCallInfo* f) {
  return IntervalDatum(Interval{T(f, 0) - T(f, 1), 0, 0});
}
Datum TimeInterval(FunctionCallInfo* f) {
  return IntervalDatum(Interval{T(f, 0), 0, 0});
}
Datum IntervalTime(FunctionCallInfo* f) {
  int64_t t = IntervalFromDatum(f->Arg(0)).time;
  if (t >= kUsecsPerDay) {
    t -= t / kUsecsPerDay * kUsecsPerDay;
  } else if (t < 0) {
    t += (-t + kUsecsPerDay - 1) / kUsecsPerDay * kUsecsPerDay;
  }
  return Int64GetDatum(t);
}
Datum TimestampTime(FunctionCallInfo* f) {
  Timestamp t = T(f, 0);
  if (!TimestampIsFinite(t)) return f->ReturnNull();
  PgTm tm = TimestampFields(t);
  return Int64GetDatum(TimeFromTm(tm));
}
Datum TimestampTzTime(FunctionCallInfo* f) {
  TimestampTz t = T(f, 0);
  if (!TimestampIsFinite(t)) return f->ReturnNull();
  return Int64GetDatum(TimeFromTm(TimestampTzFields(t)));
}

Datum MakeTime(FunctionCallInfo* f) {
  int hour = f->ArgInt32(0), min = f->ArgInt32(1);
  double sec = f->ArgFloat8(2);
  double usec = std::isnan(sec) ? -1 : std::rint(sec * kUsecsPerSec);
  if (hour < 0 || hour > 24 || min < 0 || min >= 60 || usec < 0 || usec > 60.0 * kUsecsPerSec ||
      (int64_t{hour} * 60 + min) * kUsecsPerMinute + static_cast<int64_t>(usec) > kUsecsPerDay) {
    char buf[32];
    FormatG(buf, sizeof(buf), sec);
    throw MakeError(errcode::kDatetimeFieldOverflow, "time field value out of range: {}:{:02}:{}",
                    hour, min, buf);
  }
  return Int64GetDatum((int64_t{hour} * 60 + min) * kUsecsPerMinute + static_cast<int64_t>(usec));
}

// --- timetz ---------------------------------------------------------------------------------

Datum TimeTzIn(FunctionCallInfo* f) {
  ParsedDateTime p =
      ParseTimeText(f->ArgCString(0), "time with time zone", true, CurrentTransactionTimestamp());
  TimeTzADT t{AdjustForTypmod(TimeFromTm(p.tm), f->ArgInt32(2)), -p.gmtoff};
  return TimeTzDatum(t);
}
Datum TimeTzOut(FunctionCallInfo* f) {
  TimeTzADT t = TimeTzFromDatum(f->Arg(0));
  int32_t gmtoff = -t.zone;
  return CStringDatum(EncodeTimeOnly(TmFromTime(t.time), &gmtoff, g_date_style));
}
Datum TimeTzRecv(FunctionCallInfo* f) {
  RecvBuffer* buf = RecvArg(f, 0);
  TimeTzADT t;
  t.time = buf->GetInt64();
  if (t.time < 0 || t.time > kUsecsPerDay) {
    throw Error(errcode::kInvalidBinaryRepresentation, "time out of range");
  }
  t.zone = buf->GetInt32();
  if (t.zone <= -15 * 3600 - 59 * 60 - 60 || t.zone >= 15 * 3600 + 59 * 60 + 60) {
    throw Error(errcode::kInvalidBinaryRepresentation, "time zone displacement out of range");
  }
  t.time = AdjustForTypmod(t.time, f->ArgInt32(2));
  return TimeTzDatum(t);
}
Datum TimeTzSend(FunctionCallInfo* f) {
  TimeTzADT t = TimeTzFromDatum(f->Arg(0));
  SendBuffer buf;
  buf.PutInt64(t.time);
  buf.PutInt32(t.zone);
  return buf.Finish();
}
Datum TimeTzScale(FunctionCallInfo* f) {
  TimeTzADT t = TimeTzFromDatum(f->Arg(0));
  t.time = AdjustForTypmod(t.time, f->ArgInt32(1));
  return TimeTzDatum(t);
}

int TimeTzCompare(FunctionCallInfo* f) {
  TimeTzADT a = TimeTzFromDatum(f->Arg(0)), b = TimeTzFromDatum(f->Arg(1));
  int64_t ta = a.time + int64_t{a.zone} * kUsecsPerSec;
  int64_t tb = b.time + int64_t{b.zone} * kUsecsPerSec;
  if (ta != tb) return ta > tb ? 1 : -1;
  if (a.zone != b.zone) return a.zone > b.zone ? 1 : -1;
  return 0;
}
Datum TimeTzEq(FunctionCallInfo* f) {
  return BoolGetDatum(TimeTzCompare(f) == 0);
}
Datum TimeTzNe(FunctionCallInfo* f) {
  return BoolGetDatum(TimeTzCompare(f) != 0);
}
Datum TimeTzLt(FunctionCallInfo* f) {
  return BoolGetDatum(TimeTzCompare(f) < 0);
}
Datum TimeTzLe(FunctionCallInfo* f) {
  return BoolGetDatum(TimeTzCompare(f) <= 0);
}
Datum TimeTzGt(FunctionCallInfo* f) {
  return BoolGetDatum(TimeTzCompare(f) > 0);
}
Datum TimeTzGe(FunctionCallInfo* f) {
  return BoolGetDatum(TimeTzCompare(f) >= 0);
}
Datum TimeTzCmp(FunctionCallInfo* f) {
  return Int32GetDatum(TimeTzCompare(f));
}
Datum TimeTzLarger(FunctionCallInfo* f) {
  return TimeTzCompare(f) > 0 ? f->Arg(0) : f->Arg(1);
}
Datum TimeTzSmaller(FunctionCallInfo* f) {
  return TimeTzCompare(f) < 0 ? f->Arg(0) : f->Arg(1);
}
Datum TimeTzHash(FunctionCallInfo* f) {
  TimeTzADT t = TimeTzFromDatum(f->Arg(0));
  return UInt32GetDatum(HashUInt32(FoldInt64(t.time)) ^ HashUInt32(static_cast<uint32_t>(t.zone)));
}
Datum TimeTzHashExtended(FunctionCallInfo* f) {
  TimeTzADT t = TimeTzFromDatum(f->Arg(0));
  uint64_t seed = static_cast<uint64_t>(f->ArgInt64(1));
  return Int64GetDatum(
      static_cast<int64_t>(HashUInt32Extended(FoldInt64(t.time), seed) ^
                           HashUInt32Extended(static_cast<uint32_t>(t.zone), seed)));
}

Datum TimeTzPlInterval(FunctionCallInfo* f) {
  TimeTzADT t = TimeTzFromDatum(f->Arg(0));
  t.time = WrapDay(t.time + IntervalFromDatum(f->Arg(1)).time);
  return TimeTzDatum(t);
}
Datum TimeTzMiInterval(FunctionCallInfo* f) {
  TimeTzADT t = TimeTzFromDatum(f->Arg(0));
  t.time = WrapDay(t.time - IntervalFromDatum(f->Arg(1)).time);
  return TimeTzDatum(t);
}

// time -> timetz uses the session zone's offset on the current date.
Datum TimeToTimeTz(FunctionCallInfo* f) {
  PgTm tm = TimestampTzFields(CurrentTransactionTimestamp());
  TimeToHms(T(f, 0), &tm.hour, &tm.min, &tm.sec, &tm.usec);
  int32_t gmtoff = DetermineTimeZoneOffset(tm, SessionTimeZone());
  return TimeTzDatum(TimeTzADT{T(f, 0), -gmtoff});
}
Datum TimeTzToTime(FunctionCallInfo* f) {
  return Int64GetDatum(TimeTzFromDatum(f->Arg(0)).time);
}
Datum TimestampTzTimeTz(FunctionCallInfo* f) {
  TimestampTz t = T(f, 0);
  if (!TimestampIsFinite(t)) return f->ReturnNull();
  PgTm tm = TimestampTzFields(t);
  return TimeTzDatum(TimeTzADT{TimeFromTm(tm), -tm.gmtoff});
}

TimeTzADT ShiftZone(const TimeTzADT& t, int32_t new_zone) {
  TimeTzADT r;
  r.time = t.time + int64_t{t.zone - new_zone} * kUsecsPerSec;
  while (r.time < 0) r.time += kUsecsPerDay;
  while (r.time >= kUsecsPerDay) r.time -= kUsecsPerDay;
  r.zone = new_zone;
  return r;
}

// timetz AT TIME ZONE 'zone': a named zone uses its offset at the transaction start.
Datum TimeTzZone(FunctionCallInfo* f) {
  std::string_view name = f->ArgText(0);
  int32_t zone;
  if (auto abbrev = LookupTzAbbrev(DowncaseIdentifier(name))) {
    zone = -abbrev->gmtoff;
  } else {
    std::shared_ptr<const TimeZone> tz = TimeZone::Load(name);
    if (tz == nullptr) {
      throw MakeError(errcode::kInvalidParameterValue, "time zone \"{}\" not recognized", name);
    }
    zone = -tz->AtUtc(TimestampToUnixSeconds(CurrentTransactionTimestamp())).gmtoff;
  }
  return TimeTzDatum(ShiftZone(TimeTzFromDatum(f->Arg(1)), zone));
}

Datum TimeTzIzone(FunctionCallInfo* f) {
  Interval iv = IntervalFromDatum(f->Arg(0));
  if (iv.month != 0 || iv.day != 0) {
    throw MakeError(errcode::kInvalidParameterValue,
                    "interval time zone \"{}\" must not include months or days",
                    EncodeInterval(iv, g_interval_style));
  }
  int32_t zone = static_cast<int32_t>(-(iv.time / kUsecsPerSec));
  return TimeTzDatum(ShiftZone(TimeTzFromDatum(f->Arg(1)), zone));
}

const BuiltinFunction kTimeBuiltins[] = {
    {"time_in", TimeIn, 3},
    {"time_out", TimeOut, 1},
    {"time_recv", TimeRecv, 3},
    {"time_send", TimeSend, 1},
    {"timetypmodin", TimeTypmodIn, 1},
    {"timetypmodout", TimeTypmodOut<false>, 1},
    {"time_scale", TimeScale, 2},
    {"time_eq", TimeEq, 2},
    {"time_ne", TimeNe, 2},
    {"time_lt", TimeLt, 2},
    {"time_le", TimeLe, 2},
    {"time_gt", TimeGt, 2},
    {"time_ge", TimeGe, 2},
    {"time_cmp", TimeCmp, 2},
    {"time_larger", TimeLarger, 2},
    {"time_smaller", TimeSmaller, 2},
    {"time_hash", TimeHash, 1},
    {"time_hash_extended", TimeHashExtended, 2},
    {"time_pl_interval", TimePlInterval, 2},
    {"time_mi_interval", TimeMiInterval, 2},
    {"time_mi_time", TimeMiTime, 2},
    {"time_interval", TimeInterval, 1},
    {"interval_time", IntervalTime, 1},
    {"timestamp_time", TimestampTime, 1},
    {"timestamptz_time", TimestampTzTime, 1},
    {"make_time", MakeTime, 3},
    {"timetz_in", TimeTzIn, 3},
    {"timetz_out", TimeTzOut, 1},
    {"timetz_recv", TimeTzRecv, 3},
    {"timetz_send", TimeTzSend, 1},
    {"timetztypmodin", TimeTzTypmodIn, 1},
    {"timetztypmodout", TimeTypmodOut<true>, 1},
    {"timetz_scale", TimeTzScale, 2},
    {"timetz_eq", TimeTzEq, 2},
    {"timetz_ne", TimeTzNe, 2},
    {"timetz_lt", TimeTzLt, 2},
    {"timetz_le", TimeTzLe, 2},
    {"timetz_gt", TimeTzGt, 2},
    {"timetz_ge", TimeTzGe, 2},
    {"timetz_cmp", TimeTzCmp, 2},
    {"timetz_larger", TimeTzLarger, 2},
    {"timetz_smaller", TimeTzSmaller, 2},
    {"timetz_hash", TimeTzHash, 1},
    {"timetz_hash_extended", TimeTzHashExtended, 2},
    {"timetz_pl_interval", TimeTzPlInterval, 2},
    {"timetz_mi_interval", TimeTzMiInterval, 2},
    {"time_timetz", TimeToTimeTz, 1},
    {"timetz_time", TimeTzToTime, 1},
    {"timestamptz_timetz", TimestampTzTimeTz, 1},
    {"timetz_zone", TimeTzZone, 2},
    {"timetz_izone", TimeTzIzone, 2},
};

}  // namespace

std::span<const BuiltinFunction> TimeBuiltins() {
  return kTimeBuiltins;
}

}  // namespace hyrax::executor
