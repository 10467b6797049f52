// timestamp and timestamptz: text I/O (DateStyle, TimeZone), binary I/O (int64 µs since
// 2000-01-01), typmods (fractional-second precision), comparisons (the two types share the
// same int64 comparisons), cross-type comparisons, casts between them, hashing, isfinite.
// Arithmetic, zones and construction are in timestamp_arith.cpp. README.md "Date and time".
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datetime_common.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/typmod.h"
#include "executor/types/datetime_format.h"
#include "executor/types/datetime_parse.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/timezone.h"
#include "executor/types/type_settings.h"

namespace hyrax::executor {

namespace {

[[noreturn]] void ThrowOutOfRangeText(std::string_view text) {
  throw MakeError(errcode::kDatetimeValueOutOfRange, "timestamp out of range: \"{}\"", text);
}

// Rounds to the typmod's precision (PostgreSQL's AdjustTimestampForTypmod).
Timestamp AdjustForTypmod(Timestamp t, int32_t typmod) {
  if (!TimestampIsFinite(t) || typmod == -1) return t;
  if (typmod < 0 || typmod > kMaxTimePrecision) {
    throw MakeError(errcode::kInvalidParameterValue,
                    "timestamp({}) precision must be between {} and {}", typmod, 0,
                    kMaxTimePrecision);
  }
  return RoundToPrecision(t, typmod);
}

Timestamp ParseTimestamp(std::string_view text, bool with_tz) {
  const char* type_name = with_tz ? "timestamp with time zone" : "timestamp";
  ParsedDateTime p = ParseDateTimeText(text, type_name, with_tz, CurrentTransactionTimestamp());
  switch (p.kind) {
    case DateTimeKind::kLate:
      return kDtNoEnd;
    case DateTimeKind::kEarly:
      return kDtNoBegin;
    case DateTimeKind::kEpoch:
      return -kUnixEpochOffsetSecs * kUsecsPerSec;
    case DateTimeKind::kValue:
      break;
  }
  Timestamp t;
  if (!TmToTimestamp(p.tm, &t)) ThrowOutOfRangeText(text);
  if (with_tz) {
    if (__builtin_sub_overflow(t, int64_t{p.gmtoff} * kUsecsPerSec, &t) || !IsValidTimestamp(t)) {
      ThrowOutOfRangeText(text);
    }
  }
  return t;
}

Datum TimestampIn(FunctionCallInfo* f) {
  return Int64GetDatum(AdjustForTypmod(ParseTimestamp(f->ArgCString(0), false), f->ArgInt32(2)));
}
Datum TimestampTzIn(FunctionCallInfo* f) {
  return Int64GetDatum(AdjustForTypmod(ParseTimestamp(f->ArgCString(0), true), f->ArgInt32(2)));
}

Datum TimestampOut(FunctionCallInfo* f) {
  Timestamp t = f->ArgInt64(0);
  if (!TimestampIsFinite(t)) return CStringDatum(EncodeSpecialTimestamp(t == kDtNoEnd));
  if (!IsValidTimestamp(t)) ThrowTimestampOutOfRange();
  PgTm tm;
  TimestampToTm(t, &tm);
  return CStringDatum(EncodeDateTime(tm, false, g_date_style, g_date_order));
}

Datum TimestampTzOut(FunctionCallInfo* f) {
  TimestampTz t = f->ArgInt64(0);
  if (!TimestampIsFinite(t)) return CStringDatum(EncodeSpecialTimestamp(t == kDtNoEnd));
  if (!IsValidTimestamp(t)) ThrowTimestampOutOfRange();
  PgTm tm;
  TimestampTzToTm(t, SessionTimeZone(), &tm);
  return CStringDatum(EncodeDateTime(tm, true, g_date_style, g_date_order));
}

Datum TimestampRecv(FunctionCallInfo* f) {
  Timestamp t = RecvArg(f, 0)->GetInt64();
  if (TimestampIsFinite(t) && !IsValidTimestamp(t)) ThrowTimestampOutOfRange();
  return Int64GetDatum(AdjustForTypmod(t, f->ArgInt32(2)));
}
Datum TimestampSend(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutInt64(f->ArgInt64(0));
  return buf.Finish();
}

// timestamp(p) / time(p) typmod: precision 0..6 (larger values are reduced with a warning in
// PostgreSQL; Hyrax clamps silently).
int32_t TimePrecisionTypmod(Datum array, const char* type_name) {
  std::vector<int32_t> mods = IntegerTypmods(array);
  if (mods.size() != 1) throw Error(errcode::kInvalidParameterValue, "invalid type modifier");
  if (mods[0] < 0) {
    throw MakeError(errcode::kInvalidParameterValue, "{}({}) precision must not be negative",
                    type_name, mods[0]);
  }
  return std::min<int32_t>(mods[0], kMaxTimePrecision);
}
Datum TimestampTypmodIn(FunctionCallInfo* f) {
  return Int32GetDatum(TimePrecisionTypmod(f->Arg(0), "TIMESTAMP"));
}
Datum TimestampTzTypmodIn(FunctionCallInfo* f) {
  return Int32GetDatum(TimePrecisionTypmod(f->Arg(0), "TIMESTAMP WITH TIME ZONE"));
}
Datum TimestampTypmodOut(FunctionCallInfo* f) {
  int32_t typmod = f->ArgInt32(0);
  return CStringDatum((typmod >= 0 ? "(" + std::to_string(typmod) + ")" : std::string()) +
                      " without time zone");
}
Datum TimestampTzTypmodOut(FunctionCallInfo* f) {
  int32_t typmod = f->ArgInt32(0);
  return CStringDatum((typmod >= 0 ? "(" + std::to_string(typmod) + ")" : std::string()) +
                      " with time zone");
}
Datum TimestampScale(FunctionCallInfo* f) {
  return Int64GetDatum(AdjustForTypmod(f->ArgInt64(0), f->ArgInt32(1)));
}

int64_t A(FunctionCallInfo* f, int i) {
  return f->ArgInt64(i);
}
Datum TsEq(FunctionCallInfo* f) {
  return BoolGetDatum(A(f, 0) == A(f, 1));
}
Datum TsNe(FunctionCallInfo* f) {
  return BoolGetDatum(A(f, 0) != A(f, 1));
}
Datum TsLt(FunctionCallInfo* f) {
  return BoolGetDatum(A(f, 0) < A(f, 1));
}
Datum TsLe(FunctionCallInfo* f) {
  return BoolGetDatum(A(f, 0) <= A(f, 1));
}
Datum TsGt(FunctionCallInfo* f) {
  return BoolGetDatum(A(f, 0) > A(f, 1));
}
Datum TsGe(FunctionCallInfo* f) {
  return BoolGetDatum(A(f, 0) >= A(f, 1));
}
Datum TsCmp(FunctionCallInfo* f) {
  return CompareResult(A(f, 0), A(f, 1));
}
Datum TsLarger(FunctionCallInfo* f) {
  return Int64GetDatum(std::max(A(f, 0), A(f, 1)));
}
Datum TsSmaller(FunctionCallInfo* f) {
  return Int64GetDatum(std::min(A(f, 0), A(f, 1)));
}
Datum TsHash(FunctionCallInfo* f) {
  int64_t v = A(f, 0);
  uint32_t lo = static_cast<uint32_t>(v);
  uint32_t hi = static_cast<uint32_t>(static_cast<uint64_t>(v) >> 32);
  return UInt32GetDatum(HashUInt32(lo ^ (v >= 0 ? hi : ~hi)));
}
Datum TsHashExtended(FunctionCallInfo* f) {
  int64_t v = A(f, 0);
  uint32_t lo = static_cast<uint32_t>(v);
  uint32_t hi = static_cast<uint32_t>(static_cast<uint64_t>(v) >> 32);
  return Int64GetDatum(static_cast<int64_t>(HashUInt32Extended(lo ^ (v >= 0 ? hi : ~hi), A(f, 1))));
}
Datum TsFinite(FunctionCallInfo* f) {
  return BoolGetDatum(TimestampIsFinite(A(f, 0)));
}

// timestamp vs timestamptz: kTsFirst = timestamp is the first argument.
template <bool kTsFirst, int kOp>
Datum MixedOp(FunctionCallInfo* f) {
  int c = kTsFirst ? CompareTimestampTimestampTz(A(f, 0), A(f, 1))
                   : -CompareTimestampTimestampTz(A(f, 1), A(f, 0));
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

Datum TimestampToTz(FunctionCallInfo* f) {
  return Int64GetDatum(TimestampToTimestampTz(A(f, 0)));
}
Datum TimestampTzToTs(FunctionCallInfo* f) {
  return Int64GetDatum(TimestampTzToTimestamp(A(f, 0)));
}

const BuiltinFunction kTimestampBuiltins[] = {
    {"timestamp_in", TimestampIn, 3},
    {"timestamp_out", TimestampOut, 1},
    {"timestamp_recv", TimestampRecv, 3},
    {"timestamp_send", TimestampSend, 1},
    {"timestamptz_in", TimestampTzIn, 3},
    {"timestamptz_out", TimestampTzOut, 1},
    {"timestamptz_recv", TimestampRecv, 3},
    {"timestamptz_send", TimestampSend, 1},
    {"timestamptypmodin", TimestampTypmodIn, 1},
    {"timestamptypmodout", TimestampTypmodOut, 1},
    {"timestamptztypmodin", TimestampTzTypmodIn, 1},
    {"timestamptztypmodout", TimestampTzTypmodOut, 1},
    {"timestamp_scale", TimestampScale, 2},
    {"timestamptz_scale", TimestampScale, 2},
    {"timestamp_eq", TsEq, 2},
    {"timestamp_ne", TsNe, 2},
    {"timestamp_lt", TsLt, 2},
    {"timestamp_le", TsLe, 2},
    {"timestamp_gt", TsGt, 2},
    {"timestamp_ge", TsGe, 2},
    {"timestamp_cmp", TsCmp, 2},
    {"timestamp_larger", TsLarger, 2},
    {"timestamp_smaller", TsSmaller, 2},
    {"timestamp_hash", TsHash, 1},
    {"timestamp_hash_extended", TsHashExtended, 2},
    {"timestamp_finite", TsFinite, 1},
    {"timestamp_eq_timestamptz", MixedOp<true, 0>, 2},
    {"timestamp_ne_timestamptz", MixedOp<true, 1>, 2},
    {"timestamp_lt_timestamptz", MixedOp<true, 2>, 2},
    {"timestamp_le_timestamptz", MixedOp<true, 3>, 2},
    {"timestamp_gt_timestamptz", MixedOp<true, 4>, 2},
    {"timestamp_ge_timestamptz", MixedOp<true, 5>, 2},
    {"timestamp_cmp_timestamptz", MixedOp<true, 6>, 2},
    {"timestamptz_eq_timestamp", MixedOp<false, 0>, 2},
    {"timestamptz_ne_timestamp", MixedOp<false, 1>, 2},
    {"timestamptz_lt_timestamp", MixedOp<false, 2>, 2},
    {"timestamptz_le_timestamp", MixedOp<false, 3>, 2},
    {"timestamptz_gt_timestamp", MixedOp<false, 4>, 2},
    {"timestamptz_ge_timestamp", MixedOp<false, 5>, 2},
    {"timestamptz_cmp_timestamp", MixedOp<false, 6>, 2},
    {"timestamp_timestamptz", TimestampToTz, 1},
    {"timestamptz_timestamp", TimestampTzToTs, 1},
};

}  // namespace

std::span<const BuiltinFunction> TimestampBuiltins() {
  return kTimestampBuiltins;
}

}  // namespace hyrax::executor
