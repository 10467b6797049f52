// Page changes made by VACUUM (storage/vacuum): freezing old xids (PostgreSQL's
// heap_prepare_freeze_tuple / heap_freeze_execute_prepared / heap_xlog_freeze_page without
// multixacts) and the second heap pass that turns LP_DEAD line pointers into LP_UNUSED
// (lazy_vacuum_heap_page). storage/heap/README.md "VACUUM support".
#include <cstring>
#include <vector>

#include "common/assert.h"
#include "common/interrupts.h"
#include "common/page_layout.h"
#include "storage/buffer/redo_buffer.h"
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_wal.h"
#include "storage/page/page.h"
#include "storage/txn/transam.h"
#include "wal/insert/xlog_insert.h"
#include "wal/record/decoded_record.h"

namespace hyrax::storage {
namespace {

HeapTupleHeaderData* NormalTuple(Page page, OffsetNumber offnum) {
  HYRAX_CHECK(offnum >= kFirstOffsetNumber && offnum <= PageGetMaxOffsetNumber(page),
              "freeze plan names an invalid line pointer");
  ItemIdData* item = PageGetItemId(page, offnum);
  HYRAX_CHECK(item->lp_flags == kLpNormal, "freeze plan names a line pointer without a tuple");
  return reinterpret_cast<HeapTupleHeaderData*>(PageGetItem(page, item));
}

void ApplyFreeze(HeapTupleHeaderData* tuple, TransactionId xmax, uint16_t t_infomask,
                 uint16_t t_infomask2) {
  tuple->t_xmax = xmax;
  tuple->t_infomask = t_infomask;
  tuple->t_infomask2 = t_infomask2;
}

}  // namespace

bool HeapPrepareFreezeTuple(const HeapTupleHeaderData* tuple, TransactionId freeze_limit,
                            HeapFreezePlan* plan, bool* totally_frozen) {
  plan->xmax = tuple->t_xmax;
  plan->t_infomask = tuple->t_infomask;
  plan->t_infomask2 = tuple->t_infomask2;
  bool changed = false;
  bool xmin_frozen = true;

  // Xmin: a normal xid older than the limit must have committed (an aborted inserter's tuple
  // would be dead and pruned); mark it frozen and keep the raw value.
  const TransactionId xmin = HeapTupleHeaderGetXmin(tuple);
  if (TransactionIdIsNormal(xmin)) {
    if (TransactionIdPrecedes(xmin, freeze_limit)) {
      if (!TransactionIdDidCommit(xmin)) {
        throw MakeError(errcode::kDataCorrupted,
                        "uncommitted xmin {} from before xid cutoff {} needs to be frozen", xmin,
                        freeze_limit);
      }
      plan->t_infomask |= kHeapXminFrozen;
      changed = true;
    } else {
      xmin_frozen = false;
    }
  }

  // Xmax (raw, whatever the hint bits say): one older than the limit can only be a lock or
  // an aborted update; a committed deletion that old would have made the tuple dead.
  const TransactionId xmax = HeapTupleHeaderGetRawXmax(tuple);
  bool xmax_gone = !TransactionIdIsValid(xmax);
  if (TransactionIdIsNormal(xmax) && TransactionIdPrecedes(xmax, freeze_limit)) {
    if (!HeapXmaxIsLockedOnly(tuple->t_infomask) && TransactionIdDidCommit(xmax)) {
      throw MakeError(errcode::kDataCorrupted, "cannot freeze committed xmax {}", xmax);
    }
    plan->xmax = kInvalidTransactionId;
    plan->t_infomask &= static_cast<uint16_t>(~kHeapXmaxBits);
    plan->t_infomask |= kHeapXmaxInvalid;
    plan->t_infomask2 &= static_cast<uint16_t>(~(kHeapHotUpdated | kHeapKeysUpdated));
    changed = true;
    xmax_gone = true;
  }
  *totally_frozen = xmin_frozen && xmax_gone;
  return changed;
}

void HeapFreezeExecute(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* lock,
                       TransactionId freeze_limit, const std::vector<HeapFreezePlan>& plans) {
  HYRAX_CHECK(!plans.empty(), "nothing to freeze");
  Page page = lock->page();
  // Build the record's payload before the critical section (it allocates).
  std::vector<heapwal::FreezeTuple> logged;
  logged.reserve(plans.size());
  for (const HeapFreezePlan& plan : plans) {
    NormalTuple(page, plan.offnum);  // validates the offset outside the critical section
    logged.push_back({plan.xmax, plan.offnum, plan.t_infomask2, plan.t_infomask, 0});
  }
  heapwal::FreezePage rec{freeze_limit, static_cast<uint16_t>(plans.size()), 0};

  CriticalSection critical;
  for (const HeapFreezePlan& plan : plans) {
    ApplyFreeze(NormalTuple(page, plan.offnum), plan.xmax, plan.t_infomask, plan.t_infomask2);
  }
  lock->MarkDirty();
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&rec, sizeof(rec));
  wal::XLogRegisterBlock(0, {rel.locator, ForkNumber::kMain, pin.block()}, page,
                         wal::kRegbufStandard);
  wal::XLogRegisterBlockData(0, logged.data(), logged.size() * sizeof(heapwal::FreezeTuple));
  page_layout::SetLsn(page, wal::XLogInsert(wal::RmgrId::kHeap, heapwal::kFreezePage));
}

