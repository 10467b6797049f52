// SELECT and VALUES (PostgreSQL's transformSelectStmt and transformValuesClause), plus FOR
// UPDATE/SHARE (transformLockingClause, CheckSelectLocking). The clause order matters and
// is PostgreSQL's: WITH, FROM, target list, WHERE, HAVING, ORDER BY, GROUP BY, DISTINCT,
// LIMIT, windows, unknown outputs to text, collations, then the grouping checks.
#include "nodes/node_funcs.h"
#include "parser/analyze/agg.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/clause.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/target_list.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::parser {

namespace {

nodes::LimitOption ToLimitOption(PgQuery__LimitOption o) {
  switch (o) {
    case PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_COUNT:
      return nodes::LimitOption::kCount;
    case PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES:
      return nodes::LimitOption::kWithTies;
    default:
      return nodes::LimitOption::kDefault;
  }
}

void ApplyLimit(ParseState& ps, nodes::Query& q, const PgQuery__SelectStmt* stmt) {
  q.limitOption = ToLimitOption(stmt->limit_option);
  q.limitOffset =
      TransformLimitClause(ps, stmt->limit_offset, ExprKind::kOffset, "OFFSET", q.limitOption);
  q.limitCount =
      TransformLimitClause(ps, stmt->limit_count, ExprKind::kLimit, "LIMIT", q.limitOption);
}

}  // namespace

QueryPtr TransformSelectStmt(ParseState& ps, const PgQuery__SelectStmt* stmt) {
  auto q = std::make_shared<nodes::Query>();
  q->commandType = nodes::CmdType::kSelect;
  if (stmt->with_clause) {
    q->hasRecursive = stmt->with_clause->recursive;
    TransformWithClause(ps, stmt->with_clause);
  }
  for (const raw::Node* lc : raw::Span(stmt->n_locking_clause, stmt->locking_clause)) {
    ps.locking_clauses.push_back(lc->locking_clause);
  }
  TransformFromClause(ps, raw::Span(stmt->n_from_clause, stmt->from_clause));
  for (const raw::Node* w : raw::Span(stmt->n_window_clause, stmt->window_clause)) {
    ps.window_defs.push_back(w->window_def);
  }
  q->targetList = TransformTargetList(ps, raw::Span(stmt->n_target_list, stmt->target_list),
                                      ExprKind::kSelectTarget);
  MarkTargetListOrigins(ps, q->targetList);
  ExprPtr qual = TransformWhereClause(ps, stmt->where_clause, ExprKind::kWhere, "WHERE");
  q->havingQual = TransformWhereClause(ps, stmt->having_clause, ExprKind::kHaving, "HAVING");
  q->sortClause = TransformSortClause(ps, raw::Span(stmt->n_sort_clause, stmt->sort_clause),
                                      q->targetList, ExprKind::kOrderBy, false);
  q->groupClause = TransformGroupClause(ps, raw::Span(stmt->n_group_clause, stmt->group_clause),
                                        &q->groupingSets, q->targetList, q->sortClause,
                                        ExprKind::kGroupBy, false);
  q->groupDistinct = stmt->group_distinct;
  raw::NodeSpan distinct = raw::Span(stmt->n_distinct_clause, stmt->distinct_clause);
  if (!distinct.empty()) {
    // DISTINCT is a list holding one null item; DISTINCT ON lists the expressions.
    if (distinct.size() == 1 && (distinct[0] == nullptr || distinct[0]->node_case == 0)) {
      q->distinctClause = TransformDistinctClause(ps, q->targetList, q->sortClause, false);
    } else {
      q->distinctClause = TransformDistinctOnClause(ps, distinct, q->targetList, q->sortClause);
      q->hasDistinctOn = true;
    }
  }
  ApplyLimit(ps, *q, stmt);
  q->windowClause = TransformWindowDefinitions(
      ps, raw::Span(stmt->n_window_clause, stmt->window_clause), q->targetList);
  if (ps.resolve_unknowns) ResolveTargetListUnknowns(ps, q->targetList);
  q->jointree = std::make_shared<nodes::FromExpr>();
  q->jointree->fromlist = ps.joinlist;
  q->jointree->quals = qual;
  for (const raw::Node* lc : raw::Span(stmt->n_locking_clause, stmt->locking_clause)) {
    TransformLockingClause(ps, *q, lc->locking_clause);
  }
  FinishQuery(ps, *q);
  if (ps.has_aggs || !q->groupClause.empty() || !q->groupingSets.empty() || q->havingQual) {
    ParseCheckAggregates(ps, *q);
  }
  return q;
}

