// Savepoints as real subtransactions: RELEASE / ROLLBACK TO outcomes in clog and the commit
// record, the parent map, subxid visibility to other processes (cached and overflowed),
// XactLockTableWait on subxids, per-subtransaction lock release, and error states.
#include <gtest/gtest.h>

#include "storage/lmgr/lock_manager.h"
#include "storage/txn/clog.h"
#include "storage/txn/subtrans.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact_record.h"
#include "tests/unit/storage/txn/txn_test_env.h"
#include "tests/unit/storage/txn/xact_test_support.h"

namespace hyrax::storage {
namespace {

using testing::RunStatement;
using testing::TxnTestEnv;
using testing::Write;

class SavepointTest : public TxnTestEnv {
 protected:
  void TearDown() override {
    if (TransactionBlockStatus() != 'I') {
      AbortCurrentTransaction();
      UserAbortTransactionBlock();
      CommitTransactionCommand();
    }
    TxnTestEnv::TearDown();
  }

  static void Exec(const std::function<void()>& work) {
    auto error = RunStatement(work);
    ASSERT_FALSE(error) << error->message();
  }

  void SetUp() override {
    TxnTestEnv::SetUp();
    wal_start_ = wal::GetXLogInsertRecPtr();
  }

  // Subxids listed in the last commit record written by this test.
  std::vector<TransactionId> CommitRecordSubxids() const {
    auto records = XactRecordsSince(wal_start_);
    for (auto it = records.rbegin(); it != records.rend(); ++it) {
      if (it->info == kXlogXactCommit) return it->record.subxids;
    }
    ADD_FAILURE() << "no commit record";
    return {};
  }

  Lsn wal_start_ = kInvalidLsn;
};

TEST_F(SavepointTest, ReleasedSubtransactionCommitsWithItsParent) {
  Exec([] { BeginTransactionBlock(); });
  Exec([] { DefineSavepoint("a"); });
  TransactionId sub = kInvalidTransactionId;
  Exec([&] { sub = Write(); });  // the parent gets its xid first
  TransactionId top = GetTopTransactionIdIfAny();
  ASSERT_TRUE(TransactionIdIsValid(top));
  EXPECT_TRUE(TransactionIdPrecedes(top, sub));
  EXPECT_EQ(SubTrans::GetParent(sub), top);
  EXPECT_TRUE(TransactionIdIsCurrentTransactionId(sub));
  EXPECT_TRUE(LockManager::HeldByMe(LockTag::Transaction(sub), LockMode::kExclusive));
  Exec([] { ReleaseSavepoint("a"); });
  EXPECT_EQ(TransactionBlockStatus(), 'T');
  EXPECT_EQ(Clog::GetStatus(sub), XidStatus::kSubCommitted);
  EXPECT_FALSE(TransactionIdDidCommit(sub));  // its parent has not committed
  EXPECT_TRUE(TransactionIdIsCurrentTransactionId(sub));
  EXPECT_TRUE(TransactionIdIsInProgress(sub));
  // Its xid lock moved to the top level: still held until commit.
  EXPECT_TRUE(LockManager::HeldByMe(LockTag::Transaction(sub), LockMode::kExclusive));
  Exec([] { EXPECT_TRUE(EndTransactionBlock()); });
  EXPECT_TRUE(TransactionIdDidCommit(top));
  EXPECT_TRUE(TransactionIdDidCommit(sub));
  EXPECT_EQ(CommitRecordSubxids(), std::vector<TransactionId>{sub});
}

TEST_F(SavepointTest, RollbackToAbortsTheSubtransactionAndKeepsTheSavepoint) {
  Exec([] { BeginTransactionBlock(); });
  TransactionId top = kInvalidTransactionId;
  Exec([&] { top = Write(); });
  Exec([] { DefineSavepoint("a"); });
  TransactionId sub1 = kInvalidTransactionId;
  Exec([&] { sub1 = Write(); });
  Exec([] { RollbackToSavepoint("a"); });
  EXPECT_EQ(TransactionBlockStatus(), 'T');
  EXPECT_TRUE(TransactionIdDidAbort(sub1));
  EXPECT_FALSE(TransactionIdIsCurrentTransactionId(sub1));
  EXPECT_FALSE(TransactionIdIsInProgress(sub1));
  EXPECT_TRUE(TransactionIdIsInProgress(top));
  EXPECT_FALSE(LockManager::HeldByMe(LockTag::Transaction(sub1), LockMode::kExclusive));
  auto records = XactRecordsSince(wal_start_);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].info, kXlogXactAbort);
  EXPECT_EQ(records[0].xid, sub1);
  // The savepoint still exists: a new subtransaction runs under the same name.
  TransactionId sub2 = kInvalidTransactionId;
  Exec([&] { sub2 = Write(); });
  EXPECT_NE(sub2, sub1);
  Exec([] { RollbackToSavepoint("a"); });
  Exec([] { ReleaseSavepoint("a"); });
  Exec([] { EXPECT_TRUE(EndTransactionBlock()); });
  EXPECT_TRUE(TransactionIdDidCommit(top));
  EXPECT_TRUE(TransactionIdDidAbort(sub1));
  EXPECT_TRUE(TransactionIdDidAbort(sub2));
  EXPECT_TRUE(CommitRecordSubxids().empty());
}

