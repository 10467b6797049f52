// Masking a heap page for comparisons of a replayed page with the original (PostgreSQL's
// heap_mask for wal_consistency_checking): everything redo may legitimately produce
// differently is overwritten with a marker. storage/heap/README.md "Redo".
#include <cstring>

#include "storage/heap/heap_am.h"
#include "storage/page/page.h"

namespace hyrax::storage {
namespace {

constexpr uint8_t kMaskMarker = 0;

}  // namespace

void HeapMaskPage(char* page) {
  PageHeaderData* header = GetPageHeader(page);
  // LSN and checksum; the prune hint and the flag hints (mask_page_hint_bits).
  header->pd_lsn = 0;
  header->pd_checksum = 0;
  header->pd_prune_xid = kMaskMarker;
  header->pd_flags &= static_cast<uint16_t>(~(kPdPageFull | kPdHasFreeLines | kPdAllVisible));
  // Unused space between the line pointers and the tuples (mask_unused_space).
  if (header->pd_lower < header->pd_upper && header->pd_upper <= kBlockSize) {
    std::memset(page + header->pd_lower, kMaskMarker, header->pd_upper - header->pd_lower);
  }
  OffsetNumber max_offset = PageGetMaxOffsetNumber(page);
  for (OffsetNumber offnum = kFirstOffsetNumber; offnum <= max_offset; ++offnum) {
    ItemIdData* item = PageGetItemId(page, offnum);
    if (item->lp_flags != kLpNormal) continue;
    auto* tuple = reinterpret_cast<HeapTupleHeaderData*>(PageGetItem(page, item));
    // Hint bits are not WAL-logged; cids are not logged (redo stores kFirstCommandId), so
    // whether a combo cid was used is not either.
    tuple->t_infomask &= static_cast<uint16_t>(~(kHeapHintBits | kHeapComboCid));
    tuple->t_cid = kMaskMarker;
    size_t len = item->lp_len;
    size_t padded = MaxAlign(len);
    if (padded > len && item->lp_off + padded <= kBlockSize) {
      std::memset(page + item->lp_off + len, kMaskMarker, padded - len);
    }
  }
}

}  // namespace hyrax::storage
