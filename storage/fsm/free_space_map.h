// Free space map: one byte per heap page in the relation's _fsm fork holding
// free bytes / 32. Not WAL-logged and only advisory: callers re-check the page, and report
// the real free space back when it differs (so the map corrects itself after a crash).
#pragma once

#include <cstddef>

#include "common/ids.h"
#include "common/relfile.h"

namespace hyrax::storage {

class FreeSpaceMap {
 public:
  // A block believed to have at least `needed` free bytes, or kInvalidBlockNumber.
  static BlockNumber GetPageWithFreeSpace(const RelFileLocator& locator, size_t needed);
  // Records the free space of `block` and returns another candidate with `needed` bytes
  // (kInvalidBlockNumber when none): the usual call after a page turned out too full.
  static BlockNumber RecordAndGetPageWithFreeSpace(const RelFileLocator& locator, BlockNumber block,
                                                   size_t free_bytes, size_t needed);
  static void RecordPageWithFreeSpace(const RelFileLocator& locator, BlockNumber block,
                                      size_t free_bytes);
  // Forgets entries at and beyond `nblocks` (after truncation).
  static void Truncate(const RelFileLocator& locator, BlockNumber nblocks);
};

}  // namespace hyrax::storage
