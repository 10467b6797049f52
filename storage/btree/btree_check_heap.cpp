// The storage half of amcheck's heapallindexed check: the set of leaf tuples the walk saw
// and the lookup of the leaf tuple a heap tuple should have (formed exactly as BtreeInsert
// and BtreeBuilder form it, so equal keys give equal bytes). The executor scans the heap
// and maps table rows to index values. README "Verification".
#include <string>

#include "storage/btree/btree_check.h"
#include "storage/btree/btree_tuple.h"

namespace hyrax::storage {

void BtreeLeafFingerprints::Add(const char* leaf_tuple) {
  tuples_.emplace(leaf_tuple, btree::IndexTupleSize(leaf_tuple));
}

bool BtreeLeafFingerprints::Contains(const Datum* values, const bool* isnull,
                                     ItemPointerData heap_tid) const {
  const btree::IndexTupleBuf tuple = btree::FormLeafTuple(index_, values, isnull, heap_tid);
  return tuples_.count(std::string(tuple.data(), tuple.size())) != 0;
}

}  // namespace hyrax::storage
