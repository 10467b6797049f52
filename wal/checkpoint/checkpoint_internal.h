// Checkpoint internals used by recovery: running the end-of-recovery checkpoint with
// counters computed by replay instead of the storage hook, and recording the last
// checkpoint in shared memory at start-up. Internal to wal/.
#pragma once

#include <ctime>

#include "common/ids.h"
#include "wal/control/control_file.h"

namespace hyrax::wal {

// CreateCheckpoint, except that when `counters` is non-null its next_xid / next_oid /
// oldest_xid are used instead of calling hooks.fill_counters (end of recovery: storage has
// not been told the replayed counters yet).
Lsn RunCheckpoint(int flags, const CheckpointData* counters);

// Records the checkpoint found at start-up as the last one (for CheckpointIsDue and the
// "no WAL since the last checkpoint" test). `now` starts the checkpoint_timeout clock.
void NoteStartupCheckpoint(Lsn checkpoint_lsn, Lsn checkpoint_end, Lsn redo, std::time_t now);

}  // namespace hyrax::wal
