// Storage manager: a relation fork's blocks in files base/<db>/<relfilenode>[_fsm|_vm][.N]
// (1 GB segments; global/ for shared catalogs), paths relative to the data directory (the
// process's cwd). Keeps a per-process cache of open file descriptors. Writes are recorded
// in the shared sync-request queue so the next checkpoint fsyncs the file (a backend fsyncs
// itself when the queue is full). Only the buffer manager reads and writes blocks; DDL uses
// Create / Unlink / Truncate.
#pragma once

#include <string>

#include "common/ids.h"
#include "common/relfile.h"

namespace hyrax::storage {

class Smgr {
 public:
  static size_t ShmemSize();  // the sync-request queue
  static void ShmemInit();

  // Path of segment 0 of a fork, relative to the data directory.
  static std::string RelationPath(const RelFileLocator& locator, ForkNumber fork);

  // Creates the fork's first segment file (empty). `is_redo`: tolerate an existing file.
  static void Create(const RelFileLocator& locator, ForkNumber fork, bool is_redo);
  static bool Exists(const RelFileLocator& locator, ForkNumber fork);
  // Removes every segment of every fork (at commit of DROP, at abort of CREATE).
  static void UnlinkAllForks(const RelFileLocator& locator);

  // Requires: block < NumBlocks (else Error XX001 "could not read block ... read only 0").
  static void Read(const RelFileLocator& locator, ForkNumber fork, BlockNumber block, char* buf);
  // Writes one existing block and records the segment for the next checkpoint's fsync.
  static void Write(const RelFileLocator& locator, ForkNumber fork, BlockNumber block,
                    const char* buf);
  // Writes block `block` = current NumBlocks (growing the file by one block).
  static void Extend(const RelFileLocator& locator, ForkNumber fork, BlockNumber block,
                     const char* buf);
  static BlockNumber NumBlocks(const RelFileLocator& locator, ForkNumber fork);
  // Cuts the fork to `nblocks` blocks (TRUNCATE, VACUUM).
  static void Truncate(const RelFileLocator& locator, ForkNumber fork, BlockNumber nblocks);
  // fsyncs every segment of the fork now (used when WAL is bypassed, e.g. index builds).
  static void ImmediateSync(const RelFileLocator& locator, ForkNumber fork);

  // Checkpoint: fsyncs every file recorded since the last call. Requires: all dirty buffers
  // were written first. Files removed meanwhile are skipped.
  static void SyncAllPending();
  // Closes all cached descriptors of this process (after DROP, at exit).
  static void CloseAll();
};

}  // namespace hyrax::storage
