// The production ServerHooks (server/postmaster/server_hooks.h): shared memory from
// storage_init, the startup process (removes leftover temporary files, runs WAL recovery),
// the checkpointer's timed and shutdown checkpoints, the autovacuum launcher's step and
// worker (autovacuum_worker.h), and `hyrax init`'s catalog bootstrap.
#include "server/engine/autovacuum_worker.h"
#include "server/engine/cluster_bootstrap.h"
#include "server/postmaster/server_hooks.h"
#include "storage/file/temp_file.h"
#include "storage/storage_init.h"
#include "wal/checkpoint/checkpoint.h"

namespace hyrax::server::postmaster {

namespace {

void StartupProcess() {
  // Temporary files of backends that crashed (or of the previous run) are garbage.
  storage::RemovePgsqlTmpFiles();
  storage::RegisterEngineHooks();
  storage::AttachProcess(storage::BackendType::kStartup, /*is_superuser=*/true);
  storage::StartEngine();
  storage::DetachProcess();
}

void CheckpointerStep() {
  static bool attached = false;
  if (!attached) {
    storage::RegisterEngineHooks();
    storage::AttachProcess(storage::BackendType::kCheckpointer, /*is_superuser=*/true);
    attached = true;
  }
  if (wal::CheckpointIsDue()) wal::CreateCheckpoint(0);
}

void ShutdownCheckpoint() {
  wal::CreateCheckpoint(wal::kCheckpointShutdown | wal::kCheckpointImmediate);
}

}  // namespace

ServerHooks MakeServerHooks() {
  ServerHooks hooks;
  hooks.shmem_size = storage::EngineShmemSize;
  hooks.shmem_init = storage::InitEngineShmemAreas;
  hooks.startup_process = StartupProcess;
  hooks.checkpointer_step = CheckpointerStep;
  hooks.shutdown_checkpoint = ShutdownCheckpoint;
  hooks.autovacuum_launcher_step = engine::AutovacuumLauncherStep;
  hooks.autovacuum_worker = engine::RunAutovacuumWorkerProcess;
  hooks.bootstrap = [](const BootstrapOptions& options) {
    engine::BootstrapCluster(options.superuser);
  };
  return hooks;
}

}  // namespace hyrax::server::postmaster
