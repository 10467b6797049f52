// VACUUM's store of dead TIDs (PostgreSQL 15's dead_items array): the LP_DEAD line pointers
// found by the heap scan, appended in block and offset order, so membership is a binary
// search. Bounded by maintenance_work_mem; when nearly full the scan pauses for an index and
// heap pass. Internal to storage/vacuum. README "Dead TIDs".
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "common/assert.h"
#include "storage/heap/heap_tuple.h"

namespace hyrax::storage::vacuum {

class DeadItems {
 public:
  explicit DeadItems(size_t max_items) : max_items_(max_items) {}

  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  size_t max_items() const { return max_items_; }
  // Room left before the next index pass is due.
  size_t Remaining() const { return max_items_ - std::min(max_items_, items_.size()); }

  // Appends the dead line pointers of one page. Requires: pages added in increasing block
  // order, `offsets` ascending, and room for them.
  void AddPage(BlockNumber block, const std::vector<OffsetNumber>& offsets) {
    HYRAX_ASSERT(items_.empty() || items_.back().block() < block);
    HYRAX_ASSERT(offsets.size() <= Remaining());
    for (OffsetNumber offnum : offsets) items_.push_back(ItemPointerData::Make(block, offnum));
  }

  // The index bulk-delete callback: is `tid` one of ours?
  bool Contains(ItemPointerData tid) const {
    return std::binary_search(items_.begin(), items_.end(), tid, Less);
  }

  const std::vector<ItemPointerData>& items() const { return items_; }
  void Clear() { items_.clear(); }

 private:
  static bool Less(const ItemPointerData& a, const ItemPointerData& b) {
    if (a.block() != b.block()) return a.block() < b.block();
    return a.offset() < b.offset();
  }

  size_t max_items_;
  std::vector<ItemPointerData> items_;
};

}  // namespace hyrax::storage::vacuum
