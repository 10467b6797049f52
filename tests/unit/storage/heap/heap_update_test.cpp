// Updates link versions through t_ctid and HeapGetLatestTid follows them; concurrent
// writers wait for each other (tuple lock + transaction lock) and then see kUpdated /
// kDeleted, or kOk after an abort; row locks block writers and other lockers.
#include "tests/unit/storage/heap/heap_test_env.h"

namespace hyrax::storage::testing {
namespace {

class HeapUpdateTest : public HeapTestEnv {
 protected:
  TmResult Update(ItemPointerData tid, int32_t id, ItemPointerData* new_tid = nullptr,
                  TmFailureData* tmfd = nullptr, const std::string& payload = "x") {
    HeapTuple newtup = MakeRow(id, payload);
    TmFailureData local;
    TmResult result = HeapUpdate(rel_, tid, &newtup, GetCurrentCommandId(true), nullptr, true,
                                 tmfd != nullptr ? tmfd : &local);
    if (new_tid != nullptr) *new_tid = newtup.self;
    return result;
  }
  void Publish(int slot, ItemPointerData tid) {
    scratch_->value[slot] = static_cast<int32_t>(tid.block());
    scratch_->value[slot + 1] = tid.offset();
  }
  ItemPointerData Published(int slot) {
    return ItemPointerData::Make(static_cast<BlockNumber>(scratch_->value[slot].load()),
                                 static_cast<OffsetNumber>(scratch_->value[slot + 1].load()));
  }
};

TEST_F(HeapUpdateTest, UpdateChainIsFollowedToTheNewestVisibleVersion) {
  ItemPointerData v1, v2, v3;
  Statement([&] { v1 = Insert(1); });
  Statement([&] { ASSERT_EQ(Update(v1, 2, &v2), TmResult::kOk); });
  EXPECT_EQ(RawHeader(v1).t_ctid, v2);
  // A REPEATABLE READ reader whose snapshot predates the third version (and keeps the
  // second one from being pruned).
  pid_t reader = ForkChild([&] {
    Begin(IsolationLevel::kRepeatableRead);
    Statement([&] { EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{2}); });
    scratch_->step[0].Post();
    scratch_->step[1].Wait();
    Statement([&] {
      EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{2});
      ItemPointerData tid = v2;
      ASSERT_TRUE(HeapGetLatestTid(rel_, GetTransactionSnapshot(), &tid));
      EXPECT_EQ(tid, v2);  // v3 is too new for this snapshot
    });
    Commit();
  });
  scratch_->step[0].Wait();
  // The third version is too big for the page's remaining space: it moves on.
  Statement([&] { ASSERT_EQ(Update(v2, 3, &v3, nullptr, std::string(8100, 'z')), TmResult::kOk); });
  scratch_->step[1].Post();
  EXPECT_EQ(WaitChild(reader), 0);
  EXPECT_EQ(v1.block(), v2.block());
  EXPECT_NE(v3.block(), v2.block());
  EXPECT_EQ(RawHeader(v2).t_ctid, v3);
  EXPECT_EQ(RawHeader(v3).t_ctid, v3);
  EXPECT_TRUE(RawHeader(v3).t_infomask & kHeapUpdated);
  EXPECT_TRUE(RawHeader(v3).t_infomask & kHeapXmaxInvalid);
  Statement([&] {
    ItemPointerData tid = v2;
    ASSERT_TRUE(HeapGetLatestTid(rel_, GetTransactionSnapshot(), &tid));
    EXPECT_EQ(tid, v3);
    // v1 was dead to everyone once the old page was marked full: pruned, so its chain
    // can no longer be followed (without HOT its line pointer stays LP_DEAD).
    tid = v1;
    EXPECT_FALSE(HeapGetLatestTid(rel_, GetTransactionSnapshot(), &tid));
    EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{3});
    tid = ItemPointerData::Make(1000, 1);
    EXPECT_FALSE(HeapGetLatestTid(rel_, GetTransactionSnapshot(), &tid));
  });
}

