// Session information functions (PostgreSQL's pg_backend_pid, current_database,
// current_user, session_user, current_schema, version, pg_current_xact_id,
// inet_server_port): facts about this backend read from the proc array, the catalog and
// the running transaction.
#include <string>
#include <unistd.h>

#include "common/guc/guc.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/name_type.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/xact.h"

namespace hyrax::executor {

namespace {

Datum PgBackendPid(FunctionCallInfo*) {
  return Int32GetDatum(static_cast<int32_t>(getpid()));
}

Datum CurrentDatabase(FunctionCallInfo*) {
  auto db = catalog::Syscache().DatabaseByOid(storage::g_my_database_id);
  return MakeNameDatum(db ? db->datname : std::string());
}

std::string CurrentRoleName() {
  storage::ProcSlot* slot = storage::ProcArray::MyProc();
  if (slot == nullptr) return std::string();
  auto role = catalog::Syscache().RoleByOid(slot->role_oid);
  return role ? role->rolname : std::string();
}

Datum CurrentUser(FunctionCallInfo*) {
  return MakeNameDatum(CurrentRoleName());
}

Datum CurrentSchema(FunctionCallInfo* f) {
  for (Oid ns : catalog::ObjectSearchPath()) {
    auto row = catalog::Syscache().NamespaceByOid(ns);
    if (row && row->nspname != "pg_catalog") return MakeNameDatum(row->nspname);
  }
  f->isnull = true;
  return Datum{0};
}

Datum PgsqlVersion(FunctionCallInfo*) {
  return TextDatum("PostgreSQL 15.0 (Hyrax 0.1.0) on x86_64-pc-linux-gnu, compiled by GCC, 64-bit");
}

Datum CurrentXactId(FunctionCallInfo*) {
  return Int64GetDatum(static_cast<int64_t>(storage::GetCurrentTransactionId()));
}

Datum InetServerPort(FunctionCallInfo* f) {
  auto port = guc::GetConfigOption("port");
  if (!port) {
    f->isnull = true;
    return Datum{0};
  }
  return Int32GetDatum(std::stoi(*port));
}

const BuiltinFunction kSessionInfoBuiltins[] = {
    {"pg_backend_pid", PgBackendPid, 0},      {"current_database", CurrentDatabase, 0},
    {"current_user", CurrentUser, 0},         {"session_user", CurrentUser, 0},
    {"current_schema", CurrentSchema, 0},     {"pgsql_version", PgsqlVersion, 0},
    {"pg_current_xact_id", CurrentXactId, 0}, {"inet_server_port", InetServerPort, 0},
};

}  // namespace

std::span<const BuiltinFunction> SessionInfoBuiltins() {
  return kSessionInfoBuiltins;
}

}  // namespace hyrax::executor
