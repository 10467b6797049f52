// Visibility map (PostgreSQL's visibilitymap.c): two bits per heap page in the relation's
// _vm fork, ALL_VISIBLE (every tuple is visible to every snapshot) and ALL_FROZEN (and
// needs no freezing), read and written through the buffer pool. Setting a bit is WAL-logged
// together with the heap page's PD_ALL_VISIBLE; clearing rides on the heap record that made
// the page lose all-visibility. storage/vm/README.md has the layout and the rules.
#pragma once

#include <cstdint>

#include "common/ids.h"
#include "common/relfile.h"
#include "storage/buffer/buffer_manager.h"

namespace hyrax::wal {
class DecodedRecord;
}

namespace hyrax::storage {

// Bits per heap page (PostgreSQL's VISIBILITYMAP_*).
inline constexpr uint8_t kVmAllVisible = 0x01;
inline constexpr uint8_t kVmAllFrozen = 0x02;
inline constexpr uint8_t kVmValidBits = kVmAllVisible | kVmAllFrozen;

// Where a heap page's two bits live.
struct VmAddress {
  BlockNumber map_block;  // block of the _vm fork
  uint32_t byte;          // byte within the map area of that page
  uint32_t shift;         // bit position of the page's bits within the byte (0, 2, 4, 6)
};

class VisibilityMap {
 public:
  // Heap pages covered by one map page: (8192 - 24) bytes * 4 (PostgreSQL's
  // HEAPBLOCKS_PER_PAGE).
  static constexpr uint32_t kHeapBlocksPerPage = 32672;

  static VmAddress Locate(BlockNumber heap_block);

  // Pins the map page covering `heap_block`. With `extend`, creates the fork and extends it
  // (new pages initialised, not WAL-logged) as needed; otherwise returns an invalid pin when
  // the page does not exist. May do I/O: call before entering a critical section (and,
  // where possible, before locking the heap page, as PostgreSQL's visibilitymap_pin).
  // Throws I/O errors.
  static PinnedBuffer Pin(const RelFileLocator& locator, BlockNumber heap_block, bool extend);

  // The bits of `heap_block` (0 when the map page does not exist). Takes a share lock on the
  // map page briefly; the answer may be stale as soon as it returns unless the caller holds
  // the heap page's content lock. `vm_pin` caches the map page between calls (index-only
  // scans, VACUUM's skipping): it is replaced when another map page is needed and released
  // by the caller. Throws I/O errors.
  static uint8_t GetStatus(const RelFileLocator& locator, BlockNumber heap_block,
                           PinnedBuffer* vm_pin);
  static uint8_t GetStatus(const RelFileLocator& locator, BlockNumber heap_block);
  // Index-only scans: is every tuple on the page visible to every snapshot?
  static bool IsAllVisible(const RelFileLocator& locator, BlockNumber heap_block,
                           PinnedBuffer* vm_pin);
  static bool IsAllVisible(const RelFileLocator& locator, BlockNumber heap_block);

  // Sets `flags` (kVmAllVisible, optionally with kVmAllFrozen) for the page exclusively
  // locked in *heap_lock, and PD_ALL_VISIBLE on the page, in one critical section with one
  // WAL record (PostgreSQL's XLOG_HEAP2_VISIBLE: block 0 the map page, block 1 the heap
  // page); both pages get the record's LSN, so the map page cannot reach disk before the
  // record (the WAL rule). `cutoff_xid` is the newest xmin on the page (kept for a future
  // hot standby's conflict checks). Does nothing when the bits are set already.
  // Requires: *heap_lock exclusive on heap page `heap_block` of `locator`; `vm_pin` from
  // Pin(locator, heap_block, /*extend=*/true); every tuple on the page really is visible to
  // all (and frozen, for kVmAllFrozen). Returns whether anything changed.
  static bool Set(const RelFileLocator& locator, BlockNumber heap_block, BufferLock* heap_lock,
                  const PinnedBuffer& vm_pin, TransactionId cutoff_xid, uint8_t flags);

  // Clears `flags` of `heap_block` on the pinned map page (no-op for an invalid pin).
  // Not WAL-logged by itself: the caller's heap record carries a flag so redo clears it too
  // (clearing is always safe). Never throws; may run inside a critical section.
  // Requires: the caller holds the heap page's exclusive content lock (heap page lock ->
  // map page lock is the lock order). Returns whether any of the bits was set.
  static bool Clear(const PinnedBuffer& vm_pin, BlockNumber heap_block, uint8_t flags);

  struct Counts {
    BlockNumber all_visible = 0;
    BlockNumber all_frozen = 0;
  };
  // Pages marked all-visible / all-frozen (pg_class.relallvisible). Throws I/O errors.
  static Counts Count(const RelFileLocator& locator);
  static BlockNumber CountAllVisible(const RelFileLocator& locator) {
    return Count(locator).all_visible;
  }

  // Forgets the bits of heap pages >= `nheapblocks` and shortens the fork (PostgreSQL's
  // visibilitymap_prepare_truncate + smgrtruncate of the VM fork). The partial last map
  // page is changed without WAL: a torn write only loses bits (map pages are read with
  // kZeroOnError). Requires: the same as BufferManager::TruncateFork (AccessExclusiveLock
  // on the relation, no pin of ours on the map). Also used by redo.
  static void Truncate(const RelFileLocator& locator, BlockNumber nheapblocks);

  // ---- Redo (called by storage/heap's redo routines) ----

  // Clears `flags` of `heap_block` during recovery, whether or not the heap page itself
  // still needs the record (PostgreSQL's heap redo does this first). A missing map page is
  // fine (nothing was set).
  static void ClearForRedo(const RelFileLocator& locator, BlockNumber heap_block, uint8_t flags);
  // Redo of the record written by Set (heap resource manager, type vmwal::kHeapVisible).
  static void RedoSet(const wal::DecodedRecord& record);
};

}  // namespace hyrax::storage