TEST_F(SavepointTest, ErrorInSubtransactionIsRepairedByRollbackTo) {
  Exec([] { BeginTransactionBlock(); });
  Exec([] { DefineSavepoint("a"); });
  TransactionId failed = kInvalidTransactionId;
  ASSERT_TRUE(RunStatement([&] {
    failed = Write();
    throw Error(errcode::kUniqueViolation, "duplicate key value violates unique constraint");
  }));
  EXPECT_EQ(TransactionBlockStatus(), 'E');
  EXPECT_TRUE(IsAbortedTransactionBlockState());
  EXPECT_TRUE(TransactionIdDidAbort(failed));
  Exec([] { RollbackToSavepoint("a"); });
  EXPECT_EQ(TransactionBlockStatus(), 'T');
  TransactionId top = kInvalidTransactionId;
  Exec([&] {
    Write();
    top = GetTopTransactionIdIfAny();
  });
  Exec([] { EXPECT_TRUE(EndTransactionBlock()); });
  EXPECT_TRUE(TransactionIdDidCommit(top));
  EXPECT_TRUE(TransactionIdDidAbort(failed));
}

TEST_F(SavepointTest, CommitOfFailedSubtransactionRollsEverythingBack) {
  Exec([] { BeginTransactionBlock(); });
  TransactionId top = kInvalidTransactionId;
  Exec([&] { top = Write(); });
  Exec([] { DefineSavepoint("a"); });
  Exec([] { DefineSavepoint("b"); });
  ASSERT_TRUE(RunStatement([] { throw Error(errcode::kDivisionByZero, "division by zero"); }));
  bool committed = true;
  Exec([&] { committed = EndTransactionBlock(); });
  EXPECT_FALSE(committed);
  EXPECT_EQ(TransactionBlockStatus(), 'I');
  EXPECT_TRUE(TransactionIdDidAbort(top));
}

TEST_F(SavepointTest, CommitInsideSavepointsReleasesThemAll) {
  Exec([] { BeginTransactionBlock(); });
  Exec([] { DefineSavepoint("a"); });
  TransactionId a = kInvalidTransactionId;
  Exec([&] { a = Write(); });
  Exec([] { DefineSavepoint("b"); });
  TransactionId b = kInvalidTransactionId;
  Exec([&] { b = Write(); });
  EXPECT_EQ(SubTrans::GetParent(b), a);
  EXPECT_EQ(SubTrans::GetTopmost(b), GetTopTransactionIdIfAny());
  Exec([] { EXPECT_TRUE(EndTransactionBlock()); });
  EXPECT_TRUE(TransactionIdDidCommit(a));
  EXPECT_TRUE(TransactionIdDidCommit(b));
  EXPECT_EQ(CommitRecordSubxids(), (std::vector<TransactionId>{a, b}));
}

