// Commit log: 2 bits of status per xid in 8 KB pages (32768 xids per page), cached in SLRU
// buffers in shared memory and stored in pg_xact/ segment files of 32 pages. Updated at
// commit/abort (after the commit record is flushed) and by redo; written at checkpoints.
#pragma once

#include <cstddef>

#include "common/ids.h"

namespace hyrax::storage {

enum class XidStatus : uint8_t {
  kInProgress = 0,
  kCommitted = 1,
  kAborted = 2,
  kSubCommitted = 3,
};

class Clog {
 public:
  static size_t ShmemSize();
  static void ShmemInit();
  // A page never written reads as all kInProgress. Throws 58030 on I/O error.
  static XidStatus GetStatus(TransactionId xid);
  // `commit_lsn` (asynchronous commit only): WAL that must be flushed before this page is
  // written, so a commit never becomes durable in clog ahead of its commit record.
  static void SetStatus(TransactionId xid, XidStatus status, Lsn commit_lsn = kInvalidLsn);
  // Zeroes the page of `xid` in the cache when `xid` is the first xid of its page (called by
  // GetNewTransactionId under XidGenLock, like PostgreSQL's ExtendCLOG).
  static void ExtendForXid(TransactionId xid);
  // Writes every dirty clog page and fsyncs the files (checkpoint).
  static void Flush();
};

}  // namespace hyrax::storage