QueryPtr TransformValuesClause(ParseState& ps, const PgQuery__SelectStmt* stmt) {
  auto q = std::make_shared<nodes::Query>();
  q->commandType = nodes::CmdType::kSelect;
  if (stmt->with_clause) {
    q->hasRecursive = stmt->with_clause->recursive;
    TransformWithClause(ps, stmt->with_clause);
  }
  std::vector<ExprList> rows;
  size_t width = 0;
  for (const raw::Node* row : raw::Span(stmt->n_values_lists, stmt->values_lists)) {
    ExprList exprs = TransformExpressionList(ps, raw::ListItems(row), ExprKind::kValues, false);
    if (rows.empty()) {
      width = exprs.size();
    } else if (exprs.size() != width) {
      ThrowAt(ps, Error(errcode::kSyntaxError, "VALUES lists must all be the same length"),
              nodes::ExprListLocation(exprs));
    }
    rows.push_back(std::move(exprs));
  }
  std::vector<RteColumn> columns(width);
  for (size_t c = 0; c < width; ++c) {
    ExprList col;
    for (const auto& r : rows) col.push_back(r[c]);
    Oid type = SelectCommonType(ps, col, "VALUES");
    for (auto& r : rows) r[c] = CoerceToCommonType(ps, r[c], type, "VALUES");
    col.clear();
    for (const auto& r : rows) col.push_back(r[c]);
    AssignListCollations(ps, col);
    columns[c] =
        RteColumn{"", type, SelectCommonTypmod(col, type), SelectCommonCollation(ps, col, true)};
  }
  Index rtindex = AddValuesRte(ps, std::move(rows), columns, std::nullopt, false, true);
  ps.joinlist.push_back(std::make_shared<nodes::RangeTblRef>(rtindex));
  NamespaceItem item;
  item.rtindex = rtindex;
  AddNamespaceItem(ps, item, -1);
  for (auto& [name, var] : ExpandNsItemColumns(ps, NamespaceMatch{&ps, item, 0}, -1)) {
    q->targetList.push_back(
        MakeTargetEntry(var, static_cast<nodes::AttrNumber>(ps.next_resno++), name, false));
  }
  q->sortClause = TransformSortClause(ps, raw::Span(stmt->n_sort_clause, stmt->sort_clause),
                                      q->targetList, ExprKind::kOrderBy, false);
  ApplyLimit(ps, *q, stmt);
  if (stmt->n_locking_clause > 0) {
    throw MakeError(errcode::kFeatureNotSupported, "{} cannot be applied to VALUES",
                    LockStrengthName(stmt->locking_clause[0]->locking_clause->strength));
  }
  FinishQuery(ps, *q);
  return q;
}

namespace {

using nodes::LockClauseStrength;
using nodes::LockWaitPolicy;

const char* StrengthName(LockClauseStrength s) {
  switch (s) {
    case LockClauseStrength::kForKeyShare:
      return "FOR KEY SHARE";
    case LockClauseStrength::kForShare:
      return "FOR SHARE";
    case LockClauseStrength::kForNoKeyUpdate:
      return "FOR NO KEY UPDATE";
    default:
      return "FOR UPDATE";
  }
}

// PostgreSQL's CheckSelectLocking on a finished query (the pushed-down case).
void CheckSelectLocking(const nodes::Query& q, LockClauseStrength strength) {
  auto reject = [&](const char* with) {
    throw MakeError(errcode::kFeatureNotSupported, "{} is not allowed with {}",
                    StrengthName(strength), with);
  };
  if (q.setOperations) reject("UNION/INTERSECT/EXCEPT");
  if (!q.distinctClause.empty()) reject("DISTINCT clause");
  if (!q.groupClause.empty() || !q.groupingSets.empty()) reject("GROUP BY clause");
  if (q.havingQual) reject("HAVING clause");
  if (q.hasAggs) reject("aggregate functions");
  if (q.hasWindowFuncs) reject("window functions");
  if (q.hasTargetSRFs) reject("set-returning functions in the target list");
}

// PostgreSQL's applyLockingClause: one row mark per RTE, the strongest request winning.
void ApplyLockingClause(nodes::Query& q, Index rti, LockClauseStrength strength,
                        LockWaitPolicy wait, bool pushed_down) {
  if (!pushed_down) q.hasForUpdate = true;
  for (auto& existing : q.rowMarks) {
    if (existing.rti != rti) continue;
    existing.strength = std::max(existing.strength, strength);
    existing.waitPolicy = std::max(existing.waitPolicy, wait);
    existing.pushedDown = existing.pushedDown && pushed_down;
    return;
  }
  nodes::RowMarkClause mark;
  mark.rti = rti;
  mark.strength = strength;
  mark.waitPolicy = wait;
  mark.pushedDown = pushed_down;
  q.rowMarks.push_back(mark);
}

void MarkRelationForUpdate(nodes::RangeTblEntry& rte) {
  rte.requiredPerms |= nodes::kAclUpdate;
  rte.rellockmode = static_cast<int>(storage::LockMode::kRowShare);
}

// FOR UPDATE without a list: every table of the FROM clause, and those of sub-selects in
// FROM (pushed down).
void LockAllRelations(nodes::Query& q, LockClauseStrength strength, LockWaitPolicy wait,
                      bool pushed_down) {
  for (Index i = 1; i <= q.rtable.size(); ++i) {
    nodes::RangeTblEntry& rte = q.rtable[i - 1];
    if (!rte.inFromCl) continue;
    if (rte.rtekind == nodes::RteKind::kRelation) {
      MarkRelationForUpdate(rte);
      ApplyLockingClause(q, i, strength, wait, pushed_down);
    } else if (rte.rtekind == nodes::RteKind::kSubquery) {
      ApplyLockingClause(q, i, strength, wait, pushed_down);
      CheckSelectLocking(*rte.subquery, strength);
      LockAllRelations(*rte.subquery, strength, wait, true);
    }
  }
}

LockClauseStrength ToStrength(PgQuery__LockClauseStrength s) {
  switch (s) {
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORKEYSHARE:
      return LockClauseStrength::kForKeyShare;
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORSHARE:
      return LockClauseStrength::kForShare;
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORNOKEYUPDATE:
      return LockClauseStrength::kForNoKeyUpdate;
    default:
      return LockClauseStrength::kForUpdate;
  }
}

LockWaitPolicy ToWaitPolicy(PgQuery__LockWaitPolicy w) {
  switch (w) {
    case PG_QUERY__LOCK_WAIT_POLICY__LockWaitSkip:
      return LockWaitPolicy::kSkip;
    case PG_QUERY__LOCK_WAIT_POLICY__LockWaitError:
      return LockWaitPolicy::kError;
    default:
      return LockWaitPolicy::kBlock;
  }
}

}  // namespace

