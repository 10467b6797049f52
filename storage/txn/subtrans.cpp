// pg_subtrans on the SLRU (see storage/txn/subtrans.h): 4 bytes (the parent xid) per xid,
// 2048 xids per page. Never fsynced: after a restart no subtransaction is running, so the
// map only has to be right for xids assigned since.
#include "storage/txn/subtrans.h"

#include <cstring>

#include "common/error.h"
#include "storage/txn/slru.h"

namespace hyrax::storage {

namespace {

constexpr uint32_t kXidsPerPage = kBlockSize / sizeof(TransactionId);  // 2048
constexpr int kSubTransBuffers = 32;                                   // as PostgreSQL

Slru& SubTransSlru() {
  static Slru slru(SlruConfig{"subtrans", "pg_subtrans", kSubTransBuffers, kXidsPerPage,
                              /*durable=*/false, nullptr});
  return slru;
}

uint32_t PageOf(TransactionId xid) {
  return xid / kXidsPerPage;
}
size_t OffsetOf(TransactionId xid) {
  return (xid % kXidsPerPage) * sizeof(TransactionId);
}

}  // namespace

size_t SubTrans::ShmemSize() {
  return SubTransSlru().ShmemSize();
}

void SubTrans::ShmemInit() {
  SubTransSlru().ShmemInit();
}

void SubTrans::SetParent(TransactionId xid, TransactionId parent) {
  const size_t at = OffsetOf(xid);
  SubTransSlru().Update(PageOf(xid), kInvalidLsn,
                        [&](char* page) { std::memcpy(page + at, &parent, sizeof(parent)); });
}

TransactionId SubTrans::GetParent(TransactionId xid) {
  if (!TransactionIdIsNormal(xid)) return kInvalidTransactionId;
  TransactionId parent = kInvalidTransactionId;
  SubTransSlru().Read(PageOf(xid), OffsetOf(xid), &parent, sizeof(parent));
  return parent;
}

TransactionId SubTrans::GetTopmost(TransactionId xid) {
  TransactionId current = xid;
  for (;;) {
    TransactionId parent = GetParent(current);
    if (!TransactionIdIsValid(parent)) return current;
    if (!TransactionIdPrecedes(parent, current)) {
      ThrowInternalError(__FILE__, __LINE__,
                         fmt::format("pg_subtrans contains invalid entry: xid {} points to "
                                     "parent xid {}",
                                     current, parent));
    }
    current = parent;
  }
}

void SubTrans::ExtendForXid(TransactionId xid) {
  if (xid % kXidsPerPage != 0 && xid != kFirstNormalTransactionId) return;
  SubTransSlru().ZeroPage(PageOf(xid));
}

}  // namespace hyrax::storage
