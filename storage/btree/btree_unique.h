// Unique-constraint checking during insertion (PostgreSQL's _bt_check_unique): probe the
// heap tuples behind every entry equal to the new key. README "Unique checks".
#pragma once

#include "storage/btree/btree.h"
#include "storage/btree/btree_compare.h"
#include "storage/btree/btree_search.h"

namespace hyrax::storage::btree {

enum class UniqueOutcome : uint8_t {
  kNoConflict,
  kConflict,          // a live equal entry: the caller raises 23505
  kPossibleConflict,  // kPartial found a live equal entry
  kWait,              // an equal entry's writer is in progress: wait for `xid`, retry
};

struct UniqueCheckResult {
  UniqueOutcome outcome = UniqueOutcome::kNoConflict;
  TransactionId xid = kInvalidTransactionId;
};

// Scans the entries equal to `key` (no heap TID) starting on `leaf`, the exclusively
// locked first leaf page they can be on, moving right (share-locking one page at a time
// while keeping `leaf` locked) as long as high keys are equal. Entries pointing at
// `heap_tid` itself are skipped for kExisting. Throws XX000 "failed to re-find tuple
// within index" when kExisting does not find our own entry. Entries whose heap chain the
// probe reports dead to everyone get LP_DEAD hints (also on the share-locked pages).
UniqueCheckResult CheckUnique(const IndexRelationInfo& index, const BtScanInsert& key, BtPage& leaf,
                              ItemPointerData heap_tid, IndexUniqueCheck check,
                              const HeapProbeFn& probe);

}  // namespace hyrax::storage::btree
