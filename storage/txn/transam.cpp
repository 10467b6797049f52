// Transaction status queries (PostgreSQL's transam.c): clog lookups with a one-entry cache
// of the last final status seen, subcommitted xids resolved through their parent, and
// "in progress" answered by the current transaction and the proc array.
#include "storage/txn/transam.h"

#include "storage/txn/clog.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/subtrans.h"
#include "storage/txn/txn_internal.h"

namespace hyrax::storage {

namespace {

// Only final statuses are cached: they never change for the life of the xid.
TransactionId g_cached_xid = kInvalidTransactionId;
XidStatus g_cached_status = XidStatus::kInProgress;

XidStatus FetchStatus(TransactionId xid) {
  if (xid == g_cached_xid) return g_cached_status;
  XidStatus status = Clog::GetStatus(xid);
  if (status == XidStatus::kCommitted || status == XidStatus::kAborted) {
    g_cached_xid = xid;
    g_cached_status = status;
  }
  return status;
}

}  // namespace

namespace txn_internal {
void ResetStatusCache() {
  g_cached_xid = kInvalidTransactionId;
}
}  // namespace txn_internal

bool TransactionIdDidCommit(TransactionId xid) {
  if (!TransactionIdIsNormal(xid)) {
    return xid == kBootstrapTransactionId || xid == kFrozenTransactionId;
  }
  switch (FetchStatus(xid)) {
    case XidStatus::kCommitted:
      return true;
    case XidStatus::kSubCommitted: {
      // Committed only if its parent (eventually the top level) committed.
      TransactionId parent = SubTrans::GetParent(xid);
      if (!TransactionIdIsValid(parent)) return false;  // from before a restart: it crashed
      return TransactionIdDidCommit(parent);
    }
    default:
      return false;
  }
}

bool TransactionIdDidAbort(TransactionId xid) {
  if (!TransactionIdIsNormal(xid)) return false;
  switch (FetchStatus(xid)) {
    case XidStatus::kAborted:
      return true;
    case XidStatus::kSubCommitted: {
      TransactionId parent = SubTrans::GetParent(xid);
      if (!TransactionIdIsValid(parent)) return true;
      return TransactionIdDidAbort(parent);
    }
    default:
      return false;
  }
}

bool TransactionIdIsInProgress(TransactionId xid) {
  if (!TransactionIdIsNormal(xid)) return false;
  if (TransactionIdIsCurrentTransactionId(xid)) return true;
  return ProcArray::IsInProgress(xid);
}

}  // namespace hyrax::storage
