// Convenience wrappers over the lock manager (PostgreSQL's lmgr.c): relation, extension,
// transaction and tuple locks in the current database, and waiting for another
// transaction (XactLockTableWait) that follows a finished subtransaction to its top level.
#include <unistd.h>
#include <utility>
#include <vector>

#include "common/assert.h"
#include "common/error.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/subtrans.h"
#include "storage/txn/transam.h"

namespace hyrax::storage {

Oid g_my_database_id = kInvalidOid;

namespace {

std::vector<std::function<void()>>& RelationLockCallbacks() {
  static std::vector<std::function<void()>> callbacks;
  return callbacks;
}

void AfterRelationLock(LockResult result) {
  if (result != LockResult::kAcquired) return;
  for (const auto& callback : RelationLockCallbacks()) callback();
}

// Shared lock on the xid, released at once: returns when the transaction ended (or, with
// `dont_wait`, false when it has not).
bool WaitForXidLock(TransactionId xid, bool dont_wait) {
  LockTag tag = LockTag::Transaction(xid);
  if (LockManager::Acquire(tag, LockMode::kShare, false, dont_wait) == LockResult::kNotAvailable) {
    return false;
  }
  LockManager::Release(tag, LockMode::kShare);
  return true;
}

// PostgreSQL's XactLockTableWait loop: a subtransaction's xid lock goes away at its abort,
// while its top level may still run; continue with the top level until it is gone too.
bool WaitForTransaction(TransactionId xid, bool dont_wait) {
  HYRAX_CHECK(!TransactionIdIsCurrentTransactionId(xid),
              "cannot wait for a transaction of this backend");
  for (bool first = true;; first = false) {
    if (!WaitForXidLock(xid, dont_wait)) return false;
    if (!TransactionIdIsInProgress(xid)) return true;
    // The lock was free yet the xid runs: it is a subtransaction that ended. Its xid lock
    // is gone, so wait on the top level instead (back off a little, as PostgreSQL does, in
    // the rare case that the top level has not taken its own lock yet).
    if (!first) usleep(1000);
    xid = SubTrans::GetTopmost(xid);
  }
}

}  // namespace

void RegisterRelationLockCallback(std::function<void()> callback) {
  RelationLockCallbacks().push_back(std::move(callback));
}

void LockRelationOid(Oid relid, LockMode mode) {
  AfterRelationLock(LockManager::Acquire(LockTag::Relation(g_my_database_id, relid), mode));
}

bool ConditionalLockRelationOid(Oid relid, LockMode mode) {
  LockResult result =
      LockManager::Acquire(LockTag::Relation(g_my_database_id, relid), mode, false, true);
  if (result == LockResult::kNotAvailable) return false;
  AfterRelationLock(result);
  return true;
}

void UnlockRelationOid(Oid relid, LockMode mode) {
  LockManager::Release(LockTag::Relation(g_my_database_id, relid), mode);
}

void LockSharedRelationOid(Oid relid, LockMode mode) {
  AfterRelationLock(LockManager::Acquire(LockTag::Relation(kInvalidOid, relid), mode));
}

void LockRelationForExtension(Oid relid) {
  LockManager::Acquire(LockTag::RelationExtend(g_my_database_id, relid), LockMode::kExclusive);
}

void UnlockRelationForExtension(Oid relid) {
  LockManager::Release(LockTag::RelationExtend(g_my_database_id, relid), LockMode::kExclusive);
}

void XactLockTableInsert(TransactionId xid) {
  LockManager::Acquire(LockTag::Transaction(xid), LockMode::kExclusive);
}

void XactLockTableWait(TransactionId xid) {
  WaitForTransaction(xid, /*dont_wait=*/false);
}

bool ConditionalXactLockTableWait(TransactionId xid) {
  return WaitForTransaction(xid, /*dont_wait=*/true);
}

void LockTuple(Oid relid, BlockNumber block, OffsetNumber offset, LockMode mode) {
  LockManager::Acquire(LockTag::Tuple(g_my_database_id, relid, block, offset), mode);
}

bool ConditionalLockTuple(Oid relid, BlockNumber block, OffsetNumber offset, LockMode mode) {
  return LockManager::Acquire(LockTag::Tuple(g_my_database_id, relid, block, offset), mode, false,
                              true) != LockResult::kNotAvailable;
}

void UnlockTuple(Oid relid, BlockNumber block, OffsetNumber offset, LockMode mode) {
  LockManager::Release(LockTag::Tuple(g_my_database_id, relid, block, offset), mode);
}

}  // namespace hyrax::storage
