// The write path shared by insertion and flushing: writing the ring buffer out to segment
// files under the WAL write lock. Internal to wal/. See wal/README.md "Insertion and flush".
#pragma once

#include "common/ids.h"

namespace hyrax::wal {

// Called by an inserter that holds the WAL insert lock and needs ring space: takes the WAL
// write lock (insert -> write is the lock order) and writes out everything inserted so
// far, so that written_upto >= `needed_written`. Never throws: an I/O failure is a PANIC.
void XLogWriteForSpace(Lsn needed_written);

}  // namespace hyrax::wal
