// Inserting one entry (PostgreSQL's _bt_doinsert, _bt_findinsertloc and _bt_insertonpg):
// descend with a stack, check uniqueness, find the exact page (the heap TID makes every
// key unique), then add the tuple, or first remove entries marked dead, or split.
// README "Insertion".
#include <string>
#include <vector>

#include "common/assert.h"
#include "common/error.h"
#include "common/interrupts.h"
#include "storage/btree/btree_unique.h"
#include "storage/btree/btree_wal.h"
#include "storage/btree/btree_write.h"
#include "storage/lmgr/lock_manager.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage {

namespace btree {

void (*g_after_split_hook_for_testing)() = nullptr;

namespace {

// Moves right from the first page equal keys can be on to the page the full key (with
// heap TID) belongs on, finishing incomplete splits met on the way (_bt_stepright).
BtPage FindInsertPage(const IndexRelationInfo& index, const BtScanInsert& key, BtPage page,
                      const BtStack& stack) {
  for (;;) {
    const BtPageOpaqueData* opaque = page.opaque();
    if (IsRightmost(opaque)) return page;
    if (CompareWithItem(index, key, page.page(), kHighKeyOffset) <= 0) return page;
    const BlockNumber next_block = opaque->btpo_next;
    BtPage next = BtPage::Read(index, next_block, BufferLockMode::kExclusive);
    if (IsIncompleteSplit(next.opaque())) {
      // Finishing it holds `page` meanwhile, like PostgreSQL; it happens only after an
      // error or crash in the middle of a split.
      FinishSplit(index, std::move(next), stack);
      continue;
    }
    page = std::move(next);  // releases the left page after the right one is locked
  }
}

Error DuplicateKeyError(const IndexRelationInfo& index, const Datum* values, const bool* isnull,
                        const UniqueCheckContext& unique) {
  Error error = MakeError(errcode::kUniqueViolation,
                          "duplicate key value violates unique constraint \"{}\"", index.name)
                    .Schema(index.schema_name)
                    .Table(index.heap_name)
                    .Constraint(index.name);
  if (unique.format_key) {
    const std::optional<std::string> key = unique.format_key(values, isnull);
    if (key.has_value())
      return std::move(error).Detail(fmt::format("Key {} already exists.", *key));
  }
  return error;
}

// Before a full leaf is split, its entries with LP_DEAD hints (heap chains dead to
// everyone) are removed, WAL-logged (PostgreSQL's simple deletion in
// _bt_delete_or_dedup_one_page). Returns where the new item goes afterwards.
OffsetNumber DeleteKilledItems(const IndexRelationInfo& index, BtPage& page, OffsetNumber offnum) {
  char* p = page.page();
  const OffsetNumber maxoff = PageGetMaxOffsetNumber(p);
  std::vector<OffsetNumber> deletable;
  OffsetNumber deleted_before = 0;
  for (OffsetNumber off = FirstDataOffset(page.opaque()); off <= maxoff; ++off) {
    if (PageGetItemId(p, off)->lp_flags != kLpDead) continue;
    deletable.push_back(off);
    if (off < offnum) ++deleted_before;
  }
  if (deletable.empty()) return offnum;
  const XlBtreeVacuum xlrec{static_cast<uint16_t>(deletable.size())};
  CriticalSection critical;
  DeleteItems(p, deletable.data(), deletable.size());
  page.MarkDirty();
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&xlrec, sizeof(xlrec));
  wal::XLogRegisterBlock(0, {index.locator, ForkNumber::kMain, page.block()}, p,
                         wal::kRegbufStandard);
  wal::XLogRegisterBlockData(0, deletable.data(), deletable.size() * sizeof(OffsetNumber));
  page_layout::SetLsn(p, wal::XLogInsert(wal::RmgrId::kBtree, kXlogBtreeDelete));
  return static_cast<OffsetNumber>(offnum - deleted_before);
}

}  // namespace