const char* LockStrengthName(PgQuery__LockClauseStrength s) {
  return StrengthName(ToStrength(s));
}

const char* LockClauseStrengthName(nodes::LockClauseStrength strength) {
  return StrengthName(strength);
}

void TransformLockingClause(ParseState& ps, nodes::Query& query, const PgQuery__LockingClause* lc) {
  const char* what = LockStrengthName(lc->strength);
  auto reject = [&](const char* with) {
    throw MakeError(errcode::kFeatureNotSupported, "{} is not allowed with {}", what, with);
  };
  if (!query.distinctClause.empty()) reject("DISTINCT clause");
  if (!query.groupClause.empty() || !query.groupingSets.empty()) reject("GROUP BY clause");
  if (query.havingQual) reject("HAVING clause");
  if (ps.has_aggs) reject("aggregate functions");
  if (ps.has_window_funcs) reject("window functions");
  if (ps.has_target_srfs) reject("set-returning functions in the target list");
  LockClauseStrength strength = ToStrength(lc->strength);
  LockWaitPolicy wait = ToWaitPolicy(lc->wait_policy);
  query.rtable = ps.rtable;
  if (lc->n_locked_rels == 0) {
    LockAllRelations(query, strength, wait, false);
    ps.rtable = query.rtable;
    return;
  }
  for (const raw::Node* r : raw::Span(lc->n_locked_rels, lc->locked_rels)) {
    const PgQuery__RangeVar* rv = r->range_var;
    if ((rv->catalogname && rv->catalogname[0]) || (rv->schemaname && rv->schemaname[0])) {
      ThrowAt(ps,
              MakeError(errcode::kSyntaxError, "{} must specify unqualified relation names", what),
              rv->location);
    }
    std::string name(raw::Str(rv->relname));
    bool found = false;
    for (Index i = 1; i <= query.rtable.size() && !found; ++i) {
      nodes::RangeTblEntry& rte = query.rtable[i - 1];
      if (!rte.inFromCl) continue;
      // Unaliased joins are invisible here unless they have a USING alias; unaliased
      // sub-selects and VALUES always are.
      std::string rtename = rte.eref.aliasname;
      if (!rte.alias) {
        if (rte.rtekind == nodes::RteKind::kJoin) {
          if (!rte.join_using_alias) continue;
          rtename = rte.join_using_alias->aliasname;
        } else if (rte.rtekind == nodes::RteKind::kSubquery ||
                   rte.rtekind == nodes::RteKind::kValues) {
          continue;
        }
      }
      if (rtename != name) continue;
      found = true;
      switch (rte.rtekind) {
        case nodes::RteKind::kRelation:
          MarkRelationForUpdate(rte);
          ApplyLockingClause(query, i, strength, wait, false);
          break;
        case nodes::RteKind::kSubquery:
          ApplyLockingClause(query, i, strength, wait, false);
          CheckSelectLocking(*rte.subquery, strength);
          LockAllRelations(*rte.subquery, strength, wait, true);
          break;
        default: {
          const char* kind = rte.rtekind == nodes::RteKind::kJoin       ? "a join"
                             : rte.rtekind == nodes::RteKind::kFunction ? "a function"
                             : rte.rtekind == nodes::RteKind::kValues   ? "VALUES"
                                                                        : "a WITH query";
          ThrowAt(
              ps,
              MakeError(errcode::kFeatureNotSupported, "{} cannot be applied to {}", what, kind),
              rv->location);
        }
      }
    }
    if (!found) {
      ThrowAt(ps,
              MakeError(errcode::kUndefinedTable,
                        "relation \"{}\" in {} clause not found in FROM clause", name, what),
              rv->location);
    }
  }
  ps.rtable = query.rtable;
}

}  // namespace hyrax::parser
