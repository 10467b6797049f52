// WAL set-up and helpers for storage tests that go through the buffer manager: a
// bootstrapped WAL in the test's data directory, checkpoints wired to the storage flush,
// page LSNs from real WAL records, and how far WAL was flushed.
#pragma once

#include <string>

#include "common/ids.h"
#include "storage/buffer/checkpoint_flush.h"
#include "storage/buffer/redo_buffer.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/xlog_insert.h"
#include "wal/recovery/recovery.h"
#include "wal/rmgr/xlog_rmgr.h"
#include "wal/wal_shmem.h"

namespace hyrax::storage::testing {

// Extra shared memory the WAL needs.
inline size_t WalShmemSize() {
  return wal::ShmemSize() + 64 * 1024;
}

// Registers what storage contributes to the WAL system (checkpoint flush, image redo).
inline void RegisterStorageWithWal() {
  wal::CheckpointHooks hooks;
  hooks.flush_all = [](bool is_shutdown) { CheckpointFlushAll(is_shutdown); };
  wal::SetCheckpointHooks(hooks);
  wal::SetFullPageImageRedoHook(RedoFullPageImage);
}

// Sets up the WAL after the segment was created and storage's ShmemInit ran: initialises
// its shared memory, bootstraps a WAL in the data directory and starts it up.
inline void InitWalForTest() {
  wal::g_fsync = false;  // nothing here needs real durability; keeps the tests fast
  wal::g_full_page_writes = true;
  wal::ShmemInit();
  RegisterStorageWithWal();
  wal::BootstrapXLog(42);
  wal::StartupXLog();
}

// Inserts a WAL record (not flushed) and returns its end LSN, usable as a page LSN.
inline Lsn NextWalLsn() {
  static const char kPayload[] = "storage test";
  wal::XLogBeginInsert();
  wal::XLogRegisterData(kPayload, sizeof(kPayload));
  return wal::XLogInsert(wal::RmgrId::kSequence, 0);
}

// Position up to which WAL is durable.
inline Lsn FlushedUpTo() {
  return wal::GetFlushRecPtr();
}

// Runs a checkpoint: every LSN handed out so far is now at or before the redo pointer.
inline void AdvanceRedoPointer() {
  wal::CreateCheckpoint(wal::kCheckpointForce | wal::kCheckpointImmediate);
}

}  // namespace hyrax::storage::testing
