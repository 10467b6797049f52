// Scan-key preprocessing, the per-tuple key test and the start-key choice (PostgreSQL's
// _bt_preprocess_keys, _bt_fix_scankey_strategy, _bt_mark_scankey_required,
// _bt_checkkeys and the boundary-key loop of _bt_first). Redundant keys are not merged:
// every key is tested on every tuple, and each is a valid bound on its own.
#include "storage/btree/btree_scan_keys.h"

#include <algorithm>

#include "common/error.h"

namespace hyrax::storage::btree {

namespace {

BtStrategy Commute(BtStrategy strategy) {
  switch (strategy) {
    case BtStrategy::kLess:
      return BtStrategy::kGreater;
    case BtStrategy::kLessEqual:
      return BtStrategy::kGreaterEqual;
    case BtStrategy::kGreaterEqual:
      return BtStrategy::kLessEqual;
    case BtStrategy::kGreater:
      return BtStrategy::kLess;
    default:
      return strategy;
  }
}

bool IsLowerBound(BtStrategy s) {
  return s == BtStrategy::kGreater || s == BtStrategy::kGreaterEqual;
}
bool IsUpperBound(BtStrategy s) {
  return s == BtStrategy::kLess || s == BtStrategy::kLessEqual;
}

bool Satisfies(BtStrategy strategy, int cmp) {
  switch (strategy) {
    case BtStrategy::kLess:
      return cmp < 0;
    case BtStrategy::kLessEqual:
      return cmp <= 0;
    case BtStrategy::kEqual:
      return cmp == 0;
    case BtStrategy::kGreaterEqual:
      return cmp >= 0;
    case BtStrategy::kGreater:
      return cmp > 0;
  }
  return false;
}

// How the start key's strategy positions the scan (the switch in PostgreSQL's _bt_first):
// find the first item >= key (nextkey false) or > key (nextkey true), and whether to step
// back one item from there.
void ChooseStartRule(BtStrategy strat_total, bool forward, BtScanInsert* key, bool* goback) {
  switch (strat_total) {
    case BtStrategy::kLess:
      key->nextkey = false;
      *goback = true;
      break;
    case BtStrategy::kLessEqual:
      key->nextkey = true;
      *goback = true;
      break;
    case BtStrategy::kEqual:
      key->nextkey = !forward;
      *goback = !forward;
      break;
    case BtStrategy::kGreaterEqual:
      key->nextkey = false;
      *goback = false;
      break;
    case BtStrategy::kGreater:
      key->nextkey = true;
      *goback = false;
      break;
  }
}

}  // namespace

void PreprocessScanKeys(const IndexRelationInfo& index, std::vector<IndexScanKey> keys,
                        ScanKeySet* out) {
  out->original = std::move(keys);
  out->keys.clear();
  out->qual_ok = true;
  for (const IndexScanKey& key : out->original) {
    if (key.attno < 1 || key.attno > index.nkeyatts) {
      throw MakeError(errcode::kInternalError, "invalid scan key column {} for index \"{}\"",
                      key.attno, index.name);
    }
    const IndexColumn& col = index.columns[key.attno - 1];
    ProcessedScanKey pk;
    pk.att_idx = key.attno - 1;
    pk.compare = key.compare ? &key.compare : &col.compare;
    if ((key.flags & kScanKeySearchNull) != 0) {
      pk.strategy = BtStrategy::kEqual;
      pk.arg_null = true;
      pk.null_test = true;
    } else if ((key.flags & kScanKeySearchNotNull) != 0) {
      pk.strategy = col.nulls_first ? BtStrategy::kGreater : BtStrategy::kLess;
      pk.arg_null = true;
      pk.null_test = true;
    } else if ((key.flags & kScanKeyIsNull) != 0) {
      out->qual_ok = false;  // "col op NULL" is never true
      continue;
    } else {
      pk.strategy = col.desc ? Commute(key.strategy) : key.strategy;
      pk.argument = key.argument;
    }
    out->keys.push_back(pk);
  }
  std::stable_sort(
      out->keys.begin(), out->keys.end(),
      [](const ProcessedScanKey& a, const ProcessedScanKey& b) { return a.att_idx < b.att_idx; });
  // A key is required when every earlier column has an equality key.
  int equal_prefix = 0;  // columns [0, equal_prefix) have an equality key
  size_t idx = 0;
  while (idx < out->keys.size()) {
    const int att_idx = out->keys[idx].att_idx;
    const bool required = att_idx == equal_prefix;
    bool has_equal = false;
    for (; idx < out->keys.size() && out->keys[idx].att_idx == att_idx; ++idx) {
      ProcessedScanKey& pk = out->keys[idx];
      has_equal |= pk.strategy == BtStrategy::kEqual;
      if (!required) continue;
      pk.required_forward = !IsLowerBound(pk.strategy);
      pk.required_backward = !IsUpperBound(pk.strategy);
    }
    if (required && has_equal) equal_prefix = att_idx + 1;
  }
}

bool CheckScanKeys(const IndexRelationInfo& index, const ScanKeySet& keys, const char* tuple,
                   ScanDirection direction, bool* continuescan) {
  Datum values[kIndexMaxKeys];
  bool isnull[kIndexMaxKeys];
  DeformIndexTuple(index, tuple, values, isnull);
  const int tuple_natts = TupleNatts(index, tuple);
  const bool forward = direction == ScanDirection::kForward;
  for (const ProcessedScanKey& pk : keys.keys) {
    if (pk.att_idx >= tuple_natts) continue;  // truncated in a high key: can't tell
    const IndexColumn& col = index.columns[pk.att_idx];
    const bool value_null = isnull[pk.att_idx];
    if (value_null && !pk.null_test) {
      // NULLs match no ordinary operator. They sit at one end of this column's range, so
      // a required key ends the scan when we are moving towards them.
      if ((pk.required_forward || pk.required_backward) && forward != col.nulls_first) {
        *continuescan = false;
      }
      return false;
    }
    const int cmp =
        CompareColumn(col, *pk.compare, values[pk.att_idx], value_null, pk.argument, pk.arg_null);
    if (Satisfies(pk.strategy, cmp)) continue;
    if ((forward && pk.required_forward) || (!forward && pk.required_backward)) {
      *continuescan = false;
    }
    return false;
  }
  return true;
}

bool BuildStartKey(const IndexRelationInfo& index, const ScanKeySet& keys, ScanDirection direction,
                   BtScanInsert* key, bool* goback) {
  const bool forward = direction == ScanDirection::kForward;
  BtStrategy strat_total = BtStrategy::kEqual;
  key->keysz = 0;
  size_t idx = 0;
  for (int att_idx = 0; att_idx < index.nkeyatts; ++att_idx) {
    const ProcessedScanKey* chosen = nullptr;
    bool implies_not_null = false;
    for (; idx < keys.keys.size() && keys.keys[idx].att_idx == att_idx; ++idx) {
      const ProcessedScanKey& pk = keys.keys[idx];
      if (pk.strategy == BtStrategy::kEqual) {
        chosen = &pk;  // equality beats any inequality
      } else if (chosen == nullptr &&
                 (forward ? IsLowerBound(pk.strategy) : IsUpperBound(pk.strategy))) {
        chosen = &pk;
      } else if (chosen == nullptr && !pk.arg_null) {
        implies_not_null = true;  // an ordinary inequality the other way: no NULLs match
      }
    }
    const IndexColumn& col = index.columns[att_idx];
    BtScanInsert::Attr& attr = key->attrs[key->keysz];
    BtStrategy strategy;
    if (chosen != nullptr) {
      attr = {chosen->argument, chosen->arg_null, chosen->compare};
      strategy = chosen->strategy;
    } else if (implies_not_null && col.nulls_first == forward) {
      // Skip the NULLs at our starting end (PostgreSQL's impliesNN).
      attr = {0, true, &col.compare};
      strategy = col.nulls_first ? BtStrategy::kGreater : BtStrategy::kLess;
    } else {
      break;
    }
    ++key->keysz;
    if (strategy != BtStrategy::kEqual) {
      strat_total = strategy;
      if (strategy == BtStrategy::kGreater || strategy == BtStrategy::kLess) break;
    }
    // The next column can only help when it has keys too.
    if (idx >= keys.keys.size() || keys.keys[idx].att_idx != att_idx + 1) break;
  }
  if (key->keysz == 0) return false;
  key->has_scantid = false;
  ChooseStartRule(strat_total, forward, key, goback);
  return true;
}

}  // namespace hyrax::storage::btree
