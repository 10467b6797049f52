// CREATE TABLE ... AS, SELECT ... INTO, CREATE VIEW and CREATE SEQUENCE: the query (if any)
// is analyzed as a top-level statement, the target name checked as PostgreSQL's
// transformCreateTableAsStmt / DefineView / DefineSequence do before creating anything.
#include <algorithm>

#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/create_table.h"
#include "parser/analyze/def_elem.h"
#include "parser/analyze/view_source_text.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

catalog::QualifiedName NameOf(const PgQuery__RangeVar* rv) {
  catalog::QualifiedName q;
  q.catalog = raw::Str(rv->catalogname);
  q.schema = raw::Str(rv->schemaname);
  q.name = raw::Str(rv->relname);
  return q;
}

char Persistence(const PgQuery__RangeVar* rv) {
  return rv->relpersistence && rv->relpersistence[0] ? rv->relpersistence[0] : 'p';
}

// The namespace for a new relation and whether one of that name exists there already.
// `*persistence` may become 't' (a relation created in the temporary schema).
Oid CreationNamespace(ParseState& ps, const PgQuery__RangeVar* rv, char* persistence,
                      bool* exists) {
  catalog::QualifiedName q = NameOf(rv);
  Oid nsp = WithErrorPosition(
      ps, rv->location, [&] { return catalog::RangeVarGetCreationNamespace(q, persistence); });
  *exists = nsp != kInvalidOid && catalog::Syscache().RelationByName(q.name, nsp).has_value();
  return nsp;
}

nodes::RelOptions Options(raw::NodeSpan options) {
  nodes::RelOptions out;
  for (const raw::Node* o : options) {
    const PgQuery__DefElem* def = o->def_elem;
    out.emplace_back(DefName(def), def->arg ? ConstText(def->arg) : "true");
  }
  return out;
}

}  // namespace

nodes::UtilityStmtPtr TransformCreateTableAs(ParseState& ps, const PgQuery__CreateTableAsStmt* s) {
  if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
    throw Error(errcode::kFeatureNotSupported, "CREATE MATERIALIZED VIEW is not supported yet");
  }
  auto stmt = std::make_shared<nodes::CreateTableAsStmt>();
  const PgQuery__IntoClause* into = s->into;
  stmt->name = raw::Str(into->rel->relname);
  stmt->relpersistence = Persistence(into->rel);
  stmt->if_not_exists = s->if_not_exists;
  stmt->is_select_into = s->is_select_into;
  stmt->with_data = !into->skip_data;
  stmt->column_names = raw::StringList(raw::Span(into->n_col_names, into->col_names));
  stmt->options = TransformTableOptions(raw::Span(into->n_options, into->options));
  bool exists = false;
  stmt->namespace_oid = CreationNamespace(ps, into->rel, &stmt->relpersistence, &exists);
  stmt->on_commit = TransformOnCommit(into->on_commit, stmt->relpersistence);
  if (exists) {
    if (!s->if_not_exists) {
      throw MakeError(errcode::kDuplicateTable, "relation \"{}\" already exists", stmt->name);
    }
    stmt->already_exists = true;
    return stmt;
  }
  stmt->query = TransformStmt(ps, s->query);
  size_t ncols = 0;
  for (const auto& tle : stmt->query->targetList) ncols += !tle.resjunk;
  if (stmt->query->commandType == nodes::CmdType::kSelect && stmt->column_names.size() > ncols) {
    throw Error(errcode::kSyntaxError, "too many column names were specified");
  }
  return stmt;
}

nodes::UtilityStmtPtr TransformSelectInto(ParseState& ps, const PgQuery__SelectStmt* s) {
  // SELECT ... INTO t is CREATE TABLE t AS SELECT ... (PostgreSQL's transformOptionalSelectInto).
  // The INTO sits on the leftmost SELECT of a set operation: copy the chain down to it and
  // clear it there (the raw tree itself is shared and read-only).
  std::vector<PgQuery__SelectStmt> chain;
  for (const PgQuery__SelectStmt* p = s; p;
       p = p->op != PG_QUERY__SET_OPERATION__SETOP_NONE ? p->larg : nullptr) {
    chain.push_back(*p);
  }
  for (size_t i = 0; i + 1 < chain.size(); ++i) chain[i].larg = &chain[i + 1];
  const PgQuery__IntoClause* into = chain.back().into_clause;
  chain.back().into_clause = nullptr;
  PgQuery__Node query = PG_QUERY__NODE__INIT;
  query.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
  query.select_stmt = &chain[0];
  PgQuery__CreateTableAsStmt ctas = PG_QUERY__CREATE_TABLE_AS_STMT__INIT;
  ctas.query = &query;
  ctas.into = const_cast<PgQuery__IntoClause*>(into);
  ctas.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
  ctas.is_select_into = true;
  return TransformCreateTableAs(ps, &ctas);
}

