// Scan-key comparison and binary search (PostgreSQL's _bt_compare and _bt_binsrch in
// nbtsearch.c, heapkeyspace rules only). README "Ordering".
#include "storage/btree/btree_compare.h"

#include "storage/btree/btree_page.h"

namespace hyrax::storage::btree {

int CompareItemPointers(const ItemPointerData& a, const ItemPointerData& b) {
  if (a.block() != b.block()) return a.block() < b.block() ? -1 : 1;
  if (a.offset() != b.offset()) return a.offset() < b.offset() ? -1 : 1;
  return 0;
}

int CompareColumn(const IndexColumn& col, const BtreeCompareFn& cmp, Datum index_value,
                  bool index_null, Datum other, bool other_null) {
  // Result is "index value vs other" in index order.
  if (index_null || other_null) {
    if (index_null && other_null) return 0;
    // NULLs sort after everything (NULLS LAST) or before (NULLS FIRST), whatever DESC says.
    if (index_null) return col.nulls_first ? -1 : 1;
    return col.nulls_first ? 1 : -1;
  }
  int result = cmp(index_value, other);
  if (col.desc) result = result < 0 ? 1 : (result > 0 ? -1 : 0);
  return result;
}

BtScanInsert MakeInsertKey(const IndexRelationInfo& index, const char* tuple) {
  BtScanInsert key;
  Datum values[kIndexMaxKeys];
  bool isnull[kIndexMaxKeys];
  DeformIndexTuple(index, tuple, values, isnull);
  key.keysz = index.nkeyatts;
  for (int att_idx = 0; att_idx < index.nkeyatts; ++att_idx) {
    key.attrs[att_idx].value = values[att_idx];
    key.attrs[att_idx].isnull = isnull[att_idx];
    key.attrs[att_idx].compare = &index.columns[att_idx].compare;
  }
  key.has_scantid = true;
  key.scantid = *TupleHeapTid(tuple);
  return key;
}

int CompareWithTuple(const IndexRelationInfo& index, const BtScanInsert& key, const char* tuple) {
  Datum values[kIndexMaxKeys];
  bool isnull[kIndexMaxKeys];
  DeformIndexTuple(index, tuple, values, isnull);
  const int tuple_natts = TupleNatts(index, tuple);
  const int ncmp = key.keysz < tuple_natts ? key.keysz : tuple_natts;
  for (int att_idx = 0; att_idx < ncmp; ++att_idx) {
    const BtScanInsert::Attr& attr = key.attrs[att_idx];
    const int tuple_vs_key = CompareColumn(index.columns[att_idx], *attr.compare, values[att_idx],
                                           isnull[att_idx], attr.value, attr.isnull);
    if (tuple_vs_key != 0) return -tuple_vs_key;
  }
  // Every attribute both have is equal. Truncated attributes are minus infinity.
  if (key.keysz > tuple_natts) return 1;
  const ItemPointerData* heap_tid = TupleHeapTid(tuple);
  if (!key.has_scantid) {
    // A key equal to a pivot on all its untruncated attributes, whose heap TID was
    // truncated, belongs to the right of it: everything left of the pivot is strictly
    // smaller (PostgreSQL's non-pivotsearch rule in _bt_compare).
    if (heap_tid == nullptr && key.keysz == tuple_natts) return 1;
    return 0;
  }
  if (heap_tid == nullptr) return 1;
  return CompareItemPointers(key.scantid, *heap_tid);
}

int CompareWithItem(const IndexRelationInfo& index, const BtScanInsert& key, const char* page,
                    OffsetNumber offnum) {
  const BtPageOpaqueData* opaque = Opaque(page);
  if (!IsLeaf(opaque) && offnum == FirstDataOffset(opaque)) return 1;
  return CompareWithTuple(index, key, ItemAt(page, offnum));
}

OffsetNumber BinarySearch(const IndexRelationInfo& index, const BtScanInsert& key,
                          const char* page) {
  const BtPageOpaqueData* opaque = Opaque(page);
  OffsetNumber low = FirstDataOffset(opaque);
  OffsetNumber high = static_cast<OffsetNumber>(PageGetMaxOffsetNumber(page) + 1);
  if (high <= low) return low;  // empty page: the first slot (leaf); never on internal pages
  // Invariant: items before `low` are < key (<= key with nextkey); items at or after
  // `high` are >= key (> key).
  const int cmpval = key.nextkey ? 0 : 1;
  while (low < high) {
    const OffsetNumber mid = static_cast<OffsetNumber>(low + (high - low) / 2);
    if (CompareWithItem(index, key, page, mid) >= cmpval) {
      low = static_cast<OffsetNumber>(mid + 1);
    } else {
      high = mid;
    }
  }
  if (IsLeaf(opaque)) return low;
  // Internal page: the downlink of the last item before the boundary (the first data
  // item is minus infinity, so `low` is past it).
  return static_cast<OffsetNumber>(low - 1);
}

int CompareTuples(const IndexRelationInfo& index, const char* a, const char* b) {
  Datum a_values[kIndexMaxKeys];
  bool a_null[kIndexMaxKeys];
  Datum b_values[kIndexMaxKeys];
  bool b_null[kIndexMaxKeys];
  DeformIndexTuple(index, a, a_values, a_null);
  DeformIndexTuple(index, b, b_values, b_null);
  int a_natts = TupleNatts(index, a);
  int b_natts = TupleNatts(index, b);
  if (a_natts > index.nkeyatts) a_natts = index.nkeyatts;
  if (b_natts > index.nkeyatts) b_natts = index.nkeyatts;
  const int ncmp = a_natts < b_natts ? a_natts : b_natts;
  for (int att_idx = 0; att_idx < ncmp; ++att_idx) {
    const IndexColumn& col = index.columns[att_idx];
    const int result = CompareColumn(col, col.compare, a_values[att_idx], a_null[att_idx],
                                     b_values[att_idx], b_null[att_idx]);
    if (result != 0) return result;
  }
  if (a_natts != b_natts) return a_natts < b_natts ? -1 : 1;
  const ItemPointerData* a_tid = TupleHeapTid(a);
  const ItemPointerData* b_tid = TupleHeapTid(b);
  if (a_tid == nullptr || b_tid == nullptr) {
    if (a_tid == b_tid) return 0;
    return a_tid == nullptr ? -1 : 1;
  }
  return CompareItemPointers(*a_tid, *b_tid);
}

}  // namespace hyrax::storage::btree
