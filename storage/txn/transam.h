// Transaction status queries used by visibility checks, and xid/OID allocation
// (PostgreSQL's transam.c + varsup.c). Status comes from the proc array (running?) and the
// clog (committed / aborted); a finished transaction with no clog status crashed, and
// counts as aborted.
#pragma once

#include <cstddef>

#include "common/ids.h"
#include "wal/control/control_file.h"
#include "wal/recovery/recovery.h"

namespace hyrax::storage {

// True when `xid` is the current transaction or one of its open subtransactions.
bool TransactionIdIsCurrentTransactionId(TransactionId xid);
// True when some backend still runs `xid` (or a subtransaction of it).
bool TransactionIdIsInProgress(TransactionId xid);
// Clog lookups; special xids: frozen/bootstrap count as committed.
bool TransactionIdDidCommit(TransactionId xid);
bool TransactionIdDidAbort(TransactionId xid);

// Shared state of this file: the xid and OID counters and the subtransaction parent map
// (pg_subtrans). Clog, ProcArray and LockManager have their own ShmemSize/ShmemInit.
size_t TransamShmemSize();
void TransamShmemInit();

// Allocates the next xid (extends clog when crossing a page) and publishes it in MyProc()
// under XidGenLock: as its top-level xid when it has none, else in its subxid cache.
// Requires: called by xact.cpp.
TransactionId GetNewTransactionId();
// The next xid that will be assigned (for snapshots' xmax and checkpoints).
TransactionId ReadNextTransactionId();
// Allocates a new OID >= kFirstNormalObjectId; WAL-logs the counter every 8192 OIDs so
// recovery never reissues one.
Oid GetNewObjectId();

// After recovery: continue counters from what WAL said (and past every xid that xact redo
// saw, subtransaction xids included).
void SetNextIdsAfterRecovery(const wal::StartupResult& result);
// Checkpoint hook (wal::CheckpointHooks::fill_counters): next_xid and next_oid (the end of
// the OID range already WAL-logged, as PostgreSQL's online checkpoints).
void FillCheckpointCounters(wal::CheckpointData& data);

}  // namespace hyrax::storage
