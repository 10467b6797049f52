// HeapInsert and HeapMultiInsert (PostgreSQL's heap_insert / heap_multi_insert): stamp the
// tuple header, toast it when too big (storage/toast/heap_toast.h), choose a page, add the
// tuple and WAL-log it inside one critical section.
// storage/heap/README.md "Insert" and "WAL records".
#include <string>

#include "common/interrupts.h"
#include "common/page_layout.h"
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_wal.h"
#include "storage/toast/heap_toast.h"
#include "storage/txn/xact.h"
#include "storage/vacuum/relation_stats.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage {
namespace {

// heap_prepare_insert: a fresh version with only xmin set.
void PrepareForInsert(const HeapRelation& rel, HeapTuple* tuple, TransactionId xid, CommandId cid) {
  HeapTupleHeaderData* tup = tuple->data;
  tup->t_infomask &= static_cast<uint16_t>(~kHeapXactMask);
  tup->t_infomask2 &= static_cast<uint16_t>(~kHeap2XactMask);
  tup->t_infomask |= kHeapXmaxInvalid;
  tup->t_xmin = xid;
  HeapTupleHeaderSetCmin(tup, cid);
  tup->t_xmax = kInvalidTransactionId;
  tuple->table_oid = rel.oid;
}

heapwal::TupleHeader WalTupleHeader(const HeapTupleHeaderData* tup) {
  return heapwal::TupleHeader{tup->t_infomask2, tup->t_infomask, tup->t_hoff, 0};
}

const char* TupleBody(const HeapTuple& tuple) {
  return reinterpret_cast<const char*>(tuple.data) + kHeapTupleHeaderSize;
}

// Appends one tuple of a multi-insert to the block data being built.
void AppendMultiInsertTuple(std::string* data, const HeapTuple& tuple) {
  heapwal::MultiInsertTuple entry{static_cast<uint16_t>(tuple.len - kHeapTupleHeaderSize),
                                  WalTupleHeader(tuple.data)};
  data->append(reinterpret_cast<const char*>(&entry), sizeof(entry));
  data->append(TupleBody(tuple), tuple.len - kHeapTupleHeaderSize);
}

}  // namespace

void HeapInsert(const HeapRelation& rel, HeapTuple* tuple, CommandId cid) {
  bool toast = HeapTupleNeedsToast(rel, *tuple);
  if (!toast) heapam::CheckTupleSize(tuple->len);
  TransactionId xid = GetCurrentTransactionId();
  PrepareForInsert(rel, tuple, xid, cid);
  // What is stored: the tuple itself, or its toasted copy (storage/toast/heap_toast.h).
  HeapTuple heaptup = toast ? HeapToastInsertOrUpdate(rel, *tuple, nullptr, cid) : *tuple;
  if (toast) heapam::CheckTupleSize(heaptup.len);
  PinnedBuffer pin;  // declared before the lock: unlocked first, unpinned last
  BufferLock lock;
  pin = heapam::GetBufferForTuple(rel, heaptup.len, nullptr, &lock, nullptr);
  Page page = lock.page();
  BlockNumber block = pin.block();
  PinnedBuffer vm_pin = heapam::PinVisibilityMapIfAllVisible(rel, block, page);

  CriticalSection critical;
  OffsetNumber offnum = heapam::PutHeapTuple(page, block, &heaptup);
  tuple->self = heaptup.self;
  heapwal::Insert rec{offnum, 0, 0};
  if (heapam::ClearAllVisible(page, block, vm_pin)) rec.flags |= heapwal::kAllVisibleCleared;
  lock.MarkDirty();

  uint8_t info = heapwal::kInsert;
  uint8_t reg_flags = wal::kRegbufStandard;
  if (offnum == kFirstOffsetNumber && PageGetMaxOffsetNumber(page) == kFirstOffsetNumber) {
    // The only tuple on the page: redo rebuilds the page instead of needing an image.
    info |= heapwal::kInitPage;
    reg_flags |= wal::kRegbufWillInit;
  }
  heapwal::TupleHeader header = WalTupleHeader(heaptup.data);
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&rec, sizeof(rec));
  wal::XLogRegisterBlock(0, {rel.locator, ForkNumber::kMain, block}, page, reg_flags);
  wal::XLogRegisterBlockData(0, &header, sizeof(header));
  wal::XLogRegisterBlockData(0, TupleBody(heaptup), heaptup.len - kHeapTupleHeaderSize);
  page_layout::SetLsn(page, wal::XLogInsert(wal::RmgrId::kHeap, info, xid));
  RelationStats::CountInsert(rel.locator.db_oid, rel.oid, 1);
}

