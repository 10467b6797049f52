// Creating roots (PostgreSQL's _bt_getroot for an empty index and _bt_newroot after a root
// split) and the metapage updates that go with them, WAL-logged as kXlogBtreeNewRoot.
// README "Page splits".
#include <cstring>
#include <string>
#include <vector>

#include "common/interrupts.h"
#include "storage/btree/btree_wal.h"
#include "storage/btree/btree_write.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage::btree {

namespace {

XlBtreeMetadata MetadataFor(BlockNumber root, uint32_t level) {
  return XlBtreeMetadata{kBtreeVersion, root, level, root, level};
}

void PointMetaAt(char* meta_page, BlockNumber root, uint32_t level) {
  BtMetaPageData* meta = MetaData(meta_page);
  meta->btm_root = root;
  meta->btm_level = level;
  meta->btm_fastroot = root;
  meta->btm_fastlevel = level;
}

wal::BlockRef RefOf(const IndexRelationInfo& index, BlockNumber block) {
  return wal::BlockRef{index.locator, ForkNumber::kMain, block};
}

}  // namespace

BlockNumber CreateFirstRoot(const IndexRelationInfo& index) {
  BtPage meta = BtPage::Read(index, kMetaBlock, BufferLockMode::kExclusive);
  if (MetaData(meta.page())->btm_root != kNoBlock) return MetaData(meta.page())->btm_root;
  BtPage root = BtPage::Extend(index);
  const XlBtreeNewRoot xlrec{root.block(), 0};
  const XlBtreeMetadata md = MetadataFor(root.block(), 0);
  {
    CriticalSection critical;
    InitBtreePage(root.page(), 0, kBtpLeaf | kBtpRoot, kNoBlock, kNoBlock);
    PointMetaAt(meta.page(), root.block(), 0);
    root.MarkDirty();
    meta.MarkDirty();
    wal::XLogBeginInsert();
    wal::XLogRegisterData(&xlrec, sizeof(xlrec));
    wal::XLogRegisterBlock(0, RefOf(index, root.block()), root.page(), wal::kRegbufWillInit);
    wal::XLogRegisterBlock(2, RefOf(index, kMetaBlock), meta.page(), wal::kRegbufWillInit);
    wal::XLogRegisterBlockData(2, &md, sizeof(md));
    const Lsn lsn = wal::XLogInsert(wal::RmgrId::kBtree, kXlogBtreeNewRoot);
    page_layout::SetLsn(root.page(), lsn);
    page_layout::SetLsn(meta.page(), lsn);
  }
  return root.block();
}

void MakeNewRoot(const IndexRelationInfo& index, BtPage left, BtPage right) {
  const uint32_t level = left.opaque()->btpo_level + 1;
  // The root's items: minus infinity -> left, left's high key -> right.
  const IndexTupleBuf first = MinusInfinityPivot(left.block());
  const IndexTupleBuf second =
      CopyAsPivot(index, ItemAt(left.page(), kHighKeyOffset), right.block());
  std::string items(first.data(), first.size());
  items.append(second.data(), second.size());

  BtPage root = BtPage::Extend(index);
  BtPage meta = BtPage::Read(index, kMetaBlock, BufferLockMode::kExclusive);
  const XlBtreeNewRoot xlrec{root.block(), level};
  const XlBtreeMetadata md = MetadataFor(root.block(), level);
  // Build the root before the critical section: only a corrupt page can make it fail.
  std::vector<uint64_t> tmp(kBlockSize / sizeof(uint64_t), 0);
  char* root_image = reinterpret_cast<char*>(tmp.data());
  InitBtreePage(root_image, level, kBtpRoot, kNoBlock, kNoBlock);
  AddItemsInOrder(root_image, items.data(), items.size());
  {
    CriticalSection critical;
    std::memcpy(root.page(), root_image, kBlockSize);
    left.opaque()->btpo_flags &= static_cast<uint16_t>(~kBtpIncompleteSplit);
    PointMetaAt(meta.page(), root.block(), level);
    root.MarkDirty();
    left.MarkDirty();
    meta.MarkDirty();
    wal::XLogBeginInsert();
    wal::XLogRegisterData(&xlrec, sizeof(xlrec));
    wal::XLogRegisterBlock(0, RefOf(index, root.block()), root.page(), wal::kRegbufWillInit);
    wal::XLogRegisterBlockData(0, items.data(), items.size());
    wal::XLogRegisterBlock(1, RefOf(index, left.block()), left.page(), wal::kRegbufStandard);
    wal::XLogRegisterBlock(2, RefOf(index, kMetaBlock), meta.page(), wal::kRegbufWillInit);
    wal::XLogRegisterBlockData(2, &md, sizeof(md));
    const Lsn lsn = wal::XLogInsert(wal::RmgrId::kBtree, kXlogBtreeNewRoot);
    page_layout::SetLsn(root.page(), lsn);
    page_layout::SetLsn(left.page(), lsn);
    page_layout::SetLsn(meta.page(), lsn);
  }
}

}  // namespace hyrax::storage::btree
