// Redo of btree WAL records (PostgreSQL's nbtxlog.c), idempotent through page LSNs
// (ReadBufferForRedo skips pages that already have the change, or restores their
// full-page image). Pages are rebuilt with the same functions the normal path used, so the
// result is identical. Lock order as in the normal path: the child, then the left page,
// the new right page and the right sibling. README "WAL records".
#include <cstring>
#include <string>
#include <vector>

#include "common/error.h"
#include "storage/btree/btree.h"
#include "storage/btree/btree_page.h"
#include "storage/btree/btree_tuple.h"
#include "storage/btree/btree_wal.h"
#include "storage/buffer/redo_buffer.h"
#include "wal/rmgr/rmgr.h"

namespace hyrax::storage {

using namespace btree;

namespace {

// A block being replayed: pinned and exclusively locked while in scope.
struct RedoPage {
  PinnedBuffer pin;
  BufferLock lock;
  RedoAction action = RedoAction::kNotFound;

  RedoPage(const wal::DecodedRecord& record, int block_id)
      : action(ReadBufferForRedo(record, block_id, &pin, &lock)) {}
  bool needs_redo() const { return action == RedoAction::kNeedsRedo; }
  char* page() const { return lock.page(); }
  void Finish(const wal::DecodedRecord& record) {
    page_layout::SetLsn(lock.page(), record.end_lsn());
    lock.MarkDirty();
  }
};

[[noreturn]] void RedoFailure(const std::string& message) {
  throw Error(errcode::kInternalError, message, Severity::kPanic);
}

template <typename T>
T MainData(const wal::DecodedRecord& record) {
  T value;
  if (record.main_data().size() != sizeof(T)) RedoFailure("btree record has malformed main data");
  std::memcpy(&value, record.main_data().data(), sizeof(T));
  return value;
}

size_t TupleSizeAt(const char* data, size_t available) {
  IndexTupleData header;
  if (available < sizeof(header)) RedoFailure("btree record has a truncated tuple");
  std::memcpy(&header, data, sizeof(header));
  const size_t size = header.t_info & kIndexSizeMask;
  if (size < sizeof(header) || size > available) RedoFailure("btree record has a malformed tuple");
  return size;
}

void ClearIncompleteSplit(const wal::DecodedRecord& record, int block_id) {
  RedoPage child(record, block_id);
  if (!child.needs_redo()) return;
  Opaque(child.page())->btpo_flags &= static_cast<uint16_t>(~kBtpIncompleteSplit);
  child.Finish(record);
}

void RedoInsert(const wal::DecodedRecord& record, bool upper) {
  const auto xlrec = MainData<XlBtreeInsert>(record);
  if (upper && record.HasBlock(1)) ClearIncompleteSplit(record, 1);
  RedoPage page(record, 0);
  if (!page.needs_redo()) return;
  const wal::DecodedBlock& block = record.block(0);
  if (PageAddItem(page.page(), block.data, block.data_len, xlrec.offnum, false, false) !=
      xlrec.offnum) {
    RedoFailure("failed to add new item to btree page during redo");
  }
  page.Finish(record);
}

void RedoSplit(const wal::DecodedRecord& record, bool newitem_on_left) {
  const auto xlrec = MainData<XlBtreeSplit>(record);
  const BlockNumber left_block = record.block(0).ref.block;
  const BlockNumber right_block = record.block(1).ref.block;
  const BlockNumber sibling_block = record.HasBlock(2) ? record.block(2).ref.block : kNoBlock;
  if (record.HasBlock(3)) ClearIncompleteSplit(record, 3);

  RedoPage left(record, 0);
  if (left.needs_redo()) {
    const wal::DecodedBlock& block = record.block(0);
    const char* newitem = nullptr;
    size_t newitem_size = 0;
    size_t pos = 0;
    if (newitem_on_left) {
      newitem = block.data;
      newitem_size = TupleSizeAt(block.data, block.data_len);
      pos = newitem_size;
    }
    const size_t high_key_size = TupleSizeAt(block.data + pos, block.data_len - pos);
    std::vector<uint64_t> buf(kBlockSize / sizeof(uint64_t), 0);
    char* image = reinterpret_cast<char*>(buf.data());
    const SplitLayout layout{xlrec.firstrightoff, xlrec.newitemoff, newitem_on_left};
    BuildSplitLeftPage(left.page(), image, right_block, layout, newitem, newitem_size,
                       block.data + pos, high_key_size);
    std::memcpy(left.page(), image, kBlockSize);
    left.Finish(record);
  }

  RedoPage right(record, 1);
  if (right.needs_redo()) {
    const wal::DecodedBlock& block = record.block(1);
    BuildSplitRightPage(right.page(), xlrec.level, left_block, sibling_block, block.data,
                        block.data_len);
    right.Finish(record);
  }

  if (record.HasBlock(2)) {
    RedoPage sibling(record, 2);
    if (sibling.needs_redo()) {
      Opaque(sibling.page())->btpo_prev = right_block;
      sibling.Finish(record);
    }
  }
}

void RedoNewRoot(const wal::DecodedRecord& record) {
  const auto xlrec = MainData<XlBtreeNewRoot>(record);
  if (record.HasBlock(1)) ClearIncompleteSplit(record, 1);
  {
    RedoPage root(record, 0);
    if (root.needs_redo()) {
      const uint16_t flags = xlrec.level == 0 ? kBtpRoot | kBtpLeaf : kBtpRoot;
      InitBtreePage(root.page(), xlrec.level, flags, kNoBlock, kNoBlock);
      const wal::DecodedBlock& block = record.block(0);
      AddItemsInOrder(root.page(), block.data, block.data_len);
      root.Finish(record);
    }
  }
  RedoPage meta(record, 2);
  if (meta.needs_redo()) {
    const wal::DecodedBlock& block = record.block(2);
    XlBtreeMetadata md;
    if (block.data_len != sizeof(md)) RedoFailure("btree new-root record has malformed metadata");
    std::memcpy(&md, block.data, sizeof(md));
    InitMetaPage(meta.page(), md.root, md.level);
    meta.Finish(record);
  }
}

// kXlogBtreeVacuum and kXlogBtreeDelete: the logged offsets are removed.
void RedoDeleteItems(const wal::DecodedRecord& record) {
  const auto xlrec = MainData<XlBtreeVacuum>(record);
  RedoPage page(record, 0);
  if (!page.needs_redo()) return;
  const wal::DecodedBlock& block = record.block(0);
  if (block.data_len != xlrec.ndeleted * sizeof(OffsetNumber)) {
    RedoFailure("btree vacuum record has a malformed offset list");
  }
  std::vector<OffsetNumber> offsets(xlrec.ndeleted);
  std::memcpy(offsets.data(), block.data, block.data_len);
  DeleteItems(page.page(), offsets.data(), offsets.size());
  page.Finish(record);
}

void BtreeRedo(const wal::DecodedRecord& record) {
  switch (record.info()) {
    case kXlogBtreeInsertLeaf:
      RedoInsert(record, false);
      break;
    case kXlogBtreeInsertUpper:
      RedoInsert(record, true);
      break;
    case kXlogBtreeSplitL:
      RedoSplit(record, true);
      break;
    case kXlogBtreeSplitR:
      RedoSplit(record, false);
      break;
    case kXlogBtreeNewRoot:
      RedoNewRoot(record);
      break;
    case kXlogBtreeVacuum:
    case kXlogBtreeDelete:
      RedoDeleteItems(record);
      break;
    default:
      RedoFailure(fmt::format("btree_redo: unknown op code {}", record.info()));
  }
}

}  // namespace

void RegisterBtreeRmgr() {
  wal::RmgrOps ops;
  ops.name = "Btree";
  ops.redo = BtreeRedo;
  ops.describe = DescribeBtreeRecord;
  wal::RegisterRmgr(wal::RmgrId::kBtree, ops);
}

}  // namespace hyrax::storage
