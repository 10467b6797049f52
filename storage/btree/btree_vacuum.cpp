// VACUUM's index pass (PostgreSQL's btbulkdelete/btvacuumscan/btvacuumpage, without page
// deletion and recycling): every block in physical order, dead leaf entries removed page
// at a time under an exclusive lock, one kXlogBtreeVacuum record per page changed.
// Pages are never recycled, so a split during the pass only moves entries to a block at
// the end of the file, which the pass reaches by re-reading the file length when done
// (PostgreSQL needs cycle ids because it does recycle). README "VACUUM".
#include <vector>

#include "common/interrupts.h"
#include "storage/btree/btree.h"
#include "storage/btree/btree_search.h"
#include "storage/btree/btree_tuple.h"
#include "storage/btree/btree_wal.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage {

using namespace btree;

namespace {

// Removes the dead entries of one leaf page; returns how many stay.
size_t VacuumLeaf(const IndexRelationInfo& index, BtPage& page,
                  const std::function<bool(ItemPointerData)>& is_dead,
                  IndexBulkDeleteResult* result) {
  const char* p = page.page();
  const OffsetNumber minoff = FirstDataOffset(page.opaque());
  const OffsetNumber maxoff = PageGetMaxOffsetNumber(p);
  std::vector<OffsetNumber> deletable;
  for (OffsetNumber off = minoff; off <= maxoff; ++off) {
    if (is_dead(*TupleHeapTid(ItemAt(p, off)))) deletable.push_back(off);
  }
  const size_t remaining = (maxoff >= minoff ? maxoff - minoff + 1 : 0) - deletable.size();
  if (deletable.empty()) return remaining;
  const XlBtreeVacuum xlrec{static_cast<uint16_t>(deletable.size())};
  CriticalSection critical;
  DeleteItems(page.page(), deletable.data(), deletable.size());
  page.MarkDirty();
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&xlrec, sizeof(xlrec));
  wal::XLogRegisterBlock(0, {index.locator, ForkNumber::kMain, page.block()}, page.page(),
                         wal::kRegbufStandard);
  wal::XLogRegisterBlockData(0, deletable.data(), deletable.size() * sizeof(OffsetNumber));
  page_layout::SetLsn(page.page(), wal::XLogInsert(wal::RmgrId::kBtree, kXlogBtreeVacuum));
  result->tuples_removed += static_cast<double>(deletable.size());
  return remaining;
}

}  // namespace

IndexBulkDeleteResult BtreeBulkDelete(const IndexRelationInfo& index,
                                      const std::function<bool(ItemPointerData)>& is_dead) {
  IndexBulkDeleteResult result;
  BlockNumber block = kMetaBlock + 1;
  for (;;) {
    const BlockNumber nblocks = BufferManager::NumBlocks(index.locator, ForkNumber::kMain);
    if (block >= nblocks) {
      result.num_pages = nblocks;
      break;
    }
    for (; block < nblocks; ++block) {
      CheckForInterrupts();
      BtPage page = BtPage::Read(index, block, BufferLockMode::kExclusive, true);
      // Zero pages were added by a split that failed or crashed before it was logged.
      if (PageIsNew(page.page()) || !IsLeaf(page.opaque())) continue;
      if ((page.opaque()->btpo_flags & (kBtpDeleted | kBtpHalfDead | kBtpMeta)) != 0) continue;
      result.num_index_tuples += static_cast<double>(VacuumLeaf(index, page, is_dead, &result));
    }
  }
  return result;
}

uint32_t BtreeTreeHeight(const IndexRelationInfo& index) {
  uint32_t level = 0;
  GetRoot(index, false, &level);
  return level;
}

}  // namespace hyrax::storage
