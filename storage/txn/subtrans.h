// The subtransaction parent map (PostgreSQL's pg_subtrans): for each subtransaction xid, the
// xid of its parent, so a subxid can be resolved to its top-level transaction when the proc
// array's subxid cache overflowed. Scratch data: kept in an SLRU whose files
// (pg_subtrans/) are discarded at every start. storage/txn/README.md ("Subtransactions").
#pragma once

#include <cstddef>

#include "common/ids.h"

namespace hyrax::storage {

class SubTrans {
 public:
  static size_t ShmemSize();
  // Also removes the files of the previous server life.
  static void ShmemInit();

  // Records `parent` as the parent of the subtransaction `xid`. Requires: parent < xid.
  static void SetParent(TransactionId xid, TransactionId parent);
  // kInvalidTransactionId for a top-level xid (or one assigned before this server start).
  static TransactionId GetParent(TransactionId xid);
  // Follows parents up to the top-level transaction; `xid` itself when it has no parent.
  // Throws XX000 when the map holds a parent that does not precede its child.
  static TransactionId GetTopmost(TransactionId xid);
  // Zeroes the page of `xid` when it is the first xid on it (under XidGenLock, like
  // PostgreSQL's ExtendSUBTRANS).
  static void ExtendForXid(TransactionId xid);
};

}  // namespace hyrax::storage