nodes::UtilityStmtPtr TransformViewStmt(ParseState& ps, const PgQuery__ViewStmt* s) {
  auto stmt = std::make_shared<nodes::CreateViewStmt>();
  stmt->name = raw::Str(s->view->relname);
  stmt->relpersistence = Persistence(s->view);
  stmt->replace = s->replace;
  stmt->column_names = raw::StringList(raw::Span(s->n_aliases, s->aliases));
  stmt->options = Options(raw::Span(s->n_options, s->options));
  stmt->schema_qualified = s->view->schemaname && s->view->schemaname[0];
  if (s->with_check_option != PG_QUERY__VIEW_CHECK_OPTION__NO_CHECK_OPTION &&
      s->with_check_option != PG_QUERY__VIEW_CHECK_OPTION__VIEW_CHECK_OPTION_UNDEFINED) {
    throw Error(errcode::kFeatureNotSupported, "WITH CHECK OPTION is not supported yet");
  }
  bool exists = false;
  stmt->namespace_oid = CreationNamespace(ps, s->view, &stmt->relpersistence, &exists);
  if (exists && !s->replace) {
    throw MakeError(errcode::kDuplicateTable, "relation \"{}\" already exists", stmt->name);
  }
  if (!raw::Is(s->query, PG_QUERY__NODE__NODE_SELECT_STMT)) {
    throw Error(errcode::kSyntaxError, "views must not contain data-modifying statements in WITH");
  }
  if (s->query->select_stmt->into_clause) {
    throw Error(errcode::kFeatureNotSupported, "views must not contain SELECT INTO");
  }
  ParseState top;
  top.source = ps.source;
  top.hooks = ps.hooks;
  stmt->query = TransformStmt(top, s->query);
  if (ps.source) stmt->query->source_text = ViewQuerySourceText(*ps.source, s->view->location);
  if (stmt->query->hasModifyingCTE) {
    throw Error(errcode::kFeatureNotSupported,
                "views must not contain data-modifying statements in WITH");
  }
  std::vector<std::string> names;
  for (const auto& tle : stmt->query->targetList) {
    if (!tle.resjunk) names.push_back(tle.resname);
  }
  if (stmt->column_names.size() > names.size()) {
    throw Error(errcode::kSyntaxError, "CREATE VIEW specifies more column names than columns");
  }
  for (size_t i = 0; i < stmt->column_names.size(); ++i) names[i] = stmt->column_names[i];
  for (size_t i = 0; i < names.size(); ++i) {
    if (std::find(names.begin(), names.begin() + i, names[i]) != names.begin() + i) {
      throw MakeError(errcode::kDuplicateColumn, "column \"{}\" specified more than once",
                      names[i]);
    }
  }
  return stmt;
}

nodes::UtilityStmtPtr TransformCreateSeqStmt(ParseState& ps, const PgQuery__CreateSeqStmt* s) {
  auto stmt = std::make_shared<nodes::CreateSequenceStmt>();
  stmt->name = raw::Str(s->sequence->relname);
  stmt->relpersistence = Persistence(s->sequence);
  stmt->if_not_exists = s->if_not_exists;
  bool exists = false;
  stmt->namespace_oid = CreationNamespace(ps, s->sequence, &stmt->relpersistence, &exists);
  if (exists) {
    if (!s->if_not_exists) {
      throw MakeError(errcode::kDuplicateTable, "relation \"{}\" already exists", stmt->name);
    }
    stmt->already_exists = true;
    return stmt;
  }
  stmt->options = ParseSequenceOptions(ps, raw::Span(s->n_options, s->options));
  return stmt;
}

nodes::UtilityStmtPtr TransformAlterSeqStmt(ParseState& ps, const PgQuery__AlterSeqStmt* s) {
  auto stmt = std::make_shared<nodes::AlterSequenceStmt>();
  catalog::QualifiedName q = NameOf(s->sequence);
  stmt->seqid = WithErrorPosition(ps, s->sequence->location,
                                  [&] { return catalog::RangeVarGetRelid(q, s->missing_ok); });
  if (stmt->seqid == kInvalidOid) {
    stmt->missing_notice = fmt::format("relation \"{}\" does not exist, skipping", q.name);
    return stmt;
  }
  auto rel = catalog::Syscache().RelationByOid(stmt->seqid);
  if (!rel || rel->relkind != 'S') {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is not a sequence", q.name);
  }
  stmt->options = ParseSequenceOptions(ps, raw::Span(s->n_options, s->options));
  return stmt;
}

}  // namespace hyrax::parser
