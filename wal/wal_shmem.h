// Shared-memory set-up of the WAL system (insert/flush state, ring buffer, checkpoint
// state) and its GUCs. Called by the postmaster (or a single-process tool) before forking.
#pragma once

#include <cstddef>

namespace hyrax::wal {

// GUCs bound by the server's GUC table.
extern int g_wal_buffers_kb;  // size of the shared WAL ring buffer
extern bool g_fsync;          // fsync / fdatasync WAL and data (never turn off outside tests)
extern bool g_full_page_writes;
extern int g_commit_delay_us;

size_t ShmemSize();
void ShmemInit();

}  // namespace hyrax::wal
