// The executor half of bt_index_check / bt_index_parent_check (PostgreSQL's contrib/amcheck
// verify_nbtree.c): locks the table and the index, checks the tree through
// storage::BtreeCheck and, with heapallindexed, scans the table to find an index entry for
// every row that must have one. executor/commands/README.md "Index checks".
#pragma once

#include "common/ids.h"

namespace hyrax::executor::commands {

struct IndexCheckRequest {
  // bt_index_parent_check: ShareLock on table and index (writers wait), parent/child
  // checks, and heapallindexed covers every tuple not yet removable by VACUUM.
  // bt_index_check: AccessShareLock, concurrent writers allowed, heapallindexed covers the
  // rows visible to the statement's snapshot.
  bool parent_check = false;
  bool heapallindexed = false;
  bool rootdescend = false;  // parent_check only: re-find every leaf tuple from the root
};

// Checks index `index_oid`. Returns normally when it is sound. Throws XX002 (index
// corrupted) with amcheck's message for the first violated invariant or for a row that
// lacks its index entry; 42809 "\"x\" is not an index"; 0A000 for indexes other than
// btree; XX000 "could not open relation with OID n" for an unknown OID.
// Requires: an open transaction. The locks are held until it ends.
void CheckBtreeIndex(Oid index_oid, const IndexCheckRequest& request);

}  // namespace hyrax::executor::commands
