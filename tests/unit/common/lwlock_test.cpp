// LWLock and ProcSemaphore across forked processes sharing one segment: mutual exclusion
// holds, shared holders coexist, and a semaphore post wakes a sleeper in another process.
#include "common/shmem/lwlock.h"

#include <unistd.h>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "common/shmem/semaphore.h"
#include "common/shmem/shmem.h"

namespace hyrax {
namespace {

struct Shared {
  LWLock lock;
  ProcSemaphore sem;
  int64_t counter;  // protected by lock
  std::atomic<int> readers_inside;
  std::atomic<int> max_readers_inside;
};

Shared* MakeShared() {
  shmem::CreateSegment(1 << 20);
  bool found;
  auto* s = static_cast<Shared*>(shmem::InitStruct("test", sizeof(Shared), &found));
  EXPECT_FALSE(found);
  new (s) Shared();
  return s;
}

void WaitAll(const std::vector<pid_t>& pids) {
  for (pid_t pid : pids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);
  }
}

TEST(LWLockTest, ExclusiveLockSerialisesIncrementsAcrossProcesses) {
  Shared* s = MakeShared();
  constexpr int kProcs = 4;
  constexpr int kIters = 20000;
  std::vector<pid_t> pids;
  for (int p = 0; p < kProcs; ++p) {
    pid_t pid = fork();
    if (pid == 0) {
      for (int i = 0; i < kIters; ++i) {
        LWLockGuard g(s->lock, LWLockMode::kExclusive);
        int64_t v = s->counter;  // non-atomic read-modify-write: only safe under the lock
        s->counter = v + 1;
      }
      _exit(0);
    }
    pids.push_back(pid);
  }
  WaitAll(pids);
  EXPECT_EQ(s->counter, int64_t{kProcs} * kIters);
  EXPECT_FALSE(s->lock.IsHeld());
  shmem::DestroySegment();
}

TEST(LWLockTest, SharedHoldersCoexistAndExcludeWriters) {
  Shared* s = MakeShared();
  s->lock.Acquire(LWLockMode::kShared);
  EXPECT_TRUE(s->lock.ConditionalAcquire(LWLockMode::kShared));
  EXPECT_FALSE(s->lock.ConditionalAcquire(LWLockMode::kExclusive));
  s->lock.Release();
  s->lock.Release();
  EXPECT_TRUE(s->lock.ConditionalAcquire(LWLockMode::kExclusive));
  EXPECT_FALSE(s->lock.ConditionalAcquire(LWLockMode::kShared));
  s->lock.Release();
  shmem::DestroySegment();
}

TEST(LWLockTest, WaiterInAnotherProcessProceedsAfterRelease) {
  Shared* s = MakeShared();
  s->lock.Acquire(LWLockMode::kExclusive);
  pid_t pid = fork();
  if (pid == 0) {
    s->sem.Post();  // tell the parent we are about to block
    LWLockGuard g(s->lock, LWLockMode::kExclusive);
    s->counter = 42;
    _exit(0);
  }
  ASSERT_TRUE(s->sem.Wait(10000));
  s->counter = 1;
  s->lock.Release();
  WaitAll({pid});
  EXPECT_EQ(s->counter, 42);
  shmem::DestroySegment();
}

TEST(ProcSemaphoreTest, WaitTimesOutWithoutPost) {
  Shared* s = MakeShared();
  EXPECT_FALSE(s->sem.Wait(20));
  s->sem.Post();
  EXPECT_TRUE(s->sem.Wait(0));
  shmem::DestroySegment();
}

}  // namespace
}  // namespace hyrax
