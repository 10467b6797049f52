// Redo of every heap WAL record (PostgreSQL's heap_xlog_*): each routine reads its pages
// through ReadBufferForRedo (full-page images, page-LSN idempotence, kInitPage rebuilds) and
// repeats exactly the page change of the original operation, except what PostgreSQL does
// not log either: command ids (redo stores kFirstCommandId) and hint bits.
// storage/heap/README.md "WAL records" and "Redo".
#include <cstring>

#include "common/assert.h"
#include "common/page_layout.h"
#include "storage/buffer/redo_buffer.h"
#include "storage/fsm/free_space_map.h"
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_wal.h"
#include "storage/vm/visibility_map.h"
#include "wal/record/decoded_record.h"
#include "wal/rmgr/rmgr.h"

namespace hyrax::storage {

std::string HeapDescribe(const wal::DecodedRecord& record);  // heap_describe.cpp
void HeapRedoFreezePage(const wal::DecodedRecord& record);   // heap_vacuum_page.cpp

namespace {

template <typename T>
T MainData(const wal::DecodedRecord& record) {
  HYRAX_CHECK(record.main_data().size() >= sizeof(T), "heap WAL record too short");
  T value;
  std::memcpy(&value, record.main_data().data(), sizeof(T));
  return value;
}

// A page changed by redo: stamp the record's end LSN and mark it dirty.
void FinishPage(const wal::DecodedRecord& record, BufferLock* lock) {
  page_layout::SetLsn(lock->page(), record.end_lsn());
  lock->MarkDirty();
}

// As PostgreSQL's redo does, tell the FSM about pages getting full, so inserts after
// recovery do not keep trying them.
void MaybeRecordFreeSpace(const wal::DecodedBlock& block, size_t free_space) {
  if (free_space < static_cast<size_t>(kBlockSize) / 5) {
    FreeSpaceMap::RecordPageWithFreeSpace(block.ref.locator, block.ref.block, free_space);
  }
}

// The visibility map must lose the page's bits even when the heap page itself is already
// newer than the record (PostgreSQL's heap redo clears it first).
void ClearVisibilityMap(const wal::DecodedRecord& record, int block_id, uint8_t vm_flags) {
  const wal::DecodedBlock& block = record.block(block_id);
  VisibilityMap::ClearForRedo(block.ref.locator, block.ref.block, vm_flags);
}

// Rebuilds a stored tuple from its logged header fields and body; returns its length.
size_t BuildTuple(char* buf, const heapwal::TupleHeader& header, const char* body, size_t body_len,
                  TransactionId xmin, TransactionId xmax, ItemPointerData ctid) {
  std::memset(buf, 0, kHeapTupleHeaderSize);
  std::memcpy(buf + kHeapTupleHeaderSize, body, body_len);
  auto* tup = reinterpret_cast<HeapTupleHeaderData*>(buf);
  tup->t_infomask2 = header.t_infomask2;
  tup->t_infomask = header.t_infomask;
  tup->t_hoff = header.t_hoff;
  tup->t_xmin = xmin;
  HeapTupleHeaderSetCmin(tup, kFirstCommandId);
  tup->t_xmax = xmax;
  tup->t_ctid = ctid;
  return kHeapTupleHeaderSize + body_len;
}

// Adds a rebuilt tuple at exactly the offset the original operation used.
void AddTupleAt(Page page, const char* tuple, size_t len, OffsetNumber offnum) {
  HYRAX_CHECK(offnum <= PageGetMaxOffsetNumber(page) + 1, "invalid max offset number");
  OffsetNumber added = PageAddItem(page, tuple, len, offnum, true, true);
  HYRAX_CHECK(added == offnum, "failed to add tuple during heap redo");
}

HeapTupleHeaderData* TupleForRedo(Page page, BlockNumber block, OffsetNumber offnum) {
  HeapTuple tuple;
  HYRAX_CHECK(heapam::TupleAtOffset(page, block, offnum, kInvalidOid, &tuple),
              "invalid line pointer during heap redo");
  return tuple.data;
}

// Stores a logged xmax the way delete/update/lock did (cmax is not logged).
void ApplyXmax(HeapTupleHeaderData* tup, TransactionId xmax, uint8_t infobits) {
  tup->t_infomask &= static_cast<uint16_t>(~(kHeapXmaxBits | kHeapMoved));
  tup->t_infomask2 &= static_cast<uint16_t>(~(kHeapKeysUpdated | kHeapHotUpdated));
  heapwal::FixInfomaskFromInfobits(infobits, &tup->t_infomask, &tup->t_infomask2);
  tup->t_xmax = xmax;
  HeapTupleHeaderSetCmax(tup, kFirstCommandId, false);
}

void RedoInsert(const wal::DecodedRecord& record) {
  auto rec = MainData<heapwal::Insert>(record);
  if (rec.flags & heapwal::kAllVisibleCleared) ClearVisibilityMap(record, 0, kVmValidBits);
  PinnedBuffer pin;
  BufferLock lock;
  if (ReadBufferForRedo(record, 0, &pin, &lock) != RedoAction::kNeedsRedo) return;
  const wal::DecodedBlock& block = record.block(0);
  Page page = lock.page();
  if (record.info() & heapwal::kInitPage) PageInit(page, 0);
  heapwal::TupleHeader header;
  HYRAX_CHECK(block.data_len >= sizeof(header), "heap insert record without tuple");
  std::memcpy(&header, block.data, sizeof(header));
  alignas(8) char buf[kBlockSize];
  size_t len = BuildTuple(buf, header, block.data + sizeof(header), block.data_len - sizeof(header),
                          record.xid(), kInvalidTransactionId,
                          ItemPointerData::Make(block.ref.block, rec.offnum));
  AddTupleAt(page, buf, len, rec.offnum);
  if (rec.flags & heapwal::kAllVisibleCleared) heapam::PageClearAllVisible(page);
  size_t free_space = PageGetHeapFreeSpace(page);
  FinishPage(record, &lock);
  lock.Unlock();
  MaybeRecordFreeSpace(block, free_space);
}

void RedoMultiInsert(const wal::DecodedRecord& record) {
  auto rec = MainData<heapwal::MultiInsert>(record);
  HYRAX_CHECK(record.main_data().size() >= sizeof(rec) + rec.ntuples * sizeof(OffsetNumber),
              "heap multi-insert record too short");
  if (rec.flags & heapwal::kAllVisibleCleared) ClearVisibilityMap(record, 0, kVmValidBits);
  PinnedBuffer pin;
  BufferLock lock;
  if (ReadBufferForRedo(record, 0, &pin, &lock) != RedoAction::kNeedsRedo) return;
  const wal::DecodedBlock& block = record.block(0);
  Page page = lock.page();
  if (record.info() & heapwal::kInitPage) PageInit(page, 0);
  const char* offsets = record.main_data().data() + sizeof(rec);
  const char* data = block.data;
  const char* end = block.data + block.data_len;
  alignas(8) char buf[kBlockSize];
  for (uint16_t tuple_idx = 0; tuple_idx < rec.ntuples; ++tuple_idx) {
    OffsetNumber offnum;
    std::memcpy(&offnum, offsets + tuple_idx * sizeof(OffsetNumber), sizeof(offnum));
    heapwal::MultiInsertTuple entry;
    HYRAX_CHECK(data + sizeof(entry) <= end, "heap multi-insert data too short");
    std::memcpy(&entry, data, sizeof(entry));
    data += sizeof(entry);
    HYRAX_CHECK(data + entry.datalen <= end, "heap multi-insert data too short");
    size_t len = BuildTuple(buf, entry.header, data, entry.datalen, record.xid(),
                            kInvalidTransactionId, ItemPointerData::Make(block.ref.block, offnum));
    data += entry.datalen;
    AddTupleAt(page, buf, len, offnum);
  }
  if (rec.flags & heapwal::kAllVisibleCleared) heapam::PageClearAllVisible(page);
  size_t free_space = PageGetHeapFreeSpace(page);
  FinishPage(record, &lock);
  lock.Unlock();
  MaybeRecordFreeSpace(block, free_space);
}

void RedoDelete(const wal::DecodedRecord& record) {
  auto rec = MainData<heapwal::Delete>(record);
  if (rec.flags & heapwal::kAllVisibleCleared) ClearVisibilityMap(record, 0, kVmValidBits);
  PinnedBuffer pin;
  BufferLock lock;
  if (ReadBufferForRedo(record, 0, &pin, &lock) != RedoAction::kNeedsRedo) return;
  Page page = lock.page();
  BlockNumber block = record.block(0).ref.block;
  HeapTupleHeaderData* tup = TupleForRedo(page, block, rec.offnum);
  if (rec.flags & heapwal::kSuperDelete) {
    heapam::MarkSuperDeleted(tup);
  } else {
    ApplyXmax(tup, rec.xmax, rec.infobits_set);
  }
  tup->t_ctid = ItemPointerData::Make(block, rec.offnum);
  heapam::PageSetPrunable(page, record.xid());
  if (rec.flags & heapwal::kAllVisibleCleared) heapam::PageClearAllVisible(page);
  FinishPage(record, &lock);
}

void RedoLock(const wal::DecodedRecord& record) {
  auto rec = MainData<heapwal::Lock>(record);
  if (rec.flags & heapwal::kAllVisibleCleared) ClearVisibilityMap(record, 0, kVmValidBits);
  if (rec.flags & heapwal::kAllFrozenCleared) ClearVisibilityMap(record, 0, kVmAllFrozen);
  PinnedBuffer pin;
  BufferLock lock;
  if (ReadBufferForRedo(record, 0, &pin, &lock) != RedoAction::kNeedsRedo) return;
  Page page = lock.page();
  BlockNumber block = record.block(0).ref.block;
  HeapTupleHeaderData* tup = TupleForRedo(page, block, rec.offnum);
  ApplyXmax(tup, rec.locking_xid, rec.infobits_set);
  if (HeapXmaxIsLockedOnly(tup->t_infomask)) tup->t_ctid = ItemPointerData::Make(block, rec.offnum);
  if (rec.flags & heapwal::kAllVisibleCleared) heapam::PageClearAllVisible(page);
  FinishPage(record, &lock);
}

void RedoPrune(const wal::DecodedRecord& record) {
  auto rec = MainData<heapwal::Prune>(record);
  PinnedBuffer pin;
  BufferLock lock;
  if (ReadBufferForRedo(record, 0, &pin, &lock) != RedoAction::kNeedsRedo) return;
  const wal::DecodedBlock& block = record.block(0);
  const size_t nredirect_offsets = size_t{rec.nredirected} * 2;
  HYRAX_CHECK(
      block.data_len >= (nredirect_offsets + rec.ndead + rec.nunused) * sizeof(OffsetNumber),
      "heap prune record too short");
  Page page = lock.page();
  const char* data = block.data;
  auto read_offsets = [&](size_t count, std::vector<OffsetNumber>* out) {
    out->resize(count);
    std::memcpy(out->data(), data, count * sizeof(OffsetNumber));
    data += count * sizeof(OffsetNumber);
    for (OffsetNumber offnum : *out) {
      HYRAX_CHECK(offnum >= kFirstOffsetNumber && offnum <= PageGetMaxOffsetNumber(page),
                  "invalid line pointer in heap prune record");
    }
  };
  heapam::PruneItems items;
  read_offsets(nredirect_offsets, &items.redirected);
  read_offsets(rec.ndead, &items.dead);
  read_offsets(rec.nunused, &items.unused);
  heapam::ExecutePrune(page, items);
  PageHeaderData* header = GetPageHeader(page);
  header->pd_prune_xid = rec.new_prune_xid;
  header->pd_flags &= static_cast<uint16_t>(~kPdPageFull);
  size_t free_space = PageGetHeapFreeSpace(page);
  FinishPage(record, &lock);
  lock.Unlock();
  FreeSpaceMap::RecordPageWithFreeSpace(block.ref.locator, block.ref.block, free_space);
}

// The old page (block 1, or block 0 for a same-page update) gets the old version's xmax
// and forward link; the new page gets the new version.
void RedoUpdate(const wal::DecodedRecord& record) {
  auto rec = MainData<heapwal::Update>(record);
  const wal::DecodedBlock& new_block = record.block(0);
  bool same_page = !record.HasBlock(1);
  int old_block_id = same_page ? 0 : 1;
  BlockNumber old_block = record.block(old_block_id).ref.block;
  ItemPointerData new_tid = ItemPointerData::Make(new_block.ref.block, rec.new_offnum);
  if (rec.flags & heapwal::kAllVisibleCleared) {
    ClearVisibilityMap(record, old_block_id, kVmValidBits);
  }
  if (rec.flags & heapwal::kNewAllVisibleCleared) ClearVisibilityMap(record, 0, kVmValidBits);

  PinnedBuffer old_pin;
  BufferLock old_lock;
  RedoAction old_action = ReadBufferForRedo(record, old_block_id, &old_pin, &old_lock);
  if (old_action == RedoAction::kNeedsRedo) {
    Page page = old_lock.page();
    HeapTupleHeaderData* tup = TupleForRedo(page, old_block, rec.old_offnum);
    ApplyXmax(tup, rec.old_xmax, rec.old_infobits_set);
    if (rec.flags & heapwal::kHotUpdate) tup->t_infomask2 |= kHeapHotUpdated;
    tup->t_ctid = new_tid;
    heapam::PageSetPrunable(page, record.xid());
    if (!same_page) GetPageHeader(page)->pd_flags |= kPdPageFull;
    if (rec.flags & heapwal::kAllVisibleCleared) heapam::PageClearAllVisible(page);
    if (!same_page) FinishPage(record, &old_lock);
  }

  PinnedBuffer new_pin;
  BufferLock new_lock;
  BufferLock* lock = &old_lock;
  RedoAction new_action = old_action;
  if (!same_page) {
    old_lock.Unlock();
    new_action = ReadBufferForRedo(record, 0, &new_pin, &new_lock);
    lock = &new_lock;
  }
  if (new_action != RedoAction::kNeedsRedo) return;
  Page page = lock->page();
  if (record.info() & heapwal::kInitPage) PageInit(page, 0);
  heapwal::TupleHeader header;
  HYRAX_CHECK(new_block.data_len >= sizeof(header), "heap update record without tuple");
  std::memcpy(&header, new_block.data, sizeof(header));
  alignas(8) char buf[kBlockSize];
  size_t len = BuildTuple(buf, header, new_block.data + sizeof(header),
                          new_block.data_len - sizeof(header), record.xid(), rec.new_xmax, new_tid);
  AddTupleAt(page, buf, len, rec.new_offnum);
  if (rec.flags & heapwal::kNewAllVisibleCleared) heapam::PageClearAllVisible(page);
  size_t free_space = PageGetHeapFreeSpace(page);
  FinishPage(record, lock);
  lock->Unlock();
  MaybeRecordFreeSpace(new_block, free_space);
}

void HeapRedo(const wal::DecodedRecord& record) {
  switch (record.info() & heapwal::kOpMask) {
    case heapwal::kInsert:
      return RedoInsert(record);
    case heapwal::kMultiInsert:
      return RedoMultiInsert(record);
    case heapwal::kDelete:
      return RedoDelete(record);
    case heapwal::kUpdate:
      return RedoUpdate(record);
    case heapwal::kLock:
      return RedoLock(record);
    case heapwal::kPrune:
      return RedoPrune(record);
    case heapwal::kFreezePage:
      return HeapRedoFreezePage(record);
    case heapwal::kVisible:
      return VisibilityMap::RedoSet(record);
    default:
      throw MakeError(errcode::kInternalError, "heap redo: unknown op code {}", record.info());
  }
}

}  // namespace

void RegisterHeapRmgr() {
  wal::RmgrOps ops;
  ops.name = "Heap";
  ops.redo = &HeapRedo;
  ops.describe = &HeapDescribe;
  wal::RegisterRmgr(wal::RmgrId::kHeap, ops);
}

}  // namespace hyrax::storage
