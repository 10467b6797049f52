// The commit log on top of the SLRU (see storage/txn/clog.h, README.md "clog"): 2 status
// bits per xid, 4 xids per byte, 32768 xids per 8 KB page, files pg_xact/XXXX of 32 pages.
#include "storage/txn/clog.h"

#include "storage/txn/slru.h"
#include "wal/flush/xlog_flush.h"

namespace hyrax::storage {

namespace {

constexpr uint32_t kXidsPerByte = 4;
constexpr uint32_t kXidsPerPage = kBlockSize * kXidsPerByte;  // 32768
constexpr int kClogBuffers = 32;  // PostgreSQL's default for 128 MB of shared_buffers

void FlushWalForClog(Lsn upto) {
  wal::XLogFlush(upto);
}

Slru& ClogSlru() {
  static Slru slru(SlruConfig{"clog", "pg_xact", kClogBuffers, kXidsPerPage, /*durable=*/true,
                              &FlushWalForClog});
  return slru;
}

uint32_t PageOf(TransactionId xid) {
  return xid / kXidsPerPage;
}
size_t ByteOf(TransactionId xid) {
  return (xid % kXidsPerPage) / kXidsPerByte;
}
int ShiftOf(TransactionId xid) {
  return static_cast<int>(xid % kXidsPerByte) * 2;
}

}  // namespace

size_t Clog::ShmemSize() {
  return ClogSlru().ShmemSize();
}

void Clog::ShmemInit() {
  ClogSlru().ShmemInit();
}

XidStatus Clog::GetStatus(TransactionId xid) {
  uint8_t byte = 0;
  ClogSlru().Read(PageOf(xid), ByteOf(xid), &byte, 1);
  return static_cast<XidStatus>((byte >> ShiftOf(xid)) & 3);
}

void Clog::SetStatus(TransactionId xid, XidStatus status, Lsn commit_lsn) {
  const size_t at = ByteOf(xid);
  const int shift = ShiftOf(xid);
  ClogSlru().Update(PageOf(xid), commit_lsn, [&](char* page) {
    auto byte = static_cast<uint8_t>(page[at]);
    byte = static_cast<uint8_t>((byte & ~(3u << shift)) | (static_cast<unsigned>(status) << shift));
    page[at] = static_cast<char>(byte);
  });
}

void Clog::ExtendForXid(TransactionId xid) {
  if (xid % kXidsPerPage != 0 && xid != kFirstNormalTransactionId) return;
  ClogSlru().ZeroPage(PageOf(xid));
}

void Clog::Flush() {
  ClogSlru().Flush();
}

}  // namespace hyrax::storage
