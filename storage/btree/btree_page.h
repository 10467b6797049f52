// Btree page layout (PostgreSQL's nbtree.h): the metapage in block 0 and the special area
// (BTPageOpaqueData) every btree page carries: sibling links, level, flags, vacuum cycle
// id. Item 1 of a page that is not rightmost is its high key. Functions here never lock or
// do I/O. README "Page format".
#pragma once

#include <cstdint>

#include "common/ids.h"
#include "storage/heap/heap_tuple.h"
#include "storage/page/page.h"

namespace hyrax::storage::btree {

inline constexpr uint32_t kBtreeMagic = 0x053162;
inline constexpr uint32_t kBtreeVersion = 4;  // heapkeyspace (PostgreSQL 12+)
inline constexpr BlockNumber kMetaBlock = 0;
// "No page" in sibling links and the metapage root (PostgreSQL's P_NONE): block 0 is the
// metapage, so it can never be a sibling or the root.
inline constexpr BlockNumber kNoBlock = 0;

// Fill targets (PostgreSQL's BTREE_DEFAULT_FILLFACTOR, BTREE_NONLEAF_FILLFACTOR).
inline constexpr int kDefaultFillfactor = 90;
inline constexpr int kNonLeafFillfactor = 70;

struct BtMetaPageData {
  uint32_t btm_magic;
  uint32_t btm_version;
  BlockNumber btm_root;      // kNoBlock while the index is empty
  uint32_t btm_level;        // level of the root (0 = the root is a leaf)
  BlockNumber btm_fastroot;  // always equal to the root here (no page deletion)
  uint32_t btm_fastlevel;
  uint32_t btm_last_cleanup_num_delpages;
  double btm_last_cleanup_num_heap_tuples;
  bool btm_allequalimage;  // false: no deduplication
};

// Special area of every btree page (16 bytes, PostgreSQL's BTPageOpaqueData).
struct BtPageOpaqueData {
  BlockNumber btpo_prev;  // left sibling, or kNoBlock when leftmost
  BlockNumber btpo_next;  // right sibling, or kNoBlock when rightmost
  uint32_t btpo_level;    // 0 for leaves
  uint16_t btpo_flags;
  uint16_t btpo_cycleid;  // vacuum cycle id of the latest split (always 0 here)
};
static_assert(sizeof(BtPageOpaqueData) == 16);

// btpo_flags (PostgreSQL's values).
inline constexpr uint16_t kBtpLeaf = 1 << 0;
inline constexpr uint16_t kBtpRoot = 1 << 1;
inline constexpr uint16_t kBtpDeleted = 1 << 2;
inline constexpr uint16_t kBtpMeta = 1 << 3;
inline constexpr uint16_t kBtpHalfDead = 1 << 4;
inline constexpr uint16_t kBtpSplitEnd = 1 << 5;
inline constexpr uint16_t kBtpHasGarbage = 1 << 6;
inline constexpr uint16_t kBtpIncompleteSplit = 1 << 7;

// Item numbers: the high key, when present, is item 1 (P_HIKEY).
inline constexpr OffsetNumber kHighKeyOffset = 1;

inline BtPageOpaqueData* Opaque(Page page) {
  return reinterpret_cast<BtPageOpaqueData*>(page + GetPageHeader(page)->pd_special);
}
inline const BtPageOpaqueData* Opaque(const char* page) {
  return reinterpret_cast<const BtPageOpaqueData*>(page + GetPageHeader(page)->pd_special);
}
inline bool IsLeaf(const BtPageOpaqueData* o) {
  return (o->btpo_flags & kBtpLeaf) != 0;
}
inline bool IsRoot(const BtPageOpaqueData* o) {
  return (o->btpo_flags & kBtpRoot) != 0;
}
inline bool IsRightmost(const BtPageOpaqueData* o) {
  return o->btpo_next == kNoBlock;
}
inline bool IsLeftmost(const BtPageOpaqueData* o) {
  return o->btpo_prev == kNoBlock;
}
inline bool IsIncompleteSplit(const BtPageOpaqueData* o) {
  return (o->btpo_flags & kBtpIncompleteSplit) != 0;
}
// First item that is not the high key (PostgreSQL's P_FIRSTDATAKEY).
inline OffsetNumber FirstDataOffset(const BtPageOpaqueData* o) {
  return IsRightmost(o) ? kHighKeyOffset : static_cast<OffsetNumber>(kHighKeyOffset + 1);
}

// Formats an empty btree page (header + special area).
void InitBtreePage(Page page, uint32_t level, uint16_t flags, BlockNumber prev, BlockNumber next);
// Formats the metapage. pd_lower is set past the metadata so full-page images cut the rest.
void InitMetaPage(Page page, BlockNumber root, uint32_t level);
BtMetaPageData* MetaData(Page page);
const BtMetaPageData* MetaData(const char* page);

// Bytes a page of this layout can hold in items and line pointers.
inline constexpr size_t kPageUsableSpace =
    kBlockSize - page_layout::kHeaderSize - sizeof(BtPageOpaqueData);

// Largest index tuple (PostgreSQL's BTMaxItemSize): three items plus a heap TID per page.
inline constexpr size_t kMaxItemSize =
    ((kBlockSize - MaxAlign(page_layout::kHeaderSize + 3 * sizeof(ItemIdData)) -
      MaxAlign(sizeof(BtPageOpaqueData))) /
         3 &
     ~(kMaxAlign - 1)) -
    MaxAlign(sizeof(ItemPointerData));
static_assert(kMaxItemSize == 2704);

// Item bytes and size at `offnum`.
inline const char* ItemAt(const char* page, OffsetNumber offnum) {
  return PageGetItem(page, PageGetItemId(page, offnum));
}
inline size_t ItemSizeAt(const char* page, OffsetNumber offnum) {
  return PageGetItemId(page, offnum)->lp_len;
}

}  // namespace hyrax::storage::btree
