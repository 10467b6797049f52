// Session information functions (PostgreSQL's pg_backend_pid, current_database,
// current_user, session_user, current_schema, version, pg_current_xact_id,
// inet_server_port): facts about this backend read from the proc array, the catalog and
// the running transaction.
#include <string>
#include <unistd.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/session_privileges.h"
#include "executor/functions/type_io.h"
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

// current_setting(name [, missing_ok]).
Datum ShowConfigByName(FunctionCallInfo* f) {
  bool missing_ok = f->nargs > 1 && ArgAs<bool>(f, 1);
  auto value = guc::CurrentSetting(f->ArgText(0), missing_ok, SessionIsSuperuser());
  if (!value) {
    f->isnull = true;
    return Datum{0};
  }
  return TextDatum(*value);
}

// set_config(name, value, is_local): a NULL value resets.
Datum SetConfigByName(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) {
    throw Error(errcode::kNullValueNotAllowed, "SET requires parameter name");
  }
  std::optional<std::string_view> value;
  if (!f->ArgIsNull(1)) value = f->ArgText(1);
  bool is_local = !f->ArgIsNull(2) && ArgAs<bool>(f, 2);
  return TextDatum(guc::SetConfig(f->ArgText(0), value, is_local, SessionIsSuperuser()));
}

// text || anynonarray and anynonarray || text (SQL-language functions in PostgreSQL:
// the non-text side is cast to text -- the output function, except for boolean, whose cast
// to text spells "true" / "false" where boolout writes "t" / "f").
template <bool kTextFirst>
Datum TextAnyCat(FunctionCallInfo* f) {
  int other = kTextFirst ? 1 : 0;
  Oid type = f->ArgType(other);
  if (type == kInvalidOid) {
    throw Error(errcode::kInternalError, "could not determine the type of a || argument");
  }
  constexpr Oid kBoolOid = 16;
  std::string other_text = type == kBoolOid ? (DatumGetBool(f->Arg(other)) ? "true" : "false")
                                            : OutputByType(type, f->Arg(other));
  std::string_view text = f->ArgText(kTextFirst ? 0 : 1);
  std::string out;
  if (kTextFirst) {
    out.append(text).append(other_text);
  } else {
    out.append(other_text).append(text);
  }
  return TextDatum(out);
}

const BuiltinFunction kSessionInfoBuiltins[] = {
    {"show_config_by_name", ShowConfigByName, 1},
    {"show_config_by_name_missing_ok", ShowConfigByName, 2},
    {"set_config_by_name", SetConfigByName, 3},
    // SQL-language functions of pg_proc with a native body, keyed by their SQL text.
    {"select $1 operator(pg_catalog.||) $2::pg_catalog.text", TextAnyCat<true>, 2},
    {"select $1::pg_catalog.text operator(pg_catalog.||) $2", TextAnyCat<false>, 2},
    {"pg_backend_pid", PgBackendPid, 0},
    {"current_database", CurrentDatabase, 0},
    {"current_user", CurrentUser, 0},
    {"session_user", CurrentUser, 0},
    {"current_schema", CurrentSchema, 0},
    {"pgsql_version", PgsqlVersion, 0},
    {"pg_current_xact_id", CurrentXactId, 0},
    {"inet_server_port", InetServerPort, 0},
};

}  // namespace

bool SessionIsSuperuser() {
  auto value = guc::GetConfigOption("is_superuser");
  return value && *value == "on";
}

std::span<const BuiltinFunction> SessionInfoBuiltins() {
  return kSessionInfoBuiltins;
}

}  // namespace hyrax::executor
