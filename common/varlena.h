// Variable-length values (text, varchar, bytea, numeric, arrays, jsonb ...) in PostgreSQL's
// 4-byte-header varlena layout: a uint32 header holding (total length << 2), then the bytes.
// Contract: the executor only ever sees plain 4-byte-header varlenas; storage expands any
// other on-disk form (short headers, compression, TOAST) when it deforms a tuple.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/datum.h"

namespace hyrax {

struct Varlena {
  uint32_t header;  // total size including this header, shifted left by 2 (PostgreSQL's VARSIZE_4B)
  char data[1];
};

inline constexpr uint32_t kVarHeaderSize = sizeof(uint32_t);
// Largest varlena we accept (PostgreSQL's 1 GB limit).
inline constexpr uint32_t kMaxVarlenaSize = 0x3FFFFFFF;

inline uint32_t VarSize(const void* p) {
  uint32_t header;
  std::memcpy(&header, p, sizeof(header));
  return (header >> 2) & 0x3FFFFFFF;
}
inline void SetVarSize(void* p, uint32_t total_size) {
  uint32_t header = total_size << 2;
  std::memcpy(p, &header, sizeof(header));
}
inline char* VarData(void* p) {
  return static_cast<char*>(p) + kVarHeaderSize;
}
inline const char* VarData(const void* p) {
  return static_cast<const char*>(p) + kVarHeaderSize;
}
inline uint32_t VarDataLen(const void* p) {
  return VarSize(p) - kVarHeaderSize;
}

// View of a text/varchar/bytea Datum's payload bytes (no copy; valid while the Datum is).
inline std::string_view DatumGetTextView(Datum d) {
  const void* p = DatumGetPointer<const void>(d);
  return std::string_view(VarData(p), VarDataLen(p));
}
inline std::string DatumGetString(Datum d) {
  return std::string(DatumGetTextView(d));
}

// Builds a varlena holding `bytes` in the current memory context.
Datum MakeVarlenaDatum(std::string_view bytes);
// Same as MakeVarlenaDatum; named for text values for readability at call sites.
inline Datum CStringGetTextDatum(std::string_view s) {
  return MakeVarlenaDatum(s);
}
// Allocates an uninitialised varlena of `payload_len` bytes in the current memory context,
// with its header set. The caller fills VarData().
Varlena* AllocVarlena(uint32_t payload_len);

}  // namespace hyrax
