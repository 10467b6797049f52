// Btree WAL records (RmgrId::kBtree; info codes are PostgreSQL's XLOG_BTREE_* values) and
// the page-building steps that both the normal path and redo run, so a replayed page is
// byte-for-byte what the original change produced. README "WAL records".
#pragma once

#include <cstdint>
#include <string>

#include "common/ids.h"
#include "storage/page/page.h"

namespace hyrax::wal {
class DecodedRecord;
}  // namespace hyrax::wal

namespace hyrax::storage::btree {

// Block 0 = the page (data: the tuple); main data XlBtreeInsert.
inline constexpr uint8_t kXlogBtreeInsertLeaf = 0x00;
// As InsertLeaf on an internal page; block 1 = the child whose INCOMPLETE_SPLIT is cleared.
inline constexpr uint8_t kXlogBtreeInsertUpper = 0x10;
// Page split, new item on the left (L) or right (R) half. Main data XlBtreeSplit.
// Block 0 = original/left page (data: the new item if it went left, then the left high
// key); block 1 = new right page, will-init (data: all its items in order, high key
// first); block 2 = the old right sibling (its left-link changes), if any; block 3 = the
// child whose INCOMPLETE_SPLIT is cleared, for internal pages.
inline constexpr uint8_t kXlogBtreeSplitL = 0x30;
inline constexpr uint8_t kXlogBtreeSplitR = 0x40;
// New root. Main data XlBtreeNewRoot. Block 0 = the root, will-init (data: its items);
// block 1 = the left child whose INCOMPLETE_SPLIT is cleared (absent for the first, leaf
// root); block 2 = the metapage, will-init (data: XlBtreeMetadata).
inline constexpr uint8_t kXlogBtreeNewRoot = 0xA0;
// Leaf entries removed by VACUUM. Main data XlBtreeVacuum; block 0 data: the removed
// offsets, ascending.
inline constexpr uint8_t kXlogBtreeVacuum = 0xC0;
// Leaf entries with LP_DEAD hints removed by an insert that found the page full (simple
// deletion, PostgreSQL's XLOG_BTREE_DELETE). Same layout as kXlogBtreeVacuum.
inline constexpr uint8_t kXlogBtreeDelete = 0xD0;

struct XlBtreeInsert {
  OffsetNumber offnum;
};

struct XlBtreeSplit {
  uint32_t level;
  // Offset on the original page of the first item that went right (the new item's offset
  // when the new item itself is first on the right).
  OffsetNumber firstrightoff;
  OffsetNumber newitemoff;  // where the new item belongs on the original page
};

struct XlBtreeNewRoot {
  BlockNumber rootblk;
  uint32_t level;
};

struct XlBtreeMetadata {
  uint32_t version;
  BlockNumber root;
  uint32_t level;
  BlockNumber fastroot;
  uint32_t fastlevel;
};

struct XlBtreeVacuum {
  uint16_t ndeleted;
};

// Where the new item goes in a split, in terms of the original page.
struct SplitLayout {
  OffsetNumber firstrightoff;
  OffsetNumber newitemoff;
  bool newitem_on_left;
};

// Writes the left half of a split of `orig` into `out` (a zeroed 8 KB buffer): the same
// level and sibling on the left, `right_block` on the right, INCOMPLETE_SPLIT set, ROOT
// cleared, `high_key` as item 1, then the items that stay left (and the new item when it
// goes left). Throws XX000 when an item does not fit (a corrupt record or page).
void BuildSplitLeftPage(const char* orig, char* out, BlockNumber right_block,
                        const SplitLayout& layout, const char* newitem, size_t newitem_size,
                        const char* high_key, size_t high_key_size);

// Formats `page` as the right half of a split and adds `items` (tuples back to back, each
// MAXALIGNed, high key first when the page is not rightmost).
void BuildSplitRightPage(char* page, uint32_t level, BlockNumber left_block,
                         BlockNumber right_sibling, const char* items, size_t items_len);

// Adds tuples stored back to back (each size in its t_info) to `page` in order.
// Throws XX000 when one does not fit.
void AddItemsInOrder(char* page, const char* items, size_t items_len);

// One-line description of a btree record (the rmgr's describe routine).
std::string DescribeBtreeRecord(const wal::DecodedRecord& record);

// Removes items at `offsets` (ascending) from a leaf page, highest first.
void DeleteItems(char* page, const OffsetNumber* offsets, size_t count);

}  // namespace hyrax::storage::btree
