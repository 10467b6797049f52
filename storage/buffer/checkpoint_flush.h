// The storage side of a checkpoint: write every dirty buffer, then fsync every file written
// since the previous checkpoint. The server registers it (with clog flushing) as
// wal::CheckpointHooks::flush_all. storage/buffer/README.md "Checkpoints".
#pragma once

namespace hyrax::storage {

// Runs BufferManager::FlushAllForCheckpoint() then Smgr::SyncAllPending(), and logs the
// counts at DEBUG. `is_shutdown` only changes the log line. Requires: this process holds no
// buffer content lock. Throws on write errors; fsync failures PANIC.
void CheckpointFlushAll(bool is_shutdown);

}  // namespace hyrax::storage
