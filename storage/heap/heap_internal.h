// Helpers shared by the heap operations (internal to storage/heap): page choice for new
// tuples (PostgreSQL's RelationGetBufferForTuple), placing a tuple on a page, the tuple-lock
// guard, and waiting for a concurrent modifier. storage/heap/README.md "Page choice" and
// "Update, delete and lock protocol".
#pragma once

#include <vector>

#include "storage/buffer/buffer_manager.h"
#include "storage/heap/heap_am.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/page/page.h"

namespace hyrax::storage::heapam {

// Free space `fillfactor` keeps out of reach of inserts (RelationGetTargetPageFreeSpace).
inline size_t SaveFreeSpace(const HeapRelation& rel) {
  return static_cast<size_t>(kBlockSize) * static_cast<size_t>(100 - rel.fillfactor) / 100;
}

// Throws 54000 "row is too big: size N, maximum size 8160" for len > kMaxHeapTupleSize.
void CheckTupleSize(size_t len);

// Returns a pinned page of `rel` with room for a tuple of `len` bytes, exclusively locked
// in *lock. Tries this backend's cached target block, then the FSM, then the last block,
// then extends the relation under the extension lock; a new page is initialised (not
// WAL-logged: the first insert logs kInitPage). Remembers the page as the target block.
// With `other` (HeapUpdate: the old tuple's page, pinned and unlocked), also locks `other`
// into *other_lock, lower block first; when the chosen page *is* `other`, only *lock is
// taken (through the returned pin) and *other_lock stays unlocked.
// Throws 54000 (too big) and the buffer manager's I/O errors.
PinnedBuffer GetBufferForTuple(const HeapRelation& rel, size_t len, const PinnedBuffer* other,
                               BufferLock* lock, BufferLock* other_lock);

// Places `tuple` on `page` (block `block`) at a free line pointer, stores its location in
// tuple->self and in the stored copy's t_ctid. Requires: exclusive lock, room checked, in
// a critical section (a failure here is a PANIC).
OffsetNumber PutHeapTuple(Page page, BlockNumber block, HeapTuple* tuple);

// Points `tuple` at the line pointer `offnum` of `page`; false when it is out of range or
// not LP_NORMAL.
bool TupleAtOffset(Page page, BlockNumber block, OffsetNumber offnum, Oid table_oid,
                   HeapTuple* tuple);

// Walks the HOT chain whose root line pointer is `root` on the locked page `block`
// (HeapHotFetch's loop): a redirect at the root, then HOT links while each member's raw
// xmin equals the previous member's xmax. Returns the first member visible to `snapshot`
// (nullptr: none is looked for), else kInvalidOffsetNumber; *all_dead (optional) as in
// HeapHotFetch. Sets hint bits through `lock`.
OffsetNumber SearchHotChain(Page page, BlockNumber block, OffsetNumber root,
                            const SnapshotData* snapshot, BufferLock* lock, DeadHorizon* horizon,
                            bool* all_dead);

// Line pointer changes of one prune (PostgreSQL's heap_page_prune_execute arguments).
struct PruneItems {
  std::vector<OffsetNumber> redirected;  // flattened (root, target) pairs
  std::vector<OffsetNumber> dead;        // become LP_DEAD (roots index entries point at)
  std::vector<OffsetNumber> unused;      // become LP_UNUSED (heap-only tuples, vacuumed roots)
  bool empty() const { return redirected.empty() && dead.empty() && unused.empty(); }
};
// Applies `items` to the page and compacts its storage (PageRepairFragmentation); the
// original operation and redo share it so replay is exact. Requires: a cleanup lock (or
// redo); in a critical section outside redo.
void ExecutePrune(Page page, const PruneItems& items);
// Logs a kPrune record for `items` and sets the page LSN. Requires: in the critical
// section that changed the page.
void LogPrune(const HeapRelation& rel, BlockNumber block, Page page, TransactionId new_prune_xid,
              const PruneItems& items);

// A speculatively inserted tuple killed by its inserter (HeapAbortSpeculative and its
// redo): xmin invalid with the XMIN_INVALID hint, no xmax.
void MarkSuperDeleted(HeapTupleHeaderData* tuple);
// PageSetPrunable: remembers the oldest xid whose deletion could make space reclaimable.
void PageSetPrunable(Page page, TransactionId xid);
// Clears PD_ALL_VISIBLE; returns whether it was set (for the WAL flags). Page only: redo,
// which clears the visibility map separately.
bool PageClearAllVisible(Page page);

// The visibility map page of heap page `block`, pinned when the exclusively locked `page` is
// PD_ALL_VISIBLE (else an invalid pin): the critical section that follows can then clear
// the map bits without I/O (PostgreSQL pins it with visibilitymap_pin). Throws I/O errors.
PinnedBuffer PinVisibilityMapIfAllVisible(const HeapRelation& rel, BlockNumber block,
                                          const char* page);
// Clears PD_ALL_VISIBLE and the page's visibility map bits; returns whether the flag was set
// (the record then carries kAllVisibleCleared so redo clears the map too). Never throws.
// Requires: exclusive lock on `page`; `vm_pin` from PinVisibilityMapIfAllVisible under it.
bool ClearAllVisible(Page page, BlockNumber block, const PinnedBuffer& vm_pin);

// The heavyweight tuple lock (LockTuple) taken by a writer before sleeping on another
// transaction, so waiters queue fairly. Released by the destructor (PostgreSQL releases it
// when the operation ends, not at transaction end).
class TupleLockGuard {
 public:
  TupleLockGuard(const HeapRelation& rel, ItemPointerData tid, LockTupleMode mode)
      : relid_(rel.oid), tid_(tid), mode_(mode) {}
  ~TupleLockGuard();
  TupleLockGuard(const TupleLockGuard&) = delete;
  TupleLockGuard& operator=(const TupleLockGuard&) = delete;

