// State shared between a test process and the postmaster / backends it forks: one
// anonymous MAP_SHARED mapping created before the fork, so counters written by a backend
// or an auxiliary process are visible to the test. Holds the fake proc array (pid, cancel
// key) and the fake ServerHooks, which count how often each hook ran.
#pragma once

#include <atomic>
#include <cstdint>
#include <poll.h>

#include <sys/mman.h>

#include "server/postmaster/server_hooks.h"

namespace hyrax::server::testing {

struct FakeShared {
  static constexpr int kSlots = 64;
  std::atomic<int> shmem_init_calls{0};
  std::atomic<int> startup_calls{0};
  std::atomic<int> checkpointer_steps{0};
  std::atomic<int> shutdown_checkpoints{0};
  std::atomic<int> hold_startup{0};  // while set, the startup process waits
  std::atomic<int> release_wait{0};  // ends the fake engine's WAIT statement
  struct Slot {
    std::atomic<int32_t> pid{0};
    std::atomic<int32_t> cancel_key{0};
  } slots[kSlots];
};

// The mapping; nullptr until CreateFakeShared().
inline FakeShared* g_fake_shared = nullptr;

inline FakeShared* CreateFakeShared() {
  void* memory =
      mmap(nullptr, sizeof(FakeShared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  g_fake_shared = new (memory) FakeShared();
  return g_fake_shared;
}

// Hooks that only count their calls; the startup process waits while hold_startup is set
// (so a test can observe connections during crash recovery).
inline postmaster::ServerHooks MakeFakeHooks() {
  postmaster::ServerHooks hooks;
  hooks.shmem_size = [] { return size_t{1} << 20; };
  hooks.shmem_init = [] { ++g_fake_shared->shmem_init_calls; };
  hooks.startup_process = [] {
    while (g_fake_shared->hold_startup.load()) poll(nullptr, 0, 5);
    ++g_fake_shared->startup_calls;
  };
  hooks.checkpointer_step = [] { ++g_fake_shared->checkpointer_steps; };
  hooks.shutdown_checkpoint = [] { ++g_fake_shared->shutdown_checkpoints; };
  return hooks;
}

}  // namespace hyrax::server::testing
