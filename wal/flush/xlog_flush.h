// Making WAL durable. XLogFlush(lsn) returns once every record ending at or before `lsn` is
// written and fdatasync'ed. Concurrent callers share one write+sync (group commit): the
// holder of the WAL write lock flushes everything inserted so far, and waiters that find
// their LSN already flushed return without I/O.
#pragma once

#include "common/ids.h"

namespace hyrax::wal {

// Calling it inside a CriticalSection or with buffer content locks held is fine (the WAL
// locks come after buffer locks in the lock order). `upto` must not lie beyond what was
// inserted (an internal error otherwise). A write or fdatasync failure is a PANIC:
// hyrax::Panic aborts the process, as PostgreSQL PANICs (the kernel may have dropped the
// data, so a retry cannot be trusted). Syncing is skipped when g_fsync is off; the
// leader waits g_commit_delay_us before writing when it is set. A no-op during replay
// (InRecovery()): the WAL being replayed is already on disk.
void XLogFlush(Lsn upto);
// True when `lsn` is not yet durable (always false during replay).
bool XLogNeedsFlush(Lsn lsn);
// Position up to which WAL is known durable.
Lsn GetFlushRecPtr();
// For the WAL writer: when the WAL write lock is free, writes and syncs everything
// inserted so far (making asynchronous commits durable), then pre-creates the next segment
// when insertion is three quarters into the current one. Never waits for the write lock.
// (Inserters short of ring space write older WAL out themselves, under the write lock.)
void XLogBackgroundFlush();

}  // namespace hyrax::wal
