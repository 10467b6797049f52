// Utility statement dispatch and the small ones: transaction control, SET/RESET/SHOW,
// CHECKPOINT, DISCARD, PREPARE/EXECUTE/DEALLOCATE, LOCK, TRUNCATE, VACUUM/ANALYZE and CREATE
// SCHEMA. DDL with more to bind lives in analyze_create_table.cpp, analyze_drop.cpp,
// analyze_index.cpp and analyze_explain.cpp.
#include <algorithm>

#include "common/notice.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_create_type.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/def_elem.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/type_names.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

nodes::IsolationLevel ParseIsolation(const ParseState& ps, const std::string& level, int location) {
  if (level == "serializable") return nodes::IsolationLevel::kSerializable;
  if (level == "repeatable read") return nodes::IsolationLevel::kRepeatableRead;
  if (level == "read committed") return nodes::IsolationLevel::kReadCommitted;
  if (level == "read uncommitted") return nodes::IsolationLevel::kReadUncommitted;
  ThrowAt(ps,
          MakeError(errcode::kInvalidParameterValue, "invalid value for parameter \"{}\": \"{}\"",
                    "transaction_isolation", level),
          location);
}

nodes::TransactionOptions ParseTransactionOptions(const ParseState& ps, raw::NodeSpan options) {
  nodes::TransactionOptions out;
  for (const raw::Node* n : options) {
    const PgQuery__DefElem* def = n->def_elem;
    std::string name = DefName(def);
    std::string value = ConstText(def->arg);
    if (name == "transaction_isolation") {
      out.isolation = ParseIsolation(ps, value, def->location);
    } else if (name == "transaction_read_only") {
      out.read_only = value == "1" || value == "true";
    } else if (name == "transaction_deferrable") {
      out.deferrable = value == "1" || value == "true";
    }
  }
  return out;
}

