// Start-up of the WAL system: read pg_control, replay from the last checkpoint's redo
// pointer through the registered resource managers, find the end of valid WAL, and prepare
// insertion there. Runs in the startup process (or `hyrax init`), before any backend.
#pragma once

#include "common/ids.h"

namespace hyrax::wal {

struct StartupResult {
  bool performed_recovery = false;  // false after a clean shutdown
  Lsn redo_start = kInvalidLsn;
  Lsn end_of_wal = kInvalidLsn;                        // insertion continues here
  TransactionId next_xid = kFirstNormalTransactionId;  // > every xid seen in replayed WAL
  Oid next_oid = kFirstNormalObjectId;
  int records_replayed = 0;
};

// Requires: shared memory initialised, rmgrs registered (and the full-page-image redo
// hook, wal/rmgr/xlog_rmgr.h), cwd = data directory, no other process using WAL.
// Replay is skipped when pg_control says "shut down" and its shutdown checkpoint is the
// last valid record; otherwise every record from the redo pointer to the end of valid WAL
// goes through GetRmgr(rmid)->redo. Afterwards the rest of the end segment is zeroed and
// later segments deleted, insertion continues at end_of_wal, an end-of-recovery checkpoint
// is written when recovery was performed (carrying the returned counters), pg_control is
// marked in production and XLogInsert becomes allowed. Storage then continues its
// counters from the result. Throws FATAL Error when pg_control or the checkpoint record
// cannot be read; an internal error when a record's rmgr has no redo routine; whatever a
// redo routine throws.
StartupResult StartupXLog();

// True while this process is replaying WAL (redo routines use it to skip checks). False
// again when the end-of-recovery checkpoint runs.
bool InRecovery();

// Creates the WAL directory, the first segment, a shutdown checkpoint record at the start
// of segment 1 and pg_control for a brand-new data directory (used by `hyrax init`, before
// StartupXLog). Needs no shared memory. Requires: the directory holds no WAL yet. Throws
// FATAL / 58030 Errors on I/O failure.
void BootstrapXLog(uint64_t system_identifier);

}  // namespace hyrax::wal
