// The heap access method (PostgreSQL's heapam.c): insert, delete, update (new version
// linked from the old one by t_ctid), row locking, fetch by ctid, and sequential scans,
// all WAL-logged (storage/heap/heap_redo.cpp) and MVCC-aware. Callers hold a suitable
// relation lock (AccessShare to read, RowExclusive to write) and an open transaction.
// storage/heap/README.md describes the protocols (HOT chains) and deviations (no multixacts).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/ids.h"
#include "common/relfile.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/heap/heap_tuple.h"
#include "storage/txn/snapshot.h"

namespace hyrax::storage {

// What the heap needs to know about a relation (embedded in the relcache entry).
struct HeapRelation {
  Oid oid = kInvalidOid;
  RelFileLocator locator;
  int fillfactor = 100;  // percent of a page inserts may fill (WITH (fillfactor=N))
  std::string name;      // relation name for error messages (55P03 on row locks)
  // TOAST (storage/toast/README.md). `desc` is the row layout the toaster needs to compress
  // and move out values of rows over kToastTupleThreshold; nullptr: rows are stored as
  // formed (TOAST tables themselves, bare heaps in tests). `toast_oid` is
  // pg_class.reltoastrelid (kInvalidOid: values may only be compressed) and
  // `toast_locator` the TOAST table's files.
  TupleDescPtr desc;
  Oid toast_oid = kInvalidOid;
  RelFileLocator toast_locator;
};

// Outcome of a modification attempt (PostgreSQL's TM_Result).
enum class TmResult {
  kOk,
  kInvisible,      // the target tuple isn't visible to the command at all
  kSelfModified,   // already modified by this transaction's current or later command
  kUpdated,        // concurrently updated by a committed transaction (tmfd.ctid = newer)
  kDeleted,        // concurrently deleted by a committed transaction
  kBeingModified,  // in-progress modification by another transaction (only with wait=false)
  kWouldBlock,     // lock not available with NOWAIT / SKIP LOCKED
};

struct TmFailureData {
  ItemPointerData ctid;  // newer version (kUpdated)
  TransactionId xmax = kInvalidTransactionId;
  CommandId cmax = kInvalidCommandId;  // kSelfModified only
  bool traversed = false;
};

enum class LockTupleMode : uint8_t { kKeyShare, kShare, kNoKeyExclusive, kExclusive };
enum class LockWaitPolicy : uint8_t { kBlock, kSkip, kError };

// Inserts `tuple` (stamps its header in place: t_xmin = the current xid, cmin = cid,
// xmax invalid; sets tuple->self to its new location and table_oid). With rel.desc set, a
// tuple over kToastTupleThreshold is first toasted (values compressed and/or moved to the
// TOAST table by this transaction, storage/toast/heap_toast.h); what is stored is then a
// toasted copy and `tuple`'s bytes stay as they were. Page choice: this backend's target
// block, the FSM, the last page, then a new page. Throws 54000 "row is too big: size N,
// maximum size 8160" when the (toasted) tuple still exceeds kMaxHeapTupleSize, 25006 from
// GetCurrentTransactionId in a read-only transaction, I/O errors.
void HeapInsert(const HeapRelation& rel, HeapTuple* tuple, CommandId cid);
// Bulk insert for COPY / INSERT ... SELECT: same semantics, one WAL record and one lock
// round trip per page filled.
void HeapMultiInsert(const HeapRelation& rel, std::vector<HeapTuple*>& tuples, CommandId cid);
// Forgets this backend's cached insertion target block of the relation (call after the
// relation's files were truncated or replaced).
void HeapForgetTargetBlock(const RelFileLocator& locator);
// Forgets every cached insert page (a process attaching to new shared memory).
void HeapForgetAllTargetBlocks();

// Deletes the tuple at `tid`, and with it (rel.desc set) the TOAST values it points to.
// With wait = true, a concurrent in-progress writer is waited for (tuple lock, then
// XactLockTableWait) and the outcome re-evaluated; kUpdated/kDeleted are then returned for
// the caller's READ COMMITTED re-check (EvalPlanQual) or 40001. With wait = false such a
// writer yields kBeingModified. `crosscheck` is the transaction snapshot under REPEATABLE
// READ (nullptr otherwise): a version it cannot see yields kUpdated. On any result but kOk,
// *tmfd is filled. Throws 55000 "attempted to delete invisible tuple" when the version is
// invisible to `cid`, 40P01/55P03/57014 from waits.
// Requires: tid.block() < the relation's block count.
TmResult HeapDelete(const HeapRelation& rel, ItemPointerData tid, CommandId cid,
                    Snapshot crosscheck, bool wait, TmFailureData* tmfd);
// Kills the tuple at `tid` that this transaction has just inserted, as if it had never been
// (PostgreSQL's heap_abort_speculative, the "super-delete" of INSERT ... ON CONFLICT):
// xmin becomes invalid (with the XMIN_INVALID hint), so the tuple is dead to every snapshot
// at once and prunable (its TOAST values stay: see the .cpp). WAL-logged as a
// delete record with heapwal::kSuperDelete. Throws XX000 when the tuple is not one this
// transaction inserted. Requires: no index entry of ours is still to be inserted for it
// (the entries already inserted stay and point at a dead tuple, as in PostgreSQL).
void HeapAbortSpeculative(const HeapRelation& rel, ItemPointerData tid);
// Whether HeapUpdate may make the new version a heap-only tuple (HOT): the caller allows
// it when no column covered by an index of the table changed (executor/exec/hot_update.h).
enum class HotUpdate : uint8_t { kNotAllowed, kAllowed };

// Replaces the tuple at `otid` with `newtup` (same contract as HeapDelete; 55000 reads
// "attempted to update invisible tuple"; 54000 when newtup is too big even toasted). The
// new version goes on the same page when it fits, else on another page, and the old
// version's t_ctid points to it. When it lands on the same page and `hot` is kAllowed, the
// update is a HOT update (storage/heap/README.md "HOT"): the old version gets
// HEAP_HOT_UPDATED, the new one HEAP_ONLY_TUPLE, and *heap_only (if not null) is set true:
// the caller must then insert no index entries (readers reach the new version through the
// chain's root). With rel.desc set the new version is toasted as in HeapInsert: old TOAST
// values equal to the new column values are kept (same pointer), the others are deleted. On
// kOk, newtup->self is the new version's ctid and its header is stamped in place.
TmResult HeapUpdate(const HeapRelation& rel, ItemPointerData otid, HeapTuple* newtup, CommandId cid,
                    Snapshot crosscheck, bool wait, TmFailureData* tmfd,
                    HotUpdate hot = HotUpdate::kNotAllowed, bool* heap_only = nullptr);
// SELECT ... FOR UPDATE/SHARE: marks the tuple locked by the current transaction (xmax =
// our xid with lock-only bits). Without multixacts a second locker always waits for the
// first, even when both want share locks. `tuple` receives a copy (current memory context)
// of the version examined. Returns kOk, kInvisible, kSelfModified, kUpdated/kDeleted
// (*tmfd filled) or kWouldBlock (policy kSkip). Throws 55P03 "could not obtain lock on row
// in relation ..." for policy kError, and the waits' errors.
TmResult HeapLockTuple(const HeapRelation& rel, ItemPointerData tid, CommandId cid,
                       LockTupleMode mode, LockWaitPolicy policy, HeapTuple* tuple,
                       TmFailureData* tmfd);

// Fetches the tuple at `tid` if visible to `snapshot`, copied into the current memory
// context. Returns false when the slot is empty, dead or invisible. Prunes the page
// opportunistically. Requires: tid.block() < the relation's block count.
bool HeapFetch(const HeapRelation& rel, Snapshot snapshot, ItemPointerData tid, HeapTuple* out);
// The vacuum horizon (ProcArray::GetOldestXmin), read on first use and then kept: a
// tuple deleted before it is dead to every snapshot. The horizon only moves forward, so a
// kept value is conservative (PostgreSQL's GlobalVisState for one scan). Not shared.
class DeadHorizon {
 public:
  TransactionId Get();

