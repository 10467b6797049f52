// Page splits (PostgreSQL's _bt_split and a simplified _bt_findsplitloc): choose where to
// cut, build both halves outside the critical section, then install them, fix the right
// sibling's left-link and WAL-log it all in one record. README "Page splits".
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/interrupts.h"
#include "storage/btree/btree_wal.h"
#include "storage/btree/btree_write.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage::btree {

namespace {

struct SplitItem {
  const char* data;
  size_t size;
};

// Items of the page in order with the new item inserted at its place.
std::vector<SplitItem> VirtualItems(const char* page, const IndexTupleBuf& newitem,
                                    OffsetNumber newitemoff) {
  std::vector<SplitItem> items;
  const OffsetNumber maxoff = PageGetMaxOffsetNumber(page);
  for (OffsetNumber off = FirstDataOffset(Opaque(page)); off <= maxoff; ++off) {
    if (off == newitemoff) items.push_back({newitem.data(), newitem.size()});
    items.push_back({ItemAt(page, off), ItemSizeAt(page, off)});
  }
  if (newitemoff > maxoff) items.push_back({newitem.data(), newitem.size()});
  return items;
}

// Index into `items` of the first item to go right. Like _bt_findsplitloc's default
// strategy: among the cuts where both halves fit, the one that best matches the fill
// target (fillfactor on the rightmost page, where ascending insertions land; even
// otherwise).
size_t ChooseSplit(const IndexRelationInfo& index, const std::vector<SplitItem>& items,
                   bool is_leaf, bool is_rightmost, size_t orig_high_key_size) {
  const size_t n = items.size();
  std::vector<size_t> prefix(n + 1, 0);
  for (size_t idx = 0; idx < n; ++idx) {
    prefix[idx + 1] = prefix[idx] + MaxAlign(items[idx].size) + sizeof(ItemIdData);
  }
  double mult = 0.5;
  if (is_rightmost) mult = (is_leaf ? index.fillfactor : kNonLeafFillfactor) / 100.0;
  const double usable = static_cast<double>(kPageUsableSpace);
  size_t best = 0;
  double best_delta = 0;
  for (size_t split = 1; split < n; ++split) {
    // Upper bound of the new high key: a leaf tuple's key attributes plus a heap TID.
    const size_t high_key =
        (is_leaf ? MaxAlign(items[split].size) + MaxAlign(sizeof(ItemPointerData))
                 : items[split].size) +
        sizeof(ItemIdData);
    const double left_used = static_cast<double>(prefix[split] + high_key);
    double right_used = static_cast<double>(prefix[n] - prefix[split]);
    if (orig_high_key_size > 0)
      right_used += static_cast<double>(orig_high_key_size + sizeof(ItemIdData));
    // On internal pages the first item on the right keeps only its downlink.
    if (!is_leaf) right_used -= static_cast<double>(items[split].size - sizeof(IndexTupleData));
    if (left_used > usable || right_used > usable) continue;
    const double delta =
        std::fabs(mult * (usable - left_used) - (1.0 - mult) * (usable - right_used));
    if (best == 0 || delta < best_delta) {
      best = split;
      best_delta = delta;
    }
  }
  if (best == 0) {
    throw MakeError(errcode::kInternalError,
                    "could not find a feasible split point for index \"{}\"", index.name);
  }
  return best;
}

void AppendTuple(std::string* out, const char* data, size_t size) {
  out->append(data, size);
}

wal::BlockRef RefOf(const IndexRelationInfo& index, BlockNumber block) {
  return wal::BlockRef{index.locator, ForkNumber::kMain, block};
}

// Everything about a split that can be decided before touching shared pages.
struct SplitPlan {
  SplitLayout layout;
  uint32_t level;
  IndexTupleBuf high_key;   // the left half's new high key
  std::string right_items;  // the right half's items, high key first when it has one
};

SplitPlan PlanSplit(const IndexRelationInfo& index, const char* opage, const IndexTupleBuf& newitem,
                    OffsetNumber newitemoff) {
  const BtPageOpaqueData* oopaque = Opaque(opage);
  const bool is_leaf = IsLeaf(oopaque);
  const bool is_rightmost = IsRightmost(oopaque);
  const size_t orig_high_key_size = is_rightmost ? 0 : ItemSizeAt(opage, kHighKeyOffset);
  const std::vector<SplitItem> items = VirtualItems(opage, newitem, newitemoff);
  const size_t split = ChooseSplit(index, items, is_leaf, is_rightmost, orig_high_key_size);
  const OffsetNumber firstdata = FirstDataOffset(oopaque);
  SplitPlan plan;
  plan.level = oopaque->btpo_level;
  plan.layout.newitemoff = newitemoff;
  plan.layout.newitem_on_left = split > static_cast<size_t>(newitemoff - firstdata);
  plan.layout.firstrightoff =
      static_cast<OffsetNumber>(firstdata + (plan.layout.newitem_on_left ? split - 1 : split));
  plan.high_key = is_leaf ? TruncateForHighKey(index, items[split - 1].data, items[split].data)
                          : CopyAsPivot(index, items[split].data, kNoBlock);
  if (!is_rightmost) {
    AppendTuple(&plan.right_items, ItemAt(opage, kHighKeyOffset), orig_high_key_size);
  }
  for (size_t idx = split; idx < items.size(); ++idx) {
    if (!is_leaf && idx == split) {
      // On internal pages the first item on the right keeps only its downlink.
      const IndexTupleBuf minus_infinity = MinusInfinityPivot(Downlink(items[idx].data));
      AppendTuple(&plan.right_items, minus_infinity.data(), minus_infinity.size());
    } else {
      AppendTuple(&plan.right_items, items[idx].data, items[idx].size);
    }
  }
  return plan;
}

// Locks the old right sibling, checking that it links back to `orig`.
BtPage LockRightSibling(const IndexRelationInfo& index, const BtPage& orig) {
  const BlockNumber next = orig.opaque()->btpo_next;
  BtPage sibling = BtPage::Read(index, next, BufferLockMode::kExclusive);
  if (sibling.opaque()->btpo_prev != orig.block()) {
    throw MakeError(errcode::kIndexCorrupted,
                    "right sibling's left-link doesn't match: block {} links to {} instead of "
                    "expected {} in index \"{}\"",
                    next, sibling.opaque()->btpo_prev, orig.block(), index.name);
  }
  return sibling;
}

// Installs prepared images and logs the split. Nothing in here may fail.
void InstallSplit(const IndexRelationInfo& index, const SplitPlan& plan,
                  const IndexTupleBuf& newitem, const char* left_image, const char* right_image,
                  BtPage* orig, BtPage* right, BtPage* sibling, BtPage* child) {
  CriticalSection critical;
  std::memcpy(orig->page(), left_image, kBlockSize);
  std::memcpy(right->page(), right_image, kBlockSize);
  if (sibling->valid()) sibling->opaque()->btpo_prev = right->block();
  if (child->valid()) child->opaque()->btpo_flags &= static_cast<uint16_t>(~kBtpIncompleteSplit);
  BtPage* const pages[] = {orig, right, sibling, child};
  for (BtPage* page : pages) {
    if (page->valid()) page->MarkDirty();
  }
  const XlBtreeSplit xlrec{plan.level, plan.layout.firstrightoff, plan.layout.newitemoff};
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&xlrec, sizeof(xlrec));
  wal::XLogRegisterBlock(0, RefOf(index, orig->block()), orig->page(), wal::kRegbufStandard);
  if (plan.layout.newitem_on_left) wal::XLogRegisterBlockData(0, newitem.data(), newitem.size());
  wal::XLogRegisterBlockData(0, plan.high_key.data(), plan.high_key.size());
  wal::XLogRegisterBlock(1, RefOf(index, right->block()), right->page(), wal::kRegbufWillInit);
  wal::XLogRegisterBlockData(1, plan.right_items.data(), plan.right_items.size());
  if (sibling->valid()) {
    wal::XLogRegisterBlock(2, RefOf(index, sibling->block()), sibling->page(),
                           wal::kRegbufStandard);
  }
  if (child->valid()) {
    wal::XLogRegisterBlock(3, RefOf(index, child->block()), child->page(), wal::kRegbufStandard);
  }
  const Lsn lsn = wal::XLogInsert(
      wal::RmgrId::kBtree, plan.layout.newitem_on_left ? kXlogBtreeSplitL : kXlogBtreeSplitR);
  for (BtPage* page : pages) {
    if (page->valid()) page_layout::SetLsn(page->page(), lsn);
  }
}

}  // namespace