void HeapRedoFreezePage(const wal::DecodedRecord& record) {
  HYRAX_CHECK(record.main_data().size() >= sizeof(heapwal::FreezePage),
              "heap freeze record too short");
  heapwal::FreezePage rec;
  std::memcpy(&rec, record.main_data().data(), sizeof(rec));
  PinnedBuffer pin;
  BufferLock lock;
  if (ReadBufferForRedo(record, 0, &pin, &lock) != RedoAction::kNeedsRedo) return;
  const wal::DecodedBlock& block = record.block(0);
  HYRAX_CHECK(block.data_len >= rec.ntuples * sizeof(heapwal::FreezeTuple),
              "heap freeze record too short");
  Page page = lock.page();
  for (uint16_t idx = 0; idx < rec.ntuples; ++idx) {
    heapwal::FreezeTuple entry;
    std::memcpy(&entry, block.data + idx * sizeof(entry), sizeof(entry));
    ApplyFreeze(NormalTuple(page, entry.offnum), entry.xmax, entry.t_infomask, entry.t_infomask2);
  }
  page_layout::SetLsn(page, record.end_lsn());
  lock.MarkDirty();
}

void HeapPageSetUnused(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* lock,
                       const std::vector<OffsetNumber>& offsets) {
  HYRAX_CHECK(!offsets.empty(), "no line pointers to set unused");
  Page page = lock->page();
  for (OffsetNumber offnum : offsets) {
    HYRAX_CHECK(offnum >= kFirstOffsetNumber && offnum <= PageGetMaxOffsetNumber(page) &&
                    PageGetItemId(page, offnum)->lp_flags == kLpDead,
                "line pointer to set unused is not dead");
  }
  PageHeaderData* header = GetPageHeader(page);
  // The prune record's redo repeats exactly this: dead items have no storage, so its
  // PageRepairFragmentation finds the tuples already compact and moves nothing.
  heapam::PruneItems items;
  items.unused = offsets;

  CriticalSection critical;
  for (OffsetNumber offnum : offsets) {
    ItemIdData* item = PageGetItemId(page, offnum);
    item->lp_flags = kLpUnused;
    item->lp_off = 0;
    item->lp_len = 0;
  }
  // PostgreSQL also truncates trailing unused line pointers here; we keep the array as it
  // is so that the prune record's redo produces the same page (README deviations).
  header->pd_flags |= kPdHasFreeLines;
  header->pd_flags &= static_cast<uint16_t>(~kPdPageFull);
  lock->MarkDirty();
  heapam::LogPrune(rel, pin.block(), page, header->pd_prune_xid, items);
}

}  // namespace hyrax::storage
