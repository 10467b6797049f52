// Page-at-a-time sequential heap scan (PostgreSQL's heapgettup_pagemode/heapgetpage): each
// page is pruned opportunistically, then the visible line pointers are collected under one
// share lock, and tuples are returned pointing into the pinned page.
// storage/heap/README.md "Scans".
#include <algorithm>

#include "common/assert.h"
#include "common/interrupts.h"
#include "storage/heap/heap_am.h"
#include "storage/heap/heap_visibility.h"
#include "storage/page/page.h"

namespace hyrax::storage {

HeapScan::HeapScan(const HeapRelation& rel, Snapshot snapshot) : rel_(rel), snapshot_(snapshot) {
  HYRAX_CHECK(snapshot_ != nullptr, "heap scan without a snapshot");
  Rescan();
}

void HeapScan::Rescan() {
  nblocks_ = BufferManager::NumBlocks(rel_.locator, ForkNumber::kMain);
  start_block_ = std::min(range_start_, nblocks_);
  end_block_ = nblocks_;
  if (range_count_ != kInvalidBlockNumber && range_count_ < nblocks_ - start_block_) {
    end_block_ = start_block_ + range_count_;
  }
  current_block_ = kInvalidBlockNumber;
  pin_.Reset();
  page_ = nullptr;
  visible_.clear();
  next_index_ = 0;
  started_ = false;
}

void HeapScan::SetBlockRange(BlockNumber start, BlockNumber count) {
  range_start_ = start;
  range_count_ = count;
  Rescan();
}

bool HeapScan::Next(HeapTuple* out) {
  for (;;) {
    if (next_index_ < visible_.size()) {
      const VisibleItem& item = visible_[next_index_++];
      out->data = reinterpret_cast<HeapTupleHeaderData*>(const_cast<char*>(page_) + item.off);
      out->len = item.len;
      out->self = ItemPointerData::Make(current_block_, item.offnum);
      out->table_oid = rel_.oid;
      return true;
    }
    BlockNumber next = started_ ? current_block_ + 1 : start_block_;
    if (next >= end_block_) {
      // Stay at the end: later calls return false too.
      pin_.Reset();
      page_ = nullptr;
      visible_.clear();
      next_index_ = 0;
      started_ = true;
      current_block_ = end_block_;
      return false;
    }
    started_ = true;
    LoadPage(next);
  }
}

ItemPointerData HeapScan::RootTid(const HeapTuple& tuple) const {
  HYRAX_CHECK(want_root_tids_ && tuple.self.block() == current_block_, "no root map for tuple");
  if (!HeapTupleHeaderIsHeapOnly(tuple.data)) return tuple.self;
  const OffsetNumber offnum = tuple.self.offset();
  if (offnum >= roots_.size() || roots_[offnum] == kInvalidOffsetNumber) return ItemPointerData();
  return ItemPointerData::Make(current_block_, roots_[offnum]);
}

bool HeapScan::LoadPage(BlockNumber block) {
  CheckForInterrupts();
  current_block_ = block;
  visible_.clear();
  next_index_ = 0;
  pin_ = BufferManager::Read(rel_.locator, ForkNumber::kMain, block);
  HeapPagePruneOpt(rel_, pin_);
  BufferLock lock(pin_, BufferLockMode::kShare);
  Page page = lock.page();
  page_ = page;
  if (PageIsNew(page)) return false;  // extended but never used before a crash
  if (want_root_tids_) HeapGetRootTuples(page, block, &roots_);
  // A page VACUUM marked all-visible needs no per-tuple checks by MVCC snapshots.
  bool all_visible = (GetPageHeader(page)->pd_flags & kPdAllVisible) != 0 &&
                     snapshot_->kind == SnapshotKind::kMvcc;
  OffsetNumber max_offset = PageGetMaxOffsetNumber(page);
  for (OffsetNumber offnum = kFirstOffsetNumber; offnum <= max_offset; ++offnum) {
    const ItemIdData* item = PageGetItemId(page, offnum);
    if (item->lp_flags != kLpNormal) continue;
    auto* tuple = reinterpret_cast<HeapTupleHeaderData*>(PageGetItem(page, item));
    if (all_visible || HeapTupleSatisfiesVisibility(tuple, *snapshot_, &lock)) {
      visible_.push_back(VisibleItem{offnum, static_cast<uint16_t>(item->lp_off),
                                     static_cast<uint16_t>(item->lp_len)});
    }
  }
  return !visible_.empty();
}

}  // namespace hyrax::storage
