// CREATE ROLE / ALTER ROLE / DROP ROLE (PostgreSQL 15's user.c CreateRole / AlterRole /
// DropRole): rows of the shared catalog pg_authid, with PostgreSQL's permission checks and
// texts. Passwords are stored hashed as password_encryption says (server/auth/password_crypt.h);
// new backends read them when they authenticate. One role command at a time cluster-wide
// (an AccessExclusiveLock on the pg_authid object until commit), so the name checks stay
// true until the row commits. Role membership (pg_auth_members) is not supported yet.
#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "executor/functions/type_io.h"
#include "executor/types/type_oids.h"
#include "nodes/utility_stmts.h"
#include "server/auth/password_crypt.h"
#include "server/engine/statement_runner.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"

namespace hyrax::server::engine {

namespace {

constexpr Oid kAuthIdRelationId = 1260;    // pg_authid
constexpr Oid kBootstrapSuperuserId = 10;  // the role `hyrax init` creates

// Serialises role commands and makes later syscache reads see committed changes.
void LockRoles() {
  storage::LockManager::Acquire(
      storage::LockTag::Object(kInvalidOid, kAuthIdRelationId, kInvalidOid),
      storage::LockMode::kAccessExclusive);
  catalog::AcceptInvalidationMessages();
}

bool HasCreateRolePrivilege(const SessionContext& session) {
  if (session.is_superuser) return true;
  auto me = catalog::Syscache().RoleByOid(session.role_oid);
  return me && me->rolcreaterole;
}

void RequireSuperuser(const SessionContext& session, const char* message) {
  if (!session.is_superuser) throw Error(errcode::kInsufficientPrivilege, message);
}

std::optional<catalog::CatalogRowRef<catalog::PgAuthId>> FindRoleRow(const std::string& name) {
  for (auto& ref : catalog::ScanCatalog<catalog::PgAuthId>()) {
    if (ref.row.rolname == name) return ref;
  }
  return std::nullopt;
}

// Applies the options given to `role` (the ones not given keep their value).
void ApplyRoleOptions(const nodes::RoleOptions& o, catalog::PgAuthId& role) {
  if (o.sysid) {
    EmitNotice(Severity::kNotice, errcode::kSuccessfulCompletion,
               "SYSID can no longer be specified");
  }
  if (o.connection_limit && *o.connection_limit < -1) {
    throw MakeError(errcode::kInvalidParameterValue, "invalid connection limit: {}",
                    *o.connection_limit);
  }
  if (o.superuser) role.rolsuper = *o.superuser;
  if (o.createdb) role.rolcreatedb = *o.createdb;
  if (o.createrole) role.rolcreaterole = *o.createrole;
  if (o.inherit) role.rolinherit = *o.inherit;
  if (o.login) role.rolcanlogin = *o.login;
  if (o.replication) role.rolreplication = *o.replication;
  if (o.bypassrls) role.rolbypassrls = *o.bypassrls;
  if (o.connection_limit) role.rolconnlimit = static_cast<int32_t>(*o.connection_limit);
  if (o.valid_until) {
    role.rolvaliduntil = static_cast<int64_t>(
        executor::InputByType(executor::kTimestampTzOid, o.valid_until->c_str()));
  }
  if (o.has_password) {
    role.rolpassword.reset();
    if (o.password && o.password->empty()) {
      EmitNotice(Severity::kNotice, errcode::kSuccessfulCompletion,
                 "empty string is not a valid password, clearing password");
    } else if (o.password) {
      role.rolpassword = auth::EncryptPassword(role.rolname, *o.password);
    }
  }
}

std::string RunCreateRole(const nodes::CreateRoleStmt& stmt, const SessionContext& session) {
  storage::PreventCommandIfReadOnly("CREATE ROLE");
  const nodes::RoleOptions& o = stmt.options;
  if (o.superuser.value_or(false)) {
    RequireSuperuser(session, "must be superuser to create superusers");
  } else if (o.replication.value_or(false)) {
    RequireSuperuser(session, "must be superuser to create replication users");
  } else if (o.bypassrls.value_or(false)) {
    RequireSuperuser(session, "must be superuser to create bypassrls users");
  } else if (!HasCreateRolePrivilege(session)) {
    throw Error(errcode::kInsufficientPrivilege, "permission denied to create role");
  }
  if (stmt.name.rfind("pg_", 0) == 0) {
    throw MakeError(errcode::kReservedName, "role name \"{}\" is reserved", stmt.name)
        .Detail("Role names starting with \"pg_\" are reserved.");
  }
  LockRoles();
  if (catalog::Syscache().RoleByName(stmt.name)) {
    throw MakeError(errcode::kDuplicateObject, "role \"{}\" already exists", stmt.name);
  }
  catalog::PgAuthId role;
  role.rolname = stmt.name;
  role.rolcanlogin = stmt.is_user;
  ApplyRoleOptions(o, role);
  do {
    role.oid = storage::GetNewObjectId();
  } while (catalog::Syscache().RoleByOid(role.oid));
  catalog::InsertCatalogRow(role);
  return "CREATE ROLE";
}

// PostgreSQL 15's AlterRole permission rules: superuser-ish attributes need a superuser;
// CREATEROLE may change other roles; anyone may change only their own password.
void CheckAlterRolePermission(const nodes::RoleOptions& o, const catalog::PgAuthId& role,
                              const SessionContext& session) {
  if (role.rolsuper || o.superuser) {
    RequireSuperuser(session,
                     "must be superuser to alter superuser roles or change superuser attribute");
  } else if (role.rolreplication || o.replication) {
    RequireSuperuser(
        session, "must be superuser to alter replication roles or change replication attribute");
  } else if (o.bypassrls) {
    RequireSuperuser(session, "must be superuser to change bypassrls attribute");
  } else if (!HasCreateRolePrivilege(session)) {
    bool only_own_password = role.oid == session.role_oid && !o.createdb && !o.createrole &&
                             !o.inherit && !o.login && !o.connection_limit && !o.valid_until;
    if (!only_own_password) throw Error(errcode::kInsufficientPrivilege, "permission denied");
  }
}

std::string RunAlterRole(const nodes::AlterRoleStmt& stmt, const SessionContext& session) {
  storage::PreventCommandIfReadOnly("ALTER ROLE");
  LockRoles();
  std::string name = stmt.role_kind == nodes::RoleSpecKind::kName ? stmt.name : session.user_name;
  auto ref = FindRoleRow(name);
  if (!ref) throw MakeError(errcode::kUndefinedObject, "role \"{}\" does not exist", name);
  CheckAlterRolePermission(stmt.options, ref->row, session);
  catalog::PgAuthId role = ref->row;
  ApplyRoleOptions(stmt.options, role);
  catalog::UpdateCatalogRow(ref->ctid, role);
  return "ALTER ROLE";
}

// PostgreSQL reports owned objects through pg_shdepend; we look at the owner columns of
// the catalogs whose objects a role can own here: databases and relations (not indexes,
// which belong to their table).
std::string OwnedObjectsDetail(Oid role) {
  std::vector<std::string> lines;
  for (const auto& ref : catalog::ScanCatalog<catalog::PgDatabase>()) {
    if (ref.row.datdba == role) lines.push_back("owner of database " + ref.row.datname);
  }
  for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    const catalog::PgClass& rel = ref.row;
    if (rel.relowner != role || rel.relkind == 'i' || rel.relkind == 't') continue;
    const char* kind = rel.relkind == 'v'   ? "view"
                       : rel.relkind == 'S' ? "sequence"
                       : rel.relkind == 'm' ? "materialized view"
                                            : "table";
    lines.push_back(fmt::format("owner of {} {}", kind, rel.relname));
  }
  return fmt::format("{}", fmt::join(lines, "\n"));
}

void DropOneRole(const std::string& name, bool missing_ok, const SessionContext& session) {
  auto ref = FindRoleRow(name);
  if (!ref) {
    if (!missing_ok) throw MakeError(errcode::kUndefinedObject, "role \"{}\" does not exist", name);
    EmitNotice(Severity::kNotice, errcode::kSuccessfulCompletion,
               fmt::format("role \"{}\" does not exist, skipping", name));
    return;
  }
  const catalog::PgAuthId& role = ref->row;
  if (role.oid == session.role_oid) {
    throw Error(errcode::kObjectInUse, "current user cannot be dropped");
  }
  if (role.rolsuper) RequireSuperuser(session, "must be superuser to drop superusers");
  if (role.oid == kBootstrapSuperuserId) {
    throw MakeError(errcode::kDependentObjectsStillExist,
                    "cannot drop role {} because it is required by the database system", name);
  }
  if (std::string owned = OwnedObjectsDetail(role.oid); !owned.empty()) {
    throw MakeError(errcode::kDependentObjectsStillExist,
                    "role \"{}\" cannot be dropped because some objects depend on it", name)
        .Detail(owned);
  }
  catalog::DeleteCatalogRow<catalog::PgAuthId>(ref->ctid);
}

std::string RunDropRole(const nodes::DropRoleStmt& stmt, const SessionContext& session) {
  storage::PreventCommandIfReadOnly("DROP ROLE");
  if (!HasCreateRolePrivilege(session)) {
    throw Error(errcode::kInsufficientPrivilege, "permission denied to drop role");
  }
  LockRoles();
  for (const std::string& name : stmt.names) {
    DropOneRole(name, stmt.missing_ok, session);
    storage::CommandCounterIncrement();
  }
  return "DROP ROLE";
}

}  // namespace

std::string RunRoleCommand(const nodes::UtilityStmt& stmt, const SessionContext& session) {
  switch (stmt.tag) {
    case nodes::UtilityTag::kCreateRole:
      return RunCreateRole(static_cast<const nodes::CreateRoleStmt&>(stmt), session);
    case nodes::UtilityTag::kAlterRole:
      return RunAlterRole(static_cast<const nodes::AlterRoleStmt&>(stmt), session);
    default:
      return RunDropRole(static_cast<const nodes::DropRoleStmt&>(stmt), session);
  }
}

}  // namespace hyrax::server::engine
