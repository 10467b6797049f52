// A whole engine in one test process: a fresh temporary data directory, shared memory, WAL
// bootstrapped and started, a proc slot, the system catalogs bootstrapped from the embedded
// PostgreSQL data and the heap-backed catalog installed. Used by catalog, executor and
// planner unit tests that need real catalogs and heaps.
#pragma once

#include <memory>
#include <string>

#include "common/error.h"
#include "common/shmem/shmem.h"
#include "storage/catalog/bootstrap.h"
#include "storage/catalog/heap_catalog.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/storage_init.h"
#include "storage/txn/xact.h"
#include "tests/unit/storage/buffer/storage_test_env.h"
#include "wal/recovery/recovery.h"

namespace hyrax::testing {

class EngineTestEnv {
 public:
  // Creates and starts an engine with bootstrapped catalogs, connected to `postgres`.
  EngineTestEnv() {
    try {
      storage::CreateEngineSharedMemory();
      storage::RegisterEngineHooks();
      wal::BootstrapXLog(/*system_identifier=*/42);
      storage::AttachProcess(storage::BackendType::kClientBackend, /*is_superuser=*/true);
      storage::StartEngine();
      catalog::BootstrapSystemCatalogs({});
      UseDatabase(catalog::kTemplate1DbOid);
    } catch (...) {
      TearDown();
      throw;
    }
  }
  ~EngineTestEnv() { TearDown(); }

  // Simulates a crash: forgets shared memory without flushing, re-creates it and recovers.
  void CrashAndRecover() {
    catalog::InstallSysCache(nullptr);
    catalog::RelationCacheInvalidate();
    shmem::DestroySegment();
    storage::CreateEngineSharedMemory();
    storage::RegisterEngineHooks();
    storage::AttachProcess(storage::BackendType::kClientBackend, true);
    storage::StartEngine();
    UseDatabase(storage::g_my_database_id);
  }

  // Leaves no transaction, slot, cache or segment behind for the next test in this process.
  void TearDown() {
    if (storage::IsTransactionState()) storage::AbortCurrentTransaction();
    catalog::InstallSysCache(nullptr);
    catalog::RelationCacheInvalidate();
    if (storage::ProcArray::MyProc() != nullptr) storage::DetachProcess();
    shmem::DestroySegment();
  }

  void UseDatabase(Oid db) {
    storage::g_my_database_id = db;
    cache_ = std::make_unique<catalog::HeapCatalog>();
    catalog::InstallSysCache(cache_.get());
    catalog::RelationCacheInvalidate();
    catalog::InitInvalidationForBackend();
  }

 private:
  storage::testing::TempDataDir dir_;
  std::unique_ptr<catalog::HeapCatalog> cache_;
};

}  // namespace hyrax::testing
