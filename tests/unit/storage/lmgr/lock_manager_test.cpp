// Heavyweight locks across processes: PostgreSQL's conflict table for all 8 modes, local
// re-acquisition counts, session locks, NOWAIT, FIFO wake-up order, queue jumping by a
// holder, lock_timeout, cancel while waiting, a full table, pg_locks rows, and waiting for
// another transaction with XactLockTableWait.
#include "storage/lmgr/lock_manager.h"

#include <csignal>

#include <gtest/gtest.h>

#include "tests/unit/storage/txn/txn_test_env.h"
#include "tests/unit/storage/txn/xact_test_support.h"

namespace hyrax::storage {
namespace {

using testing::TxnTestEnv;

const LockTag kTable = LockTag::Relation(5, 16384);
const LockTag kOther = LockTag::Relation(5, 16385);

class LockManagerTest : public TxnTestEnv {
 protected:
  void TearDown() override {
    LockManager::ReleaseAll(true);
    TxnTestEnv::TearDown();
  }
};

LockMode Mode(int m) {
  return static_cast<LockMode>(m);
}

// PostgreSQL's documented table ("Conflicting Lock Modes"), requested mode by held mode,
// 1..8 = AccessShare .. AccessExclusive; written out independently of the implementation.
constexpr const char* kConflictMatrix[] = {
    // held: 12345678
    "       X",  // AccessShare
    "      XX",  // RowShare
    "    XXXX",  // RowExclusive
    "   XXXXX",  // ShareUpdateExclusive
    "  XX XXX",  // Share
    "  XXXXXX",  // ShareRowExclusive
    " XXXXXXX",  // Exclusive
    "XXXXXXXX",  // AccessExclusive
};

TEST_F(LockManagerTest, ModesConflictAcrossProcessesExactlyAsPostgresql) {
  for (int held = 1; held < kMaxLockModes; ++held) {
    pid_t holder = ForkChild([s = scratch_, held] {
      ASSERT_EQ(LockManager::Acquire(kTable, Mode(held)), LockResult::kAcquired);
      s->step[0].Post();
      s->step[1].Wait();
    });
    scratch_->step[0].Wait();
    for (int requested = 1; requested < kMaxLockModes; ++requested) {
      bool conflicts = kConflictMatrix[requested - 1][held - 1] == 'X';
      LockResult result = LockManager::Acquire(kTable, Mode(requested), false, /*dont_wait=*/true);
      EXPECT_EQ(result, conflicts ? LockResult::kNotAvailable : LockResult::kAcquired)
          << LockModeName(Mode(requested)) << " requested while another process holds "
          << LockModeName(Mode(held));
      if (result == LockResult::kAcquired) {
        EXPECT_TRUE(LockManager::Release(kTable, Mode(requested)));
      }
    }
    scratch_->step[1].Post();
    ASSERT_EQ(WaitChild(holder), 0);
  }
}

TEST_F(LockManagerTest, OwnLocksNeverConflict) {
  for (int m = 1; m < kMaxLockModes; ++m) {
    EXPECT_EQ(LockManager::Acquire(kTable, Mode(m), false, true), LockResult::kAcquired);
  }
  for (int m = 1; m < kMaxLockModes; ++m) EXPECT_TRUE(LockManager::HeldByMe(kTable, Mode(m)));
  EXPECT_EQ(LockManager::GetLockStatus().size(), 8u);
  LockManager::ReleaseAll(false);
  EXPECT_TRUE(LockManager::GetLockStatus().empty());
}

TEST_F(LockManagerTest, ReacquiringIsCountedLocally) {
  EXPECT_EQ(LockManager::Acquire(kTable, LockMode::kShare), LockResult::kAcquired);
  EXPECT_EQ(LockManager::Acquire(kTable, LockMode::kShare), LockResult::kAlreadyHeld);
  EXPECT_TRUE(LockManager::Release(kTable, LockMode::kShare));
  EXPECT_TRUE(LockManager::HeldByMe(kTable, LockMode::kShare));
  EXPECT_EQ(LockManager::GetLockStatus().size(), 1u);
  EXPECT_TRUE(LockManager::Release(kTable, LockMode::kShare));
  EXPECT_FALSE(LockManager::HeldByMe(kTable, LockMode::kShare));
  EXPECT_TRUE(LockManager::GetLockStatus().empty());
  testing::NoticeCollector notices;
  EXPECT_FALSE(LockManager::Release(kTable, LockMode::kShare));
  ASSERT_EQ(notices.notices().size(), 1u);
  EXPECT_EQ(notices.notices()[0].message(), "you don't own a lock of type ShareLock");
}

TEST_F(LockManagerTest, SessionLocksSurviveTransactionEnd) {
  LockManager::Acquire(kTable, LockMode::kExclusive, /*session_lock=*/true);
  LockManager::Acquire(kOther, LockMode::kExclusive);
  LockManager::ReleaseAll(false);
  EXPECT_TRUE(LockManager::HeldByMe(kTable, LockMode::kExclusive));
  EXPECT_FALSE(LockManager::HeldByMe(kOther, LockMode::kExclusive));
  LockManager::ReleaseAll(true);
  EXPECT_FALSE(LockManager::HeldByMe(kTable, LockMode::kExclusive));
}

TEST_F(LockManagerTest, NowaitFailsWithoutLeavingARequestBehind) {
  pid_t holder = ForkChild([s = scratch_] {
    LockManager::Acquire(kTable, LockMode::kAccessExclusive);
    s->step[0].Post();
    s->step[1].Wait();
  });
  scratch_->step[0].Wait();
  EXPECT_EQ(LockManager::Acquire(kTable, LockMode::kAccessShare, false, true),
            LockResult::kNotAvailable);
  EXPECT_FALSE(LockManager::HeldByMe(kTable, LockMode::kAccessShare));
  auto rows = LockManager::GetLockStatus();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].pid, holder);
  EXPECT_TRUE(rows[0].granted);
  EXPECT_EQ(rows[0].mode, LockMode::kAccessExclusive);
  scratch_->step[1].Post();
  ASSERT_EQ(WaitChild(holder), 0);
  EXPECT_EQ(LockManager::Acquire(kTable, LockMode::kAccessShare, false, true),
            LockResult::kAcquired);
}

