// UPDATE, DELETE and RETURNING (PostgreSQL's transformUpdateStmt,
// transformUpdateTargetList, transformDeleteStmt and transformReturningList). The target
// relation is the first FROM item and visible to SET/WHERE/RETURNING, but not to sub-selects
// of the FROM/USING list.
#include <algorithm>

#include "parser/analyze/agg.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/clause.h"
#include "parser/analyze/target_list.h"

namespace hyrax::parser {

namespace {

// The target's namespace item is LATERAL-only while the FROM/USING list is analyzed.
void SetTargetLateral(ParseState& ps, bool lateral_only) {
  for (auto& item : ps.namespace_items) {
    if (item.rtindex == ps.target_rtindex) {
      item.lateral_only = lateral_only;
      item.lateral_ok = !lateral_only;
    }
  }
}

nodes::TargetList TransformUpdateTargetList(ParseState& ps, raw::NodeSpan targets) {
  nodes::TargetList tlist = TransformTargetList(ps, targets, ExprKind::kUpdateSource);
  const nodes::RangeTblEntry& rte = ps.Rte(ps.target_rtindex);
  catalog::RelationPtr rel = ps.relations.at(rte.relid);
  int natts = rel->desc->natts();
  if (ps.next_resno <= natts) ps.next_resno = natts + 1;
  static const char* const kSystemColumns[] = {"ctid", "xmin", "cmin", "xmax", "cmax", "tableoid"};
  size_t k = 0;
  std::string duplicate;
  std::vector<int> whole_cols;
  for (auto& tle : tlist) {
    const PgQuery__ResTarget* origin = targets[k++]->res_target;
    std::string colname(raw::Str(origin->name));
    int attnum = 0;
    for (int i = 0; i < natts; ++i) {
      if (!rel->desc->attr(i).dropped && rel->desc->attr(i).name == colname) attnum = i + 1;
    }
    for (int i = 0; attnum == 0 && i < 6; ++i) {
      if (colname == kSystemColumns[i]) attnum = -(i + 1);
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
    auto& updated = ps.Rte(ps.target_rtindex).updatedCols;
    bool seen = std::find(updated.begin(), updated.end(), attnum) != updated.end();
    bool whole = origin->n_indirection == 0;
    bool seen_whole = std::find(whole_cols.begin(), whole_cols.end(), attnum) != whole_cols.end();
    if (seen && (whole || seen_whole) && duplicate.empty()) {
      // PostgreSQL's rewriter reports this (without a position); element/field
      // assignments to one column combine.
      duplicate = colname;
    }
    if (whole) whole_cols.push_back(attnum);
    if (!seen) updated.push_back(static_cast<nodes::AttrNumber>(attnum));
  }
  AppendMultiAssignSublinks(ps, &tlist);
  if (!duplicate.empty()) {
    throw MakeError(errcode::kSyntaxError, "multiple assignments to same column \"{}\"", duplicate);
  }
  return tlist;
}

}  // namespace

void AppendMultiAssignSublinks(ParseState& ps, nodes::TargetList* tlist) {
  ps.multiassign_row.clear();
  for (auto& link : ps.multiassign_sublinks) {
    nodes::TargetEntry junk;
    junk.expr = link;
    junk.resno = static_cast<nodes::AttrNumber>(ps.next_resno++);
    junk.resjunk = true;
    tlist->push_back(std::move(junk));
  }
  ps.multiassign_sublinks.clear();
}

nodes::TargetList TransformReturningList(ParseState& ps, raw::NodeSpan returning) {
  if (returning.empty()) return {};
  int saved = ps.next_resno;
  ps.next_resno = 1;
  nodes::TargetList rlist = TransformTargetList(ps, returning, ExprKind::kReturning);
  if (rlist.empty()) {
    ThrowAt(ps, Error(errcode::kSyntaxError, "RETURNING must have at least one column"), -1);
  }
  MarkTargetListOrigins(ps, rlist);
  if (ps.resolve_unknowns) ResolveTargetListUnknowns(ps, rlist);
  ps.next_resno = saved;
  return rlist;
}

QueryPtr TransformUpdateStmt(ParseState& ps, const PgQuery__UpdateStmt* stmt) {
  auto q = std::make_shared<nodes::Query>();
  q->commandType = nodes::CmdType::kUpdate;
  if (stmt->with_clause) {
    q->hasRecursive = stmt->with_clause->recursive;
    TransformWithClause(ps, stmt->with_clause);
  }
  q->resultRelation =
      SetTargetTable(ps, stmt->relation, stmt->relation->inh, true, nodes::kAclUpdate);
  SetTargetLateral(ps, true);
  TransformFromClause(ps, raw::Span(stmt->n_from_clause, stmt->from_clause));
  SetTargetLateral(ps, false);
  ExprPtr qual = TransformWhereClause(ps, stmt->where_clause, ExprKind::kWhere, "WHERE");
  q->returningList =
      TransformReturningList(ps, raw::Span(stmt->n_returning_list, stmt->returning_list));
  q->targetList = TransformUpdateTargetList(ps, raw::Span(stmt->n_target_list, stmt->target_list));
  q->jointree = std::make_shared<nodes::FromExpr>();
  q->jointree->fromlist = ps.joinlist;
  q->jointree->quals = qual;
  FinishQuery(ps, *q);
  return q;
}

QueryPtr TransformDeleteStmt(ParseState& ps, const PgQuery__DeleteStmt* stmt) {
  auto q = std::make_shared<nodes::Query>();
  q->commandType = nodes::CmdType::kDelete;
  if (stmt->with_clause) {
    q->hasRecursive = stmt->with_clause->recursive;
    TransformWithClause(ps, stmt->with_clause);
  }
  q->resultRelation =
      SetTargetTable(ps, stmt->relation, stmt->relation->inh, true, nodes::kAclDelete);
  SetTargetLateral(ps, true);
  TransformFromClause(ps, raw::Span(stmt->n_using_clause, stmt->using_clause));
  SetTargetLateral(ps, false);
  ExprPtr qual = TransformWhereClause(ps, stmt->where_clause, ExprKind::kWhere, "WHERE");
  q->returningList =
      TransformReturningList(ps, raw::Span(stmt->n_returning_list, stmt->returning_list));
  q->jointree = std::make_shared<nodes::FromExpr>();
  q->jointree->fromlist = ps.joinlist;
  q->jointree->quals = qual;
  FinishQuery(ps, *q);
  if (ps.has_aggs) ParseCheckAggregates(ps, *q);
  return q;
}

}  // namespace hyrax::parser
