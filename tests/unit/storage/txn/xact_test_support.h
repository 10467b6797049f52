// Helpers for driving the transaction machinery the way the backend loop does: one
// statement = StartTransactionCommand, the statement's work, CommitTransactionCommand, or
// AbortCurrentTransaction after an error; plus a notice collector.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "common/error.h"
#include "common/notice.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::storage::testing {

// Runs one statement; returns the error it raised (the transaction is then aborted as the
// backend loop would), or nullopt.
inline std::optional<Error> RunStatement(const std::function<void()>& work = [] {}) {
  StartTransactionCommand();
  try {
    work();
    EndStatementSnapshot();
    CommitTransactionCommand();
    return std::nullopt;
  } catch (const Error& e) {
    AbortCurrentTransaction();
    return e;
  }
}

// A statement that changes data: assigns the xid and uses the command id.
inline TransactionId Write() {
  TransactionId xid = GetCurrentTransactionId();
  GetCurrentCommandId(true);
  return xid;
}

// Collects notices sent while it lives.
class NoticeCollector {
 public:
  NoticeCollector() {
    SetNoticeSink([this](const Error& notice) { notices_.push_back(notice); });
  }
  ~NoticeCollector() { SetNoticeSink(nullptr); }
  const std::vector<Error>& notices() const { return notices_; }

 private:
  std::vector<Error> notices_;
};

}  // namespace hyrax::storage::testing
