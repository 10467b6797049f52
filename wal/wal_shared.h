// The WAL system's shared-memory state: insertion position, ring buffer, write/flush
// progress, redo pointer, last checkpoint and the control-file copy. Internal to wal/ (and
// its unit tests); other layers use the functions in insert/, flush/, checkpoint/.
// Algorithm and lock order: wal/README.md "Insertion and flush".
#pragma once

#include <atomic>
#include <cstdint>

#include "common/ids.h"
#include "common/shmem/lwlock.h"
#include "common/shmem/spinlock.h"
#include "wal/control/control_file.h"

namespace hyrax::wal {

struct WalShared {
  // Lock order: checkpoint_lock -> commit_delay_lock -> insert_lock -> write_lock; info_lock is a
  // leaf.
  LWLock insert_lock;      // reserve + copy of records into the ring
  LWLock write_lock;       // writing the ring to segment files and syncing them
  LWLock checkpoint_lock;  // one checkpoint at a time; guards `control`
  // Shared by committing backends between their commit record and their clog update;
  // exclusive while a checkpoint picks its redo pointer (checkpoint.h CheckpointStartDelay).
  // Taken before insert_lock.
  LWLock commit_delay_lock;
  SpinLock info_lock;  // guards the last_checkpoint_* fields

  // Protected by insert_lock.
  Lsn cur_insert_pos;  // where the next record starts
  Lsn prev_record;     // start of the last record inserted

  // Changed under insert_lock (so inserters can re-check it), read without a lock.
  std::atomic<Lsn> redo_rec_ptr;
  // Every byte below it has been copied into the ring (published after the copy, under
  // insert_lock; read lock-free by writers).
  std::atomic<Lsn> inserted_upto;
  // Advanced under write_lock only; read lock-free. written <= inserted, flushed <= written.
  std::atomic<Lsn> written_upto;
  std::atomic<Lsn> flushed_upto;
  // False until StartupXLog has finished: XLogInsert is refused before.
  std::atomic<bool> insert_allowed;

  uint64_t ring_size;  // set by ShmemInit, then constant
  char* ring;          // ring_size bytes; byte at LSN p lives at ring[p % ring_size]

  // Protected by info_lock.
  Lsn last_checkpoint_lsn;   // start of the last checkpoint record
  Lsn last_checkpoint_end;   // end of it: no WAL since when the insert position equals it
  Lsn last_checkpoint_redo;  // its redo pointer
  int64_t last_checkpoint_time;

  // Protected by checkpoint_lock (written by the startup process before anyone else runs).
  ControlFileData control;

  // Statistics in the spirit of pg_stat_wal; relaxed atomics.
  std::atomic<uint64_t> stat_records;
  std::atomic<uint64_t> stat_fpi;
  std::atomic<uint64_t> stat_bytes;
  std::atomic<uint64_t> stat_buffers_full;
  std::atomic<uint64_t> stat_write;
  std::atomic<uint64_t> stat_sync;
};

// The shared state of this process's segment. Requires: ShmemInit() ran (in this process or
// in the parent before fork). Throws an internal error otherwise.
WalShared& Shared();

}  // namespace hyrax::wal
