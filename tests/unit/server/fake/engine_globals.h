// Test-only stand-ins for the GUC globals that wal/ and storage/ declare but do not define
// yet, so server test binaries that register the GUC table link. Weak: once the owning
// layer defines a variable, its definition wins and this one is ignored. Include from
// exactly one .cpp per test binary (tests/unit/server/<sub>/engine_globals.cpp).
#pragma once

#include "storage/buffer/buffer_manager.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/xact.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/wal_shmem.h"

#define HYRAX_TEST_WEAK __attribute__((weak))

namespace hyrax::wal {
HYRAX_TEST_WEAK int g_wal_buffers_kb = -1;
HYRAX_TEST_WEAK bool g_fsync = true;
HYRAX_TEST_WEAK bool g_full_page_writes = true;
HYRAX_TEST_WEAK int g_commit_delay_us = 0;
HYRAX_TEST_WEAK int g_checkpoint_timeout_s = 300;
HYRAX_TEST_WEAK int g_max_wal_size_mb = 1024;
}  // namespace hyrax::wal

namespace hyrax::storage {
HYRAX_TEST_WEAK int g_shared_buffers = 16384;
HYRAX_TEST_WEAK IsolationLevel g_default_isolation_level = IsolationLevel::kReadCommitted;
HYRAX_TEST_WEAK bool g_default_transaction_read_only = false;
HYRAX_TEST_WEAK bool g_synchronous_commit = true;
HYRAX_TEST_WEAK int ProcArray::g_max_connections = 100;
HYRAX_TEST_WEAK int ProcArray::g_superuser_reserved_connections = 3;
HYRAX_TEST_WEAK int LockManager::g_max_locks_per_transaction = 64;
HYRAX_TEST_WEAK int LockManager::g_deadlock_timeout_ms = 1000;
HYRAX_TEST_WEAK int LockManager::g_lock_timeout_ms = 0;
}  // namespace hyrax::storage

#undef HYRAX_TEST_WEAK