void HeapMultiInsert(const HeapRelation& rel, std::vector<HeapTuple*>& tuples, CommandId cid) {
  if (tuples.empty()) return;
  for (HeapTuple* tuple : tuples) {
    if (!HeapTupleNeedsToast(rel, *tuple)) heapam::CheckTupleSize(tuple->len);
  }
  TransactionId xid = GetCurrentTransactionId();
  // What is stored: each tuple itself, or its toasted copy (storage/toast/heap_toast.h).
  std::vector<HeapTuple> heaptups;
  heaptups.reserve(tuples.size());
  for (HeapTuple* tuple : tuples) {
    PrepareForInsert(rel, tuple, xid, cid);
    if (!HeapTupleNeedsToast(rel, *tuple)) {
      heaptups.push_back(*tuple);
      continue;
    }
    heaptups.push_back(HeapToastInsertOrUpdate(rel, *tuple, nullptr, cid));
    heapam::CheckTupleSize(heaptups.back().len);
  }
  size_t save = heapam::SaveFreeSpace(rel);

  // Scratch space for one page's record, allocated before any critical section.
  std::string block_data;
  block_data.reserve(kBlockSize + kMaxHeapTuplesPerPage * sizeof(heapwal::MultiInsertTuple));
  std::string main_data;
  main_data.reserve(sizeof(heapwal::MultiInsert) + kMaxHeapTuplesPerPage * sizeof(OffsetNumber));

  size_t done = 0;
  while (done < heaptups.size()) {
    CheckForInterrupts();
    PinnedBuffer pin;
    BufferLock lock;
    pin = heapam::GetBufferForTuple(rel, heaptups[done].len, nullptr, &lock, nullptr);
    Page page = lock.page();
    BlockNumber block = pin.block();
    bool starting_with_empty_page = PageGetMaxOffsetNumber(page) == 0;
    PinnedBuffer vm_pin = heapam::PinVisibilityMapIfAllVisible(rel, block, page);
    block_data.clear();
    main_data.assign(sizeof(heapwal::MultiInsert), '\0');

    CriticalSection critical;
    size_t on_page = 0;
    for (; done + on_page < heaptups.size(); ++on_page) {
      HeapTuple* tuple = &heaptups[done + on_page];
      // The first tuple is known to fit; the others must leave the fillfactor reserve.
      if (on_page > 0 && PageGetHeapFreeSpace(page) < MaxAlign(tuple->len) + save) break;
      OffsetNumber offnum = heapam::PutHeapTuple(page, block, tuple);
      tuples[done + on_page]->self = tuple->self;
      main_data.append(reinterpret_cast<const char*>(&offnum), sizeof(offnum));
      AppendMultiInsertTuple(&block_data, *tuple);
    }
    heapwal::MultiInsert rec{0, 0, static_cast<uint16_t>(on_page)};
    if (heapam::ClearAllVisible(page, block, vm_pin)) rec.flags |= heapwal::kAllVisibleCleared;
    main_data.replace(0, sizeof(rec), reinterpret_cast<const char*>(&rec), sizeof(rec));
    lock.MarkDirty();

    uint8_t info = heapwal::kMultiInsert;
    uint8_t reg_flags = wal::kRegbufStandard;
    if (starting_with_empty_page) {
      info |= heapwal::kInitPage;
      reg_flags |= wal::kRegbufWillInit;
    }
    wal::XLogBeginInsert();
    wal::XLogRegisterData(main_data.data(), main_data.size());
    wal::XLogRegisterBlock(0, {rel.locator, ForkNumber::kMain, block}, page, reg_flags);
    wal::XLogRegisterBlockData(0, block_data.data(), block_data.size());
    page_layout::SetLsn(page, wal::XLogInsert(wal::RmgrId::kHeap, info, xid));
    done += on_page;
  }
  RelationStats::CountInsert(rel.locator.db_oid, rel.oid, static_cast<int64_t>(tuples.size()));
}

}  // namespace hyrax::storage
