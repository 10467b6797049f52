// Insertion internals shared inside wal/: per-process state resets, the start LSN of this
// process's last record, the end-of-recovery insertion override, and assembling a record
// outside shared memory (bootstrap). Not for use outside wal/ and its tests.
#pragma once

#include <cstdint>
#include <vector>

#include "common/ids.h"
#include "wal/rmgr/rmgr.h"

namespace hyrax::wal {

// Drops any half-built record and the insertion override (new shared memory, tests).
void ResetInsertState();

// Start LSN of the last record this process inserted (PostgreSQL's ProcLastRecPtr).
Lsn GetProcLastRecPtr();

// While alive, lets this process insert WAL although the system is not yet open for
// insertion (the end-of-recovery checkpoint; PostgreSQL's LocalSetXLogInsertAllowed).
class LocalInsertAllowed {
 public:
  LocalInsertAllowed();
  ~LocalInsertAllowed();
  LocalInsertAllowed(const LocalInsertAllowed&) = delete;
  LocalInsertAllowed& operator=(const LocalInsertAllowed&) = delete;

 private:
  bool previous_;
};

// Assembles the record built with XLogBeginInsert/XLogRegisterData (no block references)
// into bytes with the given prev link, without touching shared memory, and resets the
// builder. Used by BootstrapXLog to write the very first record. The result is not padded.
std::vector<char> AssembleStandaloneRecord(RmgrId rmid, uint8_t info, TransactionId xid, Lsn prev);

}  // namespace hyrax::wal
