// Writing and discarding buffers: FlushBuffer with the WAL rule (XLogFlush(page LSN) before
// the write, checksummed private copy), checkpoint flushing, per-relation flush, dropping
// the buffers of a relation / database / truncated fork, and the pin-leak check
// (PostgreSQL's FlushBuffer, BufferSync, FlushRelationBuffers, DropRelationBuffers).
// storage/buffer/README.md "The WAL rule" and "Checkpoints".
#include <algorithm>
#include <cstring>
#include <sched.h>
#include <tuple>
#include <vector>

#include "common/assert.h"
#include "common/error.h"
#include "common/logging.h"
#include "common/page_layout.h"
#include "storage/buffer/buf_internals.h"
#include "storage/buffer/buf_table.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"
#include "wal/flush/xlog_flush.h"

namespace hyrax::storage {

namespace buf {

bool FlushBuffer(BufferDesc* desc) {
  if (!StartBufferIO(desc, false)) return false;
  IoGuard io(desc);
  // From here on a hint-bit change sets kJustDirtied again, which keeps the buffer dirty.
  uint32_t state = LockBufHdr(desc);
  state &= ~kJustDirtied;
  const BufferTag tag = desc->tag;
  UnlockBufHdr(desc, state);

  const char* page = PageOf(desc);
  // The WAL rule: the log must be durable up to the page's last change before the page is.
  // The LSN cannot move: changing it needs the exclusive content lock, and we hold a lock.
  const Lsn lsn = page_layout::GetLsn(page);
  if (lsn != kInvalidLsn) wal::XLogFlush(lsn);

  // Hint bits may still change under a share lock: checksum and write a private copy, so
  // the bytes written always match their checksum.
  alignas(16) char copy[kBlockSize];
  std::memcpy(copy, page, kBlockSize);
  PageSetChecksum(copy, tag.block);
  Smgr::Write(tag.locator, tag.fork, tag.block, copy);
  ++MutableCounters().shared_written;
  io.Done();
  TerminateBufferIO(desc, true, 0);
  return true;
}

namespace {

// Pins a buffer whose header lock is held, share-locks it and writes it if still dirty.
bool PinLockAndFlush(BufferDesc* desc, uint32_t locked_state) {
  PinBufferLocked(desc, locked_state);
  PinGuard pin(desc);
  LWLockGuard content(desc->content_lock, LWLockMode::kShared);
  return FlushBuffer(desc);
}

// Removes a buffer from the mapping and makes it free, without writing. `state` is the
// locked header state; the header lock is released here. Waits while another process
// holds a pin (e.g. a checkpoint writing it). Throws XX000 when this process holds one.
void InvalidateBuffer(BufferDesc* desc, uint32_t state) {
  const BufferTag old_tag = desc->tag;
  UnlockBufHdr(desc, state);
  const uint32_t hash = TagHash(old_tag);
  LWLock& partition = PartitionLock(hash);
  for (int spins = 0;; ++spins) {
    partition.Acquire(LWLockMode::kExclusive);
    state = LockBufHdr(desc);
    if ((state & kTagValid) == 0 || !(desc->tag == old_tag)) {
      UnlockBufHdr(desc, state);  // somebody else evicted it already
      partition.Release();
      return;
    }
    if (RefCount(state) == 0) break;
    UnlockBufHdr(desc, state);
    partition.Release();
    if (PrivateRefCount(desc) > 0) {
      ThrowInternalError(__FILE__, __LINE__, "buffer is pinned in InvalidateBuffer");
    }
    if (state & kIoInProgress) {
      WaitIO(desc);
    } else {
      sched_yield();  // a short-lived pin (a writer or a scan finishing): let it go
    }
  }
  RemoveBuffer(desc, hash);
  desc->tag = BufferTag{};
  UnlockBufHdr(desc, 0);
  partition.Release();
}

// Invalidates every buffer whose tag satisfies `matches`.
template <typename Predicate>
void DropBuffersWhere(Predicate matches) {
  BufferPoolShared* pool = Pool();
  for (int id = 0; id < pool->nbuffers; ++id) {
    BufferDesc* desc = &pool->descriptors[id];
    uint32_t state = LockBufHdr(desc);
    if ((state & kTagValid) != 0 && matches(desc->tag)) {
      InvalidateBuffer(desc, state);
    } else {
      UnlockBufHdr(desc, state);
    }
  }
}

bool TagLess(const BufferTag& a, const BufferTag& b) {
  return std::make_tuple(a.locator.spc_oid, a.locator.db_oid, a.locator.rel_number,
                         static_cast<int>(a.fork), a.block) <
         std::make_tuple(b.locator.spc_oid, b.locator.db_oid, b.locator.rel_number,
                         static_cast<int>(b.fork), b.block);
}

}  // namespace

}  // namespace buf

using namespace buf;

int BufferManager::FlushAllForCheckpoint() {
  // Pass 1: mark what is dirty now. Buffers dirtied later belong to the next checkpoint.
  struct ToWrite {
    BufferTag tag;
    int buf_id;
  };
  std::vector<ToWrite> to_write;
  BufferPoolShared* pool = Pool();
  for (int id = 0; id < pool->nbuffers; ++id) {
    BufferDesc* desc = &pool->descriptors[id];
    uint32_t state = LockBufHdr(desc);
    if ((state & (kDirty | kPermanent)) == (kDirty | kPermanent)) {
      state |= kCheckpointNeeded;
      to_write.push_back({desc->tag, id});
    }
    UnlockBufHdr(desc, state);
  }
  // Pass 2: write them in file order (sequential I/O), skipping ones written meanwhile.
  std::sort(to_write.begin(), to_write.end(),
            [](const ToWrite& a, const ToWrite& b) { return TagLess(a.tag, b.tag); });
  int written = 0;
  for (const ToWrite& item : to_write) {
    BufferDesc* desc = &pool->descriptors[item.buf_id];
    uint32_t state = LockBufHdr(desc);
    if ((state & kCheckpointNeeded) == 0 || (state & (kValid | kDirty)) != (kValid | kDirty)) {
      UnlockBufHdr(desc, state);
      continue;
    }
    if (PinLockAndFlush(desc, state)) ++written;
  }
  return written;
}

void BufferManager::FlushRelation(const RelFileLocator& locator) {
  BufferPoolShared* pool = Pool();
  for (int id = 0; id < pool->nbuffers; ++id) {
    BufferDesc* desc = &pool->descriptors[id];
    uint32_t state = LockBufHdr(desc);
    if ((state & kTagValid) != 0 && desc->tag.locator == locator &&
        (state & (kValid | kDirty)) == (kValid | kDirty)) {
      PinLockAndFlush(desc, state);
    } else {
      UnlockBufHdr(desc, state);
    }
  }
}

void BufferManager::DropRelation(const RelFileLocator& locator) {
  DropBuffersWhere([&](const BufferTag& tag) { return tag.locator == locator; });
}

void BufferManager::DropDatabase(Oid db_oid) {
  DropBuffersWhere([&](const BufferTag& tag) { return tag.locator.db_oid == db_oid; });
}

void BufferManager::TruncateFork(const RelFileLocator& locator, ForkNumber fork,
                                 BlockNumber nblocks) {
  DropBuffersWhere([&](const BufferTag& tag) {
    return tag.locator == locator && tag.fork == fork && tag.block >= nblocks;
  });
  Smgr::Truncate(locator, fork, nblocks);
}

int BufferManager::CheckForLeakedPins() {
  BufferPoolShared* pool = Pool();
  int leaked = 0;
  for (int id = 0; id < pool->nbuffers; ++id) {
    BufferDesc* desc = &pool->descriptors[id];
    const int32_t pins = PrivateRefCount(desc);
    if (pins == 0) continue;
    ++leaked;
    const uint32_t state = desc->state.load();
    log::Warning(
        "buffer refcount leak: [{:03}] (rel={}, blockNum={}, flags=0x{:x}, refcount={} {})", id + 1,
        TagPath(desc->tag), desc->tag.block, state & ~kUsageCountMask & ~kRefcountMask,
        RefCount(state), pins);
  }
  HYRAX_ASSERT(leaked == 0);
  return leaked;
}

}  // namespace hyrax::storage
