// Small page-level helpers shared by heap operations and redo: placing a tuple, finding a
// tuple by line pointer, prunable/all-visible page flags, and the WAL infobits encoding.
#include "common/assert.h"
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_wal.h"
#include "storage/vm/visibility_map.h"

namespace hyrax::storage {
namespace heapam {

OffsetNumber PutHeapTuple(Page page, BlockNumber block, HeapTuple* tuple) {
  OffsetNumber offnum = PageAddItem(page, reinterpret_cast<const char*>(tuple->data), tuple->len,
                                    kInvalidOffsetNumber, false, true);
  HYRAX_CHECK(offnum != kInvalidOffsetNumber, "failed to add tuple to page");
  tuple->self = ItemPointerData::Make(block, offnum);
  tuple->data->t_ctid = tuple->self;
  auto* stored =
      reinterpret_cast<HeapTupleHeaderData*>(PageGetItem(page, PageGetItemId(page, offnum)));
  stored->t_ctid = tuple->self;
  return offnum;
}

bool TupleAtOffset(Page page, BlockNumber block, OffsetNumber offnum, Oid table_oid,
                   HeapTuple* tuple) {
  if (offnum < kFirstOffsetNumber || offnum > PageGetMaxOffsetNumber(page)) return false;
  const ItemIdData* item = PageGetItemId(page, offnum);
  if (item->lp_flags != kLpNormal) return false;
  tuple->data = reinterpret_cast<HeapTupleHeaderData*>(PageGetItem(page, item));
  tuple->len = item->lp_len;
  tuple->self = ItemPointerData::Make(block, offnum);
  tuple->table_oid = table_oid;
  return true;
}

void PageSetPrunable(Page page, TransactionId xid) {
  PageHeaderData* header = GetPageHeader(page);
  if (!TransactionIdIsValid(header->pd_prune_xid) ||
      TransactionIdPrecedes(xid, header->pd_prune_xid)) {
    header->pd_prune_xid = xid;
  }
}

bool PageClearAllVisible(Page page) {
  PageHeaderData* header = GetPageHeader(page);
  bool was_set = (header->pd_flags & kPdAllVisible) != 0;
  header->pd_flags &= static_cast<uint16_t>(~kPdAllVisible);
  return was_set;
}

PinnedBuffer PinVisibilityMapIfAllVisible(const HeapRelation& rel, BlockNumber block,
                                          const char* page) {
  if ((GetPageHeader(page)->pd_flags & kPdAllVisible) == 0) return PinnedBuffer();
  return VisibilityMap::Pin(rel.locator, block, /*extend=*/false);
}

bool ClearAllVisible(Page page, BlockNumber block, const PinnedBuffer& vm_pin) {
  if (!PageClearAllVisible(page)) return false;
  VisibilityMap::Clear(vm_pin, block, kVmValidBits);
  return true;
}

}  // namespace heapam

namespace heapwal {

uint8_t ComputeInfobits(uint16_t infomask, uint16_t infomask2) {
  uint8_t bits = 0;
  if (infomask & kHeapXmaxIsMulti) bits |= kXlhlXmaxIsMulti;
  if (infomask & kHeapXmaxLockOnly) bits |= kXlhlXmaxLockOnly;
  if (infomask & kHeapXmaxExclLock) bits |= kXlhlXmaxExclLock;
  // A share lock is EXCL|KEYSHR together, so it comes out as both bits.
  if (infomask & kHeapXmaxKeyshrLock) bits |= kXlhlXmaxKeyshrLock;
  if (infomask2 & kHeapKeysUpdated) bits |= kXlhlKeysUpdated;
  return bits;
}

void FixInfomaskFromInfobits(uint8_t infobits, uint16_t* infomask, uint16_t* infomask2) {
  *infomask &= static_cast<uint16_t>(
      ~(kHeapXmaxIsMulti | kHeapXmaxLockOnly | kHeapXmaxKeyshrLock | kHeapXmaxExclLock));
  *infomask2 &= static_cast<uint16_t>(~kHeapKeysUpdated);
  if (infobits & kXlhlXmaxIsMulti) *infomask |= kHeapXmaxIsMulti;
  if (infobits & kXlhlXmaxLockOnly) *infomask |= kHeapXmaxLockOnly;
  if (infobits & kXlhlXmaxExclLock) *infomask |= kHeapXmaxExclLock;
  if (infobits & kXlhlXmaxKeyshrLock) *infomask |= kHeapXmaxKeyshrLock;
  if (infobits & kXlhlKeysUpdated) *infomask2 |= kHeapKeysUpdated;
}

}  // namespace heapwal
}  // namespace hyrax::storage
