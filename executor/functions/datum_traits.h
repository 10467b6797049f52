// Typed access to Datums for the built-in family files: ArgAs<T>(fcinfo, i) and ToDatum(T)
// for the pass-by-value C++ types that represent SQL types (bool, int16/32/64, float, double,
// Oid via uint32_t), so that families can share templates (comparisons, arithmetic).
// Internal to executor/functions; see README.md "Adding a function".
#pragma once

#include <cstdint>
#include <string_view>

#include "common/datum.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "executor/functions/fmgr.h"
#include "executor/types/binary_io.h"

namespace hyrax::executor {

template <typename T>
T DatumAs(Datum d);
template <>
inline bool DatumAs<bool>(Datum d) {
  return DatumGetBool(d);
}
template <>
inline int16_t DatumAs<int16_t>(Datum d) {
  return DatumGetInt16(d);
}
template <>
inline int32_t DatumAs<int32_t>(Datum d) {
  return DatumGetInt32(d);
}
template <>
inline int64_t DatumAs<int64_t>(Datum d) {
  return DatumGetInt64(d);
}
template <>
inline uint32_t DatumAs<uint32_t>(Datum d) {
  return DatumGetUInt32(d);
}
template <>
inline float DatumAs<float>(Datum d) {
  return DatumGetFloat4(d);
}
template <>
inline double DatumAs<double>(Datum d) {
  return DatumGetFloat8(d);
}

inline Datum ToDatum(bool v) {
  return BoolGetDatum(v);
}
inline Datum ToDatum(int16_t v) {
  return Int16GetDatum(v);
}
inline Datum ToDatum(int32_t v) {
  return Int32GetDatum(v);
}
inline Datum ToDatum(int64_t v) {
  return Int64GetDatum(v);
}
inline Datum ToDatum(uint32_t v) {
  return UInt32GetDatum(v);
}
inline Datum ToDatum(float v) {
  return Float4GetDatum(v);
}
inline Datum ToDatum(double v) {
  return Float8GetDatum(v);
}

template <typename T>
T ArgAs(const FunctionCallInfo* fcinfo, int i) {
  return DatumAs<T>(fcinfo->Arg(i));
}

// A cstring result (output functions): a NUL-terminated copy in the current context.
inline Datum CStringDatum(std::string_view s) {
  return PointerGetDatum(PStrdup(s));
}

// A text/varchar/bytea result: a varlena copy in the current context.
inline Datum TextDatum(std::string_view s) {
  return MakeVarlenaDatum(s);
}

// The RecvBuffer argument of a receive function (declared `internal` in pg_proc).
inline RecvBuffer* RecvArg(const FunctionCallInfo* fcinfo, int i) {
  return DatumGetPointer<RecvBuffer>(fcinfo->Arg(i));
}

// -1, 0 or 1 as an int4 Datum (btree comparison support functions).
template <typename T>
Datum CompareResult(const T& a, const T& b) {
  return Int32GetDatum(a < b ? -1 : (a > b ? 1 : 0));
}

}  // namespace hyrax::executor
