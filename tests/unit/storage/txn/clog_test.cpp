// Commit log and pg_subtrans: statuses across pages, unwritten pages, eviction through the
// SLRU, persistence after Flush and re-initialisation, async-commit LSNs, parent chains.
#include "storage/txn/clog.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "storage/txn/subtrans.h"
#include "tests/unit/storage/txn/txn_test_env.h"

namespace hyrax::storage {
namespace {

using testing::TxnTestEnv;

constexpr TransactionId kXidsPerPage = 32768;

class ClogTest : public TxnTestEnv {};

TEST_F(ClogTest, StoresAllFourStatusesAcrossPages) {
  const XidStatus statuses[] = {XidStatus::kCommitted, XidStatus::kAborted,
                                XidStatus::kSubCommitted, XidStatus::kInProgress};
  for (TransactionId page : {0u, 1u, 5u, 131071u}) {
    for (TransactionId k = 0; k < 8; ++k) {
      TransactionId xid = page * kXidsPerPage + 3 + k;
      Clog::SetStatus(xid, statuses[k % 4]);
    }
  }
  for (TransactionId page : {0u, 1u, 5u, 131071u}) {
    for (TransactionId k = 0; k < 8; ++k) {
      TransactionId xid = page * kXidsPerPage + 3 + k;
      EXPECT_EQ(Clog::GetStatus(xid), statuses[k % 4]) << "xid " << xid;
    }
  }
  // Neighbours sharing a byte are untouched.
  Clog::SetStatus(100, XidStatus::kCommitted);
  Clog::SetStatus(101, XidStatus::kAborted);
  Clog::SetStatus(100, XidStatus::kAborted);
  EXPECT_EQ(Clog::GetStatus(101), XidStatus::kAborted);
  EXPECT_EQ(Clog::GetStatus(102), XidStatus::kInProgress);
}

TEST_F(ClogTest, NeverWrittenPageReadsAsInProgress) {
  EXPECT_EQ(Clog::GetStatus(7 * kXidsPerPage + 12), XidStatus::kInProgress);
  EXPECT_FALSE(std::filesystem::exists("pg_xact/0000"));
}

TEST_F(ClogTest, FlushedStatusesSurviveReinitialisation) {
  Clog::SetStatus(5, XidStatus::kCommitted);
  Clog::SetStatus(40 * kXidsPerPage + 9, XidStatus::kAborted);  // second segment
  Clog::Flush();
  EXPECT_TRUE(std::filesystem::exists("pg_xact/0000"));
  EXPECT_TRUE(std::filesystem::exists("pg_xact/0001"));
  // A new shared memory segment starts with an empty cache: statuses come from disk.
  CrashAndRestart();
  EXPECT_EQ(Clog::GetStatus(5), XidStatus::kCommitted);
  EXPECT_EQ(Clog::GetStatus(40 * kXidsPerPage + 9), XidStatus::kAborted);
  EXPECT_EQ(Clog::GetStatus(6), XidStatus::kInProgress);
}

TEST_F(ClogTest, UnflushedStatusesAreLostWithSharedMemory) {
  Clog::SetStatus(5, XidStatus::kCommitted);
  CrashAndRestart();
  EXPECT_EQ(Clog::GetStatus(5), XidStatus::kInProgress);
}

TEST_F(ClogTest, EvictedPagesAreWrittenAndReadBack) {
  constexpr TransactionId kPages = 70;  // more than the 32 SLRU buffers
  for (TransactionId page = 0; page < kPages; ++page) {
    Clog::SetStatus(page * kXidsPerPage + 10,
                    page % 2 ? XidStatus::kCommitted : XidStatus::kAborted);
  }
  for (TransactionId page = 0; page < kPages; ++page) {
    EXPECT_EQ(Clog::GetStatus(page * kXidsPerPage + 10),
              page % 2 ? XidStatus::kCommitted : XidStatus::kAborted)
        << "page " << page;
  }
  EXPECT_TRUE(std::filesystem::exists("pg_xact/0000"));
}

TEST_F(ClogTest, ExtendingZeroesTheNewPage) {
  Clog::SetStatus(2 * kXidsPerPage + 1, XidStatus::kCommitted);
  Clog::Flush();
  Clog::ExtendForXid(2 * kXidsPerPage);
  EXPECT_EQ(Clog::GetStatus(2 * kXidsPerPage + 1), XidStatus::kInProgress);
  Clog::ExtendForXid(2 * kXidsPerPage + 5);  // not the first xid of a page: no effect
  Clog::SetStatus(2 * kXidsPerPage + 1, XidStatus::kAborted);
  Clog::ExtendForXid(2 * kXidsPerPage + 5);
  EXPECT_EQ(Clog::GetStatus(2 * kXidsPerPage + 1), XidStatus::kAborted);
}

// A WAL record that is inserted but not flushed; returns its end LSN.
Lsn UnflushedWalRecord() {
  static const char kPayload[] = "clog test";
  wal::XLogBeginInsert();
  wal::XLogRegisterData(kPayload, sizeof(kPayload));
  Lsn lsn = wal::XLogInsert(wal::RmgrId::kSequence, 0);
  EXPECT_TRUE(wal::XLogNeedsFlush(lsn));
  return lsn;
}

TEST_F(ClogTest, AsyncCommitLsnIsFlushedBeforeThePageIsWritten) {
  Lsn commit_lsn = UnflushedWalRecord();
  Clog::SetStatus(3, XidStatus::kCommitted, commit_lsn);
  EXPECT_TRUE(wal::XLogNeedsFlush(commit_lsn));
  Clog::Flush();
  EXPECT_FALSE(wal::XLogNeedsFlush(commit_lsn));
}

TEST_F(ClogTest, AsyncCommitLsnIsFlushedBeforeEviction) {
  Lsn commit_lsn = UnflushedWalRecord();
  Clog::SetStatus(3, XidStatus::kCommitted, commit_lsn);
  for (TransactionId page = 1; page < 40; ++page) {
    Clog::SetStatus(page * kXidsPerPage, XidStatus::kAborted);
  }
  EXPECT_FALSE(wal::XLogNeedsFlush(commit_lsn));
  EXPECT_EQ(Clog::GetStatus(3), XidStatus::kCommitted);
}

TEST_F(ClogTest, PagesWithoutCommitLsnDoNotFlushWal) {
  Lsn unrelated = UnflushedWalRecord();
  Clog::SetStatus(3, XidStatus::kAborted);
  Clog::Flush();
  EXPECT_TRUE(wal::XLogNeedsFlush(unrelated));
}

class SubTransTest : public TxnTestEnv {};

TEST_F(SubTransTest, FollowsParentsToTheTopLevel) {
  SubTrans::SetParent(11, 10);
  SubTrans::SetParent(12, 11);
  SubTrans::SetParent(20, 10);
  EXPECT_EQ(SubTrans::GetParent(12), 11u);
  EXPECT_EQ(SubTrans::GetTopmost(12), 10u);
  EXPECT_EQ(SubTrans::GetTopmost(20), 10u);
  EXPECT_EQ(SubTrans::GetTopmost(10), 10u);
  EXPECT_EQ(SubTrans::GetParent(10), kInvalidTransactionId);
}

TEST_F(SubTransTest, ParentsSurviveEvictionButNotARestart) {
  constexpr TransactionId kXidsPerSubtransPage = 2048;
  for (TransactionId page = 1; page < 50; ++page) {
    SubTrans::SetParent(page * kXidsPerSubtransPage + 1, page * kXidsPerSubtransPage);
  }
  for (TransactionId page = 1; page < 50; ++page) {
    EXPECT_EQ(SubTrans::GetParent(page * kXidsPerSubtransPage + 1), page * kXidsPerSubtransPage);
  }
  // A new server life discards pg_subtrans.
  CrashAndRestart();
  EXPECT_EQ(SubTrans::GetParent(kXidsPerSubtransPage + 1), kInvalidTransactionId);
}

TEST_F(SubTransTest, RejectsAParentThatDoesNotPrecedeItsChild) {
  SubTrans::SetParent(30, 31);
  try {
    SubTrans::GetTopmost(30);
    FAIL() << "expected an internal error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kInternalError);
  }
}

}  // namespace
}  // namespace hyrax::storage
