// Cumulative WAL activity counters since shared memory was created (PostgreSQL's
// pg_stat_wal: wal_records, wal_fpi, wal_bytes, wal_buffers_full, wal_write, wal_sync).
#pragma once

#include <cstdint>

namespace hyrax::wal {

struct WalStats {
  uint64_t records = 0;       // records inserted
  uint64_t fpi = 0;           // full-page images inserted
  uint64_t bytes = 0;         // bytes inserted (including alignment padding)
  uint64_t buffers_full = 0;  // times an inserter had to write WAL out to free ring space
  uint64_t write = 0;         // write-outs of the ring to segment files
  uint64_t sync = 0;          // fdatasync calls on segment files
};

// A snapshot of the counters. Requires: ShmemInit() ran.
WalStats GetWalStats();

}  // namespace hyrax::wal
