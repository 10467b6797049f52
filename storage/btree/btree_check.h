// The amcheck-style index checker (PostgreSQL's contrib/amcheck verify_nbtree.c): what
// bt_index_check and bt_index_parent_check run. BtreeCheck walks the tree (structure,
// order, links, parent/child agreement); BtreeLeafFingerprints is the
// storage half of the heapallindexed check, whose heap scan the executor drives.
// README "Verification".
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/error.h"
#include "storage/btree/btree.h"

namespace hyrax::storage {

struct BtreeCheckOptions {
  // bt_index_parent_check: also match every downlink with its child page and its bounds,
  // and require every initialised page to be reachable from the root. Requires: no
  // concurrent writers (ShareLock on the index). Without it (bt_index_check) the walk
  // tolerates concurrent page splits and root splits.
  bool parent_check = true;
  // Re-find every leaf tuple with a fresh search from the root (amcheck's rootdescend).
  bool rootdescend = false;
  // Called with each leaf (non-pivot) tuple the walk visits, under its page's share lock;
  // the bytes are valid only during the call (heapallindexed fingerprints them).
  std::function<void(const char* leaf_tuple)> visit_leaf_tuple;
};

// The kind of invariant a problem violates; picks the primary error message (amcheck's
// wording where amcheck has the same check).
enum class BtreeInvariant : uint8_t {
  kMetapage,      // metapage or root unusable
  kPageHeader,    // level, flags, root flag
  kTupleFormat,   // pivot/non-pivot kind, sizes, heap TIDs, downlink values
  kItemOrder,     // items of one page out of order
  kHighKey,       // an item above its page's high key
  kCrossPage,     // a page's items not above its left sibling's high key
  kSiblingLinks,  // left-link disagrees with the right-link walk, cycles
  kParentChild,   // downlinks, their keys, levels below the root (parent_check only)
  kUnreachable,   // an initialised page outside the tree (parent_check only)
  kRootDescend,   // a leaf tuple a search from the root does not find (rootdescend only)
};

struct BtreeProblem {
  BtreeInvariant invariant;
  BlockNumber block;  // where it was found
  std::string text;   // what is wrong, e.g. "items 3 and 4 are out of order"
};

// Checks the index's structure. Returns every problem found, in walk order (empty: the
// index is sound). Reads one page at a time under share locks, plus the metapage.
// Requires: the caller holds AccessShareLock on the index (ShareLock for parent_check).
// Throws I/O errors and XX002 for pages that cannot be read as btree pages at all.
std::vector<BtreeProblem> BtreeCheck(const IndexRelationInfo& index,
                                     const BtreeCheckOptions& options);

// The XX002 index_corrupted error for `problem`, with amcheck's primary message for the
// invariant and the block and the problem in the detail.
Error BtreeProblemError(const IndexRelationInfo& index, const BtreeProblem& problem);

// "block N: text", for logs and tests.
std::string DescribeProblem(const BtreeProblem& problem);

// heapallindexed: the exact bytes of every leaf tuple the walk visited (amcheck uses a
// Bloom filter; we keep the set exact), then a lookup of the leaf tuple a heap tuple
// should have.
class BtreeLeafFingerprints {
 public:
  explicit BtreeLeafFingerprints(const IndexRelationInfo& index) : index_(index) {}

  // Remembers one leaf tuple (BtreeCheckOptions::visit_leaf_tuple).
  void Add(const char* leaf_tuple);
  // True when the index holds a leaf tuple with exactly these values (natts() of them,
  // key columns first) pointing at `heap_tid`. Throws 54000 like BtreeInsert when the
  // values cannot form an index tuple at all.
  bool Contains(const Datum* values, const bool* isnull, ItemPointerData heap_tid) const;
  size_t size() const { return tuples_.size(); }

 private:
  const IndexRelationInfo& index_;
  std::unordered_set<std::string> tuples_;
};

}  // namespace hyrax::storage
