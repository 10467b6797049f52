// Start-up of the engine below SQL, in one place for the postmaster, the startup process,
// `hyrax init` and tests: the size and layout of every shared-memory area (WAL, buffer pool,
// sync queue, clog and pg_subtrans, xid/OID counters, proc array, lock manager, shared
// invalidation queue, heap target-block resets, relation counters), the resource managers
// and hooks WAL recovery needs, and the checkpoint hooks. docs/architecture.md §2–§3
// describe the order.
#pragma once

#include <cstddef>

#include "storage/txn/proc_array.h"
#include "wal/recovery/recovery.h"

namespace hyrax::storage {

// Total shared memory for the current GUC values.
size_t EngineShmemSize();
// Lays out every area in the freshly created segment (the postmaster creates the segment
// itself). Requires: cwd = data directory; GUCs final.
void InitEngineShmemAreas();
// CreateSegment(EngineShmemSize()) + InitEngineShmemAreas(): for single-process tools and
// tests.
void CreateEngineSharedMemory();
// Registers the redo routines of every resource manager, the full-page-image redo hook and
// the checkpoint hooks in this process. Idempotent.
void RegisterEngineHooks();
// Runs WAL start-up (recovery when needed) and continues the xid/OID counters after it.
// Requires: shared memory created, hooks registered, this process holds a proc slot.
wal::StartupResult StartEngine();
// Claims a proc slot for this process and sets up per-process state (the process-local
// caches of the catalog are set up separately). Throws 53300 when no slot is left.
ProcSlot* AttachProcess(BackendType type, bool is_superuser);
// Releases locks and the proc slot (process exit).
void DetachProcess();

}  // namespace hyrax::storage
