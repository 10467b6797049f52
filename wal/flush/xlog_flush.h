// Making WAL durable. XLogFlush(lsn) returns once every record ending at or before `lsn` is
// written and fdatasync'ed. Concurrent callers share one write+sync (group commit): the
// holder of the WAL write lock flushes everything inserted so far, and waiters that find
// their LSN already flushed return without I/O.
#pragma once

#include "common/ids.h"

namespace hyrax::wal {

// Requires: not inside a CriticalSection that holds a buffer content lock is fine (the WAL
// locks come after buffer locks in the lock order). Throws PANIC-level Error on I/O failure
// (PostgreSQL PANICs on WAL write/fsync failure).
void XLogFlush(Lsn upto);
// True when `lsn` is not yet durable.
bool XLogNeedsFlush(Lsn lsn);
// Position up to which WAL is known durable.
Lsn GetFlushRecPtr();
// Writes (without necessarily syncing) WAL buffers that are full; called by the WAL writer
// or when the ring buffer is short of space.
void XLogBackgroundFlush();

}  // namespace hyrax::wal
