// INSERT (PostgreSQL's transformInsertStmt, checkInsertTargets, transformInsertRow and
// transformOnConflictClause): DEFAULT VALUES; a single VALUES row as the target list; several
// rows as a VALUES range-table entry; INSERT ... SELECT as a sub-query entry. Every value is
// assignment-coerced to its column; the target list has one entry per inserted column with
// resno = the column's attnum (planning adds defaults for the rest,
// planner/prep/expand_defaults.h).
#include <algorithm>

#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/clause.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/target_list.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::parser {

namespace {

struct InsertColumn {
  std::string name;
  int attnum = 0;
  raw::NodeSpan indirection;
  int location = -1;
};

std::vector<InsertColumn> CheckInsertTargets(ParseState& ps, raw::NodeSpan cols) {
  const nodes::RangeTblEntry& rte = ps.Rte(ps.target_rtindex);
  const auto& desc = *ps.relations.at(rte.relid)->desc;
  std::vector<InsertColumn> out;
  if (cols.empty()) {
    for (int i = 0; i < desc.natts(); ++i) {
      if (desc.attr(i).dropped) continue;
      out.push_back(InsertColumn{desc.attr(i).name, i + 1, {}, -1});
    }
    return out;
  }
  std::vector<int> whole, partial;
  for (const raw::Node* n : cols) {
    const PgQuery__ResTarget* col = n->res_target;
    std::string name(raw::Str(col->name));
    int attnum = 0;
    for (int i = 0; i < desc.natts(); ++i) {
      if (!desc.attr(i).dropped && desc.attr(i).name == name) attnum = i + 1;
    }
    if (attnum == 0) {
      ThrowAt(
          ps,
          MakeError(errcode::kUndefinedColumn, "column \"{}\" of relation \"{}\" does not exist",
                    name, ps.relations.at(rte.relid)->name()),
          col->location);
    }
    bool is_whole = col->n_indirection == 0;
    bool clash = std::find(whole.begin(), whole.end(), attnum) != whole.end() ||
                 (is_whole && std::find(partial.begin(), partial.end(), attnum) != partial.end());
    if (clash) {
      ThrowAt(ps,
              MakeError(errcode::kDuplicateColumn, "column \"{}\" specified more than once", name),
              col->location);
    }
    (is_whole ? whole : partial).push_back(attnum);
    out.push_back(
        InsertColumn{name, attnum, raw::Span(col->n_indirection, col->indirection), col->location});
  }
  return out;
}

// The value an assignment through field or subscript indirection stores (the new value of
// the innermost part), as PostgreSQL's transformInsertRow with strip_indirection.
ExprPtr StripAssignmentIndirection(ExprPtr expr) {
  while (expr) {
    if (expr->tag == nodes::NodeTag::kFieldStore) {
      expr = nodes::As<nodes::FieldStore>(expr)->newvals.at(0);
    } else if (expr->tag == nodes::NodeTag::kCoerceToDomain &&
               nodes::As<nodes::CoerceToDomain>(expr)->coercionformat ==
                   nodes::CoercionForm::kImplicitCast) {
      // A part of a domain-typed column: its check runs on the whole value later.
      expr = nodes::As<nodes::CoerceToDomain>(expr)->arg;
    } else if (expr->tag == nodes::NodeTag::kSubscriptingRef &&
               nodes::As<nodes::SubscriptingRef>(expr)->refassgnexpr) {
      expr = nodes::As<nodes::SubscriptingRef>(expr)->refassgnexpr;
    } else {
      break;
    }
  }
  return expr;
}

ExprList TransformInsertRow(ParseState& ps, ExprList exprs, bool explicit_cols,
                            const std::vector<InsertColumn>& cols) {
  if (exprs.size() > cols.size()) {
    ThrowAt(ps, Error(errcode::kSyntaxError, "INSERT has more expressions than target columns"),
            nodes::ExprLocation(exprs[cols.size()].get()));
  }
  if (explicit_cols && exprs.size() < cols.size()) {
    std::string hint;
    if (exprs.size() == 1 && exprs[0]->tag == nodes::NodeTag::kRowExpr &&
        nodes::As<nodes::RowExpr>(exprs[0])->args.size() == cols.size()) {
      hint =
          "The insertion source is a row expression containing the same number of columns "
          "expected by the INSERT. Did you accidentally use extra parentheses?";
    }
    ThrowAt(
        ps,
        Error(errcode::kSyntaxError, "INSERT has more target columns than expressions").Hint(hint),
        cols[exprs.size()].location);
  }
  for (size_t i = 0; i < exprs.size(); ++i) {
    exprs[i] = TransformAssignedExpr(ps, exprs[i], ExprKind::kInsertTarget, cols[i].name,
                                     cols[i].attnum, cols[i].indirection, cols[i].location);
  }
  return exprs;
}

bool IsGeneralSelect(const PgQuery__SelectStmt* s) {
  return s->n_values_lists == 0 || s->n_sort_clause > 0 || s->limit_offset || s->limit_count ||
         s->n_locking_clause > 0 || s->with_clause;
}

std::shared_ptr<nodes::OnConflictExpr> TransformOnConflict(ParseState& ps,
                                                           const PgQuery__OnConflictClause* oc);

}  // namespace

