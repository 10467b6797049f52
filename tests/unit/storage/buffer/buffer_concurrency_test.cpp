// Several forked processes pin, read, lock and modify pages of one relation through a pool
// much smaller than the relation, so pages are evicted, written and re-read concurrently;
// every increment must survive, in the pool and on disk after a checkpoint.
#include <gtest/gtest.h>

#include "tests/unit/storage/buffer/buffer_test_fixture.h"

namespace hyrax::storage::testing {
namespace {

constexpr int kPages = 40;
constexpr int kWorkers = 4;
constexpr int kIncrementsPerWorker = 3000;

BlockNumber BlockFor(int worker, int iteration) {
  return static_cast<BlockNumber>((iteration * 7 + worker * 3) % kPages);
}

TEST_F(BufferTest, ConcurrentIncrementsFromSeveralProcessesAreAllKept) {
  AppendPages(rel_, kPages, 0);
  for (BlockNumber b = 0; b < kPages; ++b) {
    PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, b);
    BufferLock lock(pin, BufferLockMode::kExclusive);
    SetMarker(lock.page(), 0);
    lock.MarkDirty();
  }
  RunWorkers(kWorkers, [&](int worker) {
    for (int i = 0; i < kIncrementsPerWorker; ++i) {
      PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, BlockFor(worker, i));
      if (i % 5 == 0) {
        // Readers under a share lock meanwhile: the value only ever grows.
        BufferLock shared(pin, BufferLockMode::kShare);
        if (Marker(shared.page()) > kWorkers * kIncrementsPerWorker) return 2;
      }
      BufferLock lock(pin, BufferLockMode::kExclusive);
      SetMarker(lock.page(), Marker(lock.page()) + 1);
      lock.MarkDirty();
    }
    return BufferManager::CheckForLeakedPins() == 0 ? 0 : 3;
  });

  uint64_t expected[kPages] = {};
  for (int w = 0; w < kWorkers; ++w) {
    for (int i = 0; i < kIncrementsPerWorker; ++i) ++expected[BlockFor(w, i)];
  }
  for (BlockNumber b = 0; b < kPages; ++b) EXPECT_EQ(PoolMarker(rel_, b), expected[b]) << b;
  BufferManager::FlushAllForCheckpoint();
  for (BlockNumber b = 0; b < kPages; ++b) EXPECT_EQ(DiskMarker(rel_, b), expected[b]) << b;
}

TEST_F(BufferTest, ConcurrentReadersOfUncachedPagesSeeTheirContents) {
  AppendPages(rel_, kPages, 7000);
  BufferManager::FlushAllForCheckpoint();
  RunWorkers(kWorkers, [&](int worker) {
    for (int round = 0; round < 60; ++round) {
      for (int i = 0; i < kPages; ++i) {
        const BlockNumber b = static_cast<BlockNumber>((i + worker * 11) % kPages);
        if (PoolMarker(rel_, b) != 7000 + b) return 1;
      }
    }
    return 0;
  });
}

}  // namespace
}  // namespace hyrax::storage::testing