nodes::UtilityStmtPtr TransformShow(const PgQuery__VariableShowStmt* s) {
  auto stmt = std::make_shared<nodes::VariableShowStmt>();
  stmt->name = raw::Str(s->name);
  for (char& c : stmt->name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return stmt;
}

nodes::UtilityStmtPtr TransformPrepare(ParseState& ps, const PgQuery__PrepareStmt* s) {
  auto stmt = std::make_shared<nodes::PrepareStmt>();
  stmt->name = raw::Str(s->name);
  ParseState child;
  child.source = ps.source;
  child.hooks = ps.hooks;
  child.params->variable = true;
  for (const raw::Node* t : raw::Span(s->n_argtypes, s->argtypes)) {
    TypeWithMod tm = TypenameTypeIdAndMod(ps, t->type_name);
    if (tm.type == kUnknownOid) tm.type = kInvalidOid;
    child.params->types.push_back(tm.type == kInvalidOid ? kUnknownOid : tm.type);
  }
  stmt->query = TransformStmt(child, s->query);
  for (size_t i = 0; i < child.params->types.size(); ++i) {
    Oid t = child.params->types[i];
    if (t == kInvalidOid || t == kUnknownOid) {
      throw MakeError(errcode::kIndeterminateDatatype,
                      "could not determine data type of parameter ${}", i + 1);
    }
  }
  stmt->query->paramTypes = child.params->types;
  return stmt;
}

nodes::UtilityStmtPtr TransformExecute(ParseState& ps, const PgQuery__ExecuteStmt* s) {
  auto stmt = std::make_shared<nodes::ExecuteStmt>();
  stmt->name = raw::Str(s->name);
  stmt->params = TransformExpressionList(ps, raw::Span(s->n_params, s->params),
                                         ExprKind::kExecuteParameter, false);
  AssignListCollations(ps, stmt->params);
  return stmt;
}

// Relations of TRUNCATE / LOCK: each must exist and be a table.
std::vector<Oid> TableList(ParseState& ps, raw::NodeSpan relations, const char* verb) {
  std::vector<Oid> out;
  for (const raw::Node* n : relations) {
    const PgQuery__RangeVar* rv = n->range_var;
    catalog::QualifiedName q;
    q.catalog = raw::Str(rv->catalogname);
    q.schema = raw::Str(rv->schemaname);
    q.name = raw::Str(rv->relname);
    Oid relid = catalog::RangeVarGetRelid(q, false);  // looked up at execution in PostgreSQL
    auto rel = catalog::Syscache().RelationByOid(relid);
    bool ok = rel && (rel->relkind == 'r' || rel->relkind == 'p' ||
                      (std::string_view(verb) == "LOCK" && rel->relkind == 'v'));
    if (!ok) {
      ThrowAt(ps, MakeError(errcode::kWrongObjectType, "\"{}\" is not a table", q.name),
              rv->location);
    }
    out.push_back(relid);
  }
  return out;
}

nodes::UtilityStmtPtr TransformVacuum(ParseState& ps, const PgQuery__VacuumStmt* s) {
  auto stmt = std::make_shared<nodes::VacuumStmt>();
  stmt->is_vacuum = s->is_vacuumcmd;
  stmt->analyze = !s->is_vacuumcmd;
  const char* cmd = s->is_vacuumcmd ? "VACUUM" : "ANALYZE";
  for (const raw::Node* n : raw::Span(s->n_options, s->options)) {
    const PgQuery__DefElem* def = n->def_elem;
    std::string name = DefName(def);
    bool value = DefGetBoolean(ps, def);
    if (name == "verbose")
      stmt->verbose = value;
    else if (name == "analyze" && s->is_vacuumcmd)
      stmt->analyze = value;
    else if (name == "full" && s->is_vacuumcmd)
      stmt->full = value;
    else if (name == "freeze" && s->is_vacuumcmd)
      stmt->freeze = value;
    else if (name == "skip_locked")
      stmt->skip_locked = value;
    else if (name == "disable_page_skipping" && s->is_vacuumcmd)
      stmt->disable_page_skipping = value;
    else if (name == "index_cleanup" || name == "process_toast" || name == "truncate" ||
             name == "parallel" || name == "buffer_usage_limit") {
      // accepted, no effect yet
    } else {
      ThrowAt(ps, MakeError(errcode::kSyntaxError, "unrecognized {} option \"{}\"", cmd, name),
              def->location);
    }
  }
  for (const raw::Node* n : raw::Span(s->n_rels, s->rels)) {
    const PgQuery__VacuumRelation* vr = n->vacuum_relation;
    catalog::QualifiedName q;
    q.schema = raw::Str(vr->relation->schemaname);
    q.name = raw::Str(vr->relation->relname);
    nodes::VacuumRelation rel;
    rel.relid = catalog::RangeVarGetRelid(q, false);
    rel.columns = raw::StringList(raw::Span(vr->n_va_cols, vr->va_cols));
    if (!rel.columns.empty() && !stmt->analyze) {
      throw Error(errcode::kInvalidParameterValue,
                  "ANALYZE option must be specified when a column list is provided");
    }
    stmt->relations.push_back(std::move(rel));
  }
  return stmt;
}

nodes::UtilityStmtPtr TransformCreateSchema(ParseState& ps, const PgQuery__CreateSchemaStmt* s) {
  auto stmt = std::make_shared<nodes::CreateSchemaStmt>();
  stmt->name = raw::Str(s->schemaname);
  if (s->authrole) stmt->authorization = raw::Str(s->authrole->rolename);
  if (stmt->name.empty()) stmt->name = stmt->authorization;
  stmt->if_not_exists = s->if_not_exists;
  if (s->n_schema_elts > 0) {
    throw Error(errcode::kFeatureNotSupported,
                "CREATE SCHEMA with schema elements is not supported yet");
  }
  if (stmt->name.rfind("pg_", 0) == 0) {
    throw MakeError(errcode::kReservedName, "unacceptable schema name \"{}\"", stmt->name)
        .Detail("The prefix \"pg_\" is reserved for system schemas.");
  }
  if (catalog::FindNamespace(stmt->name)) {
    if (!s->if_not_exists) {
      throw MakeError(errcode::kDuplicateSchema, "schema \"{}\" already exists", stmt->name);
    }
    stmt->already_exists = true;
  }
  (void)ps;
  return stmt;
}

// CREATE DATABASE options, checked as PostgreSQL's createdb does before it looks anything
// up: 42601 for a repeated or unknown option.
nodes::UtilityStmtPtr TransformCreatedb(ParseState& ps, const PgQuery__CreatedbStmt* s) {
  auto stmt = std::make_shared<nodes::CreateDatabaseStmt>();
  stmt->name = raw::Str(s->dbname);
  std::vector<std::string> seen;
  for (const raw::Node* n : raw::Span(s->n_options, s->options)) {
    const PgQuery__DefElem* def = n->def_elem;
    std::string name = DefName(def);
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      ThrowAt(ps, Error(errcode::kSyntaxError, "conflicting or redundant options"), def->location);
    }
    seen.push_back(name);
    bool has_value = def->arg != nullptr;
    auto text = [&](std::optional<std::string>& out) {
      if (has_value) out = DefGetString(ps, def);
    };
    if (name == "owner") {
      text(stmt->owner);
    } else if (name == "template") {
      text(stmt->template_name);
    } else if (name == "encoding") {
      text(stmt->encoding);
    } else if (name == "locale") {
      text(stmt->locale);
    } else if (name == "lc_collate") {
      text(stmt->lc_collate);
    } else if (name == "lc_ctype") {
      text(stmt->lc_ctype);
    } else if (name == "icu_locale") {
      text(stmt->icu_locale);
    } else if (name == "locale_provider") {
      text(stmt->locale_provider);
    } else if (name == "collation_version") {
      text(stmt->collation_version);
    } else if (name == "tablespace") {
      text(stmt->tablespace);
    } else if (name == "strategy") {
      text(stmt->strategy);
    } else if (name == "allow_connections") {
      if (has_value) stmt->allow_connections = DefGetBoolean(ps, def);
    } else if (name == "is_template") {
      if (has_value) stmt->is_template = DefGetBoolean(ps, def);
    } else if (name == "connection_limit") {
      if (has_value) stmt->connection_limit = DefGetInt64(ps, def);
    } else if (name == "oid") {
      if (has_value) stmt->oid = DefGetInt64(ps, def);
    } else if (name == "location") {
      EmitNotice(Error(errcode::kFeatureNotSupported, "LOCATION is not supported anymore",
                       Severity::kWarning)
                     .Hint("Consider using tablespaces instead."));
    } else {
      ThrowAt(ps, MakeError(errcode::kSyntaxError, "option \"{}\" not recognized", name),
              def->location);
    }
  }
  if (stmt->locale && (stmt->lc_collate || stmt->lc_ctype)) {
    throw Error(errcode::kSyntaxError, "conflicting or redundant options")
        .Detail("LOCALE cannot be specified together with LC_COLLATE or LC_CTYPE.");
  }
  return stmt;
}

