// Statement dispatch and query finishing (see analyze.h): Analyze sets up the top-level
// ParseState (source text, parameter types, lock hook), transformStmt routes each raw
// statement to its per-kind transform, and parameter types are checked at the end as
// PostgreSQL's check_variable_parameters does.
#include "parser/analyze/analyze.h"

#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/type_oids.h"
#include "parser/analyze/view_source_text.h"

namespace hyrax::parser {

namespace {

// Every $n in the final tree must carry the type finally deduced for it.
void CheckVariableParameters(ParseState& ps, const nodes::Query& query) {
  if (!ps.params->variable || ps.params->types.empty()) return;
  nodes::WalkQueryExprs(query, [&](const nodes::Expr& e, int) {
    if (e.tag != nodes::NodeTag::kParam) return false;
    const auto* p = nodes::As<nodes::Param>(&e);
    if (p->paramkind != nodes::ParamKind::kExtern) return false;
    if (p->paramid <= 0 || p->paramid > static_cast<int>(ps.params->types.size())) {
      ThrowAt(ps, MakeError(errcode::kUndefinedParameter, "there is no parameter ${}", p->paramid),
              p->location);
    }
    if (p->result_type != ps.params->types[p->paramid - 1]) {
      ThrowAt(ps,
              MakeError(errcode::kAmbiguousParameter,
                        "could not determine data type of parameter ${}", p->paramid),
              p->location);
    }
    return false;
  });
}

// Raw statement names whose command tag differs from the node name.
struct StatementName {
  const char* node;  // protobuf field name without "_stmt"
  const char* tag;
};
constexpr StatementName kStatementNames[] = {
    {"create_trig", "CREATE TRIGGER"},
    {"create_op_class", "CREATE OPERATOR CLASS"},
    {"create_op_family", "CREATE OPERATOR FAMILY"},
    {"alter_op_family", "ALTER OPERATOR FAMILY"},
    {"alter_seq", "ALTER SEQUENCE"},
    {"composite_type", "CREATE TYPE"},
    {"create_enum", "CREATE TYPE"},
    {"create_range", "CREATE TYPE"},
    {"alter_enum", "ALTER TYPE"},
    {"rule", "CREATE RULE"},
    {"createdb", "CREATE DATABASE"},
    {"dropdb", "DROP DATABASE"},
    {"alterdb", "ALTER DATABASE"},
    {"create_plang", "CREATE LANGUAGE"},
    {"create_fdw", "CREATE FOREIGN DATA WRAPPER"},
    {"create_foreign_server", "CREATE SERVER"},
    {"create_foreign_table", "CREATE FOREIGN TABLE"},
    {"create_table_space", "CREATE TABLESPACE"},
    {"drop_table_space", "DROP TABLESPACE"},
    {"create_event_trig", "CREATE EVENT TRIGGER"},
    {"create_stats", "CREATE STATISTICS"},
    {"refresh_mat_view", "REFRESH MATERIALIZED VIEW"},
    {"rename", "ALTER ... RENAME"},
    {"alter_object_schema", "ALTER ... SET SCHEMA"},
    {"alter_owner", "ALTER ... OWNER TO"},
    {"grant_role", "GRANT/REVOKE ROLE"},
    {"grant", "GRANT/REVOKE"},
    {"alter_default_privileges", "ALTER DEFAULT PRIVILEGES"},
    {"do", "DO"},
    {"call", "CALL"},
    {"define", "CREATE AGGREGATE/OPERATOR/TYPE"},
};

// The command tag of a statement PostgreSQL accepts but we do not analyze yet.
std::string UnsupportedStatementName(const raw::Node* stmt) {
  const ProtobufCFieldDescriptor* field = protobuf_c_message_descriptor_get_field(
      &pg_query__node__descriptor, static_cast<unsigned>(stmt->node_case));
  std::string name = field ? field->name : "this statement";
  if (name.size() > 5 && name.substr(name.size() - 5) == "_stmt") name.resize(name.size() - 5);
  for (const StatementName& known : kStatementNames) {
    if (name == known.node) return known.tag;
  }
  if (stmt->node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT &&
      stmt->create_function_stmt->is_procedure) {
    return "CREATE PROCEDURE";
  }
  // "create_function" -> "CREATE FUNCTION"
  for (char& c : name)
    c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

QueryPtr MakeUtilityQuery(nodes::UtilityStmtPtr stmt) {
  auto q = std::make_shared<nodes::Query>();
  q->commandType = nodes::CmdType::kUtility;
  q->utilityStmt = std::move(stmt);
  return q;
}

namespace {

// A recursive term cannot aggregate over its own query (PostgreSQL's parseCheckAggregates).
void CheckNoAggregatesOverSelfReference(ParseState& ps, const nodes::Query& query) {
  bool self_reference = false;
  for (const auto& rte : query.rtable) self_reference |= rte.self_reference;
  if (!self_reference) return;
  int location = -1;
  nodes::WalkQueryExprs(query, [&](const nodes::Expr& e, int levels_up) {
    if (e.tag != nodes::NodeTag::kAggref || levels_up != 0) return false;
    location = static_cast<const nodes::Aggref&>(e).location;
    return true;
  });
  ThrowAt(ps,
          Error(errcode::kInvalidRecursion,
                "aggregate functions are not allowed in a recursive query's recursive term"),
          location);
}

}  // namespace

void FinishQuery(ParseState& ps, nodes::Query& query) {
  query.rtable = ps.rtable;
  if (!query.jointree) {
    query.jointree = std::make_shared<nodes::FromExpr>();
    query.jointree->fromlist = ps.joinlist;
  }
  query.hasSubLinks = ps.has_sublinks;
  query.hasWindowFuncs = ps.has_window_funcs;
  query.hasTargetSRFs = ps.has_target_srfs;
  query.hasAggs = ps.has_aggs;
  if (query.hasAggs) CheckNoAggregatesOverSelfReference(ps, query);
  for (const auto& cte : ps.ctes) query.cteList.push_back(*cte);
  for (const auto& cte : query.cteList) {
    if (cte.ctequery && cte.ctequery->commandType != nodes::CmdType::kSelect) {
      query.hasModifyingCTE = true;
    }
  }
  AssignQueryCollations(ps, query);
}

QueryPtr TransformStmt(ParseState& ps, const raw::Node* stmt) {
  switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT: {
      const PgQuery__SelectStmt* s = stmt->select_stmt;
      const PgQuery__SelectStmt* leftmost = s;
      while (leftmost->op != PG_QUERY__SET_OPERATION__SETOP_NONE && leftmost->larg)
        leftmost = leftmost->larg;
      if (leftmost->into_clause) {
        if (ps.parent != nullptr) {
          throw Error(errcode::kSyntaxError, "SELECT ... INTO is not allowed here");
        }
        return MakeUtilityQuery(TransformSelectInto(ps, s));
      }
      if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) return TransformSetOperationStmt(ps, s);
      if (s->n_values_lists > 0) return TransformValuesClause(ps, s);
      return TransformSelectStmt(ps, s);
    }
    case PG_QUERY__NODE__NODE_INSERT_STMT:
      return TransformInsertStmt(ps, stmt->insert_stmt);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
      return TransformUpdateStmt(ps, stmt->update_stmt);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      return TransformDeleteStmt(ps, stmt->delete_stmt);
    default:
      break;
  }
  if (nodes::UtilityStmtPtr u = TransformUtilityStmt(ps, stmt))
    return MakeUtilityQuery(std::move(u));
  throw MakeError(errcode::kFeatureNotSupported, "{} is not supported yet",
                  UnsupportedStatementName(stmt));
}

QueryPtr AnalyzeSubSelect(ParseState& parent, const raw::Node* stmt, bool resolve_unknowns,
                          nodes::CommonTableExpr* parent_cte) {
  ParseState child(&parent);
  child.resolve_unknowns = resolve_unknowns;
  child.parent_cte = parent_cte;
  return TransformStmt(child, stmt);
}

nodes::QueryPtr Analyze(const raw::RawStatement& stmt, const AnalyzeOptions& options) {
  ParseState ps;
  ps.source = stmt.source;
  ps.stmt_location = stmt.stmt_location;
  ps.stmt_len = stmt.stmt_len;
  ps.params->types = options.param_types;
  ps.params->names = options.param_names;
  ps.params->function_name = options.function_name;
  ps.params->variable = options.variable_params;
  if (options.variable_params) {
    for (Oid& t : ps.params->types) {
      if (t == kInvalidOid) t = kUnknownOid;
    }
  }
  ps.hooks->lock_relation = options.lock_relation;
  QueryPtr query = TransformStmt(ps, stmt.stmt);
  CheckVariableParameters(ps, *query);
  query->paramTypes = ps.params->types;
  query->stmt_location = stmt.stmt_location;
  query->stmt_len = stmt.stmt_len;
  if (query->utilityStmt && query->utilityStmt->tag == nodes::UtilityTag::kPrepare && stmt.source) {
    // The prepared query's own text, for analyzing it again after DDL (plan cache).
    std::string_view text(*stmt.source);
    text = text.substr(std::min<size_t>(stmt.stmt_location, text.size()));
    if (stmt.stmt_len > 0) text = text.substr(0, stmt.stmt_len);
    static_cast<nodes::PrepareStmt&>(*query->utilityStmt).query_text = ViewQuerySourceText(text, 0);
  }
  return query;
}

std::vector<nodes::QueryPtr> ParseAndAnalyze(std::string_view sql, const AnalyzeOptions& options) {
  std::vector<nodes::QueryPtr> out;
  for (const auto& raw_stmt : raw::RawParse(sql)) out.push_back(Analyze(raw_stmt, options));
  return out;
}

}  // namespace hyrax::parser
