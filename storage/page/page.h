// 8 KB slotted pages in PostgreSQL's layout (bufpage.h): a 24-byte header, an array of
// 4-byte line pointers growing down from the header and item bytes growing up from
// pd_special. Used by heap, btree and FSM pages. Functions here never do I/O or locking;
// callers hold the buffer content lock. storage/page/README.md has the format.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/ids.h"
#include "common/page_layout.h"

namespace hyrax::storage {

using Page = char*;

struct PageHeaderData {
  uint64_t pd_lsn;  // LSN of the last WAL record that changed the page
  uint16_t pd_checksum;
  uint16_t pd_flags;
  uint16_t pd_lower;    // offset to start of free space
  uint16_t pd_upper;    // offset to end of free space
  uint16_t pd_special;  // offset to start of special space (index pages)
  uint16_t pd_pagesize_version;
  TransactionId pd_prune_xid;  // oldest unpruned xmax on page, or zero
};
static_assert(sizeof(PageHeaderData) == page_layout::kHeaderSize);

// Line pointer (ItemIdData): lp_off:15, lp_flags:2, lp_len:15.
struct ItemIdData {
  uint32_t lp_off : 15, lp_flags : 2, lp_len : 15;
};
static_assert(sizeof(ItemIdData) == 4);
inline constexpr uint32_t kLpUnused = 0;
inline constexpr uint32_t kLpNormal = 1;
inline constexpr uint32_t kLpRedirect = 2;
inline constexpr uint32_t kLpDead = 3;

// pd_flags bits (PostgreSQL's).
inline constexpr uint16_t kPdHasFreeLines = 0x0001;
inline constexpr uint16_t kPdPageFull = 0x0002;
inline constexpr uint16_t kPdAllVisible = 0x0004;

// Most heap tuples a page can hold: (BLCKSZ - header) / (MAXALIGN(tuple header) + line pointer)
// (PostgreSQL's MaxHeapTuplesPerPage).
inline constexpr OffsetNumber kMaxHeapTuplesPerPage = 291;

inline constexpr size_t kMaxAlign = 8;
inline constexpr size_t MaxAlign(size_t n) {
  return (n + kMaxAlign - 1) & ~(kMaxAlign - 1);
}

inline PageHeaderData* GetPageHeader(Page page) {
  return reinterpret_cast<PageHeaderData*>(page);
}
inline const PageHeaderData* GetPageHeader(const char* page) {
  return reinterpret_cast<const PageHeaderData*>(page);
}

// Formats an empty page with `special_size` bytes of special space.
void PageInit(Page page, size_t special_size);
// True for a never-initialised page (pd_upper == 0, as PostgreSQL; such a page is all
// zeros unless corrupted).
bool PageIsNew(const char* page);
// Number of line pointers.
OffsetNumber PageGetMaxOffsetNumber(const char* page);
ItemIdData* PageGetItemId(Page page, OffsetNumber offnum);
const ItemIdData* PageGetItemId(const char* page, OffsetNumber offnum);
inline char* PageGetItem(Page page, const ItemIdData* item) {
  return page + item->lp_off;
}
inline const char* PageGetItem(const char* page, const ItemIdData* item) {
  return page + item->lp_off;
}
// Free bytes for one new item including its line pointer (0 when none).
size_t PageGetFreeSpace(const char* page);
// Free space usable by heap inserts, considering the line-pointer limit.
size_t PageGetHeapFreeSpace(const char* page);

// Adds an item. With `offnum` = kInvalidOffsetNumber, uses the first unused line pointer
// (if `reuse_unused` and the page has kPdHasFreeLines) or appends one. With a specific
// `offnum` and `overwrite`, places the item there (redo, btree); without `overwrite`, shifts
// later line pointers up (btree). `reuse_unused` is the heap mode (PostgreSQL's PAI_IS_HEAP):
// offsets beyond kMaxHeapTuplesPerPage are refused. Returns the offset used, or
// kInvalidOffsetNumber when the item does not fit (or, with a WARNING logged, when `offnum`
// is past the end or names a used line pointer to overwrite).
// Throws Error XX001 "corrupted page pointers" when the header is insane.
OffsetNumber PageAddItem(Page page, const char* item, size_t size, OffsetNumber offnum,
                         bool overwrite, bool reuse_unused);
// Removes unused space between items after line pointers were marked unused/dead
// (heap pruning). Keeps line pointer numbers stable; sets or clears kPdHasFreeLines.
// Throws Error XX001 on corrupted line pointers.
void PageRepairFragmentation(Page page);
// Removes one item and its line pointer, shifting later pointers down (btree pages).
// Throws Error XX001 on a bad offset or corrupted line pointer.
void PageIndexTupleDelete(Page page, OffsetNumber offnum);

// Checksum of a page as stored on disk (PostgreSQL's FNV-1a-based pg_checksum_page
// algorithm, folded to 16 bits, mixed with the block number).
uint16_t PageComputeChecksum(const char* page, BlockNumber block);
// True when the page is new (all zeros), or its stored checksum matches and its header is
// sane (lower <= upper <= special <= BLCKSZ, no unknown flags): PostgreSQL's PageIsVerified.
bool PageVerifyChecksum(const char* page, BlockNumber block);
// Sets pd_checksum; call on a private copy just before writing.
void PageSetChecksum(char* page, BlockNumber block);

}  // namespace hyrax::storage
