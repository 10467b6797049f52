// Shared-memory sizing and initialisation of the WAL system, the WAL GUC variables and the
// statistics snapshot. Also resets per-process WAL state, because a process that
// re-creates shared memory (crash restart, tests) must not reuse descriptors or a
// half-built record from before.
#include "wal/wal_shmem.h"

#include <new>

#include "common/error.h"
#include "common/shmem/shmem.h"
#include "wal/insert/insert_internal.h"
#include "wal/segment/segment_file.h"
#include "wal/wal_shared.h"
#include "wal/wal_stats.h"

namespace hyrax::wal {

int g_wal_buffers_kb = 4096;
bool g_fsync = true;
bool g_full_page_writes = true;
int g_commit_delay_us = 0;

namespace {

constexpr uint64_t kMinRingSize = 32 * 1024;
constexpr uint64_t kRingUnit = kBlockSize;

WalShared* g_shared = nullptr;

uint64_t RingSize() {
  uint64_t size = static_cast<uint64_t>(g_wal_buffers_kb > 0 ? g_wal_buffers_kb : 0) * 1024;
  size = (size + kRingUnit - 1) / kRingUnit * kRingUnit;
  return size < kMinRingSize ? kMinRingSize : size;
}

}  // namespace

size_t ShmemSize() {
  return shmem::AddSize(shmem::AddSize(0, sizeof(WalShared)), RingSize());
}

void ShmemInit() {
  bool found_state = false;
  bool found_ring = false;
  void* state = shmem::InitStruct("WAL state", sizeof(WalShared), &found_state);
  uint64_t ring_size = RingSize();
  void* ring = shmem::InitStruct("WAL buffers", ring_size, &found_ring);
  g_shared = static_cast<WalShared*>(state);
  if (!found_state) {
    new (g_shared) WalShared();
    g_shared->ring_size = ring_size;
    g_shared->ring = static_cast<char*>(ring);
  }
  CloseCachedSegment();
  ResetInsertState();
}

WalShared& Shared() {
  if (g_shared == nullptr || !shmem::SegmentExists()) {
    ThrowInternalError(__FILE__, __LINE__, "WAL shared memory is not initialised");
  }
  return *g_shared;
}

WalStats GetWalStats() {
  WalShared& sh = Shared();
  WalStats stats;
  stats.records = sh.stat_records.load(std::memory_order_relaxed);
  stats.fpi = sh.stat_fpi.load(std::memory_order_relaxed);
  stats.bytes = sh.stat_bytes.load(std::memory_order_relaxed);
  stats.buffers_full = sh.stat_buffers_full.load(std::memory_order_relaxed);
  stats.write = sh.stat_write.load(std::memory_order_relaxed);
  stats.sync = sh.stat_sync.load(std::memory_order_relaxed);
  return stats;
}

}  // namespace hyrax::wal
