// The visibility map's WAL record: PostgreSQL's XLOG_HEAP2_VISIBLE, written by
// VisibilityMap::Set and replayed by VisibilityMap::RedoSet. It lives in the heap resource
// manager (wal::RmgrId::kHeap, which dispatches it here) because it always changes a heap
// page as well. storage/vm/README.md "WAL".
#pragma once

#include <cstdint>

#include "common/ids.h"

namespace hyrax::storage::vmwal {

// The record type in the heap rmgr's info byte (heapwal::kOpMask values; heap_wal.h
// reserves it as heapwal::kVisible).
inline constexpr uint8_t kHeapVisible = 0x70;

// Main data. Block 0: the map page (non-standard registration: the map lives in the page's
// "hole"); block 1: the heap page, which gets PD_ALL_VISIBLE.
struct Visible {
  TransactionId cutoff_xid;  // newest xmin on the page
  uint8_t flags;             // kVmAllVisible [| kVmAllFrozen]
  uint8_t pad[3];
};
static_assert(sizeof(Visible) == 8);

}  // namespace hyrax::storage::vmwal
