// Unique checks (PostgreSQL's _bt_check_unique). Serialisation: every inserter of a key
// first locks, exclusively, the leaf page where entries equal to the key begin, and keeps
// that lock until its own entry is in place, so two inserters of one key run the check
// one after the other (README "Unique checks").
#include "storage/btree/btree_unique.h"

#include "common/error.h"

namespace hyrax::storage::btree {

namespace {

enum class PageScan { kDone, kNextPage, kStopWithResult };

// Checks the equal entries of one page from `offnum`. Returns kNextPage when the equal
// run may continue on the right sibling.
// An entry whose heap chain is dead to everyone gets an LP_DEAD hint, as a scan would set
// it (PostgreSQL's _bt_check_unique does the same): the next check skips it and an insert
// into the full page deletes it.
void MarkEntryDead(BtPage& page, ItemIdData* item_id) {
  item_id->lp_flags = kLpDead;
  page.opaque()->btpo_flags |= kBtpHasGarbage;
  page.MarkDirtyHint();
}

PageScan ScanPage(const IndexRelationInfo& index, const BtScanInsert& key, BtPage& leaf,
                  OffsetNumber offnum, ItemPointerData heap_tid, IndexUniqueCheck check,
                  const HeapProbeFn& probe, bool* found_self, UniqueCheckResult* result) {
  char* page = leaf.page();
  const BtPageOpaqueData* opaque = Opaque(page);
  const OffsetNumber maxoff = PageGetMaxOffsetNumber(page);
  for (OffsetNumber off = offnum; off <= maxoff; ++off) {
    if (CompareWithItem(index, key, page, off) != 0) return PageScan::kDone;
    ItemIdData* item_id = PageGetItemId(page, off);
    if (item_id->lp_flags == kLpDead) continue;  // known dead
    const ItemPointerData tid = *TupleHeapTid(PageGetItem(page, item_id));
    if (check == IndexUniqueCheck::kExisting && tid == heap_tid) {
      *found_self = true;
      continue;
    }
    const HeapProbeResult probed = probe(tid);
    if (probed.status == HeapProbeStatus::kNoMatch) {
      if (probed.all_dead) MarkEntryDead(leaf, item_id);
      continue;
    }
    // A partial check reports any visible duplicate, live or in progress, without waiting:
    // the deferred re-check decides later.
    if (check == IndexUniqueCheck::kPartial) {
      result->outcome = UniqueOutcome::kPossibleConflict;
      return PageScan::kStopWithResult;
    }
    if (probed.status == HeapProbeStatus::kInProgress) {
      result->outcome = UniqueOutcome::kWait;
      result->xid = probed.xid;
      return PageScan::kStopWithResult;
    }
    result->outcome = UniqueOutcome::kConflict;
    return PageScan::kStopWithResult;
  }
  // Ran off the page: equal entries may continue to the right only when the high key is
  // equal to the key.
  if (IsRightmost(opaque)) return PageScan::kDone;
  if (CompareWithItem(index, key, page, kHighKeyOffset) != 0) return PageScan::kDone;
  return PageScan::kNextPage;
}

}  // namespace

UniqueCheckResult CheckUnique(const IndexRelationInfo& index, const BtScanInsert& key, BtPage& leaf,
                              ItemPointerData heap_tid, IndexUniqueCheck check,
                              const HeapProbeFn& probe) {
  UniqueCheckResult result;
  bool found_self = false;
  PageScan scan = ScanPage(index, key, leaf, BinarySearch(index, key, leaf.page()), heap_tid, check,
                           probe, &found_self, &result);
  BlockNumber next = leaf.opaque()->btpo_next;
  BtPage right;  // share-locked page to the right of `leaf` being checked, if any
  while (scan == PageScan::kNextPage) {
    // Lock coupling left to right: the next page is locked before the previous one
    // (other than `leaf`) is released.
    BtPage page = BtPage::Read(index, next, BufferLockMode::kShare);
    right = std::move(page);
    next = right.opaque()->btpo_next;
    scan = ScanPage(index, key, right, FirstDataOffset(right.opaque()), heap_tid, check, probe,
                    &found_self, &result);
  }
  if (scan == PageScan::kStopWithResult) return result;
  if (check == IndexUniqueCheck::kExisting && !found_self) {
    throw MakeError(errcode::kInternalError, "failed to re-find tuple within index \"{}\"",
                    index.name)
        .Hint("This may be because of a non-immutable index expression.")
        .Schema(index.schema_name)
        .Table(index.heap_name)
        .Constraint(index.name);
  }
  return result;
}

}  // namespace hyrax::storage::btree