  // Takes the lock unless held. Returns false when `policy` is kSkip and it is busy;
  // throws 55P03 "could not obtain lock on row in relation ..." for kError.
  bool Acquire(LockWaitPolicy policy, const HeapRelation& rel);

 private:
  Oid relid_;
  ItemPointerData tid_;
  LockTupleMode mode_;
  bool held_ = false;
};

enum class WaitOutcome {
  kRecheck,     // xmax changed while we slept: evaluate the tuple again
  kProceed,     // the modifier is gone; its final status is hinted on the tuple
  kWouldBlock,  // kSkip policy and someone holds the tuple or xid lock
};

// Waits for the in-progress transaction in `tuple`'s xmax (PostgreSQL's heap_delete/
// heap_update/heap_lock_tuple wait): releases *lock, takes the tuple lock, waits on the
// xid (per `policy`), re-locks exclusively. Requires: *lock exclusive on `pin`, `tuple`
// points into that page; on return *lock is held again (also for kWouldBlock). Throws
// 55P03 for kError (with *lock released) and the lock manager's wait errors.
WaitOutcome WaitForModifier(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* lock,
                            const HeapTuple& tuple, LockWaitPolicy policy,
                            TupleLockGuard* tuple_lock);

// The re-check loop of heap_delete / heap_update: HeapTupleSatisfiesUpdate, waiting for an
// in-progress modifier when `wait` (then starting over if xmax changed), and the crosscheck
// snapshot. `verb` names the operation in the 55000 "attempted to <verb> invisible tuple"
// error. Requires and returns as WaitForModifier (kBlock policy).
TmResult CheckModifiable(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* lock,
                         const HeapTuple& tuple, CommandId cid, Snapshot crosscheck, bool wait,
                         TupleLockGuard* tuple_lock, const char* verb);

// After a wait (or finding our own lock): kOk when xmax no longer means a committed
// update/delete, else kUpdated / kDeleted.
TmResult ResultAfterWait(const HeapTuple& tuple);

// Fills *tmfd for a failed modification (ctid, xmax, cmax for kSelfModified).
void FillFailureData(const HeapTuple& tuple, TmResult result, TmFailureData* tmfd);

}  // namespace hyrax::storage::heapam
