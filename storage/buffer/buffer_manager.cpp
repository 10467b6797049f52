// The shared buffer pool: shared-memory layout, buffer allocation (lookup, else clock-sweep
// victim, written first when dirty, then retagged under both mapping partition locks), and
// the read and extend paths (PostgreSQL's ReadBuffer_common and BufferAlloc).
// storage/buffer/README.md "Reading a block" and "Extending".
#include "storage/buffer/buffer_manager.h"

#include <cstring>

#include "common/error.h"
#include "common/logging.h"
#include "common/shmem/shmem.h"
#include "storage/buffer/buf_internals.h"
#include "storage/buffer/buf_table.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"

namespace hyrax::storage {

int g_shared_buffers = 16384;

namespace buf {

namespace {

BufferPoolShared* g_pool = nullptr;

// Pins the buffer found for a tag and makes sure its page is valid or that this process
// now owns the read (returns false then). Requires: the tag's partition lock is held; it is
// released here.
bool PinFound(BufferDesc* desc, LWLock& partition_lock) {
  const bool valid = PinBuffer(desc);
  partition_lock.Release();
  if (valid) return true;
  // A read is in progress elsewhere, or an earlier read failed: wait, or do it ourselves.
  return !StartBufferIO(desc, true);
}

// Locks the mapping partitions of both hashes, lower partition first (deadlock-free).
void LockTwoPartitions(uint32_t a, uint32_t b) {
  int pa = PartitionOf(a);
  int pb = PartitionOf(b);
  if (pa == pb) {
    PartitionLock(a).Acquire(LWLockMode::kExclusive);
  } else if (pa < pb) {
    PartitionLock(a).Acquire(LWLockMode::kExclusive);
    PartitionLock(b).Acquire(LWLockMode::kExclusive);
  } else {
    PartitionLock(b).Acquire(LWLockMode::kExclusive);
    PartitionLock(a).Acquire(LWLockMode::kExclusive);
  }
}

void UnlockTwoPartitions(uint32_t a, uint32_t b) {
  PartitionLock(a).Release();
  if (PartitionOf(a) != PartitionOf(b)) PartitionLock(b).Release();
}

// Releases a content lock taken with ConditionalAcquire.
struct SharedLockHeld {
  LWLock* lock;
  ~SharedLockHeld() { lock->Release(); }
};

// Takes a clock-sweep victim, pinned and clean (written first when dirty). Returns nullptr
// when the victim turned out unusable (someone is using it); the caller retries.
BufferDesc* CleanVictim() {
  uint32_t state = 0;
  BufferDesc* victim = ClockSweepVictim(&state);
  PinBufferLocked(victim, state);
  PinGuard pin(victim);
  if (state & kDirty) {
    // Never wait for a content lock here: the holder might be waiting for us.
    if (!victim->content_lock.ConditionalAcquire(LWLockMode::kShared)) return nullptr;
    SharedLockHeld content{&victim->content_lock};
    FlushBuffer(victim);
  }
  return pin.Release();
}

// Allocates a buffer for `tag`: returns it pinned; *found = false means the page is not
// valid and this process owns the I/O (kIoInProgress) and must fill it.
BufferDesc* BufferAlloc(const BufferTag& tag, bool* found) {
  const uint32_t hash = TagHash(tag);
  LWLock& partition = PartitionLock(hash);
  partition.Acquire(LWLockMode::kShared);
  if (BufferDesc* desc = LookupBuffer(tag, hash)) {
    *found = PinFound(desc, partition);
    return desc;
  }
  partition.Release();

  for (;;) {
    BufferDesc* raw_victim = CleanVictim();
    if (raw_victim == nullptr) continue;
    PinGuard victim(raw_victim);
    uint32_t state = LockBufHdr(raw_victim);
    const BufferTag old_tag = raw_victim->tag;
    const bool old_valid = (state & kTagValid) != 0;
    UnlockBufHdr(raw_victim, state);
    const uint32_t old_hash = old_valid ? TagHash(old_tag) : hash;
    LockTwoPartitions(hash, old_hash);

    if (BufferDesc* existing = LookupBuffer(tag, hash)) {
      // Someone else loaded the block meanwhile: use theirs.
      if (PartitionOf(old_hash) != PartitionOf(hash)) PartitionLock(old_hash).Release();
      victim.Release();
      UnpinBuffer(raw_victim);
      *found = PinFound(existing, partition);
      return existing;
    }
    state = LockBufHdr(raw_victim);
    if (RefCount(state) != 1 || (state & kDirty) != 0) {
      // Pinned or re-dirtied by someone else since we chose it: pick another victim.
      UnlockBufHdr(raw_victim, state);
      UnlockTwoPartitions(hash, old_hash);
      continue;
    }
    if (old_valid) RemoveBuffer(raw_victim, old_hash);
    raw_victim->tag = tag;
    state &= kRefcountMask | kLocked;
    state |= kTagValid | kPermanent | kUsageCountOne | kIoInProgress;
    InsertBuffer(raw_victim, hash);
    UnlockBufHdr(raw_victim, state);
    UnlockTwoPartitions(hash, old_hash);
    *found = false;
    return victim.Release();
  }
}

// Fills a buffer whose read this process owns. Requires: kIoInProgress owned by us.
void ReadIntoBuffer(BufferDesc* desc, const BufferTag& tag, ReadMode mode) {
  char* page = PageOf(desc);
  Smgr::Read(tag.locator, tag.fork, tag.block, page);
  ++MutableCounters().shared_read;
  if (PageVerifyChecksum(page, tag.block)) return;
  const PageHeaderData* header = GetPageHeader(page);
  if (!PageIsNew(page)) {
    log::Warning("page verification failed, calculated checksum {} but expected {}",
                 PageComputeChecksum(page, tag.block), header->pd_checksum);
  }
  if (mode == ReadMode::kZeroOnError) {
    log::Warning("invalid page in block {} of relation {}; zeroing out page", tag.block,
                 TagPath(tag));
    std::memset(page, 0, kBlockSize);
    return;
  }
  throw MakeError(errcode::kDataCorrupted, "invalid page in block {} of relation {}", tag.block,
                  TagPath(tag));
}

}  // namespace

BufferPoolShared* Pool() {
  if (g_pool == nullptr) {
    ThrowInternalError(__FILE__, __LINE__, "shared buffer pool is not initialised");
  }
  return g_pool;
}

}  // namespace buf

using namespace buf;

size_t BufferManager::ShmemSize() {
  const size_t nbuffers = static_cast<size_t>(g_shared_buffers);
  size_t size = shmem::AddSize(0, sizeof(BufferPoolShared));
  size = shmem::AddSize(size, nbuffers * sizeof(BufferDesc));
  size = shmem::AddSize(size, nbuffers * kBlockSize);
  size = shmem::AddSize(size, BucketCount(g_shared_buffers) * sizeof(int32_t));
  return size;
}

void BufferManager::ShmemInit() {
  if (g_shared_buffers < 16) {
    throw MakeError(errcode::kInvalidParameterValue,
                    "{} is outside the valid range for parameter \"shared_buffers\" (16 .. {})",
                    g_shared_buffers, 1073741823);
  }
  const int nbuffers = g_shared_buffers;
  bool found_pool = false, found_descs = false, found_pages = false, found_buckets = false;
  auto* pool = static_cast<BufferPoolShared*>(
      shmem::InitStruct("Buffer Strategy Status", sizeof(BufferPoolShared), &found_pool));
  auto* descs = static_cast<BufferDesc*>(shmem::InitStruct(
      "Buffer Descriptors", sizeof(BufferDesc) * static_cast<size_t>(nbuffers), &found_descs));
  auto* pages = static_cast<char*>(
      shmem::InitStruct("Buffer Blocks", static_cast<size_t>(nbuffers) * kBlockSize, &found_pages));
  const uint32_t nbuckets = BucketCount(nbuffers);
  auto* buckets = static_cast<int32_t*>(
      shmem::InitStruct("Shared Buffer Lookup Table", nbuckets * sizeof(int32_t), &found_buckets));
  if (!found_pool) {
    new (pool) BufferPoolShared();
    pool->nbuffers = nbuffers;
    pool->bucket_mask = nbuckets - 1;
    pool->next_victim.store(0);
    pool->descriptors = descs;
    pool->pages = pages;
    pool->buckets = buckets;
    for (int id = 0; id < nbuffers; ++id) {
      BufferDesc* desc = new (&descs[id]) BufferDesc();
      desc->buf_id = id;
      desc->state.store(0);
      desc->io_done.store(0);
      desc->io_waiters.store(0);
    }
    for (uint32_t b = 0; b < nbuckets; ++b) buckets[b] = -1;
  }
  g_pool = pool;
  ResetLocalState(pool->nbuffers);
}

PinnedBuffer BufferManager::Read(const RelFileLocator& locator, ForkNumber fork, BlockNumber block,
                                 ReadMode mode, BufferLock* lock) {
  if (block == kInvalidBlockNumber) {
    ThrowInternalError(__FILE__, __LINE__, "cannot read an invalid block number");
  }
  if (mode == ReadMode::kZeroAndLock && lock == nullptr) {
    ThrowInternalError(__FILE__, __LINE__, "kZeroAndLock needs a lock to return");
  }
  const BufferTag tag{locator, fork, block};
  bool found = false;
  PinGuard pin(BufferAlloc(tag, &found));
  BufferDesc* desc = pin.get();
  if (found) {
    ++MutableCounters().shared_hit;
    PinnedBuffer result(BufferOf(pin.Release()));
    if (mode == ReadMode::kZeroAndLock) {
      *lock = BufferLock(result, BufferLockMode::kExclusive);
      std::memset(lock->page(), 0, kBlockSize);
    }
    return result;
  }
  IoGuard io(desc);
  if (mode == ReadMode::kZeroAndLock) {
    std::memset(PageOf(desc), 0, kBlockSize);
  } else {
    ReadIntoBuffer(desc, tag, mode);
  }
  PinnedBuffer result(BufferOf(pin.Release()));
  if (mode == ReadMode::kZeroAndLock) {
    // Nobody can lock the buffer before it is valid, so this never waits.
    *lock = BufferLock(result, BufferLockMode::kExclusive);
  }
  io.Done();
  TerminateBufferIO(desc, false, kValid);
  return result;
}

PinnedBuffer BufferManager::Extend(const RelFileLocator& locator, ForkNumber fork,
                                   BufferLock* lock) {
  const uint32_t lock_hash = TagHash(BufferTag{locator, fork, 0});
  LWLockGuard extension(Pool()->extension_locks[lock_hash % kExtensionLocks].lock,
                        LWLockMode::kExclusive);
  const BlockNumber block = Smgr::NumBlocks(locator, fork);
  const BufferTag tag{locator, fork, block};
  // The buffer is claimed before the file grows (PostgreSQL's order): a process that sees
  // the new length finds our buffer and waits for it, instead of reading the block itself
  // and perhaps initialising it before we do.
  bool found = false;
  PinGuard pin(BufferAlloc(tag, &found));
  BufferDesc* desc = pin.get();
  const auto grow_file = [&] {
    static const char kZeroPage[kBlockSize] = {};
    Smgr::Extend(locator, fork, block, kZeroPage);
    ++MutableCounters().shared_written;
  };
  if (found) {
    // A stale buffer survived beyond the end of the file.
    PinnedBuffer result(BufferOf(pin.Release()));
    *lock = BufferLock(result, BufferLockMode::kExclusive);
    if (!PageIsNew(lock->page())) {
      throw MakeError(errcode::kInternalError,
                      "unexpected data beyond EOF in block {} of relation {}", block, TagPath(tag))
          .Hint("This has been seen to occur with buggy kernels; consider updating your system.");
    }
    grow_file();
    std::memset(lock->page(), 0, kBlockSize);
    return result;
  }
  IoGuard io(desc);
  std::memset(PageOf(desc), 0, kBlockSize);
  grow_file();
  PinnedBuffer result(BufferOf(pin.Release()));
  // Nobody can lock the buffer before it is valid, so this never waits.
  *lock = BufferLock(result, BufferLockMode::kExclusive);
  io.Done();
  TerminateBufferIO(desc, false, kValid);
  return result;
}

BlockNumber BufferManager::NumBlocks(const RelFileLocator& locator, ForkNumber fork) {
  return Smgr::NumBlocks(locator, fork);
}

const BufferManager::Counters& BufferManager::counters() {
  return MutableCounters();
}

}  // namespace hyrax::storage
