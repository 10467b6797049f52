// Page-building steps shared by the normal path and redo (splits, restored item lists,
// deletions), so both produce identical pages. README "WAL records".
#include <cstring>

#include "common/error.h"
#include "storage/btree/btree_page.h"
#include "storage/btree/btree_tuple.h"
#include "storage/btree/btree_wal.h"

namespace hyrax::storage::btree {

namespace {

void AddItemOrThrow(char* page, const char* item, size_t size) {
  if (PageAddItem(page, item, size, kInvalidOffsetNumber, false, false) == kInvalidOffsetNumber) {
    throw MakeError(errcode::kInternalError, "failed to add item of size {} to btree page", size);
  }
}

}  // namespace

void BuildSplitLeftPage(const char* orig, char* out, BlockNumber right_block,
                        const SplitLayout& layout, const char* newitem, size_t newitem_size,
                        const char* high_key, size_t high_key_size) {
  const BtPageOpaqueData* oopaque = Opaque(orig);
  const uint16_t flags = static_cast<uint16_t>(
      (oopaque->btpo_flags & ~(kBtpRoot | kBtpSplitEnd | kBtpHasGarbage)) | kBtpIncompleteSplit);
  InitBtreePage(out, oopaque->btpo_level, flags, oopaque->btpo_prev, right_block);
  AddItemOrThrow(out, high_key, high_key_size);
  const OffsetNumber maxoff = PageGetMaxOffsetNumber(orig);
  OffsetNumber off = FirstDataOffset(oopaque);
  for (; off <= maxoff && off < layout.firstrightoff; ++off) {
    if (layout.newitem_on_left && off == layout.newitemoff) {
      AddItemOrThrow(out, newitem, newitem_size);
    }
    AddItemOrThrow(out, ItemAt(orig, off), ItemSizeAt(orig, off));
  }
  if (layout.newitem_on_left && layout.newitemoff >= off) {
    AddItemOrThrow(out, newitem, newitem_size);
  }
}

void BuildSplitRightPage(char* page, uint32_t level, BlockNumber left_block,
                         BlockNumber right_sibling, const char* items, size_t items_len) {
  InitBtreePage(page, level, level == 0 ? kBtpLeaf : 0, left_block, right_sibling);
  AddItemsInOrder(page, items, items_len);
}

void AddItemsInOrder(char* page, const char* items, size_t items_len) {
  size_t pos = 0;
  while (pos < items_len) {
    IndexTupleData header;
    if (items_len - pos < sizeof(header)) {
      throw MakeError(errcode::kInternalError, "truncated btree item list");
    }
    std::memcpy(&header, items + pos, sizeof(header));
    const size_t size = header.t_info & kIndexSizeMask;
    if (size < sizeof(header) || size > items_len - pos) {
      throw MakeError(errcode::kInternalError, "invalid btree item of size {} in item list", size);
    }
    AddItemOrThrow(page, items + pos, size);
    pos += size;
  }
}

void DeleteItems(char* page, const OffsetNumber* offsets, size_t count) {
  for (size_t idx = count; idx > 0; --idx) PageIndexTupleDelete(page, offsets[idx - 1]);
  Opaque(page)->btpo_flags &= static_cast<uint16_t>(~kBtpHasGarbage);
}

}  // namespace hyrax::storage::btree
