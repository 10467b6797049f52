// On-disk forms of varlena values (PostgreSQL's varatt.h, little-endian encoding) and the
// TOAST size constants for 8 KB pages: plain 4-byte headers, short 1-byte headers, inline
// compressed values (4-byte header + va_tcinfo) and TOAST pointers (1-byte header, tag
// VARTAG_ONDISK, varatt_external). storage/toast/README.md "Formats" draws each layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "common/ids.h"

namespace hyrax::storage {

// ---- Thresholds (PostgreSQL's heaptoast.h values for BLCKSZ 8192) ----

// A tuple longer than this is handed to the toaster (TOAST_TUPLE_THRESHOLD).
inline constexpr size_t kToastTupleThreshold = 2032;
// The toaster shrinks tuples until they fit this (TOAST_TUPLE_TARGET).
inline constexpr size_t kToastTupleTarget = 2032;
// Target when only storage-'m' columns are left to move out (TOAST_TUPLE_TARGET_MAIN).
inline constexpr size_t kToastTupleTargetMain = 8160;
// Payload bytes per TOAST chunk, so four chunk rows fill a page (TOAST_MAX_CHUNK_SIZE).
inline constexpr size_t kToastMaxChunkSize = 1996;

// ---- Header forms ----

inline constexpr uint8_t kVarTagOnDisk = 18;  // VARTAG_ONDISK
// Bytes of a stored TOAST pointer: 2 header bytes + varatt_external (TOAST_POINTER_SIZE).
inline constexpr size_t kToastPointerSize = 18;
// Header of an inline compressed value: va_header + va_tcinfo (VARHDRSZ_COMPRESSED).
inline constexpr size_t kCompressedHeaderSize = 8;
// Low 30 bits of va_tcinfo / va_extinfo hold a size, the top 2 the compression method.
inline constexpr uint32_t kVarlenaExtSizeMask = (1u << 30) - 1;
inline constexpr uint32_t kToastPglzCompressionId = 0;  // TOAST_PGLZ_COMPRESSION_ID
inline constexpr uint32_t kToastLz4CompressionId = 1;   // TOAST_LZ4_COMPRESSION_ID

// varatt_external: where an out-of-line value lives. Stored unaligned after the 2-byte
// header {0x01, VARTAG_ONDISK}; always read and written with memcpy.
struct ToastPointer {
  int32_t va_rawsize = 0;           // original size including its 4-byte header
  uint32_t va_extinfo = 0;          // stored bytes (low 30 bits) | compression method << 30
  Oid va_valueid = kInvalidOid;     // chunk_id of the value's chunks
  Oid va_toastrelid = kInvalidOid;  // the TOAST table holding them

  uint32_t ExtSize() const { return va_extinfo & kVarlenaExtSizeMask; }
  uint32_t CompressionMethod() const { return va_extinfo >> 30; }
  // The chunks hold a compressed value (VARATT_EXTERNAL_IS_COMPRESSED).
  bool IsCompressed() const { return ExtSize() < static_cast<uint32_t>(va_rawsize) - 4; }
  bool operator==(const ToastPointer&) const = default;
};
static_assert(sizeof(ToastPointer) == 16);

// 1-byte header 0x01: an external datum; the next byte is its tag (VARATT_IS_1B_E).
inline bool VarIsExternal(const char* p) {
  return static_cast<uint8_t>(p[0]) == 0x01;
}
inline bool VarIsExternalOnDisk(const char* p) {
  return VarIsExternal(p) && static_cast<uint8_t>(p[1]) == kVarTagOnDisk;
}
// 1-byte header with the length in the upper 7 bits (VARATT_IS_1B, not external).
inline bool VarIsShort(const char* p) {
  return (p[0] & 0x01) == 0x01 && !VarIsExternal(p);
}
// 4-byte header with the compressed bits 10 (VARATT_IS_4B_C).
inline bool VarIsCompressed(const char* p) {
  return (p[0] & 0x03) == 0x02;
}
// A plain 4-byte-header value, the only form the executor sees (VARATT_IS_4B_U).
inline bool VarIsPlain(const char* p) {
  return (p[0] & 0x03) == 0x00;
}
inline size_t VarSizeShort(const char* p) {
  return (static_cast<uint8_t>(p[0]) >> 1) & 0x7F;
}
// Stored bytes of an external datum: 2 header bytes + the struct its tag names
// (VARSIZE_EXTERNAL; in-memory tags hold a pointer).
inline size_t VarSizeExternal(const char* p) {
  return static_cast<uint8_t>(p[1]) == kVarTagOnDisk ? kToastPointerSize : 2 + sizeof(void*);
}
// Total stored size of a varlena in any form (VARSIZE_ANY).
inline size_t VarSizeAny(const char* p) {
  if (VarIsExternal(p)) return VarSizeExternal(p);
  if (VarIsShort(p)) return VarSizeShort(p);
  uint32_t header;
  std::memcpy(&header, p, sizeof(header));
  return (header >> 2) & 0x3FFFFFFF;
}
// Payload of a plain or short value (VARDATA_ANY / VARSIZE_ANY_EXHDR).
inline const char* VarDataAny(const char* p) {
  return VarIsShort(p) ? p + 1 : p + 4;
}
inline size_t VarSizeAnyExhdr(const char* p) {
  return VarIsShort(p) ? VarSizeShort(p) - 1 : VarSizeAny(p) - 4;
}

// ---- Inline compressed values: {va_header = size << 2 | 0x2, va_tcinfo, data} ----

inline uint32_t CompressedTcinfo(const char* p) {
  uint32_t tcinfo;
  std::memcpy(&tcinfo, p + 4, sizeof(tcinfo));
  return tcinfo;
}
// Size of the value once decompressed, without its header (VARDATA_COMPRESSED_GET_EXTSIZE).
inline uint32_t CompressedRawSize(const char* p) {
  return CompressedTcinfo(p) & kVarlenaExtSizeMask;
}
inline uint32_t CompressedMethod(const char* p) {
  return CompressedTcinfo(p) >> 30;
}
// Writes the header words of an inline compressed value of `total_size` bytes.
inline void SetCompressedHeader(char* p, uint32_t total_size, uint32_t raw_size, uint32_t method) {
  uint32_t header = (total_size << 2) | 0x02;
  uint32_t tcinfo = raw_size | (method << 30);
  std::memcpy(p, &header, sizeof(header));
  std::memcpy(p + 4, &tcinfo, sizeof(tcinfo));
}

// ---- TOAST pointers ----

inline ToastPointer ReadToastPointer(const char* p) {
  ToastPointer ptr;
  std::memcpy(&ptr, p + 2, sizeof(ptr));
  return ptr;
}
// Writes {0x01, VARTAG_ONDISK, pointer}: kToastPointerSize bytes.
inline void WriteToastPointer(char* p, const ToastPointer& ptr) {
  p[0] = 0x01;
  p[1] = static_cast<char>(kVarTagOnDisk);
  std::memcpy(p + 2, &ptr, sizeof(ptr));
}

}  // namespace hyrax::storage
