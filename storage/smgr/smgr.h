// Storage manager: a relation fork's blocks in files base/<db>/<relfilenode>[_fsm|_vm][.N]
// (1 GB segments; global/ for shared catalogs), paths relative to the data directory (the
// process's cwd). Keeps a per-process cache of open file descriptors. Writes are recorded
// in the shared sync-request queue so the next checkpoint fsyncs the file (a backend fsyncs
// itself when the queue is full). Only the buffer manager reads and writes blocks; DDL uses
// Create / Unlink / Truncate.
#pragma once

#include <cstdint>
#include <string>

#include "common/ids.h"
#include "common/relfile.h"

namespace hyrax::storage {

// Capacity of the shared sync-request queue in entries (one per touched segment between
// checkpoints after de-duplication). Read by ShmemSize()/ShmemInit(); tests shrink it.
extern int g_sync_queue_entries;

class Smgr {
 public:
  static size_t ShmemSize();  // the sync-request queue
  static void ShmemInit();

  // Path of segment 0 of a fork, relative to the data directory.
  static std::string RelationPath(const RelFileLocator& locator, ForkNumber fork);

  // Creates the fork's first segment file (empty). `is_redo`: tolerate an existing file.
  static void Create(const RelFileLocator& locator, ForkNumber fork, bool is_redo);
  static bool Exists(const RelFileLocator& locator, ForkNumber fork);
  // Removes every segment of every fork (at commit of DROP, at abort of CREATE). Missing files
  // are fine; other failures are logged as WARNINGs. Requires: BufferManager::DropRelation ran
  // first (no dirty buffer may be written afterwards). Other processes' cached descriptors
  // of the removed files are closed at their next smgr call.
  static void UnlinkAllForks(const RelFileLocator& locator);

  // Requires: block < NumBlocks (else Error XX001 "could not read block ... read only 0").
  // Throws 58P01 when the fork's file does not exist, other I/O errors by errno.
  static void Read(const RelFileLocator& locator, ForkNumber fork, BlockNumber block, char* buf);
  // Writes one existing block and records the segment for the next checkpoint's fsync (or
  // fsyncs it now when the queue is full). Throws on I/O errors (53100 on a short write).
  static void Write(const RelFileLocator& locator, ForkNumber fork, BlockNumber block,
                    const char* buf);
  // Writes block `block` >= NumBlocks, growing the file; blocks skipped over read as zeros
  // (sparse), and earlier segments are padded to full size (PostgreSQL's mdextend).
  static void Extend(const RelFileLocator& locator, ForkNumber fork, BlockNumber block,
                     const char* buf);
  // Throws 58P01 when the fork's file does not exist.
  static BlockNumber NumBlocks(const RelFileLocator& locator, ForkNumber fork);
  // Cuts the fork to `nblocks` blocks (TRUNCATE, VACUUM); later segments are removed.
  // Requires: buffers of the removed blocks were dropped (BufferManager::TruncateFork does
  // both). Throws XX000 when the fork is shorter than `nblocks`.
  static void Truncate(const RelFileLocator& locator, ForkNumber fork, BlockNumber nblocks);
  // fsyncs every segment of the fork now (used when WAL is bypassed, e.g. index builds).
  // An fsync failure is a PANIC.
  static void ImmediateSync(const RelFileLocator& locator, ForkNumber fork);

  // Checkpoint: fsyncs every file recorded since the last call, each once. Requires: all
  // dirty buffers were written first. Files removed meanwhile are skipped. An fsync failure
  // is a PANIC (PostgreSQL since 2018: the kernel may have dropped the dirty pages).
  // Returns the number of files fsynced (the "sync files" of a checkpoint log line). With
  // wal::g_fsync off the queue is drained and counted but nothing is synced.
  static int SyncAllPending();
  // fsyncs this process did itself because the sync-request queue was full
  // (pg_stat_bgwriter.buffers_backend_fsync, counted per process).
  static uint64_t BackendFsyncs();
  // Closes all cached descriptors of this process (after DROP, at exit).
  static void CloseAll();
};

}  // namespace hyrax::storage
