// The activity fields of a proc slot behind pg_stat_activity: the owner writes them without
// locks inside an ActivityWriteScope, which bumps the slot's changecount before and after
// (odd while a change is under way); readers copy them with ReadProcActivity and retry
// until the count was even and unchanged across the copy (PostgreSQL's st_changecount
// protocol). See storage/txn/README.md "Activity".
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "storage/txn/proc_array.h"

namespace hyrax::storage {

// Brackets one change of `slot`'s activity fields by its owner. Nests (the count only
// needs to be odd while any change is under way).
class ActivityWriteScope {
 public:
  explicit ActivityWriteScope(ProcSlot* slot) : slot_(slot) {
    slot_->activity_changecount.fetch_add(1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
  }
  ~ActivityWriteScope() {
    std::atomic_thread_fence(std::memory_order_release);
    slot_->activity_changecount.fetch_add(1, std::memory_order_relaxed);
  }
  ActivityWriteScope(const ActivityWriteScope&) = delete;
  ActivityWriteScope& operator=(const ActivityWriteScope&) = delete;

 private:
  ProcSlot* slot_;
};

// A consistent copy of one slot's activity (one row of pg_stat_get_activity).
struct ProcActivity {
  int32_t pid = 0;
  BackendType backend_type = BackendType::kClientBackend;
  Oid database_oid = kInvalidOid;
  Oid role_oid = kInvalidOid;
  BackendState state = BackendState::kStarting;
  int64_t backend_start = 0, xact_start = 0, query_start = 0, state_change = 0;  // 0 = none
  TransactionId xid = kInvalidTransactionId;
  TransactionId xmin = kInvalidTransactionId;
  char wait_event_type[sizeof(ProcSlot::wait_event_type)] = {};
  char wait_event[sizeof(ProcSlot::wait_event)] = {};
  char application_name[kActivityNameLen] = {};
  char client_addr[kActivityNameLen] = {};
  int32_t client_port = 0;
  char query[kActivityQueryLen] = {};
};

// Copies `slot`'s activity into `out`. Returns false when the slot was freed meanwhile
// (pid 0). Spins while the owner is mid-change, as PostgreSQL's readers do.
bool ReadProcActivity(const ProcSlot& slot, ProcActivity* out);

// MyProc()'s state changed (the backend loop: active with the statement's text, idle, idle
// in transaction, ...). Sets state_change, and query_start and the query text when the new
// state is active; idle states wait for the client (wait event Client / ClientRead); an active
// state also restarts the statement clock (SetCurrentStatementStartTimestamp), so query_start is
// the statement's start time. One clock read; no locks. No-op without a proc slot.
void ReportBackendState(BackendState state, std::string_view query);

// MyProc()'s application_name changed (the GUC's assign hook). No-op without a proc slot.
void ReportApplicationName(std::string_view name);

// Copies `src` into the fixed-size, NUL-terminated activity field `dst`, truncated to fit.
void CopyActivityField(char* dst, size_t size, std::string_view src);

}  // namespace hyrax::storage
