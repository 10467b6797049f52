// Cluster bootstrap for `hyrax init` (see cluster_bootstrap.h).
#include "server/engine/cluster_bootstrap.h"

#include <random>

#include "common/logging.h"
#include "storage/catalog/bootstrap.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/storage_init.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/recovery/recovery.h"

namespace hyrax::server::engine {

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
  // Copy template1 only once everything it holds is on disk.
  wal::CreateCheckpoint(wal::kCheckpointForce | wal::kCheckpointImmediate);
  catalog::CopyDatabaseFiles(catalog::kTemplate1DbOid, catalog::kTemplate0DbOid);
  catalog::CopyDatabaseFiles(catalog::kTemplate1DbOid, catalog::kPostgresDbOid);
  wal::CreateCheckpoint(wal::kCheckpointShutdown | wal::kCheckpointImmediate);
  storage::DetachProcess();
}

}  // namespace hyrax::server::engine
