// Snapshots and the proc array across processes: running xids are invisible, committed ones
// become visible to a new snapshot, REPEATABLE READ keeps its first snapshot, MyProc's xmin
// holds back GetOldestXmin, and connection slots are limited as in PostgreSQL.
#include "storage/txn/snapshot.h"

#include <gtest/gtest.h>

#include "storage/txn/proc_array.h"
#include "storage/txn/transam.h"
#include "tests/unit/storage/txn/txn_test_env.h"
#include "tests/unit/storage/txn/xact_test_support.h"

namespace hyrax::storage {
namespace {

using testing::RunStatement;
using testing::TxnTestEnv;
using testing::Write;

class SnapshotTest : public TxnTestEnv {};

// A child that begins a transaction, writes, publishes its xid in value[slot], posts
// step[ready], waits for step[go], then commits and posts step[done].
pid_t ForkWriterThatCommitsOnSignal(testing::SharedScratch* s, int slot, int ready, int go,
                                    int done) {
  return TxnTestEnv::ForkChild([=] {
    ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
    ASSERT_FALSE(RunStatement([&] { s->value[slot] = static_cast<int32_t>(Write()); }));
    s->step[ready].Post();
    s->step[go].Wait();
    ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));
    s->step[done].Post();
  });
}

TEST_F(SnapshotTest, RunningXidIsInvisibleAndCommittedOneVisibleToANewSnapshot) {
  pid_t running = ForkWriterThatCommitsOnSignal(scratch_, 0, 0, 1, 2);
  pid_t committed = ForkChild([s = scratch_] {
    ASSERT_FALSE(RunStatement([&] { s->value[1] = static_cast<int32_t>(Write()); }));
    s->step[3].Post();
  });
  scratch_->step[0].Wait();
  scratch_->step[3].Wait();
  ASSERT_EQ(WaitChild(committed), 0);
  auto xid_a = static_cast<TransactionId>(scratch_->value[0].load());
  auto xid_b = static_cast<TransactionId>(scratch_->value[1].load());

  ASSERT_FALSE(RunStatement([&] {
    Snapshot snapshot = GetTransactionSnapshot();
    EXPECT_TRUE(XidInMvccSnapshot(xid_a, *snapshot));
    EXPECT_FALSE(XidInMvccSnapshot(xid_b, *snapshot));
    EXPECT_TRUE(TransactionIdIsInProgress(xid_a));
    EXPECT_FALSE(TransactionIdDidCommit(xid_a));
    EXPECT_TRUE(TransactionIdDidCommit(xid_b));
    EXPECT_FALSE(TransactionIdIsInProgress(xid_b));
  }));
  scratch_->step[1].Post();
  scratch_->step[2].Wait();
  ASSERT_EQ(WaitChild(running), 0);
  ASSERT_FALSE(RunStatement([&] {
    Snapshot snapshot = GetTransactionSnapshot();
    EXPECT_FALSE(XidInMvccSnapshot(xid_a, *snapshot));
    EXPECT_TRUE(TransactionIdDidCommit(xid_a));
    EXPECT_FALSE(TransactionIdIsInProgress(xid_a));
  }));
}

TEST_F(SnapshotTest, RepeatableReadKeepsItsSnapshotAndReadCommittedDoesNot) {
  pid_t writer = ForkWriterThatCommitsOnSignal(scratch_, 0, 0, 1, 2);
  scratch_->step[0].Wait();
  auto xid = static_cast<TransactionId>(scratch_->value[0].load());

  // Two sessions' worth of statements in this process: an RR block, then an RC block.
  ASSERT_FALSE(RunStatement([] {
    BeginTransactionBlock();
    SetTransactionIsolation(IsolationLevel::kRepeatableRead);
  }));
  ASSERT_FALSE(
      RunStatement([&] { EXPECT_TRUE(XidInMvccSnapshot(xid, *GetTransactionSnapshot())); }));
  scratch_->step[1].Post();
  scratch_->step[2].Wait();
  ASSERT_EQ(WaitChild(writer), 0);
  ASSERT_FALSE(RunStatement([&] {
    EXPECT_TRUE(XidInMvccSnapshot(xid, *GetTransactionSnapshot()));  // still the first one
    EXPECT_FALSE(XidInMvccSnapshot(xid, *GetLatestSnapshot()));      // a fresh one differs
  }));
  ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));

  pid_t writer2 = ForkWriterThatCommitsOnSignal(scratch_, 1, 3, 4, 5);
  scratch_->step[3].Wait();
  auto xid2 = static_cast<TransactionId>(scratch_->value[1].load());
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  ASSERT_FALSE(
      RunStatement([&] { EXPECT_TRUE(XidInMvccSnapshot(xid2, *GetTransactionSnapshot())); }));
  scratch_->step[4].Post();
  scratch_->step[5].Wait();
  ASSERT_EQ(WaitChild(writer2), 0);
  ASSERT_FALSE(RunStatement([&] {
    EXPECT_FALSE(XidInMvccSnapshot(xid2, *GetTransactionSnapshot()));  // a new statement
  }));
  ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));
}

TEST_F(SnapshotTest, OwnXidIsNotListedButIsCurrent) {
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  TransactionId xid = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] { xid = Write(); }));
  ASSERT_FALSE(RunStatement([&] {
    Snapshot snapshot = GetTransactionSnapshot();
    EXPECT_TRUE(snapshot->xip.empty());
    EXPECT_EQ(snapshot->xmin, xid);  // but it bounds xmin
    EXPECT_TRUE(TransactionIdIsCurrentTransactionId(xid));
  }));
  ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));
}

