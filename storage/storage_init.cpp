// Engine start-up sequence (see storage_init.h).
#include "storage/storage_init.h"

#include "common/error.h"
#include "common/shmem/shmem.h"
#include "storage/btree/btree.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/buffer/checkpoint_flush.h"
#include "storage/buffer/redo_buffer.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/storage_create.h"
#include "storage/heap/heap_am.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/smgr/smgr.h"
#include "storage/txn/clog.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact_redo.h"
#include "storage/vacuum/autovacuum.h"
#include "storage/vacuum/relation_stats.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/rmgr/xlog_rmgr.h"
#include "wal/wal_shmem.h"

namespace hyrax::storage {

size_t EngineShmemSize() {
  size_t total = 0;
  total = shmem::AddSize(total, wal::ShmemSize());
  total = shmem::AddSize(total, BufferManager::ShmemSize());
  total = shmem::AddSize(total, Smgr::ShmemSize());
  total = shmem::AddSize(total, Clog::ShmemSize());
  total = shmem::AddSize(total, TransamShmemSize());
  total = shmem::AddSize(total, ProcArray::ShmemSize());
  total = shmem::AddSize(total, LockManager::ShmemSize());
  total = shmem::AddSize(total, catalog::InvalShmemSize());
  total = shmem::AddSize(total, HeapShmemSize());
  total = shmem::AddSize(total, RelationStats::ShmemSize());
  total = shmem::AddSize(total, AutovacuumRequest::ShmemSize());
  // Slack for the registry's alignment and small areas registered later.
  return total + (1 << 20);
}

void CreateEngineSharedMemory() {
  shmem::CreateSegment(EngineShmemSize());
  InitEngineShmemAreas();
}

void InitEngineShmemAreas() {
  wal::ShmemInit();
  BufferManager::ShmemInit();
  Smgr::ShmemInit();
  Clog::ShmemInit();
  TransamShmemInit();
  ProcArray::ShmemInit();
  LockManager::ShmemInit();
  catalog::InvalShmemInit();
  HeapShmemInit();
  RelationStats::ShmemInit();
  AutovacuumRequest::ShmemInit();
}

void RegisterEngineHooks() {
  RegisterXactRmgr();
  catalog::RegisterSmgrRmgr();
  RegisterHeapRmgr();
  RegisterBtreeRmgr();
  wal::SetFullPageImageRedoHook(RedoFullPageImage);
  wal::CheckpointHooks hooks;
  hooks.fill_counters = FillCheckpointCounters;
  hooks.flush_all = [](bool is_shutdown) {
    Clog::Flush();
    CheckpointFlushAll(is_shutdown);
  };
  wal::SetCheckpointHooks(std::move(hooks));
}

wal::StartupResult StartEngine() {
  wal::StartupResult result = wal::StartupXLog();
  SetNextIdsAfterRecovery(result);
  return result;
}

ProcSlot* AttachProcess(BackendType type, bool is_superuser) {
  // Per-process caches that describe shared state must not survive into a new segment
  // (only tests and crash-restarted single-process tools attach twice in one process).
  HeapForgetAllTargetBlocks();
  ProcSlot* slot = ProcArray::ClaimSlot(type, is_superuser);
  if (slot == nullptr) {
    throw Error(errcode::kTooManyConnections, "sorry, too many clients already", Severity::kFatal);
  }
  return slot;
}

void DetachProcess() {
  LockManager::ReleaseAll(/*including_session_locks=*/true);
  ProcArray::ReleaseSlot();
}

}  // namespace hyrax::storage
