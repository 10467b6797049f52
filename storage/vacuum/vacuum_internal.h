// State shared by the phases of one lazy VACUUM (PostgreSQL's LVRelState) and the phase
// functions: the heap scan (vacuum_scan.cpp), the index and second heap pass
// (vacuum_heap_pass.cpp), truncation (vacuum_truncate.cpp). Internal to storage/vacuum.
// storage/vacuum/README.md "Phases".
#pragma once

#include "storage/vacuum/dead_items.h"
#include "storage/vacuum/vacuum.h"

namespace hyrax::storage::vacuum {

struct LazyVacuumState {
  LazyVacuumState(const HeapRelation& r, const VacuumOptions& o, const VacuumIndexes& i,
                  VacuumResult* res, size_t max_dead_items)
      : rel(r), options(o), indexes(i), result(res), dead_items(max_dead_items) {}

  const HeapRelation& rel;
  const VacuumOptions& options;
  const VacuumIndexes& indexes;
  VacuumResult* result;

  TransactionId oldest_xmin = kInvalidTransactionId;  // tuples deleted before it are dead
  TransactionId freeze_limit = kInvalidTransactionId;
  bool aggressive = false;
  // Oldest xid left unfrozen in the relation (starts at oldest_xmin); the new relfrozenxid
  // unless an all-visible but not all-frozen page was skipped.
  TransactionId new_relfrozenxid = kInvalidTransactionId;
  bool skipped_all_visible = false;
  BlockNumber rel_pages = 0;
  BlockNumber nonempty_pages = 0;  // 1 + last page that keeps tuples
  DeadItems dead_items;
  // The visibility map page of the last heap page looked at (PostgreSQL's vmbuffer).
  PinnedBuffer vm_pin;

  // The map page of `heap_block`, pinned (the fork extended as needed). Do I/O here before
  // locking the heap page.
  const PinnedBuffer& PinVisibilityMap(BlockNumber heap_block);
  // Lowers new_relfrozenxid to `xid` when it is a normal, older xid.
  void NoteUnfrozenXid(TransactionId xid);
};

// What a page holds after pruning, as far as the visibility map is concerned
// (heap_page_is_all_visible).
struct PageVisibility {
  bool all_visible = true;
  bool all_frozen = true;
  TransactionId cutoff_xid = kInvalidTransactionId;  // newest xmin on the page
};

// Phase 1: scans every page not skipped through the visibility map; runs index and heap
// passes whenever the dead-TID store fills up.
void ScanHeap(LazyVacuumState& state);
// Phases 2 and 3 for the TIDs collected so far: every index, then every heap page with dead
// line pointers; empties the store.
void VacuumIndexesAndHeap(LazyVacuumState& state);
// Checks the locked page for all-visibility after the second heap pass. Requires: exclusive
// content lock in *lock.
PageVisibility CheckPageVisibility(const LazyVacuumState& state, BufferLock* lock);
// Sets the page's visibility map bits when they are not set yet, counting the change.
// Requires: exclusive lock on the page, state.PinVisibilityMap(block) done before locking.
void SetVisibilityMapBits(LazyVacuumState& state, BlockNumber block, BufferLock* lock,
                          const PageVisibility& visibility);
// Phase 4: truncates empty pages at the end when worthwhile and AccessExclusiveLock is free.
void MaybeTruncateHeap(LazyVacuumState& state);

}  // namespace hyrax::storage::vacuum
