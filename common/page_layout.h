// Byte offsets of the page-header fields that code below storage/ must read: wal/ reads
// pd_lsn to decide on full-page images and pd_lower/pd_upper to cut the unused "hole" out of
// an image. The full page format is storage/page/page.h; this file pins the shared part.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "common/ids.h"

namespace hyrax::page_layout {

inline constexpr size_t kLsnOffset = 0;     // uint64 pd_lsn
inline constexpr size_t kLowerOffset = 12;  // uint16 pd_lower
inline constexpr size_t kUpperOffset = 14;  // uint16 pd_upper
inline constexpr size_t kHeaderSize = 24;

inline Lsn GetLsn(const char* page) {
  Lsn lsn;
  std::memcpy(&lsn, page + kLsnOffset, sizeof(lsn));
  return lsn;
}
inline void SetLsn(char* page, Lsn lsn) {
  std::memcpy(page + kLsnOffset, &lsn, sizeof(lsn));
}
inline uint16_t GetLower(const char* page) {
  uint16_t v;
  std::memcpy(&v, page + kLowerOffset, sizeof(v));
  return v;
}
inline uint16_t GetUpper(const char* page) {
  uint16_t v;
  std::memcpy(&v, page + kUpperOffset, sizeof(v));
  return v;
}

}  // namespace hyrax::page_layout
