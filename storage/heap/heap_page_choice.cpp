// Choosing the page for a new tuple (PostgreSQL's hio.c RelationGetBufferForTuple): the
// backend's cached target block, the free space map, the last page, then extension under
// the relation extension lock. storage/heap/README.md "Page choice".
#include <atomic>
#include <new>
#include <unordered_map>

#include "common/error.h"
#include "common/shmem/shmem.h"
#include "storage/fsm/free_space_map.h"
#include "storage/heap/heap_internal.h"

namespace hyrax::storage {
namespace {

// This backend's last insertion page per relation (PostgreSQL keeps it in the relcache's
// smgr entry). Process-local; no locking.
std::unordered_map<RelFileLocator, BlockNumber, RelFileLocatorHash> g_target_blocks;

// Bumped by HeapInvalidateAllTargetBlocks (VACUUM truncation); each backend drops its cache
// when the value moved since it last looked. nullptr when the area was never set up (tools
// that only read), then nothing is ever invalidated.
struct HeapShared {
  std::atomic<uint64_t> target_block_resets{0};
};
HeapShared* g_heap_shared = nullptr;
uint64_t g_seen_target_block_resets = 0;

BlockNumber GetTargetBlock(const RelFileLocator& locator) {
  if (g_heap_shared != nullptr) {
    // Acquire pairs with the release in HeapInvalidateAllTargetBlocks; the inserter also
    // took a relation lock after the truncating VACUUM released its AccessExclusiveLock.
    uint64_t resets = g_heap_shared->target_block_resets.load(std::memory_order_acquire);
    if (resets != g_seen_target_block_resets) {
      g_target_blocks.clear();
      g_seen_target_block_resets = resets;
    }
  }
  auto it = g_target_blocks.find(locator);
  return it == g_target_blocks.end() ? kInvalidBlockNumber : it->second;
}

// Holds the relation extension lock for its lifetime.
class ExtensionLock {
 public:
  explicit ExtensionLock(Oid relid) : relid_(relid) { LockRelationForExtension(relid_); }
  ~ExtensionLock() {
    try {
      UnlockRelationForExtension(relid_);
    } catch (...) {  // destructors never throw; transaction end releases it anyway
    }
  }
  ExtensionLock(const ExtensionLock&) = delete;
  ExtensionLock& operator=(const ExtensionLock&) = delete;

 private:
  Oid relid_;
};

// Locks `pin` (block `target`) and, when given, `other`, lower block first.
void LockInBlockOrder(const PinnedBuffer& pin, BlockNumber target, const PinnedBuffer* other,
                      BufferLock* lock, BufferLock* other_lock) {
  if (other == nullptr || other->block() == target) {
    *lock = BufferLock(pin, BufferLockMode::kExclusive);
  } else if (other->block() < target) {
    *other_lock = BufferLock(*other, BufferLockMode::kExclusive);
    *lock = BufferLock(pin, BufferLockMode::kExclusive);
  } else {
    *lock = BufferLock(pin, BufferLockMode::kExclusive);
    *other_lock = BufferLock(*other, BufferLockMode::kExclusive);
  }
}

void InitPageIfNew(BufferLock* lock) {
  // A page extended but never written before a crash reads back as zeros.
  if (PageIsNew(lock->page())) {
    PageInit(lock->page(), 0);
    lock->MarkDirty();
  }
}

// Adds a page at the end of the relation; returns it pinned with *lock exclusive, and
// *other_lock taken too when `other` is given (re-locked in block order).
PinnedBuffer ExtendRelation(const HeapRelation& rel, const PinnedBuffer* other, BufferLock* lock,
                            BufferLock* other_lock) {
  PinnedBuffer pin;
  {
    ExtensionLock extension(rel.oid);
    pin = BufferManager::Extend(rel.locator, ForkNumber::kMain, lock);
  }
  InitPageIfNew(lock);
  if (other != nullptr) {
    // The new block is the highest, so `other` must be locked first.
    lock->Unlock();
    *other_lock = BufferLock(*other, BufferLockMode::kExclusive);
    *lock = BufferLock(pin, BufferLockMode::kExclusive);
  }
  return pin;
}

}  // namespace

void HeapForgetTargetBlock(const RelFileLocator& locator) {
  g_target_blocks.erase(locator);
}

void HeapForgetAllTargetBlocks() {
  g_target_blocks.clear();
}

size_t HeapShmemSize() {
  return sizeof(HeapShared);
}

void HeapShmemInit() {
  bool found = false;
  void* area = shmem::InitStruct("Heap Shared State", sizeof(HeapShared), &found);
  if (!found) new (area) HeapShared();
  g_heap_shared = static_cast<HeapShared*>(area);
}

void HeapInvalidateAllTargetBlocks() {
  g_target_blocks.clear();
  if (g_heap_shared != nullptr) {
    g_heap_shared->target_block_resets.fetch_add(1, std::memory_order_release);
  }
}

namespace heapam {

void CheckTupleSize(size_t len) {
  if (len > kMaxHeapTupleSize) {
    throw MakeError(errcode::kProgramLimitExceeded, "row is too big: size {}, maximum size {}", len,
                    kMaxHeapTupleSize);
  }
}

PinnedBuffer GetBufferForTuple(const HeapRelation& rel, size_t len, const PinnedBuffer* other,
                               BufferLock* lock, BufferLock* other_lock) {
  CheckTupleSize(len);
  len = MaxAlign(len);
  size_t save = SaveFreeSpace(rel);
  // A tuple that cannot fit beside the fillfactor reserve still goes to a nearly empty page
  // rather than always to a new one (PostgreSQL 14+).
  constexpr size_t kNearlyEmptyFreeSpace =
      kMaxHeapTupleSize - (kMaxHeapTuplesPerPage / 8 * sizeof(ItemIdData));
  size_t target_free =
      len + save > kMaxHeapTupleSize ? std::max(len, kNearlyEmptyFreeSpace) : len + save;
  for (;;) {
    BlockNumber target = GetTargetBlock(rel.locator);
    if (target == kInvalidBlockNumber) {
      target = FreeSpaceMap::GetPageWithFreeSpace(rel.locator, target_free);
    }
    if (target == kInvalidBlockNumber) {
      BlockNumber nblocks = BufferManager::NumBlocks(rel.locator, ForkNumber::kMain);
      if (nblocks > 0) target = nblocks - 1;
    }
    while (target != kInvalidBlockNumber) {
      PinnedBuffer pin = BufferManager::Read(rel.locator, ForkNumber::kMain, target);
      LockInBlockOrder(pin, target, other, lock, other_lock);
      InitPageIfNew(lock);
      size_t page_free = PageGetHeapFreeSpace(lock->page());
      if (page_free >= target_free) {
        g_target_blocks[rel.locator] = target;
        return pin;
      }
      lock->Unlock();
      if (other_lock != nullptr) other_lock->Unlock();
      target =
          FreeSpaceMap::RecordAndGetPageWithFreeSpace(rel.locator, target, page_free, target_free);
    }
    PinnedBuffer pin = ExtendRelation(rel, other, lock, other_lock);
    // While the new page was unlocked (re-locking in block order), someone who found it as
    // the relation's last page may have filled it: start over then.
    if (PageGetHeapFreeSpace(lock->page()) >= len) {
      g_target_blocks[rel.locator] = pin.block();
      return pin;
    }
    lock->Unlock();
    if (other_lock != nullptr) other_lock->Unlock();
    g_target_blocks.erase(rel.locator);
  }
}

}  // namespace heapam
}  // namespace hyrax::storage
