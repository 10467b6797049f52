// Cluster bootstrap for `hyrax init` (see cluster_bootstrap.h).
#include "server/engine/cluster_bootstrap.h"

#include <random>

#include "common/logging.h"
#include "server/engine/system_views.h"
#include "storage/catalog/bootstrap.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/heap_catalog.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/syscache.h"
#include "storage/storage_init.h"
#include "storage/txn/xact.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/recovery/recovery.h"

namespace hyrax::server::engine {

namespace {

// The system views are defined by SQL, so they are made once the catalogs can be read
// through the heap-backed SysCache the analyzer uses.
void CreateSystemViewsInTransaction() {
  catalog::HeapCatalog catalog;
  catalog::InstallSysCache(&catalog);
  catalog::InitInvalidationForBackend();
  storage::StartTransactionCommand();
  CreateSystemViews();
  storage::CommitTransactionCommand();
  catalog::InstallSysCache(nullptr);
}

}  // namespace

void BootstrapCluster(const std::string& superuser) {
  std::random_device rd;
  uint64_t system_identifier = (uint64_t{rd()} << 32) | rd();
  wal::BootstrapXLog(system_identifier);
  storage::RegisterEngineHooks();
  storage::AttachProcess(storage::BackendType::kClientBackend, /*is_superuser=*/true);
  storage::StartEngine();
  catalog::BootstrapOptions options;
  options.superuser = superuser;
  catalog::BootstrapSystemCatalogs(options);
  CreateSystemViewsInTransaction();
  // Copy template1 only once everything it holds is on disk.
  wal::CreateCheckpoint(wal::kCheckpointForce | wal::kCheckpointImmediate);
  catalog::CopyDatabaseFiles(catalog::kTemplate1DbOid, catalog::kTemplate0DbOid);
  catalog::CopyDatabaseFiles(catalog::kTemplate1DbOid, catalog::kPostgresDbOid);
  wal::CreateCheckpoint(wal::kCheckpointShutdown | wal::kCheckpointImmediate);
  storage::DetachProcess();
}

}  // namespace hyrax::server::engine
