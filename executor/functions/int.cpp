// int2 / int4 / int8: text and binary I/O, comparison operators (same-type and cross-type),
// btree comparison and hash support functions. Arithmetic is in int_arith.cpp, casts in
// int_cast.cpp, aggregate support in int_agg.cpp. See README.md "Integers".
#include <charconv>

#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/binary_io.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/int_io.h"

namespace hyrax::executor {

namespace {

template <typename T>
Datum IntOut(FunctionCallInfo* fcinfo) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), ArgAs<T>(fcinfo, 0));
  return CStringDatum(std::string_view(buf, end - buf));
}

Datum Int2In(FunctionCallInfo* fcinfo) {
  return Int16GetDatum(ParseInt16(fcinfo->ArgCString(0)));
}
Datum Int4In(FunctionCallInfo* fcinfo) {
  return Int32GetDatum(ParseInt32(fcinfo->ArgCString(0)));
}
Datum Int8In(FunctionCallInfo* fcinfo) {
  return Int64GetDatum(ParseInt64(fcinfo->ArgCString(0)));
}

Datum Int2Recv(FunctionCallInfo* fcinfo) {
  return Int16GetDatum(RecvArg(fcinfo, 0)->GetInt16());
}
Datum Int4Recv(FunctionCallInfo* fcinfo) {
  return Int32GetDatum(RecvArg(fcinfo, 0)->GetInt32());
}
Datum Int8Recv(FunctionCallInfo* fcinfo) {
  return Int64GetDatum(RecvArg(fcinfo, 0)->GetInt64());
}
Datum Int2Send(FunctionCallInfo* fcinfo) {
  SendBuffer buf;
  buf.PutInt16(fcinfo->ArgInt16(0));
  return buf.Finish();
}
Datum Int4Send(FunctionCallInfo* fcinfo) {
  SendBuffer buf;
  buf.PutInt32(fcinfo->ArgInt32(0));
  return buf.Finish();
}
Datum Int8Send(FunctionCallInfo* fcinfo) {
  SendBuffer buf;
  buf.PutInt64(fcinfo->ArgInt64(0));
  return buf.Finish();
}

// Comparisons promote both sides to int64, which is exact for every pair of integer types.
template <typename A, typename B>
Datum Eq(FunctionCallInfo* f) {
  return BoolGetDatum(int64_t{ArgAs<A>(f, 0)} == int64_t{ArgAs<B>(f, 1)});
}
template <typename A, typename B>
Datum Ne(FunctionCallInfo* f) {
  return BoolGetDatum(int64_t{ArgAs<A>(f, 0)} != int64_t{ArgAs<B>(f, 1)});
}
template <typename A, typename B>
Datum Lt(FunctionCallInfo* f) {
  return BoolGetDatum(int64_t{ArgAs<A>(f, 0)} < int64_t{ArgAs<B>(f, 1)});
}
template <typename A, typename B>
Datum Le(FunctionCallInfo* f) {
  return BoolGetDatum(int64_t{ArgAs<A>(f, 0)} <= int64_t{ArgAs<B>(f, 1)});
}
template <typename A, typename B>
Datum Gt(FunctionCallInfo* f) {
  return BoolGetDatum(int64_t{ArgAs<A>(f, 0)} > int64_t{ArgAs<B>(f, 1)});
}
template <typename A, typename B>
Datum Ge(FunctionCallInfo* f) {
  return BoolGetDatum(int64_t{ArgAs<A>(f, 0)} >= int64_t{ArgAs<B>(f, 1)});
}
template <typename A, typename B>
Datum Cmp(FunctionCallInfo* f) {
  return CompareResult(int64_t{ArgAs<A>(f, 0)}, int64_t{ArgAs<B>(f, 1)});
}

