// numeric: text and binary I/O with typmods, typmod in/out and the numeric(numeric, int4)
// length coercion, comparisons (NaN sorts last and equals itself), hashing compatible with
// PostgreSQL's hash_numeric, and casts to and from the integer and float types.
// Arithmetic is in numeric_arith.cpp, aggregates in numeric_agg.cpp. README.md "Numeric".
#include <cmath>
#include <cstring>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/typmod.h"
#include "executor/types/float_io.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/numeric_io.h"

namespace hyrax::executor {

namespace {

NumericVar Arg(FunctionCallInfo* f, int i) {
  return NumericDatumToVar(f->Arg(i));
}

Datum NumericIn(FunctionCallInfo* f) {
  NumericVar v = ParseNumeric(f->ArgCString(0));
  ApplyNumericTypmod(&v, f->ArgInt32(2));
  return MakeNumericDatum(v);
}

Datum NumericOut(FunctionCallInfo* f) {
  return CStringDatum(FormatNumeric(Arg(f, 0)));
}

// Binary format: int16 ndigits, weight, sign, dscale, then the digits.
Datum NumericSend(FunctionCallInfo* f) {
  NumericVar v = Arg(f, 0);
  SendBuffer buf;
  if (!v.IsFinite()) {
    // PostgreSQL reads dscale/weight out of the special header's bits: infinities send 32.
    uint16_t sign = v.IsNaN() ? 0xC000 : (v.kind == NumericVar::Kind::kPosInf ? 0xD000 : 0xF000);
    buf.PutInt16(0);
    buf.PutInt16(0);
    buf.PutInt16(static_cast<int16_t>(sign));
    buf.PutInt16(v.IsNaN() ? 0 : 32);
    return buf.Finish();
  }
  buf.PutInt16(static_cast<int16_t>(v.digits.size()));
  buf.PutInt16(static_cast<int16_t>(v.weight));
  buf.PutInt16(static_cast<int16_t>(v.negative ? 0x4000 : 0));
  buf.PutInt16(static_cast<int16_t>(v.dscale));
  for (int16_t d : v.digits) buf.PutInt16(d);
  return buf.Finish();
}

Datum NumericRecv(FunctionCallInfo* f) {
  RecvBuffer* buf = RecvArg(f, 0);
  int ndigits = static_cast<uint16_t>(buf->GetInt16());
  NumericVar v;
  v.weight = buf->GetInt16();
  uint16_t sign = static_cast<uint16_t>(buf->GetInt16());
  if (sign == 0xC000) {
    v = NumericVar::NaN();
  } else if (sign == 0xD000 || sign == 0xF000) {
    v = NumericVar::Inf(sign == 0xF000);
  } else if (sign != 0 && sign != 0x4000) {
    throw Error(errcode::kInvalidBinaryRepresentation,
                "invalid sign in external \"numeric\" value");
  }
  v.negative = sign == 0x4000;
  int dscale = static_cast<uint16_t>(buf->GetInt16());
  if ((dscale & 0x3FFF) != dscale) {
    throw Error(errcode::kInvalidBinaryRepresentation,
                "invalid scale in external \"numeric\" value");
  }
  v.dscale = dscale;
  for (int i = 0; i < ndigits; ++i) {
    int16_t d = buf->GetInt16();
    if (d < 0 || d >= kNumericBase) {
      throw Error(errcode::kInvalidBinaryRepresentation,
                  "invalid digit in external \"numeric\" value");
    }
    v.digits.push_back(d);
  }
  if (v.IsFinite()) {
    StripVar(&v);
    // Digits hidden by dscale are dropped, as PostgreSQL does.
    TruncVar(&v, dscale);
  } else {
    v.digits.clear();
  }
  ApplyNumericTypmod(&v, f->ArgInt32(2));
  return MakeNumericDatum(v);
}

Datum NumericTypmodIn(FunctionCallInfo* f) {
  std::vector<int32_t> mods = IntegerTypmods(f->Arg(0));
  if (mods.empty() || mods.size() > 2) {
    throw Error(errcode::kInvalidParameterValue, "invalid NUMERIC type modifier");
  }
  if (mods[0] < 1 || mods[0] > kNumericMaxPrecision) {
    throw MakeError(errcode::kInvalidParameterValue,
                    "NUMERIC precision {} must be between 1 and {}", mods[0], kNumericMaxPrecision);
  }
  int scale = mods.size() == 2 ? mods[1] : 0;
  if (scale < -kNumericMaxDisplayScale || scale > kNumericMaxDisplayScale) {
    throw MakeError(errcode::kInvalidParameterValue, "NUMERIC scale {} must be between {} and {}",
                    scale, -kNumericMaxDisplayScale, kNumericMaxDisplayScale);
  }
  return Int32GetDatum(MakeNumericTypmod(mods[0], scale));
}

Datum NumericTypmodOut(FunctionCallInfo* f) {
  int32_t typmod = f->ArgInt32(0);
  if (typmod < 0) return CStringDatum("");
  return CStringDatum("(" + std::to_string(NumericTypmodPrecision(typmod)) + "," +
                      std::to_string(NumericTypmodScale(typmod)) + ")");
}

// numeric(numeric, typmod): the length coercion of a cast or assignment.
Datum NumericCoerce(FunctionCallInfo* f) {
  int32_t typmod = f->ArgInt32(1);
  if (!IsValidNumericTypmod(typmod)) return f->Arg(0);
  NumericVar v = Arg(f, 0);
  ApplyNumericTypmod(&v, typmod);
  return MakeNumericDatum(v);
}

int Compare(FunctionCallInfo* f) {
  return CmpNumerics(Arg(f, 0), Arg(f, 1));
}
Datum NumericEq(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) == 0);
}
Datum NumericNe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) != 0);
}
Datum NumericLt(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) < 0);
}
Datum NumericLe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) <= 0);
}
Datum NumericGt(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) > 0);
}
Datum NumericGe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) >= 0);
}
Datum NumericCmp(FunctionCallInfo* f) {
  return Int32GetDatum(Compare(f));
}
Datum NumericLarger(FunctionCallInfo* f) {
  return Compare(f) > 0 ? f->Arg(0) : f->Arg(1);
}
Datum NumericSmaller(FunctionCallInfo* f) {
  return Compare(f) < 0 ? f->Arg(0) : f->Arg(1);
}