 private:
  TransactionId xmin_ = kInvalidTransactionId;
};

// Index fetch (PostgreSQL's heap_hot_search_buffer): `tid` is what an index entry points at,
// the root line pointer of a HOT chain. Prunes the page opportunistically, follows a
// redirect and the chain's HOT links to the first member visible to `snapshot` (MVCC, Dirty,
// Self or Any) and copies it into the current memory context (out->self = that member's own
// ctid). When `all_dead` is not null it receives whether no member can be visible to any
// snapshot (every one dead before `horizon`, or the root slot dead or unused): the index
// entry may then be marked dead. `horizon` is read only when a member is not visible.
// Returns false when no member is visible. Requires: tid.block() < the block count.
bool HeapHotFetch(const HeapRelation& rel, Snapshot snapshot, ItemPointerData tid, HeapTuple* out,
                  DeadHorizon* horizon, bool* all_dead);
// The root line pointer of every tuple of a heap page (PostgreSQL's heap_get_root_tuples):
// (*roots)[offnum] is the offset of the chain root an index entry for the tuple at `offnum`
// must point at — offnum itself for a tuple that is not heap-only, kInvalidOffsetNumber for
// slots holding no tuple and heap-only tuples no chain reaches (an aborted HOT update).
// Sized PageGetMaxOffsetNumber + 1. Requires: a lock on the page `block`.
void HeapGetRootTuples(const char* page, BlockNumber block, std::vector<OffsetNumber>* roots);
// Follows the t_ctid chain from `tid` to the newest version visible to `snapshot`
// (EvalPlanQual, currtid). Returns false when none is (or `tid` lies beyond the relation).
bool HeapGetLatestTid(const HeapRelation& rel, Snapshot snapshot, ItemPointerData* tid);

// Page-at-a-time sequential scan: visibility is decided for a whole page under one share
// lock; returned tuples point into the pinned page and stay valid until the next call to
// Next() or Rescan() (pruning needs a cleanup lock, which our pin prevents). The block
// count is read when the scan starts: pages added later are not visited. Requires:
// `snapshot` outlives the scan.
class HeapScan {
 public:
  HeapScan(const HeapRelation& rel, Snapshot snapshot);
  HeapScan(const HeapScan&) = delete;
  HeapScan& operator=(const HeapScan&) = delete;

