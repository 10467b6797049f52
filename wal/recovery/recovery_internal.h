// Counters that replay maintains while it runs, updated by the XLOG resource manager's
// redo routines (checkpoint and NEXTOID records). Internal to wal/.
#pragma once

#include "common/ids.h"

namespace hyrax::wal {

struct ReplayCounters {
  TransactionId next_xid = kFirstNormalTransactionId;
  Oid next_oid = kFirstNormalObjectId;
};

// The counters of the replay running in this process. Requires: InRecovery().
ReplayCounters& CurrentReplayCounters();

}  // namespace hyrax::wal
