// Formatting btree pages and the metapage (PostgreSQL's _bt_pageinit and _bt_initmetapage).
#include "storage/btree/btree_page.h"

#include <cstring>

namespace hyrax::storage::btree {

void InitBtreePage(Page page, uint32_t level, uint16_t flags, BlockNumber prev, BlockNumber next) {
  PageInit(page, sizeof(BtPageOpaqueData));
  BtPageOpaqueData* opaque = Opaque(page);
  opaque->btpo_prev = prev;
  opaque->btpo_next = next;
  opaque->btpo_level = level;
  opaque->btpo_flags = flags;
  opaque->btpo_cycleid = 0;
}

BtMetaPageData* MetaData(Page page) {
  return reinterpret_cast<BtMetaPageData*>(page + MaxAlign(page_layout::kHeaderSize));
}

const BtMetaPageData* MetaData(const char* page) {
  return reinterpret_cast<const BtMetaPageData*>(page + MaxAlign(page_layout::kHeaderSize));
}

void InitMetaPage(Page page, BlockNumber root, uint32_t level) {
  InitBtreePage(page, 0, kBtpMeta, kNoBlock, kNoBlock);
  BtMetaPageData* meta = MetaData(page);
  std::memset(meta, 0, sizeof(*meta));
  meta->btm_magic = kBtreeMagic;
  meta->btm_version = kBtreeVersion;
  meta->btm_root = root;
  meta->btm_level = level;
  meta->btm_fastroot = root;
  meta->btm_fastlevel = level;
  meta->btm_last_cleanup_num_delpages = 0;
  meta->btm_last_cleanup_num_heap_tuples = -1.0;
  meta->btm_allequalimage = false;
  // Everything after the metadata is the "hole" a full-page image leaves out.
  GetPageHeader(page)->pd_lower =
      static_cast<uint16_t>(MaxAlign(page_layout::kHeaderSize) + sizeof(BtMetaPageData));
}

}  // namespace hyrax::storage::btree
