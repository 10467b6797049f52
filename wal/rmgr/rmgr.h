// The resource-manager table: one entry per kind of WAL record owner. Redo routines live
// next to the code whose pages they change (e.g. storage/heap/heap_redo.cpp) and register
// here at process start, so wal/ never includes storage/ headers.
#pragma once

#include <cstdint>
#include <string>

namespace hyrax::wal {

class DecodedRecord;

enum class RmgrId : uint8_t {
  kXlog = 0,       // checkpoints, next-OID, full-page-only records (wal/)
  kXact = 1,       // commit / abort (storage/txn)
  kSmgr = 2,       // relation file create / truncate (storage/smgr)
  kClog = 3,       // clog page zeroing if ever needed (storage/txn)
  kDatabase = 4,   // CREATE / DROP DATABASE directory copy / removal
  kHeap = 10,      // heap insert / update / delete / lock / prune (storage/heap)
  kBtree = 11,     // btree insert / split / delete (storage/btree)
  kSequence = 12,  // sequence value changes
};
inline constexpr int kMaxRmgrId = 16;

struct RmgrOps {
  const char* name = nullptr;
  // Applies the record. Requires: called only during recovery, one record at a time.
  void (*redo)(const DecodedRecord& record) = nullptr;
  // One-line human description of the record (for debugging and a future waldump).
  std::string (*describe)(const DecodedRecord& record) = nullptr;
};

// Registers (or replaces) the routines of `id` in this process's table. Call before
// recovery starts (in the postmaster before forking, or in the process itself).
// RmgrId::kXlog is built in (wal/rmgr/xlog_rmgr.h); do not replace it.
void RegisterRmgr(RmgrId id, const RmgrOps& ops);
// Returns the registered routines, or nullptr when none.
const RmgrOps* GetRmgr(RmgrId id);

}  // namespace hyrax::wal
