// Shared-memory set-up of the WAL system (insert/flush state, ring buffer, checkpoint
// state) and its GUCs. Called by the postmaster (or a single-process tool) before forking.
#pragma once

#include <cstddef>

namespace hyrax::wal {

// GUCs bound by the server's GUC table.
extern int g_wal_buffers_kb;     // size of the shared WAL ring buffer (default 4096, min 32)
extern bool g_fsync;             // fsync / fdatasync WAL and data (never turn off outside tests)
extern bool g_full_page_writes;  // default on
extern int g_commit_delay_us;    // default 0

// Bytes of shared memory the WAL needs with the current g_wal_buffers_kb.
size_t ShmemSize();
// Claims (or, when already claimed, attaches to) the WAL areas of the segment, and resets
// this process's WAL state (cached segment descriptor, half-built record). Insertion stays
// refused until StartupXLog. Requires: shmem::CreateSegment ran with room for ShmemSize();
// g_wal_buffers_kb unchanged since ShmemSize(). Throws 53200 when the segment is full.
void ShmemInit();

}  // namespace hyrax::wal