// hashint2/hashint4 hash the value as a 32-bit integer; hashint8 folds the high half into the
// low half so that values in int4 range hash like int4 (PostgreSQL's cross-type hash
// opfamily requirement).
uint32_t FoldInt64(int64_t v) {
  uint32_t lo = static_cast<uint32_t>(v);
  uint32_t hi = static_cast<uint32_t>(static_cast<uint64_t>(v) >> 32);
  return lo ^ (v >= 0 ? hi : ~hi);
}
Datum HashInt2(FunctionCallInfo* f) {
  return UInt32GetDatum(HashUInt32(static_cast<uint32_t>(int32_t{f->ArgInt16(0)})));
}
Datum HashInt4(FunctionCallInfo* f) {
  return UInt32GetDatum(HashUInt32(static_cast<uint32_t>(f->ArgInt32(0))));
}
Datum HashInt8(FunctionCallInfo* f) {
  return UInt32GetDatum(HashUInt32(FoldInt64(f->ArgInt64(0))));
}
Datum HashInt2Extended(FunctionCallInfo* f) {
  return Int64GetDatum(static_cast<int64_t>(
      HashUInt32Extended(static_cast<uint32_t>(int32_t{f->ArgInt16(0)}), f->ArgInt64(1))));
}
Datum HashInt4Extended(FunctionCallInfo* f) {
  return Int64GetDatum(static_cast<int64_t>(
      HashUInt32Extended(static_cast<uint32_t>(f->ArgInt32(0)), f->ArgInt64(1))));
}
Datum HashInt8Extended(FunctionCallInfo* f) {
  return Int64GetDatum(
      static_cast<int64_t>(HashUInt32Extended(FoldInt64(f->ArgInt64(0)), f->ArgInt64(1))));
}

using I2 = int16_t;
using I4 = int32_t;
using I8 = int64_t;

#define HYRAX_INT_CMP_FAMILY(prefix, A, B)                                                  \
  {prefix "eq", Eq<A, B>, 2}, {prefix "ne", Ne<A, B>, 2}, {prefix "lt", Lt<A, B>, 2},       \
      {prefix "le", Le<A, B>, 2}, {prefix "gt", Gt<A, B>, 2}, {prefix "ge", Ge<A, B>, 2}, { \
    "bt" prefix "cmp", Cmp<A, B>, 2                                                         \
  }

const BuiltinFunction kIntBuiltins[] = {
    {"int2in", Int2In, 1},
    {"int4in", Int4In, 1},
    {"int8in", Int8In, 1},
    {"int2out", IntOut<I2>, 1},
    {"int4out", IntOut<I4>, 1},
    {"int8out", IntOut<I8>, 1},
    {"int2recv", Int2Recv, 1},
    {"int4recv", Int4Recv, 1},
    {"int8recv", Int8Recv, 1},
    {"int2send", Int2Send, 1},
    {"int4send", Int4Send, 1},
    {"int8send", Int8Send, 1},
    HYRAX_INT_CMP_FAMILY("int2", I2, I2),
    HYRAX_INT_CMP_FAMILY("int4", I4, I4),
    HYRAX_INT_CMP_FAMILY("int8", I8, I8),
    HYRAX_INT_CMP_FAMILY("int24", I2, I4),
    HYRAX_INT_CMP_FAMILY("int42", I4, I2),
    HYRAX_INT_CMP_FAMILY("int28", I2, I8),
    HYRAX_INT_CMP_FAMILY("int82", I8, I2),
    HYRAX_INT_CMP_FAMILY("int48", I4, I8),
    HYRAX_INT_CMP_FAMILY("int84", I8, I4),
    {"hashint2", HashInt2, 1},
    {"hashint4", HashInt4, 1},
    {"hashint8", HashInt8, 1},
    {"hashint2extended", HashInt2Extended, 2},
    {"hashint4extended", HashInt4Extended, 2},
    {"hashint8extended", HashInt8Extended, 2},
};

#undef HYRAX_INT_CMP_FAMILY

}  // namespace

std::span<const BuiltinFunction> IntBuiltins() {
  return kIntBuiltins;
}

}  // namespace hyrax::executor
