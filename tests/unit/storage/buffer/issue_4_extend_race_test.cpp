// Issue 4 (found by tests/concurrency/btree_concurrency.py, 8 concurrent inserters):
// BufferManager::Extend grew the file before it put the new block in the pool, so another
// process that saw the new length could read the block first and initialise it (as the
// free space map does with a page it finds new); the extender then found a non-empty page
// and failed with XX000 "unexpected data beyond EOF in block N of relation ...".
// Extend now claims the buffer first: whoever sees the block in the file finds the
// extender's buffer and waits for it.
#include <atomic>

#include <gtest/gtest.h>
#include <sys/mman.h>

#include "common/error.h"
#include "tests/unit/storage/buffer/buffer_test_fixture.h"

namespace hyrax::storage::testing {
namespace {

constexpr int kReaders = 3;
constexpr int kBlocks = 1500;

TEST_F(BufferTest, ReadersOfANewlyExtendedBlockNeverGetAheadOfTheExtender) {
  Smgr::Create(rel_, ForkNumber::kFsm, false);
  void* shared = mmap(nullptr, sizeof(std::atomic<int>), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(shared, MAP_FAILED);
  auto* extender_done = new (shared) std::atomic<int>(0);
  RunWorkers(kReaders + 1, [&](int worker) {
    if (worker == 0) {
      int code = 0;
      try {
        for (int n = 0; n < kBlocks; ++n) {
          BufferLock lock;
          const PinnedBuffer pin = BufferManager::Extend(rel_, ForkNumber::kFsm, &lock);
          PageInit(lock.page(), 0);
          SetMarker(lock.page(), 1000 + pin.block());
          lock.MarkDirty();
        }
      } catch (const Error& e) {
        fprintf(stderr, "extender: %s\n", e.message().c_str());
        code = 1;
      }
      extender_done->store(1);
      return code;
    }
    // Readers: the newest block, initialised when found new (the free space map's way).
    while (extender_done->load() == 0) {
      const BlockNumber nblocks = BufferManager::NumBlocks(rel_, ForkNumber::kFsm);
      if (nblocks == 0) continue;
      const PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kFsm, nblocks - 1);
      BufferLock lock(pin, BufferLockMode::kExclusive);
      if (PageIsNew(lock.page())) {
        PageInit(lock.page(), 0);
        lock.MarkDirty();
      }
    }
    return 0;
  });
  ASSERT_EQ(BufferManager::NumBlocks(rel_, ForkNumber::kFsm), static_cast<BlockNumber>(kBlocks));
  for (BlockNumber block = 0; block < kBlocks; ++block) {
    const PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kFsm, block);
    BufferLock lock(pin, BufferLockMode::kShare);
    ASSERT_EQ(Marker(lock.page()), 1000 + block) << "block " << block;
  }
  munmap(shared, sizeof(std::atomic<int>));
}

}  // namespace
}  // namespace hyrax::storage::testing
