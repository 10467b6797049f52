// Second half of a split: inserting the new right page's downlink into the parent
// (PostgreSQL's _bt_insert_parent and _bt_getstackbuf), and finishing splits that were
// interrupted before that happened (_bt_finish_split). README "Incomplete splits".
#include "common/error.h"
#include "storage/btree/btree_write.h"

namespace hyrax::storage::btree {

namespace {

// Finds `child`'s downlink in its parent level, starting from the stack entry `entry`
// and moving right when the parent split meanwhile. Returns the parent exclusively locked
// and the downlink's offset in *offnum. `grand_stack` holds the parent's own parents (for
// finishing the parent's incomplete split first, as an insertion into it may split it).
BtPage GetStackBuf(const IndexRelationInfo& index, BtStackEntry entry, BlockNumber child,
                   const BtStack& grand_stack, OffsetNumber* offnum) {
  BlockNumber block = entry.block;
  OffsetNumber start = entry.offset;
  for (;;) {
    BtPage page = BtPage::Read(index, block, BufferLockMode::kExclusive);
    if (IsIncompleteSplit(page.opaque())) {
      FinishSplit(index, std::move(page), grand_stack);
      continue;
    }
    const char* p = page.page();
    const OffsetNumber minoff = FirstDataOffset(page.opaque());
    const OffsetNumber maxoff = PageGetMaxOffsetNumber(p);
    if (start < minoff) start = minoff;
    if (start > maxoff) start = static_cast<OffsetNumber>(maxoff + 1);
    // The item is usually where we left it or a little to the right (insertions left of
    // it); look there first, then to the left.
    for (OffsetNumber off = start; off <= maxoff; ++off) {
      if (Downlink(ItemAt(p, off)) == child) {
        *offnum = off;
        return page;
      }
    }
    for (OffsetNumber off = start; off > minoff;) {
      --off;
      if (Downlink(ItemAt(p, off)) == child) {
        *offnum = off;
        return page;
      }
    }
    if (IsRightmost(page.opaque())) {
      throw MakeError(errcode::kInternalError,
                      "failed to re-find parent key in index \"{}\" for split pages {}/{}",
                      index.name, child, entry.block);
    }
    block = page.opaque()->btpo_next;
    start = kFirstOffsetNumber;
  }
}

}  // namespace

void InsertParent(const IndexRelationInfo& index, BtPage left, BtPage right, const BtStack& stack,
                  bool is_root) {
  if (is_root) {
    MakeNewRoot(index, std::move(left), std::move(right));
    return;
  }
  // The downlink: left's new high key, pointing at the right page.
  const IndexTupleBuf downlink =
      CopyAsPivot(index, ItemAt(left.page(), kHighKeyOffset), right.block());
  const uint32_t level = left.opaque()->btpo_level;
  right.Release();

  BtStack grand_stack = stack;
  BtStackEntry entry;
  if (grand_stack.empty()) {
    // We descended when `left` was the root; the root has split since. Start from the
    // leftmost page of the parent level and move right (PostgreSQL does the same).
    BtPage first = GetEndpoint(index, level + 1, false);
    entry = BtStackEntry{first.block(), FirstDataOffset(first.opaque())};
    first.Release();
  } else {
    entry = grand_stack.back();
    grand_stack.pop_back();
  }
  OffsetNumber offnum = kInvalidOffsetNumber;
  BtPage parent = GetStackBuf(index, entry, left.block(), grand_stack, &offnum);
  InsertOnPage(index, std::move(parent), grand_stack, downlink,
               static_cast<OffsetNumber>(offnum + 1), std::move(left));
}

void FinishSplit(const IndexRelationInfo& index, BtPage left, const BtStack& stack) {
  BtPage right = BtPage::Read(index, left.opaque()->btpo_next, BufferLockMode::kExclusive);
  if (right.opaque()->btpo_prev != left.block()) {
    throw MakeError(errcode::kIndexCorrupted,
                    "right sibling's left-link doesn't match: block {} links to {} instead of "
                    "expected {} in index \"{}\"",
                    right.block(), right.opaque()->btpo_prev, left.block(), index.name);
  }
  // A root split interrupted before the new root was made: the metapage still names left.
  uint32_t root_level = 0;
  const bool was_root = GetRoot(index, false, &root_level) == left.block();
  InsertParent(index, std::move(left), std::move(right), stack, was_root);
}

}  // namespace hyrax::storage::btree