void InsertOnPage(const IndexRelationInfo& index, BtPage page, const BtStack& stack,
                  const IndexTupleBuf& tuple, OffsetNumber offnum, BtPage child) {
  if (PageGetFreeSpace(page.page()) < tuple.size() && IsLeaf(page.opaque())) {
    offnum = DeleteKilledItems(index, page, offnum);
  }
  if (PageGetFreeSpace(page.page()) < tuple.size()) {
    const bool is_root = IsRoot(page.opaque());
    BtPage right = SplitPage(index, &page, tuple, offnum, std::move(child));
    if (g_after_split_hook_for_testing != nullptr) g_after_split_hook_for_testing();
    InsertParent(index, std::move(page), std::move(right), stack, is_root);
    return;
  }
  const bool is_leaf = IsLeaf(page.opaque());
  const XlBtreeInsert xlrec{offnum};
  CriticalSection critical;
  if (PageAddItem(page.page(), tuple.data(), tuple.size(), offnum, false, false) != offnum) {
    Panic("failed to add new item to btree page");
  }
  page.MarkDirty();
  if (child.valid()) {
    child.opaque()->btpo_flags &= static_cast<uint16_t>(~kBtpIncompleteSplit);
    child.MarkDirty();
  }
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&xlrec, sizeof(xlrec));
  wal::XLogRegisterBlock(0, {index.locator, ForkNumber::kMain, page.block()}, page.page(),
                         wal::kRegbufStandard);
  wal::XLogRegisterBlockData(0, tuple.data(), tuple.size());
  if (child.valid()) {
    wal::XLogRegisterBlock(1, {index.locator, ForkNumber::kMain, child.block()}, child.page(),
                           wal::kRegbufStandard);
  }
  const Lsn lsn =
      wal::XLogInsert(wal::RmgrId::kBtree, is_leaf ? kXlogBtreeInsertLeaf : kXlogBtreeInsertUpper);
  page_layout::SetLsn(page.page(), lsn);
  if (child.valid()) page_layout::SetLsn(child.page(), lsn);
}

}  // namespace btree

bool BtreeInsert(const IndexRelationInfo& index, const Datum* values, const bool* isnull,
                 ItemPointerData heap_tid, IndexUniqueCheck check,
                 const UniqueCheckContext* unique) {
  using namespace btree;
  HYRAX_CHECK(check == IndexUniqueCheck::kNo || (unique != nullptr && unique->probe_heap),
              "unique check without a heap probe");
  const IndexTupleBuf tuple = FormLeafTuple(index, values, isnull, heap_tid);
  BtScanInsert key = MakeInsertKey(index, tuple.data());
  bool has_null_key = false;
  for (int att_idx = 0; att_idx < index.nkeyatts; ++att_idx) has_null_key |= isnull[att_idx];
  // NULLs never conflict unless NULLS NOT DISTINCT.
  const bool check_unique =
      check != IndexUniqueCheck::kNo && (!has_null_key || index.nulls_not_distinct);
  bool is_unique = true;
  for (;;) {
    CheckForInterrupts();
    // A unique check must start at the first page holding keys equal to ours, which is
    // found without the heap TID.
    key.has_scantid = !check_unique;
    BtStack stack;
    BtPage leaf = SearchLeaf(index, key, BufferLockMode::kExclusive, &stack);
    if (check_unique) {
      const UniqueCheckResult result =
          CheckUnique(index, key, leaf, heap_tid, check, unique->probe_heap);
      if (result.outcome == UniqueOutcome::kWait) {
        leaf.Release();
        XactLockTableWait(result.xid);
        continue;
      }
      if (result.outcome == UniqueOutcome::kConflict) {
        leaf.Release();
        throw DuplicateKeyError(index, values, isnull, *unique);
      }
      if (result.outcome == UniqueOutcome::kPossibleConflict) is_unique = false;
      key.has_scantid = true;
    }
    // A deferred re-check only checks (also when NULLs made the check moot).
    if (check == IndexUniqueCheck::kExisting) return true;
    leaf = FindInsertPage(index, key, std::move(leaf), stack);
    const OffsetNumber offnum = BinarySearch(index, key, leaf.page());
    InsertOnPage(index, std::move(leaf), stack, tuple, offnum, BtPage());
    return is_unique;
  }
}

}  // namespace hyrax::storage