TEST_F(SavepointTest, ReleaseAndRollbackToAffectLaterSavepointsToo) {
  Exec([] { BeginTransactionBlock(); });
  Exec([] { DefineSavepoint("a"); });
  Exec([] { DefineSavepoint("b"); });
  Exec([] { DefineSavepoint("c"); });
  Exec([] { ReleaseSavepoint("b"); });  // releases c as well
  auto error = RunStatement([] { RollbackToSavepoint("c"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errcode::kSEInvalidSpecification);
  EXPECT_EQ(error->message(), "savepoint \"c\" does not exist");
  EXPECT_EQ(TransactionBlockStatus(), 'E');
  Exec([] { RollbackToSavepoint("a"); });  // allowed in the failed state
  EXPECT_EQ(TransactionBlockStatus(), 'T');
  Exec([] { UserAbortTransactionBlock(); });
  EXPECT_EQ(TransactionBlockStatus(), 'I');
}

TEST_F(SavepointTest, SavepointCommandsOutsideBlocksAndUnknownNamesFail) {
  auto error = RunStatement([] { DefineSavepoint("a"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errcode::kNoActiveSqlTransaction);
  EXPECT_EQ(error->message(), "SAVEPOINT can only be used in transaction blocks");
  error = RunStatement([] { ReleaseSavepoint("a"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message(), "RELEASE SAVEPOINT can only be used in transaction blocks");
  error = RunStatement([] { RollbackToSavepoint("a"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message(), "ROLLBACK TO SAVEPOINT can only be used in transaction blocks");
  Exec([] { BeginTransactionBlock(); });
  error = RunStatement([] { ReleaseSavepoint("nope"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errcode::kSEInvalidSpecification);
  EXPECT_EQ(error->message(), "savepoint \"nope\" does not exist");
}

TEST_F(SavepointTest, LocksTakenInARolledBackSubtransactionAreReleased) {
  const Oid kOuter = 16500, kInner = 16501, kReleased = 16502;
  Exec([] { BeginTransactionBlock(); });
  Exec([&] { LockRelationOid(kOuter, LockMode::kRowExclusive); });
  Exec([] { DefineSavepoint("a"); });
  TransactionId sub = kInvalidTransactionId;
  Exec([&] {
    LockRelationOid(kInner, LockMode::kAccessExclusive);
    LockRelationOid(kOuter, LockMode::kRowExclusive);  // again, counted in the subxact
    sub = Write();
  });
  Exec([] { RollbackToSavepoint("a"); });
  EXPECT_FALSE(LockManager::HeldByMe(LockTag::Relation(0, kInner), LockMode::kAccessExclusive));
  EXPECT_TRUE(LockManager::HeldByMe(LockTag::Relation(0, kOuter), LockMode::kRowExclusive));
  EXPECT_FALSE(LockManager::HeldByMe(LockTag::Transaction(sub), LockMode::kExclusive));
  Exec([] { ReleaseSavepoint("a"); });
  Exec([] { DefineSavepoint("b"); });
  Exec([&] { LockRelationOid(kReleased, LockMode::kShare); });
  Exec([] { ReleaseSavepoint("b"); });  // b's locks now belong to the top level
  Exec([] { DefineSavepoint("c"); });
  Exec([] { RollbackToSavepoint("c"); });
  EXPECT_TRUE(LockManager::HeldByMe(LockTag::Relation(0, kReleased), LockMode::kShare));
  Exec([] { EndTransactionBlock(); });
  EXPECT_FALSE(LockManager::HeldByMe(LockTag::Relation(0, kOuter), LockMode::kRowExclusive));
  EXPECT_FALSE(LockManager::HeldByMe(LockTag::Relation(0, kReleased), LockMode::kShare));
  EXPECT_TRUE(LockManager::GetLockStatus().empty());
}

// A child that runs BEGIN; write; SAVEPOINT s; write; RELEASE s and publishes its xids in
// value[0] (top) and value[1] (sub), then waits for step[0] and commits.
pid_t ForkChildWithReleasedSubxact(testing::SharedScratch* s, bool wait_for_waiter,
                                   int32_t waiter_pid) {
  return TxnTestEnv::ForkChild([=] {
    ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
    ASSERT_FALSE(RunStatement([&] { s->value[0] = static_cast<int32_t>(Write()); }));
    ASSERT_FALSE(RunStatement([] { DefineSavepoint("s"); }));
    ASSERT_FALSE(RunStatement([&] { s->value[1] = static_cast<int32_t>(Write()); }));
    ASSERT_FALSE(RunStatement([] { ReleaseSavepoint("s"); }));
    s->step[1].Post();
    if (wait_for_waiter) {
      TxnTestEnv::WaitFor([&] { return TxnTestEnv::IsWaitingForLock(waiter_pid); });
    } else {
      s->step[0].Wait();
    }
    ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));
  });
}

TEST_F(SavepointTest, OtherProcessesSeeAReleasedSubxidRunningUntilTopCommits) {
  pid_t child = ForkChildWithReleasedSubxact(scratch_, false, 0);
  scratch_->step[1].Wait();
  auto top = static_cast<TransactionId>(scratch_->value[0].load());
  auto sub = static_cast<TransactionId>(scratch_->value[1].load());
  // A later xid completes, so the child's xids fall below xmax and must be listed.
  Exec([] { Write(); });
  Exec([&] {
    Snapshot snapshot = GetTransactionSnapshot();
    EXPECT_FALSE(snapshot->suboverflowed);
    EXPECT_EQ(snapshot->xip, std::vector<TransactionId>{top});
    EXPECT_EQ(snapshot->subxip, std::vector<TransactionId>{sub});
    EXPECT_TRUE(XidInMvccSnapshot(sub, *snapshot));
    EXPECT_TRUE(XidInMvccSnapshot(top, *snapshot));
    EXPECT_TRUE(TransactionIdIsInProgress(sub));
    EXPECT_FALSE(TransactionIdDidCommit(sub));
  });
  scratch_->step[0].Post();
  ASSERT_EQ(WaitChild(child), 0);
  Exec([&] {
    EXPECT_FALSE(XidInMvccSnapshot(sub, *GetTransactionSnapshot()));
    EXPECT_TRUE(TransactionIdDidCommit(sub));
    EXPECT_FALSE(TransactionIdIsInProgress(sub));
  });
}

TEST_F(SavepointTest, XactLockTableWaitOnReleasedSubxidWaitsForTheTopLevel) {
  pid_t child = ForkChildWithReleasedSubxact(scratch_, true, getpid());
  scratch_->step[1].Wait();
  auto sub = static_cast<TransactionId>(scratch_->value[1].load());
  EXPECT_FALSE(ConditionalXactLockTableWait(sub));
  XactLockTableWait(sub);  // the child commits once it sees us waiting
  EXPECT_TRUE(TransactionIdDidCommit(sub));
  ASSERT_EQ(WaitChild(child), 0);
}

TEST_F(SavepointTest, XactLockTableWaitOnRolledBackSubxidReturnsWhileTopRuns) {
  LockManager::g_lock_timeout_ms = 60000;  // a hang becomes a failure
  pid_t child = ForkChild([s = scratch_] {
    ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
    ASSERT_FALSE(RunStatement([&] { s->value[0] = static_cast<int32_t>(Write()); }));
    ASSERT_FALSE(RunStatement([] { DefineSavepoint("s"); }));
    ASSERT_FALSE(RunStatement([&] { s->value[1] = static_cast<int32_t>(Write()); }));
    s->step[1].Post();
    s->step[0].Wait();
    ASSERT_FALSE(RunStatement([] { RollbackToSavepoint("s"); }));
    s->step[1].Post();
    s->step[0].Wait();
    ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));
  });
  scratch_->step[1].Wait();
  auto top = static_cast<TransactionId>(scratch_->value[0].load());
  auto sub = static_cast<TransactionId>(scratch_->value[1].load());
  EXPECT_FALSE(ConditionalXactLockTableWait(sub));
  scratch_->step[0].Post();
  scratch_->step[1].Wait();
  XactLockTableWait(sub);
  EXPECT_TRUE(TransactionIdDidAbort(sub));
  EXPECT_TRUE(TransactionIdIsInProgress(top));
  EXPECT_FALSE(ConditionalXactLockTableWait(top));
  scratch_->step[0].Post();
  ASSERT_EQ(WaitChild(child), 0);
  EXPECT_TRUE(ConditionalXactLockTableWait(top));
  EXPECT_TRUE(TransactionIdDidCommit(top));
}

TEST_F(SavepointTest, OverflowedSubxidCacheIsResolvedThroughTheParentMap) {
  constexpr int kSubxacts = kMaxCachedSubxids + 6;
  pid_t child = ForkChild([s = scratch_] {
    ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
    ASSERT_FALSE(RunStatement([&] { s->value[0] = static_cast<int32_t>(Write()); }));
    for (int i = 0; i < kSubxacts; ++i) {
      ASSERT_FALSE(RunStatement([] { DefineSavepoint("s"); }));
      TransactionId sub = kInvalidTransactionId;
      ASSERT_FALSE(RunStatement([&] { sub = Write(); }));
      if (i == 0) s->value[1] = static_cast<int32_t>(sub);
      if (i == kSubxacts - 1) s->value[2] = static_cast<int32_t>(sub);
      ASSERT_FALSE(RunStatement([] { ReleaseSavepoint("s"); }));
    }
    ASSERT_FALSE(RunStatement([] { DefineSavepoint("x"); }));
    ASSERT_FALSE(RunStatement([&] { s->value[3] = static_cast<int32_t>(Write()); }));
    s->step[1].Post();
    s->step[0].Wait();
    ASSERT_FALSE(RunStatement([] { RollbackToSavepoint("x"); }));
    s->step[1].Post();
    s->step[0].Wait();
    ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));
  });
  scratch_->step[1].Wait();
  auto top = static_cast<TransactionId>(scratch_->value[0].load());
  auto first = static_cast<TransactionId>(scratch_->value[1].load());
  auto last = static_cast<TransactionId>(scratch_->value[2].load());
  auto doomed = static_cast<TransactionId>(scratch_->value[3].load());
  Exec([] { Write(); });  // a later xid completes: the child's xids fall below xmax
  ProcSlot* slot = ProcArray::FindByPid(child);
  ASSERT_NE(slot, nullptr);
  EXPECT_TRUE(slot->subxids_overflowed);
  EXPECT_EQ(slot->num_subxids, kMaxCachedSubxids);
  Exec([&] {
    Snapshot snapshot = GetTransactionSnapshot();
    EXPECT_TRUE(snapshot->suboverflowed);
    for (TransactionId xid : {first, last, doomed}) {
      EXPECT_TRUE(XidInMvccSnapshot(xid, *snapshot)) << xid;
      EXPECT_TRUE(TransactionIdIsInProgress(xid)) << xid;
      EXPECT_EQ(SubTrans::GetTopmost(xid), top);
    }
  });
  scratch_->step[0].Post();
  scratch_->step[1].Wait();
  EXPECT_FALSE(TransactionIdIsInProgress(doomed));  // aborted: clog decides before the map
  EXPECT_TRUE(TransactionIdDidAbort(doomed));
  EXPECT_TRUE(TransactionIdIsInProgress(last));
  scratch_->step[0].Post();
  ASSERT_EQ(WaitChild(child), 0);
  EXPECT_TRUE(TransactionIdDidCommit(first));
  EXPECT_TRUE(TransactionIdDidCommit(last));
  EXPECT_TRUE(TransactionIdDidAbort(doomed));
  EXPECT_FALSE(TransactionIdIsInProgress(last));
}

}  // namespace
}  // namespace hyrax::storage
