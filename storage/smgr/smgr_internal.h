// Pieces shared by the storage manager's files (smgr.cpp, fd_cache.cpp, sync_queue.cpp): the
// 1 GB segment geometry, segment paths and the identity of one segment file. Not for use
// outside storage/smgr. storage/smgr/README.md "Files and segments".
#pragma once

#include <cstdint>
#include <string>
#include <tuple>

#include <sys/types.h>

#include "common/ids.h"
#include "common/relfile.h"

namespace hyrax::storage {

// Blocks per segment file: 1 GB / 8 KB (PostgreSQL's RELSEG_SIZE).
inline constexpr BlockNumber kSegmentBlocks = 131072;
inline constexpr off_t kSegmentBytes = off_t{kSegmentBlocks} * kBlockSize;

// One segment file of one fork.
struct SegmentId {
  RelFileLocator locator;
  ForkNumber fork = ForkNumber::kMain;
  uint32_t segno = 0;

  auto Key() const {
    return std::make_tuple(locator.spc_oid, locator.db_oid, locator.rel_number,
                           static_cast<int>(fork), segno);
  }
  bool operator==(const SegmentId& o) const { return Key() == o.Key(); }
  bool operator<(const SegmentId& o) const { return Key() < o.Key(); }
};

struct SegmentIdHash {
  size_t operator()(const SegmentId& s) const {
    return RelFileLocatorHash()(s.locator) ^ (size_t{s.segno} << 3) ^ static_cast<size_t>(s.fork);
  }
};

// Relative path of a segment: the fork's path, plus ".N" for N > 0.
std::string SegmentPath(const SegmentId& segment);

}  // namespace hyrax::storage
