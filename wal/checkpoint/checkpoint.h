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
  // Writes counters (next_xid, next_oid, oldest_xid) into the record being built. When
  // unset, the previous checkpoint's counters are repeated. Not called for the
  // end-of-recovery checkpoint, which uses the counters replay computed.
  std::function<void(CheckpointData&)> fill_counters;
  // Flushes clog and every dirty buffer and fsyncs every file written since the last
  // checkpoint. `is_shutdown` is true for shutdown / end-of-recovery checkpoints. Runs
  // after the new redo pointer is set and with the checkpoint lock held (taken before any
  // buffer lock); may call XLogFlush and XLogInsert. An exception aborts the checkpoint.
  std::function<void(bool is_shutdown)> flush_all;
};

// Installs this process's hooks (each process that may checkpoint: checkpointer, backends
// for CHECKPOINT, the startup process, init). Unset hooks are skipped.
void SetCheckpointHooks(CheckpointHooks hooks);

enum CheckpointFlags : int {
  kCheckpointImmediate = 0x1,
  kCheckpointShutdown = 0x2,
  kCheckpointEndOfRecovery = 0x4,
  kCheckpointForce = 0x8,  // even when no WAL was written since the last one
};

// Runs a checkpoint in this process (checkpointer, a backend running CHECKPOINT, init,
// end of recovery). Serialised by the checkpoint lock. Returns the checkpoint record's
// start LSN. Without kCheckpointForce / kCheckpointShutdown / kCheckpointEndOfRecovery it
// is skipped when nothing was inserted since the last checkpoint record, returning that
// record's LSN. Afterwards pg_control names the new record with state "shut down" (for
// shutdown / end-of-recovery checkpoints) or "in production", and segments wholly before
// the new redo pointer are removed. kCheckpointImmediate is accepted and ignored
// (checkpoints are never spread out yet). Requires: StartupXLog finished (or is running
// the end-of-recovery checkpoint). Throws what the hooks throw; pg_control write failures
// are PANIC-severity Errors.
Lsn CreateCheckpoint(int flags);

// Held by a committing transaction from before it inserts its commit record until its
// clog status is set (PostgreSQL's DELAY_CHKPT_START): a checkpoint does not choose its
// redo pointer in between, so a commit record before the redo pointer always has its clog
// change included in that checkpoint's clog flush. Requires: WAL shared memory attached.
class CheckpointStartDelay {
 public:
  CheckpointStartDelay();
  ~CheckpointStartDelay();
  CheckpointStartDelay(const CheckpointStartDelay&) = delete;
  CheckpointStartDelay& operator=(const CheckpointStartDelay&) = delete;
};

// Trigger used by the checkpointer's loop: true when g_checkpoint_timeout_s has elapsed
// since the last checkpoint (or skipped attempt), or when max_wal_size / (1 + 0.9) of WAL
// was inserted since the last redo pointer (PostgreSQL's CheckPointSegments with
// checkpoint_completion_target 0.9). False before StartupXLog finished.
bool CheckpointIsDue();

// GUCs (bound by the server's GUC table): seconds, and megabytes of WAL.
extern int g_checkpoint_timeout_s;
extern int g_max_wal_size_mb;

}  // namespace hyrax::wal
