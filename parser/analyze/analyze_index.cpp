// CREATE INDEX (PostgreSQL's transformIndexStmt and DefineIndex's checks): table, access
// method, key columns or expressions (Vars of range-table entry 1 = the table) with their
// collations, operator classes and ordering, INCLUDE columns, partial-index predicate.
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/clause.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_names.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::parser {

namespace {

// The operator class of an index column: the type's default one, or the named one when it
// is that default (the SysCache has no lookup of operator classes by name yet).
Oid LookupOpclass(const std::vector<std::string>& names, Oid am, Oid type,
                  const std::string& amname) {
  auto opc = DefaultOpclassFor(am, type);
  if (names.empty()) {
    if (!opc) {
      throw MakeError(errcode::kUndefinedObject,
                      "data type {} has no default operator class for access method \"{}\"",
                      FormatTypeBe(type), amname)
          .Hint(
              "You must specify an operator class for the index or define a default operator "
              "class for the data type.");
    }
    return opc->oid;
  }
  if (opc && opc->opcname == names.back()) return opc->oid;
  throw MakeError(errcode::kFeatureNotSupported, "operator class \"{}\" is not supported yet",
                  raw::JoinName(names));
}

[[noreturn]] void ThrowSystemColumnIndex() {
  throw Error(errcode::kFeatureNotSupported, "index creation on system columns is not supported");
}

bool IsSystemColumnName(const std::string& name) {
  return name == "ctid" || name == "xmin" || name == "cmin" || name == "xmax" || name == "cmax" ||
         name == "tableoid";
}

bool UsesSystemColumn(const ExprPtr& expr) {
  bool found = false;
  nodes::WalkExprTree(expr, [&](const nodes::Expr& e, int sublevels) {
    if (e.tag == nodes::NodeTag::kVar && sublevels == 0 &&
        nodes::As<nodes::Var>(&e)->varattno < 0) {
      found = true;
    }
    return found;
  });
  return found;
}

}  // namespace

nodes::UtilityStmtPtr TransformIndexStmt(ParseState& ps, const PgQuery__IndexStmt* s) {
  auto stmt = std::make_shared<nodes::CreateIndexStmt>();
  stmt->name = raw::Str(s->idxname);
  stmt->unique = s->unique;
  stmt->nulls_not_distinct = s->nulls_not_distinct;
  stmt->concurrent = s->concurrent;
  stmt->if_not_exists = s->if_not_exists;
  std::string amname = s->access_method && s->access_method[0] ? s->access_method : "btree";
  auto am = catalog::Syscache().AmByName(amname);
  if (!am)
    throw MakeError(errcode::kUndefinedObject, "access method \"{}\" does not exist", amname);
  stmt->access_method = am->oid;
  const PgQuery__RangeVar* rv = s->relation;
  std::vector<std::string> relname;
  if (rv->schemaname && rv->schemaname[0]) relname.push_back(rv->schemaname);
  relname.push_back(std::string(raw::Str(rv->relname)));
  int lockmode = static_cast<int>(s->concurrent ? storage::LockMode::kShareUpdateExclusive
                                                : storage::LockMode::kShare);
  // Utility statements look relations up at execution in PostgreSQL: no cursor position.
  Index rtindex = AddRelationRteByName(ps, relname, std::nullopt, false, true, lockmode, 0, -1);
  const nodes::RangeTblEntry& rte = ps.Rte(rtindex);
  stmt->relid = rte.relid;
  if (rte.relkind != 'r' && rte.relkind != 'm' && rte.relkind != 'p') {
    throw MakeError(errcode::kWrongObjectType, "cannot create index on relation \"{}\"",
                    relname.back());
  }
  catalog::RelationPtr rel = ps.relations.at(rte.relid);
  if (!stmt->name.empty()) {
    if (catalog::Syscache().RelationByName(stmt->name, rel->rel.relnamespace)) {
      if (!s->if_not_exists) {
        throw MakeError(errcode::kDuplicateTable, "relation \"{}\" already exists", stmt->name);
      }
      stmt->already_exists = true;
      return stmt;
    }
  }
  NamespaceItem item;
  item.rtindex = rtindex;
  ps.namespace_items.push_back(item);
  auto element = [&](const PgQuery__IndexElem* ie) {
    nodes::IndexElement el;
    Oid type;
    if (ie->name && ie->name[0]) {
      el.name = ie->name;
      for (int i = 0; i < rel->desc->natts(); ++i) {
        if (!rel->desc->attr(i).dropped && rel->desc->attr(i).name == el.name)
          el.attnum = static_cast<int16_t>(i + 1);
      }
      if (el.attnum == 0) {
        if (IsSystemColumnName(el.name)) ThrowSystemColumnIndex();
        throw MakeError(errcode::kUndefinedColumn, "column \"{}\" does not exist", el.name);
      }
      type = rel->desc->attr(el.attnum - 1).type_oid;
      el.collation = rel->desc->attr(el.attnum - 1).collation;
    } else {
      ExprPtr e = TransformExpr(ps, ie->expr, ExprKind::kIndexExpression);
      AssignExprCollations(ps, e);
      if (e->tag == nodes::NodeTag::kVar && nodes::As<nodes::Var>(e)->varattno > 0) {
        el.attnum = nodes::As<nodes::Var>(e)->varattno;
        el.name = rel->desc->attr(el.attnum - 1).name;
      } else {
        el.expr = e;
      }
      type = e->result_type;
      el.collation = e->result_collation;
    }
    std::vector<std::string> coll = raw::StringList(raw::Span(ie->n_collation, ie->collation));
    if (!coll.empty()) {
      if (!TypeIsCollatable(type)) {
        throw MakeError(errcode::kDatatypeMismatch, "collations are not supported by type {}",
                        FormatTypeBe(type));
      }
      el.collation = LookupCollation(ps, coll, -1);
    }
    el.opclass = LookupOpclass(raw::StringList(raw::Span(ie->n_opclass, ie->opclass)), am->oid,
                               type, amname);
    el.descending = ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    el.nulls_first =
        ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
        (ie->nulls_ordering != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && el.descending);
    return el;
  };
  for (const raw::Node* n : raw::Span(s->n_index_params, s->index_params)) {
    stmt->elements.push_back(element(n->index_elem));
  }
  for (const raw::Node* n : raw::Span(s->n_index_including_params, s->index_including_params)) {
    nodes::IndexElement el;
    el.name = raw::Str(n->index_elem->name);
    for (int i = 0; i < rel->desc->natts(); ++i) {
      if (!rel->desc->attr(i).dropped && rel->desc->attr(i).name == el.name)
        el.attnum = static_cast<int16_t>(i + 1);
    }
    if (el.attnum == 0)
      throw MakeError(errcode::kUndefinedColumn, "column \"{}\" does not exist", el.name);
    stmt->including.push_back(el);
  }
  if (s->where_clause) {
    stmt->predicate = TransformWhereClause(ps, s->where_clause, ExprKind::kIndexPredicate, "WHERE");
    AssignExprCollations(ps, stmt->predicate);
  }
  // PostgreSQL's DefineIndex: no system column anywhere in the index definition.
  for (const auto& el : stmt->elements) {
    if (el.expr && UsesSystemColumn(el.expr)) ThrowSystemColumnIndex();
  }
  if (stmt->predicate && UsesSystemColumn(stmt->predicate)) ThrowSystemColumnIndex();
  for (const raw::Node* o : raw::Span(s->n_options, s->options)) {
    const PgQuery__DefElem* def = o->def_elem;
    stmt->options.emplace_back(std::string(raw::Str(def->defname)),
                               def->arg ? std::string(raw::StrVal(def->arg)) : "true");
  }
  return stmt;
}

}  // namespace hyrax::parser
