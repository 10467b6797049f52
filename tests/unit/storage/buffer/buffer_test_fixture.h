// Fixture for buffer-manager tests: a fresh data directory and shared memory segment with a
// tiny pool (16 buffers by default), one relation created, and helpers that write and read
// a marker value in initialised pages, through the pool and directly from disk.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "common/page_layout.h"
#include "common/shmem/shmem.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"
#include "tests/unit/storage/buffer/storage_test_env.h"
#include "tests/unit/storage/buffer/wal_test_support.h"

namespace hyrax::storage::testing {

// A test value stored inside the free space of an initialised page.
inline constexpr size_t kMarkerOffset = 200;
inline uint64_t Marker(const char* page) {
  uint64_t v;
  std::memcpy(&v, page + kMarkerOffset, sizeof(v));
  return v;
}
inline void SetMarker(char* page, uint64_t v) {
  std::memcpy(page + kMarkerOffset, &v, sizeof(v));
}

class BufferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_shared_buffers = pool_size_;
    shmem::CreateSegment(Smgr::ShmemSize() + BufferManager::ShmemSize() + WalShmemSize());
    Smgr::ShmemInit();
    BufferManager::ShmemInit();
    InitWalForTest();
    Smgr::Create(rel_, ForkNumber::kMain, false);
  }
  void TearDown() override {
    Smgr::CloseAll();
    shmem::DestroySegment();
    g_shared_buffers = 16384;
  }

  // Appends `count` initialised pages whose markers are marker_base + block number.
  static void AppendPages(const RelFileLocator& rel, int count, uint64_t marker_base) {
    for (int i = 0; i < count; ++i) {
      BufferLock lock;
      PinnedBuffer pin = BufferManager::Extend(rel, ForkNumber::kMain, &lock);
      PageInit(lock.page(), 0);
      SetMarker(lock.page(), marker_base + pin.block());
      lock.MarkDirty();
    }
  }
  // Marker of a block as seen through the pool.
  static uint64_t PoolMarker(const RelFileLocator& rel, BlockNumber block) {
    PinnedBuffer pin = BufferManager::Read(rel, ForkNumber::kMain, block);
    BufferLock lock(pin, BufferLockMode::kShare);
    return Marker(lock.page());
  }
  // The block as stored on disk (bypassing the pool).
  static std::string DiskPage(const RelFileLocator& rel, BlockNumber block) {
    std::string buf(kBlockSize, '\0');
    Smgr::Read(rel, ForkNumber::kMain, block, buf.data());
    return buf;
  }
  static uint64_t DiskMarker(const RelFileLocator& rel, BlockNumber block) {
    return Marker(DiskPage(rel, block).data());
  }
  static Lsn DiskLsn(const RelFileLocator& rel, BlockNumber block) {
    return page_layout::GetLsn(DiskPage(rel, block).data());
  }
  // Reads pages of another relation until the pool holds nothing else: every other buffer
  // has been replaced (and written first if it was dirty). Requires: no pins held.
  void EvictEverything() {
    const RelFileLocator filler{kDefaultTablespaceOid, 5, 99999};
    if (!Smgr::Exists(filler, ForkNumber::kMain)) {
      Smgr::Create(filler, ForkNumber::kMain, false);
      AppendPages(filler, pool_size_, 0);
    }
    for (int round = 0; round < 100; ++round) {
      const uint64_t reads_before = BufferManager::counters().shared_read;
      for (int b = 0; b < pool_size_; ++b) PoolMarker(filler, static_cast<BlockNumber>(b));
      // A whole round of hits: the pool is exactly the filler's pages.
      if (BufferManager::counters().shared_read == reads_before) return;
    }
    FAIL() << "the pool never settled on the filler pages";
  }

  int pool_size_ = 16;
  TempDataDir dir_;
  RelFileLocator rel_{kDefaultTablespaceOid, 5, 16384};
};

}  // namespace hyrax::storage::testing
