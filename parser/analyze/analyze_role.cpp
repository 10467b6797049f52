// CREATE ROLE / ALTER ROLE / DROP ROLE: reads the option list the way PostgreSQL's
// CreateRole / AlterRole do before they look anything up (42601 for a repeated option,
// 0A000 for role membership, which needs pg_auth_members). The server resolves the rest
// (server/engine/role_runner.cpp).
#include <algorithm>

#include "nodes/role_stmts.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/def_elem.h"

namespace hyrax::parser {

namespace {

void ReadRoleOption(const ParseState& ps, const PgQuery__DefElem* def, nodes::RoleOptions& out) {
  std::string name = DefName(def);
  auto flag = [&](std::optional<bool>& field) { field = DefGetBoolean(ps, def); };
  if (name == "password") {
    out.has_password = true;
    if (def->arg != nullptr) out.password = DefGetString(ps, def);
  } else if (name == "superuser") {
    flag(out.superuser);
  } else if (name == "createdb") {
    flag(out.createdb);
  } else if (name == "createrole") {
    flag(out.createrole);
  } else if (name == "inherit") {
    flag(out.inherit);
  } else if (name == "canlogin") {
    flag(out.login);
  } else if (name == "isreplication") {
    flag(out.replication);
  } else if (name == "bypassrls") {
    flag(out.bypassrls);
  } else if (name == "connectionlimit") {
    out.connection_limit = DefGetInt64(ps, def);
  } else if (name == "validUntil") {
    out.valid_until = DefGetString(ps, def);
  } else if (name == "sysid") {
    out.sysid = true;
  } else if (name == "addroleto" || name == "rolemembers" || name == "adminmembers") {
    throw Error(errcode::kFeatureNotSupported, "role membership is not supported yet");
  } else {
    ThrowAt(ps, MakeError(errcode::kSyntaxError, "option \"{}\" not recognized", name),
            def->location);
  }
}

// The options in order, each at most once (PostgreSQL's errorConflictingDefElem).
nodes::RoleOptions ReadRoleOptions(const ParseState& ps, raw::NodeSpan options) {
  nodes::RoleOptions out;
  std::vector<std::string> seen;
  for (const raw::Node* n : options) {
    const PgQuery__DefElem* def = n->def_elem;
    std::string name = DefName(def);
    if (name != "sysid" && std::find(seen.begin(), seen.end(), name) != seen.end()) {
      ThrowAt(ps, Error(errcode::kSyntaxError, "conflicting or redundant options"), def->location);
    }
    seen.push_back(name);
    ReadRoleOption(ps, def, out);
  }
  return out;
}

}  // namespace

nodes::UtilityStmtPtr TransformCreateRole(ParseState& ps, const PgQuery__CreateRoleStmt* s) {
  auto stmt = std::make_shared<nodes::CreateRoleStmt>();
  stmt->name = raw::Str(s->role);
  stmt->is_user = s->stmt_type == PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_USER;
  stmt->options = ReadRoleOptions(ps, raw::Span(s->n_options, s->options));
  return stmt;
}

nodes::UtilityStmtPtr TransformAlterRole(ParseState& ps, const PgQuery__AlterRoleStmt* s) {
  auto stmt = std::make_shared<nodes::AlterRoleStmt>();
  switch (s->role->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
      stmt->role_kind = nodes::RoleSpecKind::kCurrentUser;
      break;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
      stmt->role_kind = nodes::RoleSpecKind::kSessionUser;
      break;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
      throw Error(errcode::kUndefinedObject, "role \"public\" does not exist");
    default:
      stmt->name = raw::Str(s->role->rolename);
      break;
  }
  // ALTER GROUP g ADD/DROP USER u is an AlterRoleStmt whose only option is "rolemembers".
  stmt->options = ReadRoleOptions(ps, raw::Span(s->n_options, s->options));
  return stmt;
}

nodes::UtilityStmtPtr TransformDropRole(const PgQuery__DropRoleStmt* s) {
  auto stmt = std::make_shared<nodes::DropRoleStmt>();
  stmt->missing_ok = s->missing_ok;
  for (const raw::Node* n : raw::Span(s->n_roles, s->roles)) {
    const PgQuery__RoleSpec* spec = n->role_spec;
    if (spec->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) {
      throw Error(errcode::kInvalidParameterValue,
                  "cannot use special role specifier in DROP ROLE");
    }
    stmt->names.emplace_back(raw::Str(spec->rolename));
  }
  return stmt;
}

}  // namespace hyrax::parser
