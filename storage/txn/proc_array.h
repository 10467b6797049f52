// The proc array: one slot per backend and auxiliary process in shared memory, holding
// its pid, cancel key, database, role, current xid and xmin (for snapshots and the vacuum
// horizon), its semaphore (for lock waits) and the activity fields behind
// pg_stat_activity. Slots are claimed at connection start; max_connections limits normal
// backends and superuser_reserved_connections keeps slots for superusers (53300).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "common/ids.h"
#include "common/shmem/semaphore.h"
#include "storage/txn/snapshot.h"

namespace hyrax::storage {

enum class BackendType : uint8_t {
  kClientBackend,
  kCheckpointer,
  kStartup,
  kWalWriter,
  kAutovacuum,
  kBackgroundWriter,
};

enum class BackendState : uint8_t {
  kStarting,
  kIdle,
  kActive,
  kIdleInTransaction,
  kIdleInTransactionAborted,
  kFastpath,
  kDisabled,
};

inline constexpr size_t kActivityQueryLen = 1024;  // track_activity_query_size
inline constexpr size_t kActivityNameLen = 64;
inline constexpr int kMaxCachedSubxids = 64;

struct ProcSlot {
  // Set at claim time; read by others under ProcArrayLock or atomically.
  std::atomic<int32_t> pid{0};  // 0 = free slot
  int32_t cancel_key = 0;
  int32_t slot_index = 0;
  BackendType backend_type = BackendType::kClientBackend;
  Oid database_oid = kInvalidOid;
  Oid role_oid = kInvalidOid;
  // Transaction state: written by the owner, read by snapshot takers.
  std::atomic<TransactionId> xid{kInvalidTransactionId};   // top-level xid
  std::atomic<TransactionId> xmin{kInvalidTransactionId};  // oldest xid this proc needs
  int32_t num_subxids = 0;                                 // protected by ProcArrayLock
  bool subxids_overflowed = false;
  TransactionId subxids[kMaxCachedSubxids];
  // Sleeping (heavyweight lock waits); the lock manager owns the wait fields below.
  ProcSemaphore sem;
  void* wait_lock = nullptr;  // lmgr's LOCK being waited for, or nullptr
  uint8_t wait_mode = 0;
  int32_t wait_status = 0;
  // Activity (pg_stat_activity); written by the owner without locks inside an
  // ActivityWriteScope, read through ReadProcActivity (storage/txn/proc_activity.h).
  std::atomic<uint32_t> activity_changecount{0};  // odd while the owner is changing them
  std::atomic<uint8_t> state{static_cast<uint8_t>(BackendState::kStarting)};
  int64_t backend_start = 0, xact_start = 0, query_start = 0, state_change = 0;
  char wait_event_type[32] = {};
  char wait_event[32] = {};
  char application_name[kActivityNameLen] = {};
  char user_name[kActivityNameLen] = {};
  char database_name[kActivityNameLen] = {};
  char client_addr[kActivityNameLen] = {};
  int32_t client_port = 0;
  char query[kActivityQueryLen] = {};
};

class ProcArray {
 public:
  // GUCs bound by the server's GUC table.
  static int g_max_connections;
  static int g_superuser_reserved_connections;

  // Requires: the GUCs above are final (they size the array).
  static size_t ShmemSize();
  static void ShmemInit();
  // Number of slots (client backends + auxiliary processes) the array is sized for; valid
  // before ShmemInit (the lock manager sizes its per-process tables from it).
  static int NumSlots();

  // Claims a free slot for this process and makes it MyProc(). Returns nullptr when none is
  // left for this kind of process (caller raises 53300 "sorry, too many clients already"
  // or "remaining connection slots are reserved for non-replication superuser connections").
  // As PostgreSQL: at most g_max_connections client backends, of which the last
  // g_superuser_reserved_connections only for superusers (so nullptr for a non-superuser
  // while CountClientBackends() < g_max_connections means "reserved").
  static ProcSlot* ClaimSlot(BackendType type, bool is_superuser);
  // Frees MyProc() (process exit).
  static void ReleaseSlot();
  static ProcSlot* MyProc();

  // Snapshot of running xids (see snapshot.h).
  static void GetSnapshotData(SnapshotData* snapshot);
  static bool IsInProgress(TransactionId xid);
  // Publishes the end of MyProc()'s transaction: clears xid, xmin and subxids. (xact.cpp
  // uses an internal variant that also knows subxids beyond the cache.)
  static void EndTransaction();
  // Oldest xmin over all procs: tuples deleted before it are dead to everyone (VACUUM).
  static TransactionId GetOldestXmin();
  // Finds the slot of a backend for CancelRequest / pg_cancel_backend; nullptr when gone.
  static ProcSlot* FindByPid(int32_t pid);
  // Calls `fn` for every claimed slot (pg_stat_activity). Reads are not consistent across
  // slots, like PostgreSQL's.
  static void ForEachSlot(const std::function<void(const ProcSlot&)>& fn);
  // Number of claimed client-backend slots.
  static int CountClientBackends();
};

}  // namespace hyrax::storage
