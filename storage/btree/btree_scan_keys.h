// Scan-key handling for btree scans (PostgreSQL's nbtutils.c _bt_preprocess_keys and
// _bt_checkkeys, and the boundary-key choice of _bt_first): strategies in index order,
// which keys are "required" (their failure ends the scan in one direction), the
// positioning key and the per-tuple test. README "Scans".
#pragma once

#include <vector>

#include "storage/btree/btree_compare.h"
#include "storage/btree/btree_scan.h"

namespace hyrax::storage::btree {

struct ProcessedScanKey {
  int att_idx = 0;  // 0-based column
  // The strategy in index order: commuted for DESC columns; IS NULL is kEqual against a
  // NULL argument, IS NOT NULL is kGreater (NULLS FIRST) or kLess (NULLS LAST) than NULL.
  BtStrategy strategy = BtStrategy::kEqual;
  Datum argument = 0;
  bool arg_null = false;
  bool null_test = false;  // IS NULL / IS NOT NULL: NULL values may match
  const BtreeCompareFn* compare = nullptr;
  bool required_forward = false;   // failing it going forward ends the scan
  bool required_backward = false;  // failing it going backward ends the scan
};

struct ScanKeySet {
  std::vector<IndexScanKey> original;  // owns the comparators `keys` point to
  std::vector<ProcessedScanKey> keys;  // sorted by column
  bool qual_ok = true;                 // false: some key can never be true
};

// Builds `out` from the caller's keys. Throws XX000 for a column outside the key columns.
void PreprocessScanKeys(const IndexRelationInfo& index, std::vector<IndexScanKey> keys,
                        ScanKeySet* out);

// True when `tuple` satisfies every key on its first `tuple_natts` columns (keys on
// truncated columns of a high key are skipped). Clears *continuescan when a required key
// fails in `direction`: no later tuple that way can match.
bool CheckScanKeys(const IndexRelationInfo& index, const ScanKeySet& keys, const char* tuple,
                   ScanDirection direction, bool* continuescan);

// The insertion key to position a scan in `direction` (PostgreSQL's _bt_first): *goback
// says to step back one item from the binary search result. Returns false when no key
// bounds the start: begin at the first or last leaf.
bool BuildStartKey(const IndexRelationInfo& index, const ScanKeySet& keys, ScanDirection direction,
                   BtScanInsert* key, bool* goback);

}  // namespace hyrax::storage::btree