// A child that, on step[go], requests `mode` on kTable, records the order in which it got
// it in value[slot], then holds it until step[release].
pid_t ForkWaiter(testing::SharedScratch* s, LockMode mode, int go, int slot, int release) {
  return TxnTestEnv::ForkChild([=] {
    s->step[go].Wait();
    LockManager::Acquire(kTable, mode);
    s->value[slot] = ++s->order;
    s->step[release].Wait();
  });
}

TEST_F(LockManagerTest, WaitersAreWokenInQueueOrder) {
  // Queue: A wants AccessExclusive, then B and C want AccessShare (behind A, since A's
  // request conflicts with theirs). On release A goes first; B and C together after A.
  pid_t a = ForkWaiter(scratch_, LockMode::kAccessExclusive, 0, 0, 3);
  pid_t b = ForkWaiter(scratch_, LockMode::kAccessShare, 1, 1, 4);
  pid_t c = ForkWaiter(scratch_, LockMode::kAccessShare, 2, 2, 4);
  LockManager::Acquire(kTable, LockMode::kRowExclusive);
  scratch_->step[0].Post();
  WaitFor([&] { return IsWaitingForLock(a); });
  scratch_->step[1].Post();
  WaitFor([&] { return IsWaitingForLock(b); });
  scratch_->step[2].Post();
  WaitFor([&] { return IsWaitingForLock(c); });
  EXPECT_EQ(scratch_->order.load(), 0);
  LockManager::Release(kTable, LockMode::kRowExclusive);
  WaitFor([&] { return scratch_->order.load() == 1; });
  EXPECT_EQ(scratch_->value[0].load(), 1);  // A first
  EXPECT_TRUE(IsWaitingForLock(b));
  EXPECT_TRUE(IsWaitingForLock(c));
  scratch_->step[3].Post();  // A releases: B and C both get it
  WaitFor([&] { return scratch_->order.load() == 3; });
  scratch_->step[4].Post();
  scratch_->step[4].Post();
  EXPECT_EQ(WaitChild(a), 0);
  EXPECT_EQ(WaitChild(b), 0);
  EXPECT_EQ(WaitChild(c), 0);
}

