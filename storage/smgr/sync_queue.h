// The shared sync-request queue (PostgreSQL's checkpointer request queue, simplified): every
// write records the segment it touched; the checkpoint drains the queue and fsyncs each
// segment once. A per-process memo skips segments already queued in the current cycle, and
// a full queue is compacted (duplicates removed) before the writer gives up and fsyncs
// itself. Also carries the unlink counter that lets processes close stale descriptors.
// storage/smgr/README.md "Sync requests".
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "storage/smgr/smgr_internal.h"

namespace hyrax::storage {

class SyncQueue {
 public:
  static size_t ShmemSize();
  // Claims (or attaches to) the shared area and forgets this process's memo.
  static void ShmemInit();

  // Records that `segment` was written. Returns false when the queue is full even after
  // compaction: the caller must fsync the segment itself. Requires: the write completed.
  static bool Record(const SegmentId& segment);
  // Takes every recorded segment, de-duplicated and sorted, and starts a new cycle. Writes
  // that finish after this call are recorded for the next drain.
  static std::vector<SegmentId> Drain();

  // Number of unlink/truncate operations that removed files, across all processes.
  static uint64_t UnlinkCounter();
  static void NoteUnlink();
};

}  // namespace hyrax::storage