// PostgreSQL's hash_numeric: hash the significant digits (leading/trailing zero digits
// dropped, so 1 and 1.0 agree) and XOR in the weight of the first nonzero digit; the sign is
// ignored. Zero hashes to -1, special values to 0.
template <bool kExtended>
Datum HashNumeric(FunctionCallInfo* f) {
  uint64_t seed = kExtended ? static_cast<uint64_t>(f->ArgInt64(1)) : 0;
  NumericVar v = Arg(f, 0);
  auto result = [&](uint64_t value) {
    return kExtended ? Int64GetDatum(static_cast<int64_t>(value))
                     : UInt32GetDatum(static_cast<uint32_t>(value));
  };
  if (!v.IsFinite()) return result(seed);
  StripVar(&v);
  if (v.digits.empty()) return result(kExtended ? seed - 1 : 0xFFFFFFFFu);
  size_t bytes = v.digits.size() * sizeof(int16_t);
  if (kExtended) {
    uint64_t h = HashBytesExtended(v.digits.data(), bytes, seed);
    return result(h ^ static_cast<uint64_t>(static_cast<int64_t>(v.weight)));
  }
  uint32_t h = HashBytes(v.digits.data(), bytes);
  return result(h ^ static_cast<uint32_t>(v.weight));
}

template <typename T>
Datum IntToNumeric(FunctionCallInfo* f) {
  return MakeNumericDatum(NumericVar::FromInt64(ArgAs<T>(f, 0)));
}

template <typename T>
Datum NumericToInt(FunctionCallInfo* f) {
  constexpr const char* kName = sizeof(T) == 2 ? "smallint" : sizeof(T) == 4 ? "integer" : "bigint";
  NumericVar v = Arg(f, 0);
  if (v.IsNaN()) {
    throw MakeError(errcode::kFeatureNotSupported, "cannot convert NaN to {}", kName);
  }
  if (v.IsInf()) {
    throw MakeError(errcode::kFeatureNotSupported, "cannot convert infinity to {}", kName);
  }
  int64_t value;
  if (!NumericToInt64(v, &value) || value < std::numeric_limits<T>::min() ||
      value > std::numeric_limits<T>::max()) {
    throw MakeError(errcode::kNumericValueOutOfRange, "{} out of range", kName);
  }
  return ToDatum(static_cast<T>(value));
}

Datum Float8ToNumeric(FunctionCallInfo* f) {
  return MakeNumericDatum(NumericFromDouble(f->ArgFloat8(0), 15));
}
Datum Float4ToNumeric(FunctionCallInfo* f) {
  return MakeNumericDatum(NumericFromDouble(f->ArgFloat4(0), 6));
}
// numeric -> float goes through the text form and float input, like PostgreSQL (so values
// beyond the float range raise float input's out-of-range error).
Datum NumericToFloat8(FunctionCallInfo* f) {
  NumericVar v = Arg(f, 0);
  if (!v.IsFinite()) return Float8GetDatum(NumericToDouble(v));
  return Float8GetDatum(ParseFloat8(FormatNumeric(v)));
}
Datum NumericToFloat4(FunctionCallInfo* f) {
  NumericVar v = Arg(f, 0);
  if (!v.IsFinite()) return Float4GetDatum(static_cast<float>(NumericToDouble(v)));
  return Float4GetDatum(ParseFloat4(FormatNumeric(v)));
}

const BuiltinFunction kNumericBuiltins[] = {
    {"numeric_in", NumericIn, 3},
    {"numeric_out", NumericOut, 1},
    {"numeric_recv", NumericRecv, 3},
    {"numeric_send", NumericSend, 1},
    {"numerictypmodin", NumericTypmodIn, 1},
    {"numerictypmodout", NumericTypmodOut, 1},
    {"numeric", NumericCoerce, 2},
    {"numeric_eq", NumericEq, 2},
    {"numeric_ne", NumericNe, 2},
    {"numeric_lt", NumericLt, 2},
    {"numeric_le", NumericLe, 2},
    {"numeric_gt", NumericGt, 2},
    {"numeric_ge", NumericGe, 2},
    {"numeric_cmp", NumericCmp, 2},
    {"numeric_larger", NumericLarger, 2},
    {"numeric_smaller", NumericSmaller, 2},
    {"hash_numeric", HashNumeric<false>, 1},
    {"hash_numeric_extended", HashNumeric<true>, 2},
    {"int2_numeric", IntToNumeric<int16_t>, 1},
    {"int4_numeric", IntToNumeric<int32_t>, 1},
    {"int8_numeric", IntToNumeric<int64_t>, 1},
    {"numeric_int2", NumericToInt<int16_t>, 1},
    {"numeric_int4", NumericToInt<int32_t>, 1},
    {"numeric_int8", NumericToInt<int64_t>, 1},
    {"float4_numeric", Float4ToNumeric, 1},
    {"float8_numeric", Float8ToNumeric, 1},
    {"numeric_float4", NumericToFloat4, 1},
    {"numeric_float8", NumericToFloat8, 1},
};

}  // namespace

std::span<const BuiltinFunction> NumericBuiltins() {
  return kNumericBuiltins;
}

}  // namespace hyrax::executor