QueryPtr TransformInsertStmt(ParseState& ps, const PgQuery__InsertStmt* stmt) {
  auto q = std::make_shared<nodes::Query>();
  q->commandType = nodes::CmdType::kInsert;
  if (stmt->with_clause) {
    q->hasRecursive = stmt->with_clause->recursive;
    TransformWithClause(ps, stmt->with_clause);
  }
  switch (stmt->override) {
    case PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE:
      q->override = nodes::OverridingKind::kUserValue;
      break;
    case PG_QUERY__OVERRIDING_KIND__OVERRIDING_SYSTEM_VALUE:
      q->override = nodes::OverridingKind::kSystemValue;
      break;
    default:
      break;
  }
  const raw::Node* select = stmt->select_stmt;
  const PgQuery__SelectStmt* sel = select ? select->select_stmt : nullptr;
  uint32_t perms = nodes::kAclInsert;
  if (stmt->on_conflict_clause &&
      stmt->on_conflict_clause->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE) {
    perms |= nodes::kAclUpdate;
  }
  q->resultRelation = SetTargetTable(ps, stmt->relation, false, false, perms);
  raw::NodeSpan col_nodes = raw::Span(stmt->n_cols, stmt->cols);
  std::vector<InsertColumn> cols = CheckInsertTargets(ps, col_nodes);
  bool explicit_cols = !col_nodes.empty();
  ExprList exprs;
  if (sel == nullptr) {
    // DEFAULT VALUES: an empty target list, every column defaulted.
  } else if (IsGeneralSelect(sel)) {
    QueryPtr sub = AnalyzeSubSelect(ps, select, false);
    if (sub->commandType != nodes::CmdType::kSelect) {
      throw Error(errcode::kInternalError, "unexpected non-SELECT command in INSERT ... SELECT");
    }
    Index rtindex = AddSubqueryRte(ps, sub, nodes::Alias{"*SELECT*", {}}, false, false);
    ps.joinlist.push_back(std::make_shared<nodes::RangeTblRef>(rtindex));
    for (const auto& tle : sub->targetList) {
      if (tle.resjunk) continue;
      // Unknown-type literals and parameters are copied up so they are coerced straight to
      // the column type (PostgreSQL does the same).
      if ((tle.expr->tag == nodes::NodeTag::kConst || tle.expr->tag == nodes::NodeTag::kParam) &&
          tle.expr->result_type == kUnknownOid) {
        exprs.push_back(tle.expr);
        continue;
      }
      auto var = nodes::MakeVar(rtindex, tle.resno, tle.expr->result_type, tle.expr->result_typmod,
                                tle.expr->result_collation);
      var->location = nodes::ExprLocation(tle.expr.get());
      exprs.push_back(var);
    }
    exprs = TransformInsertRow(ps, std::move(exprs), explicit_cols, cols);
  } else if (sel->n_values_lists > 1) {
    std::vector<ExprList> rows;
    size_t width = 0;
    for (const raw::Node* row : raw::Span(sel->n_values_lists, sel->values_lists)) {
      ExprList values = TransformExpressionList(ps, raw::ListItems(row), ExprKind::kValues, true);
      if (rows.empty()) {
        width = values.size();
      } else if (values.size() != width) {
        ThrowAt(ps, Error(errcode::kSyntaxError, "VALUES lists must all be the same length"),
                nodes::ExprListLocation(values));
      }
      values = TransformInsertRow(ps, std::move(values), explicit_cols, cols);
      // The VALUES list holds the assigned values; the indirection (c.f1, a[1]) is applied
      // over its columns below (PostgreSQL's strip_indirection), so rows assigning several
      // parts of one column can be combined.
      for (ExprPtr& value : values) value = StripAssignmentIndirection(value);
      AssignListCollations(ps, values);
      rows.push_back(std::move(values));
    }
    std::vector<RteColumn> columns;
    for (const auto& v : rows[0])
      columns.push_back(RteColumn{"", v->result_type, v->result_typmod, kInvalidOid});
    Index rtindex = AddValuesRte(ps, std::move(rows), columns, std::nullopt, false, true);
    ps.joinlist.push_back(std::make_shared<nodes::RangeTblRef>(rtindex));
    bool indirection = false;
    for (size_t i = 0; i < columns.size(); ++i) {
      auto var = nodes::MakeVar(rtindex, static_cast<nodes::AttrNumber>(i + 1), columns[i].type,
                                columns[i].typmod, kInvalidOid);
      exprs.push_back(var);
      indirection = indirection || !cols[i].indirection.empty();
    }
    if (indirection) exprs = TransformInsertRow(ps, std::move(exprs), explicit_cols, cols);
  } else {
    exprs = TransformExpressionList(ps, raw::ListItems(sel->values_lists[0]),
                                    ExprKind::kValuesSingle, true);
    exprs = TransformInsertRow(ps, std::move(exprs), explicit_cols, cols);
  }
  nodes::RangeTblEntry& target = ps.Rte(ps.target_rtindex);
  for (size_t i = 0; i < exprs.size(); ++i) {
    q->targetList.push_back(MakeTargetEntry(
        exprs[i], static_cast<nodes::AttrNumber>(cols[i].attnum), cols[i].name, false));
    target.insertedCols.push_back(static_cast<nodes::AttrNumber>(cols[i].attnum));
  }
  if (stmt->on_conflict_clause || stmt->n_returning_list > 0) {
    ps.namespace_items.clear();
    NamespaceItem item;
    item.rtindex = ps.target_rtindex;
    ps.namespace_items.push_back(item);
  }
  if (stmt->on_conflict_clause) q->onConflict = TransformOnConflict(ps, stmt->on_conflict_clause);
  q->returningList =
      TransformReturningList(ps, raw::Span(stmt->n_returning_list, stmt->returning_list));
  FinishQuery(ps, *q);
  return q;
}

