// Index scans (PostgreSQL's nbtsearch.c _bt_first, _bt_next, _bt_readpage, _bt_steppage,
// _bt_walk_left). Page at a time: the matching entries of one leaf are copied out under
// a share lock, then the page is released entirely; moving on uses the sibling links
// saved at that moment. README "Scans".
#include "storage/btree/btree_scan.h"

#include <algorithm>
#include <cstring>

#include "common/assert.h"
#include "common/error.h"
#include "common/interrupts.h"
#include "common/page_layout.h"
#include "storage/btree/btree_scan_keys.h"
#include "storage/btree/btree_search.h"

namespace hyrax::storage {

using btree::BtPage;

struct BtreeScan::Keys {
  btree::ScanKeySet set;
};

// The entries copied from the current leaf page (PostgreSQL's BTScanPosData).
struct BtreeScan::Position {
  struct Item {
    ItemPointerData heap_tid;
    OffsetNumber index_offset;  // on the page when it was read (for LP_DEAD hints)
    size_t tuple_offset;        // into `tuples` (want_index_tuple only)
  };
  bool valid = false;
  BlockNumber curr_page = btree::kNoBlock;
  Lsn lsn = 0;              // the page's LSN when it was read
  std::vector<int> killed;  // indexes into `items` to mark LP_DEAD (MarkCurrentDead)
  BlockNumber next_page = btree::kNoBlock;  // right-link when the page was read
  BlockNumber prev_page = btree::kNoBlock;  // left-link when the page was read
  bool more_left = false;
  bool more_right = false;
  std::vector<Item> items;  // ascending index order
  int item_index = 0;
  std::vector<uint64_t> tuples;  // copies of the entries, MAXALIGNed back to back
  bool tuples_saved = false;     // want_index_tuple was on when the page was read
};

BtreeScan::BtreeScan(const IndexRelationInfo& index)
    : index_(index),
      keys_(std::make_unique<Keys>()),
      pos_(std::make_unique<Position>()),
      mark_(std::make_unique<Position>()) {}

BtreeScan::~BtreeScan() = default;

void BtreeScan::Rescan(std::vector<IndexScanKey> keys) {
  btree::PreprocessScanKeys(index_, std::move(keys), &keys_->set);
  Rescan();
}

void BtreeScan::Rescan() {
  KillItems();
  *pos_ = Position();
  *mark_ = Position();
}

bool BtreeScan::Next(ScanDirection direction, ItemPointerData* heap_tid) {
  const bool found = pos_->valid ? Step(direction) : First(direction);
  if (!found) {
    pos_->valid = false;
    return false;
  }
  *heap_tid = pos_->items[pos_->item_index].heap_tid;
  return true;
}

void BtreeScan::GetIndexTuple(Datum* values, bool* isnull) const {
  HYRAX_CHECK(pos_->valid && pos_->tuples_saved, "no index tuple to return");
  const char* base = reinterpret_cast<const char*>(pos_->tuples.data());
  btree::DeformIndexTuple(index_, base + pos_->items[pos_->item_index].tuple_offset, values,
                          isnull);
}

void BtreeScan::MarkPosition() {
  *mark_ = *pos_;
}

void BtreeScan::RestorePosition() {
  KillItems();
  *pos_ = *mark_;
  pos_->killed.clear();  // already applied (or dropped) when the mark's page was left
}

void BtreeScan::MarkCurrentDead() {
  HYRAX_CHECK(pos_->valid, "no current index entry to mark dead");
  pos_->killed.push_back(pos_->item_index);
}

void BtreeScan::ApplyKilledItems() {
  KillItems();
}

void BtreeScan::KillItems() {
  if (pos_->killed.empty()) return;
  std::vector<int> killed = std::move(pos_->killed);
  pos_->killed.clear();
  BtPage page = BtPage::Read(index_, pos_->curr_page, BufferLockMode::kShare);
  // Without a pin held since the read, VACUUM may have removed an entry and a new one with
  // the same heap TID may sit in its place: any logged change moves the LSN, so an
  // unchanged LSN means the offsets still hold what we saw (hints do not move it).
  if (page_layout::GetLsn(page.page()) != pos_->lsn) return;
  char* p = page.page();
  const OffsetNumber maxoff = PageGetMaxOffsetNumber(p);
  bool marked = false;
  for (int item_index : killed) {
    const Position::Item& item = pos_->items[item_index];
    if (item.index_offset > maxoff) continue;
    ItemIdData* item_id = PageGetItemId(p, item.index_offset);
    if (item_id->lp_flags != kLpNormal) continue;
    if (*btree::TupleHeapTid(PageGetItem(p, item_id)) != item.heap_tid) continue;
    item_id->lp_flags = kLpDead;
    marked = true;
  }
  if (!marked) return;
  page.opaque()->btpo_flags |= btree::kBtpHasGarbage;
  page.MarkDirtyHint();
}

bool BtreeScan::First(ScanDirection direction) {
  KillItems();
  *pos_ = Position();
  if (!keys_->set.qual_ok) return false;
  CheckForInterrupts();
  btree::BtScanInsert key;
  bool goback = false;
  BtPage leaf;
  OffsetNumber offnum;
  if (btree::BuildStartKey(index_, keys_->set, direction, &key, &goback)) {
    leaf = btree::SearchLeaf(index_, key, BufferLockMode::kShare, nullptr);
    if (!leaf.valid()) return false;
    offnum = btree::BinarySearch(index_, key, leaf.page());
    if (goback) --offnum;
  } else {
    leaf = btree::GetEndpoint(index_, 0, direction == ScanDirection::kBackward);
    if (!leaf.valid()) return false;
    offnum = direction == ScanDirection::kForward ? btree::FirstDataOffset(leaf.opaque())
                                                  : PageGetMaxOffsetNumber(leaf.page());
  }
  pos_->valid = true;
  const bool found = ReadPage(leaf.page(), leaf.block(), offnum, direction);
  leaf.Release();
  if (found) return true;
  return ReadNextPage(direction);
}

bool BtreeScan::Step(ScanDirection direction) {
  if (direction == ScanDirection::kForward) {
    if (pos_->item_index + 1 < static_cast<int>(pos_->items.size())) {
      ++pos_->item_index;
      return true;
    }
  } else if (pos_->item_index - 1 >= 0 && !pos_->items.empty()) {
    --pos_->item_index;
    return true;
  }
  return ReadNextPage(direction);
}

bool BtreeScan::ReadPage(const char* page, BlockNumber block, OffsetNumber offnum,
                         ScanDirection direction) {
  using namespace btree;
  ++pages_read_;
  const BtPageOpaqueData* opaque = Opaque(page);
  pos_->curr_page = block;
  pos_->lsn = page_layout::GetLsn(page);
  pos_->next_page = opaque->btpo_next;
  pos_->prev_page = opaque->btpo_prev;
  pos_->items.clear();
  pos_->tuples.clear();
  pos_->tuples_saved = want_index_tuple_;
  const OffsetNumber minoff = FirstDataOffset(opaque);
  const OffsetNumber maxoff = PageGetMaxOffsetNumber(page);
  bool continuescan = true;
  // Entries known dead are skipped, but still tested against the keys: they may end the scan.
  auto save = [&](OffsetNumber off) {
    if (PageGetItemId(page, off)->lp_flags == kLpDead) return;
    const char* tuple = ItemAt(page, off);
    Position::Item item{*TupleHeapTid(tuple), off, 0};
    if (want_index_tuple_) {
      const size_t size = IndexTupleSize(tuple);
      item.tuple_offset = pos_->tuples.size() * sizeof(uint64_t);
      pos_->tuples.resize(pos_->tuples.size() + (size + 7) / 8);
      std::memcpy(reinterpret_cast<char*>(pos_->tuples.data()) + item.tuple_offset, tuple, size);
    }
    pos_->items.push_back(item);
  };
  if (direction == ScanDirection::kForward) {
    for (OffsetNumber off = std::max(offnum, minoff); off <= maxoff && continuescan; ++off) {
      if (CheckScanKeys(index_, keys_->set, ItemAt(page, off), direction, &continuescan)) {
        save(off);
      }
    }
    // The high key bounds everything to the right: if it already fails a required key,
    // don't bother visiting the next page.
    if (continuescan && !IsRightmost(opaque)) {
      CheckScanKeys(index_, keys_->set, ItemAt(page, kHighKeyOffset), direction, &continuescan);
    }
    pos_->more_right = continuescan && !IsRightmost(opaque);
    pos_->more_left = true;
    pos_->item_index = 0;
  } else {
    for (int off = std::min<int>(offnum, maxoff); off >= minoff && continuescan; --off) {
      const OffsetNumber o = static_cast<OffsetNumber>(off);
      if (CheckScanKeys(index_, keys_->set, ItemAt(page, o), direction, &continuescan)) save(o);
    }
    std::reverse(pos_->items.begin(), pos_->items.end());
    pos_->more_left = continuescan && !IsLeftmost(opaque);
    pos_->more_right = true;
    pos_->item_index = static_cast<int>(pos_->items.size()) - 1;
  }
  return !pos_->items.empty();
}

bool BtreeScan::ReadNextPage(ScanDirection direction) {
  KillItems();
  if (direction == ScanDirection::kBackward) return ReadLeftPage();
  for (;;) {
    if (!pos_->more_right || pos_->next_page == btree::kNoBlock) return false;
    CheckForInterrupts();
    const BlockNumber block = pos_->next_page;
    BtPage page = BtPage::Read(index_, block, BufferLockMode::kShare);
    if (ReadPage(page.page(), block, btree::FirstDataOffset(page.opaque()),
                 ScanDirection::kForward)) {
      return true;
    }
  }
}

bool BtreeScan::ReadLeftPage() {
  using namespace btree;
  for (;;) {
    if (!pos_->more_left || pos_->prev_page == kNoBlock) return false;
    CheckForInterrupts();
    // The page that was left of ours may have split since: move right from it until the
    // page whose right-link is ours (PostgreSQL's _bt_walk_left).
    const BlockNumber orig = pos_->curr_page;
    BlockNumber block = pos_->prev_page;
    BtPage page;
    for (;;) {
      page = BtPage::Read(index_, block, BufferLockMode::kShare);
      if (page.opaque()->btpo_next == orig) break;
      if (IsRightmost(page.opaque())) {
        throw MakeError(errcode::kInternalError,
                        "could not find left sibling of block {} in index \"{}\"", orig,
                        index_.name);
      }
      block = page.opaque()->btpo_next;
    }
    if (ReadPage(page.page(), block, PageGetMaxOffsetNumber(page.page()),
                 ScanDirection::kBackward)) {
      return true;
    }
  }
}

}  // namespace hyrax::storage