TEST_F(LockManagerTest, HolderJumpsAheadOfAWaiterItBlocks) {
  // We hold AccessShare; a waiter wants AccessExclusive. Our RowExclusive request conflicts
  // with that waiter, but queueing behind it would deadlock: we are granted at once.
  pid_t waiter = ForkWaiter(scratch_, LockMode::kAccessExclusive, 0, 0, 1);
  LockManager::Acquire(kTable, LockMode::kAccessShare);
  scratch_->step[0].Post();
  WaitFor([&] { return IsWaitingForLock(waiter); });
  EXPECT_EQ(LockManager::Acquire(kTable, LockMode::kRowExclusive), LockResult::kAcquired);
  LockManager::ReleaseAll(false);
  WaitFor([&] { return scratch_->order.load() == 1; });
  scratch_->step[1].Post();
  EXPECT_EQ(WaitChild(waiter), 0);
}

TEST_F(LockManagerTest, LockTimeoutCancelsTheWaitCleanly) {
  pid_t holder = ForkChild([s = scratch_] {
    LockManager::Acquire(kTable, LockMode::kAccessExclusive);
    s->step[0].Post();
    s->step[1].Wait();
  });
  scratch_->step[0].Wait();
  LockManager::g_lock_timeout_ms = 50;
  try {
    LockManager::Acquire(kTable, LockMode::kAccessShare);
    ADD_FAILURE() << "expected a lock timeout";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kLockNotAvailable);
    EXPECT_EQ(e.message(), "canceling statement due to lock timeout");
  }
  EXPECT_FALSE(LockManager::HeldByMe(kTable, LockMode::kAccessShare));
  auto rows = LockManager::GetLockStatus();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].pid, holder);
  EXPECT_EQ(ProcArray::MyProc()->wait_lock, nullptr);
  EXPECT_EQ(ProcArray::MyProc()->wait_event[0], '\0');
  scratch_->step[1].Post();
  ASSERT_EQ(WaitChild(holder), 0);
}

TEST_F(LockManagerTest, CancelWhileWaitingLeavesTheQueueAndWakesThoseBehind) {
  // We hold AccessShare. V waits for AccessExclusive; W waits for AccessShare behind V
  // (only because of V). Cancelling V must dequeue it and let W in.
  pid_t victim = ForkChild([s = scratch_] {
    testing::InstallCancelHandler();
    s->step[0].Wait();
    try {
      LockManager::Acquire(kTable, LockMode::kAccessExclusive);
      ADD_FAILURE() << "expected a cancel";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), errcode::kQueryCanceled);
      EXPECT_EQ(e.message(), "canceling statement due to user request");
      s->value[0] = 1;
    }
    EXPECT_FALSE(LockManager::HeldByMe(kTable, LockMode::kAccessExclusive));
  });
  pid_t behind = ForkWaiter(scratch_, LockMode::kAccessShare, 1, 1, 2);
  LockManager::Acquire(kTable, LockMode::kAccessShare);
  scratch_->step[0].Post();
  WaitFor([&] { return IsWaitingForLock(victim); });
  scratch_->step[1].Post();
  WaitFor([&] { return IsWaitingForLock(behind); });
  kill(victim, SIGINT);
  ASSERT_EQ(WaitChild(victim), 0);
  EXPECT_EQ(scratch_->value[0].load(), 1);
  WaitFor([&] { return scratch_->order.load() == 1; });  // W got its AccessShare
  for (const auto& row : LockManager::GetLockStatus()) {
    EXPECT_TRUE(row.granted);
    EXPECT_NE(row.pid, victim);
  }
  scratch_->step[2].Post();
  EXPECT_EQ(WaitChild(behind), 0);
}

