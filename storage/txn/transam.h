// Transaction status queries used by visibility checks, and xid/OID allocation
// (PostgreSQL's transam.c + varsup.c). Status comes from the proc array (running?) and the
// clog (committed / aborted); a finished transaction with no clog status crashed, and
// counts as aborted.
#pragma once

#include "common/ids.h"
#include "wal/recovery/recovery.h"

namespace hyrax::storage {

// True when `xid` is the current transaction or one of its open subtransactions.
bool TransactionIdIsCurrentTransactionId(TransactionId xid);
// True when some backend still runs `xid` (or a subtransaction of it).
bool TransactionIdIsInProgress(TransactionId xid);
// Clog lookups; special xids: frozen/bootstrap count as committed.
bool TransactionIdDidCommit(TransactionId xid);
bool TransactionIdDidAbort(TransactionId xid);

// Allocates the next xid (extends clog when crossing a page). Requires: called by xact.cpp.
TransactionId GetNewTransactionId();
// The next xid that will be assigned (for snapshots' xmax and checkpoints).
TransactionId ReadNextTransactionId();
// Allocates a new OID >= kFirstNormalObjectId; WAL-logs the counter every 8192 OIDs so
// recovery never reissues one.
Oid GetNewObjectId();

// After recovery: continue counters from what WAL said.
void SetNextIdsAfterRecovery(const wal::StartupResult& result);

}  // namespace hyrax::storage
