// Bound CREATE ROLE / ALTER ROLE / DROP ROLE statements (PostgreSQL's CreateRoleStmt,
// AlterRoleStmt, DropRoleStmt). The analyzer checks the option list (duplicates, unknown
// options, value types); names, permissions and the password are resolved by the server
// when the statement runs (server/engine/role_runner.cpp). Included through
// nodes/utility_stmts.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nodes/parsenodes.h"

namespace hyrax::nodes {

// Role attributes as written; unset = not mentioned (CREATE uses the defaults, ALTER keeps
// the current value).
struct RoleOptions {
  std::optional<bool> superuser, createdb, createrole, inherit, login, replication, bypassrls;
  std::optional<int64_t> connection_limit;
  bool has_password = false;               // PASSWORD was given
  std::optional<std::string> password;     // nullopt with has_password: PASSWORD NULL
  std::optional<std::string> valid_until;  // VALID UNTIL text, read as timestamptz
  bool sysid = false;                      // SYSID n: ignored with a NOTICE
};

// CREATE ROLE / CREATE USER / CREATE GROUP name [WITH] options.
struct CreateRoleStmt : UtilityStmt {
  CreateRoleStmt() : UtilityStmt(UtilityTag::kCreateRole) {}
  std::string name;
  bool is_user = false;  // CREATE USER: LOGIN unless NOLOGIN
  RoleOptions options;
};

// Which role ALTER ROLE names: a name or CURRENT_USER / CURRENT_ROLE / SESSION_USER.
enum class RoleSpecKind : uint8_t { kName, kCurrentUser, kSessionUser };

// ALTER ROLE / ALTER USER role [WITH] options.
struct AlterRoleStmt : UtilityStmt {
  AlterRoleStmt() : UtilityStmt(UtilityTag::kAlterRole) {}
  RoleSpecKind role_kind = RoleSpecKind::kName;
  std::string name;  // kName
  RoleOptions options;
};

// DROP ROLE / USER / GROUP [IF EXISTS] name [, ...].
struct DropRoleStmt : UtilityStmt {
  DropRoleStmt() : UtilityStmt(UtilityTag::kDropRole) {}
  std::vector<std::string> names;
  bool missing_ok = false;
};

}  // namespace hyrax::nodes
