// The write path's internal steps, shared by insert, split and parent insertion
// (PostgreSQL's nbtinsert.c): placing a tuple on a locked page, splitting, inserting the
// downlink into the parent, creating a new root and finishing incomplete splits.
// README "Insertion", "Page splits" and "Incomplete splits".
#pragma once

#include "storage/btree/btree_search.h"
#include "storage/btree/btree_tuple.h"

namespace hyrax::storage::btree {

// Places `tuple` at `offnum` on the exclusively locked `page`; when it does not fit,
// splits the page and inserts the new downlink into the parent. `child` (internal pages
// only; may be invalid) is the exclusively locked left half of the split whose downlink
// `tuple` is: its INCOMPLETE_SPLIT flag is cleared atomically with the insertion.
// `stack` holds page's parents. Releases `page` and `child`.
void InsertOnPage(const IndexRelationInfo& index, BtPage page, const BtStack& stack,
                  const IndexTupleBuf& tuple, OffsetNumber offnum, BtPage child);

// Splits the exclusively locked, full page `orig` while adding `newitem` at `newitemoff`
// (one WAL record: left half in place with INCOMPLETE_SPLIT set, new right half, the old
// right sibling's left-link, and `child`'s INCOMPLETE_SPLIT cleared when valid). Returns
// the new right page, exclusively locked; `orig` stays locked; `child` is released.
BtPage SplitPage(const IndexRelationInfo& index, BtPage* orig, const IndexTupleBuf& newitem,
                 OffsetNumber newitemoff, BtPage child);

// After `left` (INCOMPLETE_SPLIT set) split into left and `right` (both exclusively
// locked): makes a new root if `left` was the root, else inserts right's downlink into the
// parent found through `stack` (or from the level's leftmost page when the stack is empty
// because the root split meanwhile). Releases both.
void InsertParent(const IndexRelationInfo& index, BtPage left, BtPage right, const BtStack& stack,
                  bool is_root);

// Completes the split of `left` (exclusively locked, INCOMPLETE_SPLIT set), interrupted by
// an error or crash between the split and the downlink insertion (PostgreSQL's
// _bt_finish_split). `stack` holds left's parents (may be empty). Releases `left`.
void FinishSplit(const IndexRelationInfo& index, BtPage left, const BtStack& stack);

// Creates a leaf root for an empty index and points the metapage at it (WAL-logged as a
// new root of level 0). Returns the root, also when another backend created it first.
BlockNumber CreateFirstRoot(const IndexRelationInfo& index);

// Makes a new root above `left` (the old root, INCOMPLETE_SPLIT set) and `right`, clears
// left's flag and updates the metapage, in one WAL record (PostgreSQL's _bt_newroot).
// Releases both.
void MakeNewRoot(const IndexRelationInfo& index, BtPage left, BtPage right);

// Test-only: called after a split is WAL-logged and before the parent is updated, with
// every buffer lock still held. Lets crash tests stop there. nullptr in production.
extern void (*g_after_split_hook_for_testing)();

}  // namespace hyrax::storage::btree