TEST_F(LockManagerTest, LockStatusShowsHoldersAndWaiters) {
  pid_t waiter = ForkWaiter(scratch_, LockMode::kExclusive, 0, 0, 1);
  LockManager::Acquire(kTable, LockMode::kShare);
  scratch_->step[0].Post();
  WaitFor([&] { return IsWaitingForLock(waiter); });
  auto rows = LockManager::GetLockStatus();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.tag, kTable);
    if (row.granted) {
      EXPECT_EQ(row.pid, getpid());
      EXPECT_EQ(row.mode, LockMode::kShare);
    } else {
      EXPECT_EQ(row.pid, waiter);
      EXPECT_EQ(row.mode, LockMode::kExclusive);
      EXPECT_GT(row.wait_start, 0);
    }
  }
  ProcSlot* slot = ProcArray::FindByPid(waiter);
  ASSERT_NE(slot, nullptr);
  EXPECT_STREQ(slot->wait_event_type, "Lock");
  EXPECT_STREQ(slot->wait_event, "relation");
  LockManager::ReleaseAll(false);
  WaitFor([&] { return scratch_->order.load() == 1; });
  scratch_->step[1].Post();
  EXPECT_EQ(WaitChild(waiter), 0);
}

TEST_F(LockManagerTest, XactLockTableWaitReturnsWhenTheTransactionEnds) {
  pid_t writer = ForkChild([s = scratch_, me = getpid()] {
    using testing::RunStatement;
    ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
    ASSERT_FALSE(RunStatement([&] { s->value[0] = static_cast<int32_t>(testing::Write()); }));
    s->step[0].Post();
    TxnTestEnv::WaitFor([&] { return TxnTestEnv::IsWaitingForLock(me); });
    ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));
  });
  scratch_->step[0].Wait();
  auto xid = static_cast<TransactionId>(scratch_->value[0].load());
  EXPECT_TRUE(TransactionIdIsInProgress(xid));
  XactLockTableWait(xid);
  EXPECT_FALSE(TransactionIdIsInProgress(xid));
  EXPECT_TRUE(TransactionIdDidCommit(xid));
  EXPECT_EQ(WaitChild(writer), 0);
}

class SmallLockTableTest : public LockManagerTest {
 protected:
  void ConfigureGucs() override {
    ProcArray::g_max_connections = 2;
    LockManager::g_max_locks_per_transaction = 2;
  }
};

TEST_F(SmallLockTableTest, FullTableRaisesOutOfSharedMemoryAndRecovers) {
  const int capacity = 2 * ProcArray::NumSlots();
  for (int i = 0; i < capacity; ++i) {
    LockManager::Acquire(LockTag::Relation(5, 20000 + i), LockMode::kAccessShare);
  }
  try {
    LockManager::Acquire(LockTag::Relation(5, 30000), LockMode::kAccessShare);
    ADD_FAILURE() << "expected the lock table to be full";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kOutOfMemory);
    EXPECT_EQ(e.message(), "out of shared memory");
    EXPECT_EQ(e.hint(), "You might need to increase max_locks_per_transaction.");
  }
  EXPECT_FALSE(LockManager::HeldByMe(LockTag::Relation(5, 30000), LockMode::kAccessShare));
  EXPECT_EQ(LockManager::GetLockStatus().size(), static_cast<size_t>(capacity));
  // A second mode on a lock we already have needs no new entry.
  EXPECT_EQ(LockManager::Acquire(LockTag::Relation(5, 20000), LockMode::kRowExclusive),
            LockResult::kAcquired);
  LockManager::ReleaseAll(false);
  EXPECT_EQ(LockManager::Acquire(LockTag::Relation(5, 30000), LockMode::kAccessShare),
            LockResult::kAcquired);
}

}  // namespace
}  // namespace hyrax::storage
