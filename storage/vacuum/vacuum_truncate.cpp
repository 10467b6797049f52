// Phase 4 of lazy VACUUM (PostgreSQL's should_attempt_truncation / lazy_truncate_heap /
// count_nondeletable_pages): when enough pages at the end hold no line pointer at all, take
// AccessExclusiveLock without waiting, re-check those pages backwards and cut them off with
// the maps (catalog::RelationTruncate, WAL-logged). storage/vacuum/README.md "Truncation".
#include "common/interrupts.h"
#include "storage/catalog/storage_create.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/page/page.h"
#include "storage/vacuum/vacuum_internal.h"

namespace hyrax::storage::vacuum {
namespace {

// PostgreSQL's REL_TRUNCATE_MINIMUM and REL_TRUNCATE_FRACTION.
constexpr BlockNumber kTruncateMinimum = 1000;
constexpr BlockNumber kTruncateFraction = 16;

bool ShouldAttemptTruncation(const LazyVacuumState& st) {
  if (!st.options.truncate) return false;
  const BlockNumber freeable = st.rel_pages - st.nonempty_pages;
  return freeable > 0 &&
         (freeable >= kTruncateMinimum || freeable >= st.rel_pages / kTruncateFraction);
}

// Holds AccessExclusiveLock on the relation, taken only if free right now.
class ConditionalExclusiveLock {
 public:
  explicit ConditionalExclusiveLock(const HeapRelation& rel)
      : tag_(LockTag::Relation(rel.locator.db_oid, rel.oid)) {
    const LockResult result = LockManager::Acquire(tag_, LockMode::kAccessExclusive,
                                                   /*session_lock=*/false, /*dont_wait=*/true);
    held_ = result != LockResult::kNotAvailable;
    release_ = result == LockResult::kAcquired;
  }
  ~ConditionalExclusiveLock() {
    // PostgreSQL releases it right after truncating, before the transaction ends.
    if (release_) LockManager::Release(tag_, LockMode::kAccessExclusive);
  }
  ConditionalExclusiveLock(const ConditionalExclusiveLock&) = delete;
  ConditionalExclusiveLock& operator=(const ConditionalExclusiveLock&) = delete;
  bool held() const { return held_; }

 private:
  LockTag tag_;
  bool held_ = false;
  bool release_ = false;  // taken here (not already held by the caller)
};

bool PageHasUsedLinePointers(const char* page) {
  if (PageIsNew(page)) return false;
  const OffsetNumber max_offset = PageGetMaxOffsetNumber(page);
  for (OffsetNumber offnum = kFirstOffsetNumber; offnum <= max_offset; ++offnum) {
    if (PageGetItemId(page, offnum)->lp_flags != kLpUnused) return true;
  }
  return false;
}

// count_nondeletable_pages: scanning backwards from the end, the number of pages to keep.
// Others may have used the tail since phase 1, before we held the lock.
BlockNumber CountNondeletablePages(const LazyVacuumState& st) {
  BlockNumber block = st.rel_pages;
  while (block > st.nonempty_pages) {
    CheckForInterrupts();
    PinnedBuffer pin = BufferManager::Read(st.rel.locator, ForkNumber::kMain, block - 1);
    BufferLock lock(pin, BufferLockMode::kShare);
    if (PageHasUsedLinePointers(lock.page())) break;
    --block;
  }
  return block;
}

}  // namespace

void MaybeTruncateHeap(LazyVacuumState& st) {
  if (!ShouldAttemptTruncation(st)) return;
  // Lock order: heavyweight locks before buffer locks; we hold no buffer lock here, and
  // no pin on the relation's pages (TruncateFork requires that).
  st.vm_pin.Reset();
  // PostgreSQL retries for up to 5 s (VACUUM_TRUNCATE_LOCK_TIMEOUT); we try once
  // (README "Deviations").
  ConditionalExclusiveLock lock(st.rel);
  if (!lock.held()) return;
  // Someone extended the relation before we got the lock: the new pages are in use.
  if (BufferManager::NumBlocks(st.rel.locator, ForkNumber::kMain) != st.rel_pages) return;
  const BlockNumber new_rel_pages = CountNondeletablePages(st);
  if (new_rel_pages >= st.rel_pages) return;
  catalog::RelationTruncate(st.rel.locator, new_rel_pages);
  HeapForgetTargetBlock(st.rel.locator);
  HeapInvalidateAllTargetBlocks();
  st.result->removed_pages += st.rel_pages - new_rel_pages;
  st.rel_pages = new_rel_pages;
}

}  // namespace hyrax::storage::vacuum