TEST_F(SnapshotTest, SnapshotXminHoldsBackTheOldestXmin) {
  // Children are forked before this process opens a transaction: a backend never inherits
  // one (the postmaster has none).
  pid_t reader = ForkChild([s = scratch_] {
    s->step[3].Wait();
    ASSERT_FALSE(RunStatement([] {
      BeginTransactionBlock();
      SetTransactionIsolation(IsolationLevel::kRepeatableRead);
    }));
    ASSERT_FALSE(RunStatement([&] {
      s->value[0] = static_cast<int32_t>(GetTransactionSnapshot()->xmin);
      s->value[1] = static_cast<int32_t>(ProcArray::MyProc()->xmin.load());
    }));
    s->step[0].Post();
    s->step[1].Wait();
    ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));
    EXPECT_EQ(ProcArray::MyProc()->xmin.load(), kInvalidTransactionId);
    s->step[2].Post();
  });
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  TransactionId xid = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] { xid = Write(); }));
  scratch_->step[3].Post();
  scratch_->step[0].Wait();
  EXPECT_EQ(static_cast<TransactionId>(scratch_->value[0].load()), xid);
  EXPECT_EQ(static_cast<TransactionId>(scratch_->value[1].load()), xid);
  ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));  // our xid ends
  EXPECT_EQ(GetMyOldestSnapshotXmin(), kInvalidTransactionId);
  EXPECT_EQ(ProcArray::GetOldestXmin(), xid);  // the reader's snapshot still needs it
  scratch_->step[1].Post();
  scratch_->step[2].Wait();
  ASSERT_EQ(WaitChild(reader), 0);
  EXPECT_TRUE(TransactionIdFollows(ProcArray::GetOldestXmin(), xid));
}

TEST_F(SnapshotTest, ReadCommittedReleasesXminBetweenStatements) {
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  ASSERT_FALSE(RunStatement([] {
    GetTransactionSnapshot();
    EXPECT_NE(ProcArray::MyProc()->xmin.load(), kInvalidTransactionId);
    EXPECT_NE(GetMyOldestSnapshotXmin(), kInvalidTransactionId);
  }));
  EXPECT_EQ(ProcArray::MyProc()->xmin.load(), kInvalidTransactionId);
  ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));
}

TEST_F(SnapshotTest, CatalogSnapshotIsReusedUntilInvalidated) {
  ASSERT_FALSE(RunStatement([&] {
    Snapshot first = GetCatalogSnapshot();
    TransactionId xmax = first->xmax;
    EXPECT_EQ(GetCatalogSnapshot()->xmax, xmax);
  }));
  pid_t writer = ForkChild([] { ASSERT_FALSE(RunStatement([] { Write(); })); });
  ASSERT_EQ(WaitChild(writer), 0);
  ASSERT_FALSE(RunStatement([&] {
    Snapshot catalog = GetCatalogSnapshot();
    TransactionId xmax = catalog->xmax;
    InvalidateCatalogSnapshot();
    EXPECT_EQ(GetCatalogSnapshot()->xmax, xmax);  // nothing committed since
  }));
}

class ProcArraySlotTest : public TxnTestEnv {
 protected:
  void ConfigureGucs() override {
    ProcArray::g_max_connections = 5;
    ProcArray::g_superuser_reserved_connections = 2;
  }
};

TEST_F(ProcArraySlotTest, ReservedSlotsAreForSuperusersOnly) {
  // The fixture's own (superuser) slot is one of the 5.
  EXPECT_EQ(ProcArray::CountClientBackends(), 1);
  ProcSlot* mine = ProcArray::MyProc();
  EXPECT_NE(ProcArray::ClaimSlot(BackendType::kClientBackend, false), nullptr);
  EXPECT_NE(ProcArray::ClaimSlot(BackendType::kClientBackend, false), nullptr);
  EXPECT_EQ(ProcArray::ClaimSlot(BackendType::kClientBackend, false), nullptr);  // 3 = 5 - 2
  EXPECT_NE(ProcArray::ClaimSlot(BackendType::kClientBackend, true), nullptr);
  EXPECT_NE(ProcArray::ClaimSlot(BackendType::kClientBackend, true), nullptr);
  EXPECT_EQ(ProcArray::ClaimSlot(BackendType::kClientBackend, true), nullptr);  // all 5 used
  EXPECT_EQ(ProcArray::CountClientBackends(), 5);
  // Auxiliary processes have their own slots.
  ProcSlot* aux = ProcArray::ClaimSlot(BackendType::kCheckpointer, false);
  ASSERT_NE(aux, nullptr);
  EXPECT_EQ(aux->backend_type, BackendType::kCheckpointer);
  EXPECT_EQ(ProcArray::CountClientBackends(), 5);
  EXPECT_EQ(ProcArray::FindByPid(getpid()) != nullptr, true);
  int seen = 0;
  ProcArray::ForEachSlot([&](const ProcSlot&) { ++seen; });
  EXPECT_EQ(seen, 6);
  ProcArray::ReleaseSlot();  // the checkpointer slot
  EXPECT_EQ(ProcArray::MyProc(), nullptr);
  (void)mine;
}

TEST_F(ProcArraySlotTest, ReleasedSlotCanBeClaimedAgain) {
  pid_t child = ForkChild([] {
    EXPECT_EQ(ProcArray::CountClientBackends(), 2);
    EXPECT_NE(ProcArray::FindByPid(getpid()), nullptr);
  });
  ASSERT_EQ(WaitChild(child), 0);
  EXPECT_EQ(ProcArray::CountClientBackends(), 1);
  EXPECT_EQ(ProcArray::FindByPid(child), nullptr);
}

}  // namespace
}  // namespace hyrax::storage
