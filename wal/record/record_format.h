// The on-disk layout of a WAL record (docs/architecture.md §6, wal/README.md "Record
// format"): a 24-byte header, an 8-byte body header, block headers, then the payload
// (images, block data, main data). Shared by the record builder (insert/), the bootstrap
// writer (recovery/) and the reader (record/wal_reader). All integers are little-endian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "common/ids.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::wal {

// Size of one WAL segment file (PostgreSQL's default wal_segment_size).
inline constexpr uint64_t kWalSegmentSize = 16 * 1024 * 1024;
// LSN of the first record ever written: the start of segment 1, so that LSN 0 stays
// invalid and the first file is named 000000010000000000000001 as in PostgreSQL.
inline constexpr Lsn kFirstRecordLsn = kWalSegmentSize;
// Records start on 8-byte boundaries; the gap after a record is zero padding.
inline constexpr uint64_t kRecordAlign = 8;
// Largest accepted tot_len (PostgreSQL's XLogRecordMaxSize is about 1 GB as well).
inline constexpr uint32_t kMaxRecordSize = 1020u * 1024 * 1024;

inline constexpr uint64_t AlignRecord(uint64_t n) {
  return (n + kRecordAlign - 1) & ~(kRecordAlign - 1);
}

// Record header, 24 bytes:
//   0  uint32 tot_len   whole record including this header, excluding alignment padding
//   4  uint32 xid
//   8  uint64 prev      start LSN of the previous record (0 for the very first)
//  16  uint8  info      rmgr-specific record type (all 8 bits belong to the rmgr)
//  17  uint8  rmid
//  18  uint16 reserved  zero
//  20  uint32 crc       CRC-32C of bytes [24, tot_len) followed by bytes [0, 20)
inline constexpr size_t kRecordHeaderSize = 24;
inline constexpr size_t kTotLenOffset = 0;
inline constexpr size_t kXidOffset = 4;
inline constexpr size_t kPrevOffset = 8;
inline constexpr size_t kInfoOffset = 16;
inline constexpr size_t kRmidOffset = 17;
inline constexpr size_t kCrcOffset = 20;

// Body header, 8 bytes after the record header:
//   0 uint8 num_blocks, 1..3 zero, 4 uint32 main_data_len
inline constexpr size_t kBodyHeaderSize = 8;
inline constexpr size_t kMinRecordSize = kRecordHeaderSize + kBodyHeaderSize;

// Block header, 24 bytes (+4 with an image), one per block reference, block ids ascending:
//   0 uint8 block_id   1 uint8 fork   2 uint8 reg_flags (kRegbuf*)   3 uint8 bkp_flags
//   4 uint32 data_len  8 uint32 spc_oid  12 uint32 db_oid  16 uint32 rel_number
//  20 uint32 block
//  [24 uint16 hole_offset  26 uint16 hole_length]   only when bkp_flags has kBkpHasImage
inline constexpr size_t kBlockHeaderSize = 24;
inline constexpr size_t kImageHeaderSize = 4;
inline constexpr uint8_t kBkpHasImage = 0x01;
inline constexpr uint8_t kBkpHasData = 0x02;

// Largest header area: record header + body header + every block with an image header.
inline constexpr size_t kMaxHeaderArea =
    kRecordHeaderSize + kBodyHeaderSize + kMaxBlockRefs * (kBlockHeaderSize + kImageHeaderSize);

template <typename T>
inline T LoadAt(const char* p, size_t offset) {
  T v;
  std::memcpy(&v, p + offset, sizeof(T));
  return v;
}
template <typename T>
inline void StoreAt(char* p, size_t offset, T v) {
  std::memcpy(p + offset, &v, sizeof(T));
}

// Segment number holding byte `lsn`, and the offset of `lsn` inside it.
inline constexpr uint64_t SegmentOf(Lsn lsn) {
  return lsn / kWalSegmentSize;
}
inline constexpr uint64_t SegmentOffset(Lsn lsn) {
  return lsn % kWalSegmentSize;
}

}  // namespace hyrax::wal