nodes::UtilityStmtPtr TransformDropdb(ParseState& ps, const PgQuery__DropdbStmt* s) {
  auto stmt = std::make_shared<nodes::DropDatabaseStmt>();
  stmt->name = raw::Str(s->dbname);
  stmt->missing_ok = s->missing_ok;
  for (const raw::Node* n : raw::Span(s->n_options, s->options)) {
    const PgQuery__DefElem* def = n->def_elem;
    std::string name = DefName(def);
    if (name == "force") {
      stmt->force = true;
    } else {
      ThrowAt(ps,
              MakeError(errcode::kSyntaxError, "unrecognized DROP DATABASE option \"{}\"", name),
              def->location);
    }
  }
  return stmt;
}

}  // namespace

nodes::UtilityStmtPtr TransformTransactionStmt(ParseState& ps, const PgQuery__TransactionStmt* s) {
  auto stmt = std::make_shared<nodes::TransactionStmt>();
  switch (s->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
      stmt->kind = nodes::TransactionStmtKind::kBegin;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
      stmt->kind = nodes::TransactionStmtKind::kBegin;
      stmt->is_start = true;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
      stmt->kind = nodes::TransactionStmtKind::kCommit;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
      stmt->kind = nodes::TransactionStmtKind::kRollback;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
      stmt->kind = nodes::TransactionStmtKind::kSavepoint;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
      stmt->kind = nodes::TransactionStmtKind::kRelease;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
      stmt->kind = nodes::TransactionStmtKind::kRollbackTo;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
      stmt->kind = nodes::TransactionStmtKind::kPrepare;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED:
      stmt->kind = nodes::TransactionStmtKind::kCommitPrepared;
      break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED:
      stmt->kind = nodes::TransactionStmtKind::kRollbackPrepared;
      break;
    default:
      throw Error(errcode::kInternalError, "unrecognized transaction statement");
  }
  stmt->options = ParseTransactionOptions(ps, raw::Span(s->n_options, s->options));
  stmt->savepoint_name = raw::Str(s->savepoint_name);
  stmt->gid = raw::Str(s->gid);
  stmt->chain = s->chain;
  return stmt;
}