  // Next visible tuple, or false at the end. Checks for interrupts per page. `out` points
  // into the pinned page (see above); its table_oid and self are set.
  bool Next(HeapTuple* out);
  // Starts over, re-reading the block count; keeps a range set by SetBlockRange.
  void Rescan();
  // Restricts the scan to blocks [start, start + count) (TID range scans, sampling) and
  // restarts it.
  void SetBlockRange(BlockNumber start, BlockNumber count);
  BlockNumber num_blocks() const { return nblocks_; }
  // Index builds: also map each page's tuples to their HOT chain roots (HeapGetRootTuples)
  // while the page is locked; RootTid then names what an index entry for `tuple` (returned
  // by the last Next) must point at — invalid for a heap-only tuple no chain reaches.
  void set_want_root_tids(bool want) { want_root_tids_ = want; }
  ItemPointerData RootTid(const HeapTuple& tuple) const;

 private:
  bool LoadPage(BlockNumber block);

  HeapRelation rel_;
  Snapshot snapshot_;
  BlockNumber nblocks_ = 0;
  BlockNumber range_start_ = 0;                    // set by SetBlockRange
  BlockNumber range_count_ = kInvalidBlockNumber;  // kInvalidBlockNumber = to the end
  BlockNumber start_block_ = 0;
  BlockNumber end_block_ = 0;
  BlockNumber current_block_ = kInvalidBlockNumber;
  PinnedBuffer pin_;
  // The current page's bytes: the frame address stays valid while pin_ is held, and
  // tuples' storage does not move without a cleanup lock.
  const char* page_ = nullptr;
  struct VisibleItem {
    OffsetNumber offnum;
    uint16_t off;
    uint16_t len;
  };
  std::vector<VisibleItem> visible_;  // visible tuples of the current page
  bool want_root_tids_ = false;
  std::vector<OffsetNumber> roots_;  // HeapGetRootTuples of the current page (want_root_tids_)
  size_t next_index_ = 0;
  bool started_ = false;
};

// Opportunistic pruning (PostgreSQL's heap_page_prune_opt): when pd_prune_xid is older
// than the vacuum horizon, the page is low on space (PD_PAGE_FULL or less free than
// max(fillfactor reserve, 10%)) and a cleanup lock is free, removes dead tuples' storage
// (WAL-logged) and records the page's free space in the FSM. Called by scans and fetches.
// Requires: `pin` is the caller's pin on a page of `rel`, no content lock held on it.
void HeapPagePruneOpt(const HeapRelation& rel, const PinnedBuffer& pin);
// Prunes one page: dead tuples' line pointers become LP_DEAD (index entries may still
// point at them), their storage is reclaimed by PageRepairFragmentation, pd_prune_xid is
// recomputed. Returns the number of tuples removed. Requires: *cleanup is a cleanup lock
// (BufferLock::ConditionalCleanupLock) on `pin`. Used by HeapPagePruneOpt and VACUUM.
int HeapPagePrune(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* cleanup,
                  TransactionId oldest_xmin);

// ---- VACUUM support (storage/heap/heap_vacuum_page.cpp; storage/vacuum/README.md) ----

// How VACUUM freezes one tuple: the tuple's new xmax and infomask words.
struct HeapFreezePlan {
  OffsetNumber offnum = kInvalidOffsetNumber;
  TransactionId xmax = kInvalidTransactionId;
  uint16_t t_infomask = 0;
  uint16_t t_infomask2 = 0;
};
// PostgreSQL's heap_prepare_freeze_tuple without multixacts: a normal xmin older than
// `freeze_limit` is marked frozen (HEAP_XMIN_FROZEN; the raw xmin is kept for forensics), an
// xmax older than it that only locked or aborted is removed. Returns true and fills *plan
// when the tuple changes. *totally_frozen: afterwards no xid on the tuple will ever need
// freezing (xmin frozen or special, no xmax), so the page may be marked all-frozen.
// Requires: the tuple is not dead (VACUUM pruned the page) and its page is locked.
// Throws XX001 for an xmin older than the limit that did not commit, or a committed
// deleting xmax older than it (such a tuple would be dead: corruption).
bool HeapPrepareFreezeTuple(const HeapTupleHeaderData* tuple, TransactionId freeze_limit,
                            HeapFreezePlan* plan, bool* totally_frozen);
// Applies `plans` to the page and logs them in one kFreezePage record, in a critical section.
// Requires: *lock exclusive on `pin`; the plans come from HeapPrepareFreezeTuple under that
// same lock and name LP_NORMAL items; `plans` is not empty.
void HeapFreezeExecute(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* lock,
                       TransactionId freeze_limit, const std::vector<HeapFreezePlan>& plans);
// VACUUM's second heap pass (PostgreSQL's lazy_vacuum_heap_page): the LP_DEAD line pointers
// `offsets`, whose index entries are gone, become LP_UNUSED and reusable (PD_HAS_FREE_LINES).
// Tuples do not move, so an exclusive lock is enough (no cleanup lock); logged as a prune
// record with only unused items. Requires: *lock exclusive on `pin`; every offset is
// LP_DEAD; `offsets` not empty. Throws XX000 when an offset is not LP_DEAD.
void HeapPageSetUnused(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* lock,
                       const std::vector<OffsetNumber>& offsets);

// Shared state of the heap: a counter bumped by HeapInvalidateAllTargetBlocks.
size_t HeapShmemSize();
void HeapShmemInit();
// Makes every backend forget its cached insertion target blocks before its next insert
// (after VACUUM truncated a relation, those blocks may no longer exist). PostgreSQL does this
// with an smgr invalidation message.
void HeapInvalidateAllTargetBlocks();

// Registers the heap resource manager's redo and describe routines in wal/rmgr. Call
// before recovery starts (every process that may run StartupXLog).
void RegisterHeapRmgr();
// Overwrites what redo may legitimately reproduce differently (LSN, checksum, prune xid,
// page-flag hints, unused space, tuple hint bits, command ids, alignment padding) so a
// replayed page can be compared with the original (PostgreSQL's heap_mask for
// wal_consistency_checking). Requires: `page` is a private 8 KB copy of a heap page.
void HeapMaskPage(char* page);

}  // namespace hyrax::storage