BtPage SplitPage(const IndexRelationInfo& index, BtPage* orig, const IndexTupleBuf& newitem,
                 OffsetNumber newitemoff, BtPage child) {
  const SplitPlan plan = PlanSplit(index, orig->page(), newitem, newitemoff);
  // Lock order: the child (already held), this page, the new page, the old right sibling.
  BtPage right = BtPage::Extend(index);
  BtPage sibling;
  if (!IsRightmost(orig->opaque())) sibling = LockRightSibling(index, *orig);

  // Both halves are built in private memory first, so nothing can fail once we start
  // changing shared pages.
  std::vector<uint64_t> left_buf(kBlockSize / sizeof(uint64_t), 0);
  std::vector<uint64_t> right_buf(kBlockSize / sizeof(uint64_t), 0);
  char* left_image = reinterpret_cast<char*>(left_buf.data());
  char* right_image = reinterpret_cast<char*>(right_buf.data());
  BuildSplitLeftPage(orig->page(), left_image, right.block(), plan.layout, newitem.data(),
                     newitem.size(), plan.high_key.data(), plan.high_key.size());
  // XLogInsert decides on a full-page image from the LSN: keep the original's.
  page_layout::SetLsn(left_image, page_layout::GetLsn(orig->page()));
  BuildSplitRightPage(right_image, plan.level, orig->block(), orig->opaque()->btpo_next,
                      plan.right_items.data(), plan.right_items.size());
  InstallSplit(index, plan, newitem, left_image, right_image, orig, &right, &sibling, &child);
  return right;
}

}  // namespace hyrax::storage::btree
