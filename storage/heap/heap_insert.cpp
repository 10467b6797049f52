// HeapInsert and HeapMultiInsert (PostgreSQL's heap_insert / heap_multi_insert): stamp the
// tuple header, choose a page, add the tuple and WAL-log it inside one critical section.
// storage/heap/README.md "Insert" and "WAL records".
#include <string>

#include "common/interrupts.h"
#include "common/page_layout.h"
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_wal.h"
#include "storage/txn/xact.h"
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
  heapam::CheckTupleSize(tuple->len);
  TransactionId xid = GetCurrentTransactionId();
  PrepareForInsert(rel, tuple, xid, cid);
  PinnedBuffer pin;  // declared before the lock: unlocked first, unpinned last
  BufferLock lock;
  pin = heapam::GetBufferForTuple(rel, tuple->len, nullptr, &lock, nullptr);
  Page page = lock.page();
  BlockNumber block = pin.block();

  CriticalSection critical;
  OffsetNumber offnum = heapam::PutHeapTuple(page, block, tuple);
  heapwal::Insert rec{offnum, 0, 0};
  if (heapam::PageClearAllVisible(page)) rec.flags |= heapwal::kAllVisibleCleared;
  lock.MarkDirty();

  uint8_t info = heapwal::kInsert;
  uint8_t reg_flags = wal::kRegbufStandard;
  if (offnum == kFirstOffsetNumber && PageGetMaxOffsetNumber(page) == kFirstOffsetNumber) {
    // The only tuple on the page: redo rebuilds the page instead of needing an image.
    info |= heapwal::kInitPage;
    reg_flags |= wal::kRegbufWillInit;
  }
  heapwal::TupleHeader header = WalTupleHeader(tuple->data);
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&rec, sizeof(rec));
  wal::XLogRegisterBlock(0, {rel.locator, ForkNumber::kMain, block}, page, reg_flags);
  wal::XLogRegisterBlockData(0, &header, sizeof(header));
  wal::XLogRegisterBlockData(0, TupleBody(*tuple), tuple->len - kHeapTupleHeaderSize);
  page_layout::SetLsn(page, wal::XLogInsert(wal::RmgrId::kHeap, info, xid));
}

void HeapMultiInsert(const HeapRelation& rel, std::vector<HeapTuple*>& tuples, CommandId cid) {
  if (tuples.empty()) return;
  for (HeapTuple* tuple : tuples) heapam::CheckTupleSize(tuple->len);
  TransactionId xid = GetCurrentTransactionId();
  for (HeapTuple* tuple : tuples) PrepareForInsert(rel, tuple, xid, cid);
  size_t save = heapam::SaveFreeSpace(rel);

  // Scratch space for one page's record, allocated before any critical section.
  std::string block_data;
  block_data.reserve(kBlockSize + kMaxHeapTuplesPerPage * sizeof(heapwal::MultiInsertTuple));
  std::string main_data;
  main_data.reserve(sizeof(heapwal::MultiInsert) + kMaxHeapTuplesPerPage * sizeof(OffsetNumber));

  size_t done = 0;
  while (done < tuples.size()) {
    CheckForInterrupts();
    PinnedBuffer pin;
    BufferLock lock;
    pin = heapam::GetBufferForTuple(rel, tuples[done]->len, nullptr, &lock, nullptr);
    Page page = lock.page();
    BlockNumber block = pin.block();
    bool starting_with_empty_page = PageGetMaxOffsetNumber(page) == 0;
    block_data.clear();
    main_data.assign(sizeof(heapwal::MultiInsert), '\0');

    CriticalSection critical;
    size_t on_page = 0;
    for (; done + on_page < tuples.size(); ++on_page) {
      HeapTuple* tuple = tuples[done + on_page];
      // The first tuple is known to fit; the others must leave the fillfactor reserve.
      if (on_page > 0 && PageGetHeapFreeSpace(page) < MaxAlign(tuple->len) + save) break;
      OffsetNumber offnum = heapam::PutHeapTuple(page, block, tuple);
      main_data.append(reinterpret_cast<const char*>(&offnum), sizeof(offnum));
      AppendMultiInsertTuple(&block_data, *tuple);
    }
    heapwal::MultiInsert rec{0, 0, static_cast<uint16_t>(on_page)};
    if (heapam::PageClearAllVisible(page)) rec.flags |= heapwal::kAllVisibleCleared;
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
}

}  // namespace hyrax::storage
