// pg_stat_get_activity(pid): one row per claimed proc slot (all when pid is NULL or -1), the
// function behind the pg_stat_activity view. A materialize-mode set-returning function
// (executor/functions/srf.h) over consistent copies of the slots' activity fields
// (storage/txn/proc_activity.h); the columns and NULL rules are PostgreSQL 15's
// (pgstatfuncs.c): what Hyrax does not track (SSL, GSSAPI, parallel leaders, query ids)
// is false or NULL.
#include <optional>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/session_privileges.h"
#include "executor/functions/srf.h"
#include "executor/types/inet_address.h"
#include "storage/txn/proc_activity.h"

namespace hyrax::executor {

namespace {

// Output columns, in pg_proc's order of OUT parameters.
enum ActivityColumn {
  kDatid,
  kPid,
  kUsesysid,
  kApplicationName,
  kState,
  kQuery,
  kWaitEventType,
  kWaitEvent,
  kXactStart,
  kQueryStart,
  kBackendStart,
  kStateChange,
  kClientAddr,
  kClientHostname,
  kClientPort,
  kBackendXid,
  kBackendXmin,
  kBackendType,
  kSsl,
  kSslVersion,
  kSslCipher,
  kSslBits,
  kSslClientDn,
  kSslClientSerial,
  kSslIssuerDn,
  kGssAuth,
  kGssPrinc,
  kGssEnc,
  kLeaderPid,
  kQueryId,
  kNumActivityColumns,
};

// PostgreSQL's GetBackendTypeDesc names.
const char* BackendTypeName(storage::BackendType type) {
  switch (type) {
    case storage::BackendType::kClientBackend:
      return "client backend";
    case storage::BackendType::kCheckpointer:
      return "checkpointer";
    case storage::BackendType::kStartup:
      return "startup";
    case storage::BackendType::kWalWriter:
      return "walwriter";
    case storage::BackendType::kAutovacuum:
      return "autovacuum worker";
    case storage::BackendType::kBackgroundWriter:
      return "background writer";
  }
  return "unknown process type";
}

// The state column; nullptr (NULL) for processes that report none (auxiliary processes,
// backends still starting up), as PostgreSQL 15's STATE_UNDEFINED.
const char* StateName(storage::BackendState state) {
  switch (state) {
    case storage::BackendState::kIdle:
      return "idle";
    case storage::BackendState::kActive:
      return "active";
    case storage::BackendState::kIdleInTransaction:
      return "idle in transaction";
    case storage::BackendState::kIdleInTransactionAborted:
      return "idle in transaction (aborted)";
    case storage::BackendState::kFastpath:
      return "fastpath function call";
    case storage::BackendState::kDisabled:
      return "disabled";
    case storage::BackendState::kStarting:
      return nullptr;
  }
  return nullptr;
}

class ActivityRow {
 public:
  ActivityRow() {
    for (auto& value : values_) value = NullableDatum{Datum{0}, true};
  }
  void Set(int column, Datum value) { values_[column] = NullableDatum{value, false}; }
  void SetText(int column, const char* text) {
    if (text != nullptr) Set(column, TextDatum(text));
  }
  // A timestamptz column; 0 means "never" (NULL).
  void SetTimestamp(int column, int64_t timestamp) {
    if (timestamp != 0) Set(column, Int64GetDatum(timestamp));
  }
  const NullableDatum* values() const { return values_; }

 private:
  NullableDatum values_[kNumActivityColumns];
};

// Only superusers and the backend's own role see its details (PostgreSQL also admits
// members of pg_read_all_stats; Hyrax has no role membership yet).
bool MaySeeDetails(const storage::ProcActivity& activity) {
  if (SessionIsSuperuser()) return true;
  storage::ProcSlot* me = storage::ProcArray::MyProc();
  return me != nullptr && activity.role_oid != kInvalidOid && activity.role_oid == me->role_oid;
}

void FillDetails(const storage::ProcActivity& activity, ActivityRow* row) {
  row->SetText(kState, StateName(activity.state));
  row->SetText(kQuery, activity.query);
  if (activity.wait_event_type[0] != '\0') {
    row->SetText(kWaitEventType, activity.wait_event_type);
    row->SetText(kWaitEvent, activity.wait_event);
  }
  row->SetTimestamp(kXactStart, activity.xact_start);
  row->SetTimestamp(kQueryStart, activity.query_start);
  row->SetTimestamp(kBackendStart, activity.backend_start);
  row->SetTimestamp(kStateChange, activity.state_change);
  // A Unix-socket client has no address and port -1; an auxiliary process has neither.
  if (activity.backend_type == storage::BackendType::kClientBackend) {
    std::optional<std::string> address = ParseInet(activity.client_addr);
    if (address) row->Set(kClientAddr, TextDatum(*address));
    row->Set(kClientPort, Int32GetDatum(address ? activity.client_port : -1));
  }
  if (activity.xid != kInvalidTransactionId) {
    row->Set(kBackendXid, TransactionIdGetDatum(activity.xid));
  }
  if (activity.xmin != kInvalidTransactionId) {
    row->Set(kBackendXmin, TransactionIdGetDatum(activity.xmin));
  }
  row->SetText(kBackendType, BackendTypeName(activity.backend_type));
  row->Set(kSsl, BoolGetDatum(false));
  row->Set(kGssAuth, BoolGetDatum(false));
  row->Set(kGssEnc, BoolGetDatum(false));
}

void AppendActivityRow(const storage::ProcActivity& activity, MaterializedSet* set) {
  ActivityRow row;
  if (activity.database_oid != kInvalidOid)
    row.Set(kDatid, ObjectIdGetDatum(activity.database_oid));
  row.Set(kPid, Int32GetDatum(activity.pid));
  if (activity.role_oid != kInvalidOid) row.Set(kUsesysid, ObjectIdGetDatum(activity.role_oid));
  row.SetText(kApplicationName, activity.application_name);
  if (MaySeeDetails(activity)) {
    FillDetails(activity, &row);
  } else {
    row.SetText(kQuery, "<insufficient privilege>");
  }
  set->AppendRow(row.values());
}

Datum PgStatGetActivity(FunctionCallInfo* f) {
  auto* rsinfo = static_cast<ReturnSetInfo*>(f->resultinfo);
  if (rsinfo == nullptr || !rsinfo->Allows(SetFunctionMode::kMaterialize)) {
    throw Error(errcode::kFeatureNotSupported,
                "set-valued function called in context that cannot accept a set");
  }
  // NULL or -1: every backend (PostgreSQL's convention).
  std::optional<int32_t> only_pid;
  if (!f->ArgIsNull(0) && ArgAs<int32_t>(f, 0) != -1) only_pid = ArgAs<int32_t>(f, 0);
  auto set = std::make_unique<MaterializedSet>(kNumActivityColumns);
  {
    MemoryContextScope scope(&set->memory);
    storage::ProcArray::ForEachSlot([&](const storage::ProcSlot& slot) {
      storage::ProcActivity activity;
      if (!storage::ReadProcActivity(slot, &activity)) return;
      if (only_pid && activity.pid != *only_pid) return;
      AppendActivityRow(activity, set.get());
    });
  }
  rsinfo->materialized = std::move(set);
  rsinfo->return_mode = SetFunctionMode::kMaterialize;
  f->isnull = true;
  return Datum{0};
}

const BuiltinFunction kBackendActivityBuiltins[] = {
    {"pg_stat_get_activity", PgStatGetActivity, 1},
};

}  // namespace

std::span<const BuiltinFunction> BackendActivityBuiltins() {
  return kBackendActivityBuiltins;
}

}  // namespace hyrax::executor
