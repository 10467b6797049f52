// The heap access method (PostgreSQL's heapam.c): insert, delete, update (new version
// linked from the old one by t_ctid), row locking, fetch by ctid, and sequential scans,
// all WAL-logged (storage/heap/heap_redo.cpp) and MVCC-aware. Callers hold a suitable
// relation lock (AccessShare to read, RowExclusive to write).
#pragma once

#include <cstdint>
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

// Inserts `tuple` (sets t_xmin to the current xid, cid, ctid = its new location, and
// tuple->self / table_oid). Throws 54000 when the tuple exceeds kMaxHeapTupleSize.
void HeapInsert(const HeapRelation& rel, HeapTuple* tuple, CommandId cid);
// Bulk insert for COPY / INSERT ... SELECT: same semantics, fewer WAL records and lock
// round trips.
void HeapMultiInsert(const HeapRelation& rel, std::vector<HeapTuple*>& tuples, CommandId cid);

// Deletes the tuple at `tid`. With wait = true, a concurrent in-progress writer is waited
// for (XactLockTableWait) and the outcome re-evaluated; kUpdated/kDeleted are then
// returned for the caller's READ COMMITTED re-check (EvalPlanQual) or 40001.
// `crosscheck` is the transaction snapshot under REPEATABLE READ (nullptr otherwise).
TmResult HeapDelete(const HeapRelation& rel, ItemPointerData tid, CommandId cid,
                    Snapshot crosscheck, bool wait, TmFailureData* tmfd);
// Replaces the tuple at `otid` with `newtup` (same contract as HeapDelete). On kOk,
// newtup->self is the new version's ctid.
TmResult HeapUpdate(const HeapRelation& rel, ItemPointerData otid, HeapTuple* newtup, CommandId cid,
                    Snapshot crosscheck, bool wait, TmFailureData* tmfd);
// SELECT ... FOR UPDATE/SHARE: marks the tuple locked by the current transaction.
// `tuple` receives a copy of the locked version.
TmResult HeapLockTuple(const HeapRelation& rel, ItemPointerData tid, CommandId cid,
                       LockTupleMode mode, LockWaitPolicy policy, HeapTuple* tuple,
                       TmFailureData* tmfd);

// Fetches the tuple at `tid` if visible to `snapshot`, copied into the current memory
// context. Returns false when the slot is empty, dead or invisible.
bool HeapFetch(const HeapRelation& rel, Snapshot snapshot, ItemPointerData tid, HeapTuple* out);
// Follows the t_ctid chain from `tid` to the newest version visible to `snapshot`
// (EvalPlanQual, currtid). Returns false when none is.
bool HeapGetLatestTid(const HeapRelation& rel, Snapshot snapshot, ItemPointerData* tid);

// Page-at-a-time sequential scan: visibility is decided for a whole page under one share
// lock; returned tuples point into the pinned page and stay valid until the next call to
// Next() or Rescan() (pruning needs a cleanup lock, which our pin prevents).
class HeapScan {
 public:
  HeapScan(const HeapRelation& rel, Snapshot snapshot);
  HeapScan(const HeapScan&) = delete;
  HeapScan& operator=(const HeapScan&) = delete;

  // Next visible tuple, or false at the end. Checks for interrupts per page.
  bool Next(HeapTuple* out);
  void Rescan();
  // Restricts the scan to blocks [start, start + count) (TID range scans, sampling).
  void SetBlockRange(BlockNumber start, BlockNumber count);
  BlockNumber num_blocks() const { return nblocks_; }

 private:
  bool LoadPage(BlockNumber block);

  HeapRelation rel_;
  Snapshot snapshot_;
  BlockNumber nblocks_ = 0;
  BlockNumber start_block_ = 0;
  BlockNumber end_block_ = 0;
  BlockNumber current_block_ = kInvalidBlockNumber;
  PinnedBuffer pin_;
  std::vector<OffsetNumber> visible_;  // visible line pointers of the current page
  size_t next_index_ = 0;
  bool started_ = false;
};

// Opportunistic pruning (PostgreSQL's heap_page_prune_opt): when the page looks worth it
// and a cleanup lock is free, removes dead tuples' storage. Called by scans and updates.
void HeapPagePruneOpt(const HeapRelation& rel, const PinnedBuffer& pin);

// Registers the heap resource manager's redo routines in wal/rmgr.
void RegisterHeapRmgr();

}  // namespace hyrax::storage
