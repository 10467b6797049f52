// Btree index scans (PostgreSQL's btgettuple/_bt_first/_bt_next/_bt_readpage): scan keys
// on key columns, forward or backward, positioned by binary search, returning heap TIDs in
// index order. A leaf page's matching entries are copied out under a share lock, then the
// page is unlocked and unpinned; the scan continues through the saved sibling links, so
// readers never block splits. README "Scans".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storage/btree/btree.h"

namespace hyrax::storage {

enum class ScanDirection : int8_t { kBackward = -1, kForward = 1 };

// Btree strategy numbers (pg_amop.amopstrategy).
enum class BtStrategy : uint8_t {
  kLess = 1,
  kLessEqual = 2,
  kEqual = 3,
  kGreaterEqual = 4,
  kGreater = 5,
};

// IndexScanKey::flags (PostgreSQL's SK_ISNULL, SK_SEARCHNULL, SK_SEARCHNOTNULL).
inline constexpr uint8_t kScanKeyIsNull = 0x01;         // the argument is NULL
inline constexpr uint8_t kScanKeySearchNull = 0x02;     // "col IS NULL" (strategy ignored)
inline constexpr uint8_t kScanKeySearchNotNull = 0x04;  // "col IS NOT NULL" (strategy ignored)

// "index column <op> argument". A NULL argument with an ordinary operator matches nothing.
struct IndexScanKey {
  int attno = 1;  // 1-based; key columns only
  BtStrategy strategy = BtStrategy::kEqual;
  Datum argument = 0;  // must stay valid while the scan uses the key
  uint8_t flags = 0;
  // compare(index value, argument) for a cross-type operator (btint48cmp ...); empty means
  // the column's own comparator (argument of the column's type).
  BtreeCompareFn compare;
};

// One scan over one index. Not thread-safe; the IndexRelationInfo must outlive it.
// Entries are returned as the page held them when it was read: a concurrent insertion may
// or may not be seen, a concurrent split never makes an entry appear twice or vanish.
// Heap visibility is the caller's job (fetch each TID with the scan's MVCC snapshot). The
// scan keeps no pins between calls, which is safe for MVCC snapshots only (a TID recycled
// by VACUUM after we read it belongs to a tuple our snapshot cannot see), as PostgreSQL's
// _bt_drop_lock_and_maybe_pin argues.
class BtreeScan {
 public:
  explicit BtreeScan(const IndexRelationInfo& index);
  ~BtreeScan();
  BtreeScan(const BtreeScan&) = delete;
  BtreeScan& operator=(const BtreeScan&) = delete;

  // Sets the keys (ANDed) and restarts; the next Next() positions the scan. Keys on the
  // same column are allowed (a BETWEEN is two keys). Throws XX000 for an attno outside the
  // key columns.
  void Rescan(std::vector<IndexScanKey> keys);
  // Restarts with the same keys.
  void Rescan();
  // The next matching entry in `direction` (the direction may change between calls, as for
  // scrollable cursors). False at the end; a later call starts over in its direction.
  // Throws 57014 when cancelled (checked per page), XX002 on corrupt pages, I/O errors.
  bool Next(ScanDirection direction, ItemPointerData* heap_tid);

  // The caller found that the heap chain the entry last returned by Next points at is dead
  // to every snapshot (PostgreSQL's kill_prior_tuple): when the scan leaves the page, the
  // entry gets an LP_DEAD hint, so later scans skip it and inserts may delete it. Hints
  // are applied only if the page is unchanged since it was read (same LSN; PostgreSQL's
  // _bt_killitems for scans that dropped their pin). Requires: Next returned true.
  void MarkCurrentDead();
  // Applies pending LP_DEAD hints now (PostgreSQL's btendscan does it; call before
  // destroying the scan, the destructor does no I/O). Throws I/O errors.
  void ApplyKilledItems();

  // For index-only scans: also copy each matching entry's tuple when a page is read.
  void set_want_index_tuple(bool want) { want_index_tuple_ = want; }
  // The entry last returned by Next: natts() values. By-reference values stay valid until
  // the next call to Next, Rescan or RestorePosition. Requires: set_want_index_tuple(true)
  // before the page was read, and Next returned true (XX000 otherwise).
  void GetIndexTuple(Datum* values, bool* isnull) const;

  // Merge-join support: remember the current entry, and return to it later (the next Next
  // in the same direction continues after it).
  void MarkPosition();
  void RestorePosition();

  // Pages read so far (for EXPLAIN-like statistics and tests).
  uint64_t pages_read() const { return pages_read_; }

 private:
  struct Keys;
  struct Position;

  bool First(ScanDirection direction);
  bool Step(ScanDirection direction);
  bool ReadPage(const char* page, BlockNumber block, OffsetNumber offnum, ScanDirection direction);
  bool ReadNextPage(ScanDirection direction);
  bool ReadLeftPage();
  void KillItems();

  const IndexRelationInfo& index_;
  std::unique_ptr<Keys> keys_;
  std::unique_ptr<Position> pos_;
  std::unique_ptr<Position> mark_;
  bool want_index_tuple_ = false;
  uint64_t pages_read_ = 0;
};

}  // namespace hyrax::storage