TEST_F(HeapUpdateTest, ConcurrentUpdateWaitsForTheFirstUpdaterThenSeesUpdated) {
  ItemPointerData v1;
  Statement([&] { v1 = Insert(1); });
  pid_t child = ForkChild([&] {
    scratch_->step[1].Wait();  // the parent has updated v1, not committed
    Begin();                   // READ COMMITTED
    Statement([&] {
      // The child's statement snapshot still sees v1; updating it must wait.
      EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{1});
      scratch_->step[0].Post();
      TmFailureData tmfd;
      TmResult result = Update(v1, 10, nullptr, &tmfd);
      scratch_->value[0] = static_cast<int32_t>(result);
      Publish(1, tmfd.ctid);
      // EvalPlanQual-style: the newest version is where tmfd points.
      ItemPointerData latest = v1;
      EXPECT_TRUE(HeapGetLatestTid(rel_, GetLatestSnapshot(), &latest));
      Publish(3, latest);
    });
    Commit();
  });
  Begin();
  ItemPointerData v2;
  Statement([&] { ASSERT_EQ(Update(v1, 2, &v2), TmResult::kOk); });
  scratch_->step[1].Post();
  scratch_->step[0].Wait();
  EXPECT_TRUE(WaitFor([&] { return IsWaitingForLock(child); }));
  Commit();
  EXPECT_EQ(WaitChild(child), 0);
  EXPECT_EQ(static_cast<TmResult>(scratch_->value[0].load()), TmResult::kUpdated);
  EXPECT_EQ(Published(1), v2);
  EXPECT_EQ(Published(3), v2);
  Statement([&] { EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{2}); });
}

TEST_F(HeapUpdateTest, WaiterProceedsWhenTheFirstUpdaterAborts) {
  ItemPointerData v1;
  Statement([&] { v1 = Insert(1); });
  pid_t child = ForkChild([&] {
    scratch_->step[1].Wait();
    Statement([&] {
      scratch_->step[0].Post();
      TmFailureData tmfd;
      EXPECT_EQ(HeapDelete(rel_, v1, GetCurrentCommandId(true), nullptr, true, &tmfd),
                TmResult::kOk);
    });
  });
  Begin();
  Statement([&] { ASSERT_EQ(Update(v1, 2), TmResult::kOk); });
  scratch_->step[1].Post();
  scratch_->step[0].Wait();
  EXPECT_TRUE(WaitFor([&] { return IsWaitingForLock(child); }));
  Rollback();
  EXPECT_EQ(WaitChild(child), 0);
  Statement([&] { EXPECT_TRUE(ScanIds(GetTransactionSnapshot()).empty()); });
}