namespace {

std::shared_ptr<nodes::OnConflictExpr> TransformOnConflict(ParseState& ps,
                                                           const PgQuery__OnConflictClause* oc) {
  auto result = std::make_shared<nodes::OnConflictExpr>();
  result->action = oc->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE
                       ? nodes::OnConflictAction::kUpdate
                       : nodes::OnConflictAction::kNothing;
  const nodes::RangeTblEntry& target = ps.Rte(ps.target_rtindex);
  Oid relid = target.relid;
  if (oc->infer == nullptr && result->action == nodes::OnConflictAction::kUpdate) {
    ThrowAt(ps,
            Error(errcode::kSyntaxError,
                  "ON CONFLICT DO UPDATE requires inference specification or constraint name")
                .Hint("For example, ON CONFLICT (column_name)."),
            oc->location);
  }
  if (oc->infer) {
    const PgQuery__InferClause* infer = oc->infer;
    if (infer->conname && infer->conname[0]) {
      std::string conname(infer->conname);
      for (const auto& con : catalog::Syscache().ConstraintsOf(relid)) {
        if (con.conname == conname) result->constraint = con.oid;
      }
      if (result->constraint == kInvalidOid) {
        ThrowAt(ps,
                MakeError(errcode::kUndefinedObject,
                          "constraint \"{}\" for table \"{}\" does not exist", conname,
                          ps.relations.at(relid)->name()),
                -1);
      }
    }
    for (const raw::Node* n : raw::Span(infer->n_index_elems, infer->index_elems)) {
      const PgQuery__IndexElem* ie = n->index_elem;
      auto elem = std::make_shared<nodes::InferenceElem>();
      if (ie->name && ie->name[0]) {
        // A plain column is analyzed as a column reference located at the inference clause.
        elem->expr = ColNameToVar(ps, ie->name, true, infer->location);
        if (!elem->expr) ErrorMissingColumn(ps, "", ie->name, infer->location);
      } else {
        elem->expr = TransformExpr(ps, ie->expr, ExprKind::kIndexExpression);
      }
      elem->result_type = elem->expr->result_type;
      result->arbiterElems.push_back(elem);
    }
    result->arbiterWhere =
        TransformWhereClause(ps, infer->where_clause, ExprKind::kIndexPredicate, "WHERE");
  }
  if (result->action == nodes::OnConflictAction::kUpdate) {
    catalog::RelationPtr rel = ps.relations.at(relid);
    Index excl = AddRelationRte(ps, rel, nodes::Alias{"excluded", {}}, false, false,
                                static_cast<int>(storage::LockMode::kRowExclusive), 0);
    ps.Rte(excl).relkind = 'c';
    result->exclRelIndex = excl;
    for (int i = 0; i < rel->desc->natts(); ++i) {
      const auto& a = rel->desc->attr(i);
      ExprPtr e = a.dropped ? ExprPtr(nodes::MakeNullConst(kInt4Oid, -1, kInvalidOid, 4, true))
                            : ExprPtr(nodes::MakeVar(excl, static_cast<nodes::AttrNumber>(i + 1),
                                                     a.type_oid, a.typmod, a.collation));
      result->exclRelTlist.push_back(MakeTargetEntry(e, static_cast<nodes::AttrNumber>(i + 1),
                                                     a.dropped ? "" : a.name, false));
    }
    NamespaceItem excl_item;
    excl_item.rtindex = excl;
    ps.namespace_items.push_back(excl_item);
    nodes::TargetList set = TransformTargetList(ps, raw::Span(oc->n_target_list, oc->target_list),
                                                ExprKind::kUpdateSource);
    size_t k = 0;
    for (auto& tle : set) {
      const PgQuery__ResTarget* origin = oc->target_list[k++]->res_target;
      std::string colname(raw::Str(origin->name));
      int attnum = 0;
      for (int i = 0; i < rel->desc->natts(); ++i) {
        if (!rel->desc->attr(i).dropped && rel->desc->attr(i).name == colname) attnum = i + 1;
      }
      if (attnum == 0) {
        ThrowAt(ps,
                MakeError(errcode::kUndefinedColumn,
                          "column \"{}\" of relation \"{}\" does not exist", colname, rel->name()),
                origin->location);
      }
      tle.expr = TransformAssignedExpr(ps, tle.expr, ExprKind::kUpdateTarget, colname, attnum,
                                       raw::Span(origin->n_indirection, origin->indirection),
                                       origin->location);
      tle.resno = static_cast<nodes::AttrNumber>(attnum);
      tle.resname = colname;
    }
    AppendMultiAssignSublinks(ps, &set);
    result->onConflictSet = std::move(set);
    result->onConflictWhere = TransformWhereClause(ps, oc->where_clause, ExprKind::kWhere, "WHERE");
    ps.namespace_items.pop_back();
  }
  return result;
}

}  // namespace

}  // namespace hyrax::parser
