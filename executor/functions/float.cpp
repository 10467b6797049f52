// float4 / float8: text and binary I/O, comparison operators with PostgreSQL's NaN ordering
// (NaN equals NaN and sorts above every other value), btree comparison and hash support
// (float4 hashes as float8 so the cross-type hash opfamily works). See README.md "Floats".
#include <cmath>
#include <limits>

#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/float_io.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/type_settings.h"

namespace hyrax::executor {

namespace {

// PostgreSQL's float8_cmp_internal: NaN = NaN, NaN > anything else.
int FloatCompare(double a, double b) {
  if (std::isnan(a)) return std::isnan(b) ? 0 : 1;
  if (std::isnan(b)) return -1;
  return a < b ? -1 : (a > b ? 1 : 0);
}

Datum Float4In(FunctionCallInfo* f) {
  return Float4GetDatum(ParseFloat4(f->ArgCString(0)));
}
Datum Float8In(FunctionCallInfo* f) {
  return Float8GetDatum(ParseFloat8(f->ArgCString(0)));
}
Datum Float4Out(FunctionCallInfo* f) {
  return CStringDatum(FormatFloat4(f->ArgFloat4(0), g_extra_float_digits));
}
Datum Float8Out(FunctionCallInfo* f) {
  return CStringDatum(FormatFloat8(f->ArgFloat8(0), g_extra_float_digits));
}
Datum Float4Recv(FunctionCallInfo* f) {
  return Float4GetDatum(RecvArg(f, 0)->GetFloat4());
}
Datum Float8Recv(FunctionCallInfo* f) {
  return Float8GetDatum(RecvArg(f, 0)->GetFloat8());
}
Datum Float4Send(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutFloat4(f->ArgFloat4(0));
  return buf.Finish();
}
Datum Float8Send(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutFloat8(f->ArgFloat8(0));
  return buf.Finish();
}

template <typename A, typename B>
int Cmp(FunctionCallInfo* f) {
  return FloatCompare(static_cast<double>(ArgAs<A>(f, 0)), static_cast<double>(ArgAs<B>(f, 1)));
}
template <typename A, typename B>
Datum Eq(FunctionCallInfo* f) {
  return BoolGetDatum(Cmp<A, B>(f) == 0);
}
template <typename A, typename B>
Datum Ne(FunctionCallInfo* f) {
  return BoolGetDatum(Cmp<A, B>(f) != 0);
}
template <typename A, typename B>
Datum Lt(FunctionCallInfo* f) {
  return BoolGetDatum(Cmp<A, B>(f) < 0);
}
template <typename A, typename B>
Datum Le(FunctionCallInfo* f) {
  return BoolGetDatum(Cmp<A, B>(f) <= 0);
}
template <typename A, typename B>
Datum Gt(FunctionCallInfo* f) {
  return BoolGetDatum(Cmp<A, B>(f) > 0);
}
template <typename A, typename B>
Datum Ge(FunctionCallInfo* f) {
  return BoolGetDatum(Cmp<A, B>(f) >= 0);
}
template <typename A, typename B>
Datum BtCmp(FunctionCallInfo* f) {
  return Int32GetDatum(Cmp<A, B>(f));
}
template <typename T>
Datum Larger(FunctionCallInfo* f) {
  return Cmp<T, T>(f) > 0 ? f->Arg(0) : f->Arg(1);
}
template <typename T>
Datum Smaller(FunctionCallInfo* f) {
  return Cmp<T, T>(f) < 0 ? f->Arg(0) : f->Arg(1);
}

// Zero (either sign) hashes to 0 and every NaN to the hash of the canonical NaN, so values
// that compare equal hash equally.
uint32_t HashDouble(double v) {
  if (v == 0) return 0;
  if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
  return HashBytes(&v, sizeof(v));
}
uint64_t HashDoubleExtended(double v, uint64_t seed) {
  if (v == 0) return seed;
  if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
  return HashBytesExtended(&v, sizeof(v), seed);
}
Datum HashFloat4(FunctionCallInfo* f) {
  return UInt32GetDatum(HashDouble(f->ArgFloat4(0)));
}
Datum HashFloat8(FunctionCallInfo* f) {
  return UInt32GetDatum(HashDouble(f->ArgFloat8(0)));
}
Datum HashFloat4Extended(FunctionCallInfo* f) {
  return Int64GetDatum(static_cast<int64_t>(HashDoubleExtended(f->ArgFloat4(0), f->ArgInt64(1))));
}
Datum HashFloat8Extended(FunctionCallInfo* f) {
  return Int64GetDatum(static_cast<int64_t>(HashDoubleExtended(f->ArgFloat8(0), f->ArgInt64(1))));
}

using F4 = float;
using F8 = double;

#define HYRAX_FLOAT_CMP_FAMILY(prefix, A, B)                                                \
  {prefix "eq", Eq<A, B>, 2}, {prefix "ne", Ne<A, B>, 2}, {prefix "lt", Lt<A, B>, 2},       \
      {prefix "le", Le<A, B>, 2}, {prefix "gt", Gt<A, B>, 2}, {prefix "ge", Ge<A, B>, 2}, { \
    "bt" prefix "cmp", BtCmp<A, B>, 2                                                       \
  }

const BuiltinFunction kFloatBuiltins[] = {
    {"float4in", Float4In, 1},
    {"float8in", Float8In, 1},
    {"float4out", Float4Out, 1},
    {"float8out", Float8Out, 1},
    {"float4recv", Float4Recv, 1},
    {"float8recv", Float8Recv, 1},
    {"float4send", Float4Send, 1},
    {"float8send", Float8Send, 1},
    HYRAX_FLOAT_CMP_FAMILY("float4", F4, F4),
    HYRAX_FLOAT_CMP_FAMILY("float8", F8, F8),
    HYRAX_FLOAT_CMP_FAMILY("float48", F4, F8),
    HYRAX_FLOAT_CMP_FAMILY("float84", F8, F4),
    {"float4larger", Larger<F4>, 2},
    {"float4smaller", Smaller<F4>, 2},
    {"float8larger", Larger<F8>, 2},
    {"float8smaller", Smaller<F8>, 2},
    {"hashfloat4", HashFloat4, 1},
    {"hashfloat8", HashFloat8, 1},
    {"hashfloat4extended", HashFloat4Extended, 2},
    {"hashfloat8extended", HashFloat8Extended, 2},
};

#undef HYRAX_FLOAT_CMP_FAMILY

}  // namespace

std::span<const BuiltinFunction> FloatBuiltins() {
  return kFloatBuiltins;
}

}  // namespace hyrax::executor