TEST_F(HeapUpdateTest, DeleteWithoutWaitReportsBeingModified) {
  ItemPointerData v1;
  Statement([&] { v1 = Insert(1); });
  pid_t child = ForkChild([&] {
    scratch_->step[0].Wait();
    Statement([&] {
      TmFailureData tmfd;
      EXPECT_EQ(HeapDelete(rel_, v1, GetCurrentCommandId(true), nullptr, false, &tmfd),
                TmResult::kBeingModified);
      EXPECT_EQ(tmfd.xmax, static_cast<TransactionId>(scratch_->value[0].load()));
    });
  });
  Begin();
  Statement([&] {
    TmFailureData tmfd;
    ASSERT_EQ(HeapDelete(rel_, v1, GetCurrentCommandId(true), nullptr, true, &tmfd), TmResult::kOk);
    scratch_->value[0] = static_cast<int32_t>(GetCurrentTransactionId());
  });
  scratch_->step[0].Post();
  EXPECT_EQ(WaitChild(child), 0);
  Commit();
  Statement([&] {
    TmFailureData tmfd;
    EXPECT_EQ(HeapDelete(rel_, v1, GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kDeleted);
    EXPECT_EQ(tmfd.ctid, v1);
  });
}

TEST_F(HeapUpdateTest, RepeatableReadCrosscheckTurnsNewerRowsIntoUpdated) {
  pid_t child = ForkChild([&] {
    scratch_->step[0].Wait();
    Statement([&] { Publish(0, Insert(5)); });
  });
  Begin(IsolationLevel::kRepeatableRead);
  SnapshotData txn_snapshot;
  Statement([&] { txn_snapshot = *GetTransactionSnapshot(); });
  scratch_->step[0].Post();
  EXPECT_EQ(WaitChild(child), 0);
  ItemPointerData v1 = Published(0);
  Statement([&] {
    TmFailureData tmfd;
    EXPECT_EQ(HeapDelete(rel_, v1, GetCurrentCommandId(true), &txn_snapshot, true, &tmfd),
              TmResult::kUpdated);
    // Without the crosscheck the (committed) row could be deleted.
    EXPECT_EQ(HeapDelete(rel_, v1, GetCurrentCommandId(true), nullptr, true, &tmfd), TmResult::kOk);
  });
  Rollback();
}

TEST_F(HeapUpdateTest, RowLocksBlockWritersAndOtherLockers) {
  ItemPointerData v1;
  Statement([&] { v1 = Insert(1); });
  pid_t child = ForkChild([&] {
    scratch_->step[1].Wait();  // the parent holds its row lock
    Statement([&] {
      HeapTuple tuple;
      TmFailureData tmfd;
      // NOWAIT and SKIP LOCKED do not wait (no multixacts: even share vs share conflicts).
      EXPECT_EQ(HeapLockTuple(rel_, v1, GetCurrentCommandId(false), LockTupleMode::kShare,
                              LockWaitPolicy::kSkip, &tuple, &tmfd),
                TmResult::kWouldBlock);
      try {
        HeapLockTuple(rel_, v1, GetCurrentCommandId(false), LockTupleMode::kExclusive,
                      LockWaitPolicy::kError, &tuple, &tmfd);
        ADD_FAILURE() << "expected 55P03";
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), errcode::kLockNotAvailable);
        EXPECT_EQ(e.message(), "could not obtain lock on row in relation \"heap_test\"");
      }
    });
    // A locked row stays visible, and an updater waits for the locker.
    Statement([&] {
      EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{1});
      scratch_->step[0].Post();
      TmFailureData tmfd;
      ItemPointerData v2;
      EXPECT_EQ(Update(v1, 2, &v2, &tmfd), TmResult::kOk);  // the lock never committed a change
    });
  });
  Begin();
  Statement([&] {
    HeapTuple locked;
    TmFailureData tmfd;
    ASSERT_EQ(HeapLockTuple(rel_, v1, GetCurrentCommandId(false), LockTupleMode::kShare,
                            LockWaitPolicy::kBlock, &locked, &tmfd),
              TmResult::kOk);
    EXPECT_EQ(IdOf(locked), 1);
    // Asking again for a weaker lock changes nothing; the share lock stays.
    ASSERT_EQ(HeapLockTuple(rel_, v1, GetCurrentCommandId(false), LockTupleMode::kKeyShare,
                            LockWaitPolicy::kBlock, &locked, &tmfd),
              TmResult::kOk);
    EXPECT_EQ(RawHeader(v1).t_infomask & (kHeapLockMask | kHeapXmaxLockOnly),
              kHeapXmaxShrLock | kHeapXmaxLockOnly);
  });
  EXPECT_TRUE(HeapXmaxIsLockedOnly(RawHeader(v1).t_infomask));
  scratch_->step[1].Post();
  scratch_->step[0].Wait();
  EXPECT_TRUE(WaitFor([&] { return IsWaitingForLock(child); }));
  Commit();
  EXPECT_EQ(WaitChild(child), 0);
  Statement([&] { EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{2}); });
}

TEST_F(HeapUpdateTest, LockingAnUpdatedRowReportsTheNewVersion) {
  ItemPointerData v1, v2;
  Statement([&] { v1 = Insert(1); });
  Statement([&] { ASSERT_EQ(Update(v1, 2, &v2), TmResult::kOk); });
  Statement([&] {
    HeapTuple tuple;
    TmFailureData tmfd;
    EXPECT_EQ(HeapLockTuple(rel_, v1, GetCurrentCommandId(false), LockTupleMode::kExclusive,
                            LockWaitPolicy::kBlock, &tuple, &tmfd),
              TmResult::kUpdated);
    EXPECT_EQ(tmfd.ctid, v2);
    EXPECT_EQ(HeapLockTuple(rel_, v2, GetCurrentCommandId(false), LockTupleMode::kExclusive,
                            LockWaitPolicy::kBlock, &tuple, &tmfd),
              TmResult::kOk);
    EXPECT_EQ(IdOf(tuple), 2);
    HeapTupleHeaderData header = RawHeader(v2);
    EXPECT_TRUE(header.t_infomask2 & kHeapKeysUpdated);  // FOR UPDATE
    EXPECT_EQ(header.t_infomask & kHeapLockMask, kHeapXmaxExclLock);
  });
}

}  // namespace
}  // namespace hyrax::storage::testing
