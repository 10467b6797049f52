// Buffer descriptors: the header spinlock, pinning with per-process private counts, the
// I/O-in-progress protocol with futex waits, and clock-sweep victim selection (PostgreSQL's
// bufmgr.c PinBuffer/StartBufferIO/TerminateBufferIO and freelist.c StrategyGetBuffer).
// storage/buffer/README.md "State word", "Pins" and "Clock sweep".
#include <climits>
#include <sched.h>
#include <vector>

#include "common/error.h"
#include "common/logging.h"
#include "common/shmem/futex.h"
#include "storage/buffer/buf_internals.h"
#include "storage/smgr/smgr.h"

namespace hyrax::storage::buf {

namespace {

std::vector<int32_t> g_private_refcounts;  // this process's pins, by buf_id
BufferManager::Counters g_counters;

void CpuRelax(int spins) {
  if (spins < 100) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
  } else {
    sched_yield();
  }
}

// Waits until the header lock bit is clear and returns the state seen.
uint32_t WaitBufHdrUnlocked(BufferDesc* desc) {
  uint32_t state = desc->state.load();
  for (int spins = 0; state & kLocked; ++spins) {
    CpuRelax(spins);
    state = desc->state.load();
  }
  return state;
}

void WakeIoWaiters(BufferDesc* desc) {
  desc->io_done.fetch_add(1);
  if (desc->io_waiters.load() > 0) shmem::FutexWake(&desc->io_done, INT_MAX);
}

}  // namespace

int32_t& PrivateRefCount(const BufferDesc* desc) {
  return g_private_refcounts[desc->buf_id];
}

BufferManager::Counters& MutableCounters() {
  return g_counters;
}

void ResetLocalState(int nbuffers) {
  g_private_refcounts.assign(static_cast<size_t>(nbuffers), 0);
  g_counters = BufferManager::Counters{};
}

std::string TagPath(const BufferTag& tag) {
  return Smgr::RelationPath(tag.locator, tag.fork);
}

uint32_t LockBufHdr(BufferDesc* desc) {
  for (int spins = 0;; ++spins) {
    uint32_t old = desc->state.fetch_or(kLocked, std::memory_order_acquire);
    if ((old & kLocked) == 0) return old | kLocked;
    WaitBufHdrUnlocked(desc);
  }
}

void UnlockBufHdr(BufferDesc* desc, uint32_t state) {
  desc->state.store(state & ~kLocked, std::memory_order_release);
}

bool PinBuffer(BufferDesc* desc) {
  int32_t& private_count = PrivateRefCount(desc);
  if (private_count > 0) {
    // Already pinned by this process: the shared count need not change (PostgreSQL's
    // private refcount fast path).
    ++private_count;
    return (desc->state.load() & kValid) != 0;
  }
  uint32_t old = desc->state.load();
  for (;;) {
    if (old & kLocked) old = WaitBufHdrUnlocked(desc);
    uint32_t next = old + kRefcountOne;
    if (UsageCount(old) < kMaxUsageCount) next += kUsageCountOne;
    if (desc->state.compare_exchange_weak(old, next)) {
      private_count = 1;
      return (next & kValid) != 0;
    }
  }
}

void PinBufferLocked(BufferDesc* desc, uint32_t state) {
  int32_t& private_count = PrivateRefCount(desc);
  if (private_count > 0) {
    UnlockBufHdr(desc, state);
    ++private_count;
    return;
  }
  UnlockBufHdr(desc, state + kRefcountOne);
  private_count = 1;
}

void UnpinBuffer(BufferDesc* desc) noexcept {
  int32_t& private_count = PrivateRefCount(desc);
  if (--private_count > 0) return;
  uint32_t old = desc->state.load();
  for (;;) {
    if (old & kLocked) old = WaitBufHdrUnlocked(desc);
    if (desc->state.compare_exchange_weak(old, old - kRefcountOne)) return;
  }
}

bool StartBufferIO(BufferDesc* desc, bool for_input) {
  for (;;) {
    uint32_t state = LockBufHdr(desc);
    if (state & kIoInProgress) {
      UnlockBufHdr(desc, state);
      WaitIO(desc);
      continue;
    }
    if (for_input ? (state & kValid) != 0 : (state & kDirty) == 0) {
      UnlockBufHdr(desc, state);
      return false;
    }
    UnlockBufHdr(desc, state | kIoInProgress);
    return true;
  }
}

void TerminateBufferIO(BufferDesc* desc, bool clear_dirty, uint32_t set_bits) {
  uint32_t state = LockBufHdr(desc);
  state &= ~(kIoInProgress | kIoError);
  if (clear_dirty && (state & kJustDirtied) == 0) state &= ~(kDirty | kCheckpointNeeded);
  state |= set_bits;
  UnlockBufHdr(desc, state);
  WakeIoWaiters(desc);
}

void AbortBufferIO(BufferDesc* desc) noexcept {
  uint32_t state = LockBufHdr(desc);
  const bool was_write = (state & kValid) != 0;
  const bool failed_before = (state & kIoError) != 0;
  const BufferTag tag = desc->tag;
  UnlockBufHdr(desc, state);
  if (was_write && failed_before) {
    try {
      log::Warning(
          "could not write block {} of {}: Multiple failures --- write error might be "
          "permanent.",
          tag.block, TagPath(tag));
    } catch (...) {
    }
  }
  state = LockBufHdr(desc);
  state &= ~kIoInProgress;
  state |= kIoError;
  UnlockBufHdr(desc, state);
  WakeIoWaiters(desc);
}

void WaitIO(BufferDesc* desc) {
  for (;;) {
    desc->io_waiters.fetch_add(1);
    const uint32_t seen = desc->io_done.load();
    if ((desc->state.load() & kIoInProgress) == 0) {
      desc->io_waiters.fetch_sub(1);
      return;
    }
    shmem::FutexWait(&desc->io_done, seen);
    desc->io_waiters.fetch_sub(1);
  }
}

BufferDesc* ClockSweepVictim(uint32_t* state_out) {
  BufferPoolShared* pool = Pool();
  const int nbuffers = pool->nbuffers;
  int trycounter = nbuffers;
  for (;;) {
    const uint32_t hand = pool->next_victim.fetch_add(1) % static_cast<uint32_t>(nbuffers);
    BufferDesc* desc = &pool->descriptors[hand];
    uint32_t state = LockBufHdr(desc);
    if (RefCount(state) == 0) {
      if (UsageCount(state) == 0) {
        *state_out = state;
        return desc;  // header lock still held
      }
      state -= kUsageCountOne;
      trycounter = nbuffers;
    } else if (--trycounter == 0) {
      UnlockBufHdr(desc, state);
      // PostgreSQL raises this with elog(ERROR), i.e. SQLSTATE XX000.
      throw Error(errcode::kInternalError, "no unpinned buffers available");
    }
    UnlockBufHdr(desc, state);
  }
}

}  // namespace hyrax::storage::buf