nodes::UtilityStmtPtr TransformVariableSetStmt(ParseState& ps, const PgQuery__VariableSetStmt* s) {
  auto stmt = std::make_shared<nodes::VariableSetStmt>();
  stmt->name = raw::Str(s->name);
  stmt->is_local = s->is_local;
  switch (s->kind) {
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
      stmt->kind = nodes::VariableSetKind::kDefault;
      break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_CURRENT:
      stmt->kind = nodes::VariableSetKind::kCurrent;
      break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI:
      stmt->kind = nodes::VariableSetKind::kMulti;
      break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
      stmt->kind = nodes::VariableSetKind::kReset;
      break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
      stmt->kind = nodes::VariableSetKind::kResetAll;
      break;
    default:
      stmt->kind = nodes::VariableSetKind::kValue;
      break;
  }
  for (char& c : stmt->name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (stmt->kind == nodes::VariableSetKind::kMulti) {
    stmt->txn_options = ParseTransactionOptions(ps, raw::Span(s->n_args, s->args));
    return stmt;
  }
  // search_path-like list GUCs quote their elements (PostgreSQL's GUC_LIST_QUOTE).
  bool list_quote = stmt->name == "search_path" || stmt->name == "temp_tablespaces" ||
                    stmt->name == "session_preload_libraries" ||
                    stmt->name == "shared_preload_libraries" ||
                    stmt->name == "local_preload_libraries";
  for (const raw::Node* arg : raw::Span(s->n_args, s->args)) {
    nodes::SetArg a;
    if (raw::Is(arg, PG_QUERY__NODE__NODE_TYPE_CAST)) {
      throw Error(errcode::kFeatureNotSupported, "SET TIME ZONE INTERVAL is not supported yet");
    }
    if (raw::Is(arg, PG_QUERY__NODE__NODE_A_CONST)) {
      switch (arg->a_const->val_case) {
        case PG_QUERY__A__CONST__VAL_IVAL:
          a.kind = nodes::SetArg::Kind::kInteger;
          break;
        case PG_QUERY__A__CONST__VAL_FVAL:
          a.kind = nodes::SetArg::Kind::kFloat;
          break;
        default:
          a.kind = nodes::SetArg::Kind::kString;
          break;
      }
    }
    a.value = ConstText(arg);
    if (!stmt->value.empty()) stmt->value += ", ";
    stmt->value +=
        (list_quote && a.kind == nodes::SetArg::Kind::kString) ? QuoteIdentifier(a.value) : a.value;
    stmt->args.push_back(std::move(a));
  }
  return stmt;
}

nodes::UtilityStmtPtr TransformMiscUtility(ParseState& ps, const raw::Node* n) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
      return std::make_shared<nodes::CheckpointStmt>();
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
      return TransformShow(n->variable_show_stmt);
    case PG_QUERY__NODE__NODE_DISCARD_STMT: {
      auto stmt = std::make_shared<nodes::DiscardStmt>();
      switch (n->discard_stmt->target) {
        case PG_QUERY__DISCARD_MODE__DISCARD_PLANS:
          stmt->target = nodes::DiscardTarget::kPlans;
          break;
        case PG_QUERY__DISCARD_MODE__DISCARD_SEQUENCES:
          stmt->target = nodes::DiscardTarget::kSequences;
          break;
        case PG_QUERY__DISCARD_MODE__DISCARD_TEMP:
          stmt->target = nodes::DiscardTarget::kTemp;
          break;
        default:
          stmt->target = nodes::DiscardTarget::kAll;
          break;
      }
      return stmt;
    }
    case PG_QUERY__NODE__NODE_DEALLOCATE_STMT: {
      auto stmt = std::make_shared<nodes::DeallocateStmt>();
      stmt->name = raw::Str(n->deallocate_stmt->name);
      return stmt;
    }
    case PG_QUERY__NODE__NODE_PREPARE_STMT:
      return TransformPrepare(ps, n->prepare_stmt);
    case PG_QUERY__NODE__NODE_EXECUTE_STMT:
      return TransformExecute(ps, n->execute_stmt);
    case PG_QUERY__NODE__NODE_LOCK_STMT: {
      // Resolved by the executor, after its "only in transaction blocks" check (PostgreSQL).
      auto stmt = std::make_shared<nodes::LockStmt>();
      for (const raw::Node* r : raw::Span(n->lock_stmt->n_relations, n->lock_stmt->relations)) {
        std::vector<std::string> name;
        if (r->range_var->schemaname && r->range_var->schemaname[0])
          name.push_back(r->range_var->schemaname);
        name.push_back(std::string(raw::Str(r->range_var->relname)));
        stmt->relations.push_back(std::move(name));
      }
      stmt->mode = n->lock_stmt->mode;
      stmt->nowait = n->lock_stmt->nowait;
      return stmt;
    }
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT: {
      auto stmt = std::make_shared<nodes::TruncateStmt>();
      raw::NodeSpan relations =
          raw::Span(n->truncate_stmt->n_relations, n->truncate_stmt->relations);
      std::vector<Oid> named = TableList(ps, relations, "TRUNCATE");
      // Without ONLY, TRUNCATE also empties the inheritance children (ExecuteTruncate).
      for (size_t i = 0; i < named.size(); ++i) {
        std::vector<Oid> all{named[i]};
        auto cls = catalog::Syscache().RelationByOid(named[i]);
        if (relations[i]->range_var->inh && cls && cls->relhassubclass) {
          all = catalog::FindAllInheritors(named[i]);
        }
        stmt->relids.insert(stmt->relids.end(), all.begin(), all.end());
      }
      stmt->restart_seqs = n->truncate_stmt->restart_seqs;
      stmt->behavior = n->truncate_stmt->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
                           ? nodes::DropBehavior::kCascade
                           : nodes::DropBehavior::kRestrict;
      return stmt;
    }
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
      return TransformVacuum(ps, n->vacuum_stmt);
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
      return TransformCompositeTypeStmt(ps, n->composite_type_stmt);
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
      return TransformCreateDomainStmt(ps, n->create_domain_stmt);
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
      return TransformCreateEnumStmt(ps, n->create_enum_stmt);
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
      return TransformCreateSchema(ps, n->create_schema_stmt);
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
      return TransformCreatedb(ps, n->createdb_stmt);
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
      return TransformDropdb(ps, n->dropdb_stmt);
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
      return TransformCreateRole(ps, n->create_role_stmt);
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
      return TransformAlterRole(ps, n->alter_role_stmt);
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
      return TransformDropRole(n->drop_role_stmt);
    default:
      return nullptr;
  }
}

