// Checkpoints. wal/ drives the sequence; storage supplies the work through hooks (flush
// clog, flush dirty buffers, fsync files) and the counters (next xid, next oid).
// Sequence (CreateCheckpoint): take CheckpointLock; redo = current insert position (set
// as the new redo pointer, so later page changes log full-page images); call
// hooks.flush_all(); fill counters via hooks.fill_counters(); insert the checkpoint record
// and flush it; update pg_control; remove WAL segments wholly before the redo pointer.
#pragma once

#include <functional>

#include "wal/control/control_file.h"

namespace hyrax::wal {

struct CheckpointHooks {
  // Writes counters (next_xid, next_oid, oldest_xid) into the record being built.
  std::function<void(CheckpointData&)> fill_counters;
  // Flushes clog and every dirty buffer and fsyncs every file written since the last
  // checkpoint. `is_shutdown` is true for shutdown / end-of-recovery checkpoints.
  std::function<void(bool is_shutdown)> flush_all;
};

void SetCheckpointHooks(CheckpointHooks hooks);

enum CheckpointFlags : int {
  kCheckpointImmediate = 0x1,
  kCheckpointShutdown = 0x2,
  kCheckpointEndOfRecovery = 0x4,
  kCheckpointForce = 0x8,  // even when no WAL was written since the last one
};

// Runs a checkpoint in this process (checkpointer, a backend running CHECKPOINT, init,
// end of recovery). Serialised by the checkpoint lock. Returns the checkpoint record LSN.
Lsn CreateCheckpoint(int flags);

// Time-based trigger used by the checkpointer's loop: true when checkpoint_timeout has
// elapsed or max_wal_size worth of WAL was written since the last checkpoint.
bool CheckpointIsDue();

// GUCs (bound by the server's GUC table): seconds, and megabytes of WAL.
extern int g_checkpoint_timeout_s;
extern int g_max_wal_size_mb;

}  // namespace hyrax::wal
