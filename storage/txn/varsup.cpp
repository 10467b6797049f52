// Xid and OID allocation (PostgreSQL's varsup.c): counters in shared memory under XidGenLock
// and OidGenLock. A new xid is published in the proc array before XidGenLock is released,
// which is what makes latestCompletedXid + 1 a safe snapshot xmax (README.md).
#include <atomic>

#include "common/shmem/lwlock.h"
#include "common/shmem/shmem.h"
#include "storage/txn/clog.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/subtrans.h"
#include "storage/txn/transam.h"
#include "storage/txn/txn_internal.h"
#include "wal/rmgr/xlog_rmgr.h"

namespace hyrax::storage {

namespace {

// OIDs handed out per NEXTOID record (PostgreSQL's VAR_OID_PREFETCH).
constexpr uint32_t kOidPrefetch = 8192;

struct TransamShared {
  LWLock xid_gen_lock;                  // XidGenLock: next_xid and its publication
  std::atomic<TransactionId> next_xid;  // written under xid_gen_lock
  LWLock oid_gen_lock;                  // OidGenLock: the two fields below
  Oid next_oid;
  uint32_t oid_count;  // OIDs left before the next NEXTOID record
};

TransamShared* g_transam = nullptr;

}  // namespace

size_t TransamShmemSize() {
  return shmem::AddSize(sizeof(TransamShared), SubTrans::ShmemSize());
}

void TransamShmemInit() {
  bool found = false;
  g_transam =
      static_cast<TransamShared*>(shmem::InitStruct("transam", sizeof(TransamShared), &found));
  if (!found) {
    new (g_transam) TransamShared();
    g_transam->next_xid.store(kFirstNormalTransactionId);
    g_transam->next_oid = kFirstNormalObjectId;
    g_transam->oid_count = 0;
  }
  SubTrans::ShmemInit();
  txn_internal::ResetStatusCache();
}

TransactionId GetNewTransactionId() {
  LWLockGuard guard(g_transam->xid_gen_lock, LWLockMode::kExclusive);
  TransactionId xid = g_transam->next_xid.load();
  // TODO(#xid-wraparound): refuse new xids near wraparound once VACUUM freezes.
  Clog::ExtendForXid(xid);
  SubTrans::ExtendForXid(xid);
  g_transam->next_xid.store(TransactionIdAdvance(xid));
  if (ProcSlot* me = ProcArray::MyProc()) {
    if (!TransactionIdIsValid(me->xid.load())) {
      me->xid.store(xid);
    } else {
      txn_internal::ProcArrayAddSubxid(xid);
    }
  }
  return xid;
}

TransactionId ReadNextTransactionId() {
  return g_transam->next_xid.load();
}

Oid GetNewObjectId() {
  LWLockGuard guard(g_transam->oid_gen_lock, LWLockMode::kExclusive);
  if (g_transam->next_oid < kFirstNormalObjectId) {  // wrapped around
    g_transam->next_oid = kFirstNormalObjectId;
    g_transam->oid_count = 0;
  }
  if (g_transam->oid_count == 0) {
    wal::LogNextOid(g_transam->next_oid + kOidPrefetch);
    g_transam->oid_count = kOidPrefetch;
  }
  Oid result = g_transam->next_oid++;
  --g_transam->oid_count;
  return result;
}

void SetNextIdsAfterRecovery(const wal::StartupResult& result) {
  TransactionId next_xid;
  {
    LWLockGuard guard(g_transam->xid_gen_lock, LWLockMode::kExclusive);
    next_xid = g_transam->next_xid.load();
    if (TransactionIdPrecedes(next_xid, result.next_xid)) next_xid = result.next_xid;
    if (!TransactionIdIsNormal(next_xid)) next_xid = kFirstNormalTransactionId;
    g_transam->next_xid.store(next_xid);
  }
  {
    LWLockGuard guard(g_transam->oid_gen_lock, LWLockMode::kExclusive);
    g_transam->next_oid = result.next_oid;
    g_transam->oid_count = 0;  // log a fresh range before handing out the next OID
  }
  txn_internal::ProcArraySetNextXid(next_xid);
}

void FillCheckpointCounters(wal::CheckpointData& data) {
  data.next_xid = ReadNextTransactionId();
  // Past the whole range already WAL-logged, as PostgreSQL's online checkpoints: OIDs handed
  // out while the checkpoint runs are covered by a NEXTOID record before its redo pointer.
  // (PostgreSQL skips this at shutdown; the hook cannot tell, and a skipped range is harmless.)
  LWLockGuard guard(g_transam->oid_gen_lock, LWLockMode::kShared);
  data.next_oid = g_transam->next_oid + g_transam->oid_count;
}

namespace txn_internal {

void AdvanceNextXidPast(TransactionId xid) {
  if (!TransactionIdIsNormal(xid)) return;
  LWLockGuard guard(g_transam->xid_gen_lock, LWLockMode::kExclusive);
  if (TransactionIdFollowsOrEquals(xid, g_transam->next_xid.load())) {
    g_transam->next_xid.store(TransactionIdAdvance(xid));
  }
}

}  // namespace txn_internal

}  // namespace hyrax::storage
