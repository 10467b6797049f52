// Datum: the 8-byte value slot used for every SQL value in tuples, expressions and function
// calls, as in PostgreSQL. Pass-by-value types (bool, int2/4/8, float4/8, oid, date,
// timestamp, ...) live in the Datum itself; pass-by-reference types are a pointer to memory
// owned by a MemoryContext (common/memory_context.h), usually a varlena (common/varlena.h).
#pragma once

#include <cstdint>
#include <cstring>

#include "common/ids.h"

namespace hyrax {

using Datum = uint64_t;

inline Datum BoolGetDatum(bool v) {
  return v ? 1 : 0;
}
inline bool DatumGetBool(Datum d) {
  return d != 0;
}
inline Datum CharGetDatum(char v) {
  return static_cast<Datum>(static_cast<uint8_t>(v));
}
inline char DatumGetChar(Datum d) {
  return static_cast<char>(d);
}
inline Datum Int16GetDatum(int16_t v) {
  return static_cast<Datum>(static_cast<int64_t>(v));
}
inline int16_t DatumGetInt16(Datum d) {
  return static_cast<int16_t>(d);
}
inline Datum Int32GetDatum(int32_t v) {
  return static_cast<Datum>(static_cast<int64_t>(v));
}
inline int32_t DatumGetInt32(Datum d) {
  return static_cast<int32_t>(d);
}
inline Datum UInt32GetDatum(uint32_t v) {
  return static_cast<Datum>(v);
}
inline uint32_t DatumGetUInt32(Datum d) {
  return static_cast<uint32_t>(d);
}
inline Datum Int64GetDatum(int64_t v) {
  return static_cast<Datum>(v);
}
inline int64_t DatumGetInt64(Datum d) {
  return static_cast<int64_t>(d);
}
inline Datum ObjectIdGetDatum(Oid v) {
  return static_cast<Datum>(v);
}
inline Oid DatumGetObjectId(Datum d) {
  return static_cast<Oid>(d);
}
inline Datum TransactionIdGetDatum(TransactionId v) {
  return static_cast<Datum>(v);
}
inline TransactionId DatumGetTransactionId(Datum d) {
  return static_cast<TransactionId>(d);
}

inline Datum Float4GetDatum(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  return static_cast<Datum>(bits);
}
inline float DatumGetFloat4(Datum d) {
  uint32_t bits = static_cast<uint32_t>(d);
  float v;
  std::memcpy(&v, &bits, sizeof(v));
  return v;
}
inline Datum Float8GetDatum(double v) {
  Datum bits;
  std::memcpy(&bits, &v, sizeof(bits));
  return bits;
}
inline double DatumGetFloat8(Datum d) {
  double v;
  std::memcpy(&v, &d, sizeof(v));
  return v;
}

inline Datum PointerGetDatum(const void* p) {
  return reinterpret_cast<Datum>(p);
}
template <typename T = char>
inline T* DatumGetPointer(Datum d) {
  return reinterpret_cast<T*>(d);
}

}  // namespace hyrax
