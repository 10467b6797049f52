// Deadlock detection: two processes that wait for each other after deadlock_timeout; exactly
// one gets 40P01 with PostgreSQL's detail lines and the other proceeds. Also the immediate
// case where a holder would have to queue behind a waiter that holds what it wants.
#include <gtest/gtest.h>

#include "storage/lmgr/lock_manager.h"
#include "storage/lmgr/lock_table.h"
#include "tests/unit/storage/txn/txn_test_env.h"

namespace hyrax::storage {
namespace {

using testing::TxnTestEnv;

const LockTag kFirst = LockTag::Relation(5, 16384);
const LockTag kSecond = LockTag::Relation(5, 16385);

class DeadlockTest : public TxnTestEnv {
 protected:
  void TearDown() override {
    LockManager::ReleaseAll(true);
    TxnTestEnv::TearDown();
  }
};

constexpr int32_t kGotLock = 1;
constexpr int32_t kGotDeadlock = 2;

void ExpectDeadlockError(const Error& e) {
  EXPECT_EQ(e.code(), errcode::kTRDeadlockDetected);
  EXPECT_EQ(e.message(), "deadlock detected");
  EXPECT_EQ(e.hint(), "See server log for query details.");
  EXPECT_NE(e.detail().find("Process "), std::string::npos) << e.detail();
  EXPECT_NE(e.detail().find(" waits for AccessExclusiveLock on relation "), std::string::npos)
      << e.detail();
  EXPECT_NE(e.detail().find("; blocked by process "), std::string::npos) << e.detail();
  EXPECT_NE(e.detail().find('\n'), std::string::npos) << "two lines expected: " << e.detail();
}

// Takes `first`, reports, waits for the go signal, then requests `second`.
pid_t ForkCrossLocker(testing::SharedScratch* s, int index, LockTag first, LockTag second) {
  return TxnTestEnv::ForkChild([=] {
    LockManager::Acquire(first, LockMode::kAccessExclusive);
    s->step[index].Post();
    s->step[2 + index].Wait();
    try {
      LockManager::Acquire(second, LockMode::kAccessExclusive);
      s->value[index] = kGotLock;
    } catch (const Error& e) {
      ExpectDeadlockError(e);
      s->value[index] = kGotDeadlock;
    }
    LockManager::ReleaseAll(false);  // a deadlock victim aborts: the other may proceed
  });
}

TEST_F(DeadlockTest, ExactlyOneOfTwoProcessesIsChosenAsVictim) {
  LockManager::g_deadlock_timeout_ms = 20;  // inherited by the children
  pid_t a = ForkCrossLocker(scratch_, 0, kFirst, kSecond);
  pid_t b = ForkCrossLocker(scratch_, 1, kSecond, kFirst);
  scratch_->step[0].Wait();
  scratch_->step[1].Wait();
  scratch_->step[2].Post();
  scratch_->step[3].Post();
  ASSERT_EQ(WaitChild(a), 0);
  ASSERT_EQ(WaitChild(b), 0);
  int32_t ra = scratch_->value[0].load();
  int32_t rb = scratch_->value[1].load();
  EXPECT_TRUE((ra == kGotLock && rb == kGotDeadlock) || (ra == kGotDeadlock && rb == kGotLock))
      << "results " << ra << " and " << rb;
  EXPECT_TRUE(LockManager::GetLockStatus().empty());
}

TEST_F(DeadlockTest, WaitingWithoutACycleIsNotADeadlock) {
  LockManager::g_deadlock_timeout_ms = 0;  // the check runs at once (and must find nothing)
  pid_t waiter = ForkChild([s = scratch_] {
    s->step[0].Wait();
    LockManager::Acquire(kFirst, LockMode::kAccessExclusive);
    s->value[0] = kGotLock;
  });
  LockManager::Acquire(kFirst, LockMode::kShare);
  scratch_->step[0].Post();
  WaitFor([&] { return IsWaitingForLock(waiter); });
  // The waiter's deadlock check runs and finds nothing: it keeps waiting until we release.
  ProcSlot* slot = ProcArray::FindByPid(waiter);
  ASSERT_NE(slot, nullptr);
  auto& info = lmgr_internal::Table().procs[slot->slot_index];
  WaitFor([&] { return std::atomic_ref<int32_t>(info.deadlock_checks).load() > 0; });
  EXPECT_TRUE(IsWaitingForLock(waiter));
  LockManager::ReleaseAll(false);
  ASSERT_EQ(WaitChild(waiter), 0);
  EXPECT_EQ(scratch_->value[0].load(), kGotLock);
}

TEST_F(DeadlockTest, HolderThatWouldQueueBehindItsOwnWaiterFailsAtOnce) {
  // Both hold AccessShare; the child waits for AccessExclusive (blocked by us). Our own
  // AccessExclusive request would wait for the child: a deadlock found without waiting.
  pid_t child = ForkChild([s = scratch_] {
    LockManager::Acquire(kFirst, LockMode::kAccessShare);
    s->step[0].Post();
    s->step[1].Wait();
    LockManager::Acquire(kFirst, LockMode::kAccessExclusive);
    s->value[0] = kGotLock;
  });
  scratch_->step[0].Wait();
  LockManager::Acquire(kFirst, LockMode::kAccessShare);
  scratch_->step[1].Post();
  WaitFor([&] { return IsWaitingForLock(child); });
  try {
    LockManager::Acquire(kFirst, LockMode::kAccessExclusive);
    ADD_FAILURE() << "expected a deadlock";
  } catch (const Error& e) {
    ExpectDeadlockError(e);
    EXPECT_NE(e.detail().find(fmt::format("Process {} waits", getpid())), std::string::npos);
    EXPECT_NE(e.detail().find(fmt::format("Process {} waits", child)), std::string::npos);
  }
  EXPECT_TRUE(LockManager::HeldByMe(kFirst, LockMode::kAccessShare));
  LockManager::ReleaseAll(false);
  ASSERT_EQ(WaitChild(child), 0);
  EXPECT_EQ(scratch_->value[0].load(), kGotLock);
}

}  // namespace
}  // namespace hyrax::storage
