// Ordering of index entries: insertion scan keys (PostgreSQL's BTScanInsert), the
// comparison of a scan key with a page item (_bt_compare: DESC, NULLS FIRST/LAST,
// truncated attributes and heap TIDs as minus infinity), the binary search of a page
// (_bt_binsrch) and the comparison of two tuples used by sorting and verification.
// README "Ordering".
#pragma once

#include "storage/btree/btree.h"
#include "storage/btree/btree_tuple.h"

namespace hyrax::storage::btree {

// A search key: values for a prefix of the key columns, optionally the heap TID.
struct BtScanInsert {
  struct Attr {
    Datum value = 0;
    bool isnull = false;
    // compare(index value, value); cross-type when built from a scan key.
    const BtreeCompareFn* compare = nullptr;
  };
  int keysz = 0;
  Attr attrs[kIndexMaxKeys];
  // false: find the first item >= key; true: the first item > key.
  bool nextkey = false;
  bool has_scantid = false;
  ItemPointerData scantid;
};

// Scan key for inserting `tuple` (a leaf tuple): every key attribute and its heap TID.
// By-reference values point into `tuple`.
BtScanInsert MakeInsertKey(const IndexRelationInfo& index, const char* tuple);

// Compares the key with item `offnum` of `page`: < 0 when the key sorts before it, 0 when
// equal on every attribute the key has, > 0 after. The first data item of an internal page
// is minus infinity (always < key). Requires: the page is locked.
int CompareWithItem(const IndexRelationInfo& index, const BtScanInsert& key, const char* page,
                    OffsetNumber offnum);
// Same against a tuple held elsewhere (a copied high key).
int CompareWithTuple(const IndexRelationInfo& index, const BtScanInsert& key, const char* tuple);

// Leaf page: the first item >= key (> key with nextkey), maybe one past the last item.
// Internal page: the last item < key (<= key with nextkey): the downlink to follow.
OffsetNumber BinarySearch(const IndexRelationInfo& index, const BtScanInsert& key,
                          const char* page);

// Total order of two tuples (leaf or pivot): key attributes in index order, then heap TID;
// truncated attributes and a missing heap TID sort as minus infinity.
int CompareTuples(const IndexRelationInfo& index, const char* a, const char* b);

// Compares one non-null-or-null pair in index order for column `col` (DESC and NULLS
// placement applied). `cmp` compares (index value, other value).
int CompareColumn(const IndexColumn& col, const BtreeCompareFn& cmp, Datum index_value,
                  bool index_null, Datum other, bool other_null);

int CompareItemPointers(const ItemPointerData& a, const ItemPointerData& b);

}  // namespace hyrax::storage::btree
