// Per-process cache of open segment file descriptors (PostgreSQL's md.c segment arrays over
// fd.c, without the virtual-descriptor LRU: on EMFILE the whole cache is closed and the open
// retried). Descriptors of files another process unlinked are closed lazily, when the shared
// unlink counter moved. storage/smgr/README.md "Descriptor cache".
#pragma once

#include "storage/smgr/smgr_internal.h"

namespace hyrax::storage {

class FdCache {
 public:
  // Descriptor of the segment, opened read-write (created when `create`). Returns -1 when
  // the file does not exist and !create. Throws Error (by errno) on other failures. The
  // descriptor stays owned by the cache.
  static int Get(const SegmentId& segment, bool create);
  // Closes the cached descriptors of segments >= `first_segno` of the fork.
  static void CloseFork(const RelFileLocator& locator, ForkNumber fork, uint32_t first_segno = 0);
  static void CloseAll();
  // Closes descriptors whose file has been unlinked, if any process removed files since the
  // last call. Cheap (one atomic load) when nothing was removed.
  static void DropStale();
};

}  // namespace hyrax::storage