nodes::UtilityStmtPtr TransformUtilityStmt(ParseState& ps, const raw::Node* n) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
      return TransformTransactionStmt(ps, n->transaction_stmt);
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      return TransformVariableSetStmt(ps, n->variable_set_stmt);
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      return TransformCreateStmt(ps, n->create_stmt);
    case PG_QUERY__NODE__NODE_DROP_STMT:
      if (n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE ||
          n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN) {
        return TransformDropTypes(ps, n->drop_stmt);
      }
      if (n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION ||
          n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) {
        return TransformDropFunctions(ps, n->drop_stmt);
      }
      return TransformDropStmt(ps, n->drop_stmt);
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
      if (n->create_function_stmt->is_procedure) return nullptr;
      return TransformCreateFunctionStmt(ps, n->create_function_stmt);
    case PG_QUERY__NODE__NODE_DEFINE_STMT:
      if (n->define_stmt->kind != PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) return nullptr;
      return TransformDefineAggregate(ps, n->define_stmt);
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
      return TransformExplainStmt(ps, n->explain_stmt);
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return TransformIndexStmt(ps, n->index_stmt);
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      return TransformCreateTableAs(ps, n->create_table_as_stmt);
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      return TransformViewStmt(ps, n->view_stmt);
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
      return TransformCreateSeqStmt(ps, n->create_seq_stmt);
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
      return TransformAlterSeqStmt(ps, n->alter_seq_stmt);
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
      return TransformCommentStmt(ps, n->comment_stmt);
    case PG_QUERY__NODE__NODE_COPY_STMT:
      return TransformCopyStmt(ps, n->copy_stmt);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      return TransformAlterTableStmt(ps, n->alter_table_stmt);
    case PG_QUERY__NODE__NODE_RENAME_STMT:
      return TransformRenameStmt(ps, n->rename_stmt);
    case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT:
      return TransformDeclareCursor(ps, n->declare_cursor_stmt);
    case PG_QUERY__NODE__NODE_FETCH_STMT:
      return TransformFetch(n->fetch_stmt);
    case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT:
      return TransformClosePortal(n->close_portal_stmt);
    case PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT:
      return TransformConstraintsSet(n->constraints_set_stmt);
    case PG_QUERY__NODE__NODE_LISTEN_STMT:
    case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
      return TransformListenNotify(n);
    default:
      return TransformMiscUtility(ps, n);
  }
}

}  // namespace hyrax::parser
