// Planner entry and per-level preprocessing (see planner.h). Order of work per level, as
// PostgreSQL's subquery_planner: replace outer-level Vars by Params, expand column defaults
// (PostgreSQL's rewriter does this), preprocess the target list of DML, flatten join alias
// Vars, fold constants, turn SubLinks into SubPlans, then plan scans/joins and the upper
// stages.
#include "planner/plan/planner.h"

#include <functional>

#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "planner/plan/createplan.h"
#include "planner/plan/cte_planner.h"
#include "planner/plan/setrefs.h"
#include "planner/plan/subselect.h"
#include "planner/prep/clauses.h"
#include "planner/prep/expand_defaults.h"
#include "planner/prep/having_quals.h"
#include "planner/prep/inherit.h"
#include "planner/prep/on_conflict.h"
#include "planner/prep/prepjointree.h"
#include "planner/prep/preptlist.h"
#include "planner/prep/pull_up_sublinks.h"
#include "planner/prep/reduce_outer_joins.h"
#include "planner/prep/useless_groupby.h"

namespace hyrax::planner {

namespace {

using nodes::ExprPtr;
constexpr Oid kInternalTypeOid = 2281;

// Vars of join RTEs are replaced by the expressions they stand for (flatten_join_alias_vars).
ExprPtr FlattenJoinAliasVars(const nodes::Query& query, const ExprPtr& expr) {
  if (!expr) return expr;
  return executor::MutateExpr(expr, [&](const ExprPtr& e) -> ExprPtr {
    if (e->tag != nodes::NodeTag::kVar) return nullptr;
    const auto& var = *nodes::As<nodes::Var>(e);
    if (var.varlevelsup != 0 || var.varno == 0 || var.varno > query.rtable.size()) return nullptr;
    const auto& rte = query.rtable[var.varno - 1];
    if (rte.rtekind != nodes::RteKind::kJoin) return nullptr;
    if (var.varattno <= 0) {
      throw Error(errcode::kFeatureNotSupported,
                  "whole-row references to joins are not supported yet");
    }
    return FlattenJoinAliasVars(query, rte.joinaliasvars.at(var.varattno - 1));
  });
}

// Applies `fn` to every expression of the query level.
void MutateQueryExprs(nodes::Query* q, const std::function<ExprPtr(const ExprPtr&)>& fn) {
  for (auto& tle : q->targetList) tle.expr = fn(tle.expr);
  for (auto& tle : q->returningList) tle.expr = fn(tle.expr);
  if (q->onConflict) {
    auto oc = std::make_shared<nodes::OnConflictExpr>(*q->onConflict);  // shared with the analyzer
    for (auto& tle : oc->onConflictSet) tle.expr = fn(tle.expr);
    if (oc->onConflictWhere) oc->onConflictWhere = fn(oc->onConflictWhere);
    q->onConflict = std::move(oc);
  }
  if (q->havingQual) q->havingQual = fn(q->havingQual);
  if (q->limitOffset) q->limitOffset = fn(q->limitOffset);
  if (q->limitCount) q->limitCount = fn(q->limitCount);
  for (auto& wc : q->windowClause) {
    if (wc.startOffset) wc.startOffset = fn(wc.startOffset);
    if (wc.endOffset) wc.endOffset = fn(wc.endOffset);
  }
  for (auto& rte : q->rtable) {
    for (auto& f : rte.functions) f.funcexpr = fn(f.funcexpr);
    for (auto& row : rte.values_lists) {
      for (auto& e : row) e = fn(e);
    }
  }
  // Join tree: copy the nodes we change (the analyzer's tree is shared).
  std::function<nodes::JoinTreeNodePtr(const nodes::JoinTreeNodePtr&)> jt =
      [&](const nodes::JoinTreeNodePtr& n) -> nodes::JoinTreeNodePtr {
    if (!n) return n;
    if (n->tag == nodes::JoinTreeTag::kFromExpr) {
      auto copy = std::make_shared<nodes::FromExpr>(static_cast<const nodes::FromExpr&>(*n));
      for (auto& item : copy->fromlist) item = jt(item);
      if (copy->quals) copy->quals = fn(copy->quals);
      return copy;
    }
    if (n->tag == nodes::JoinTreeTag::kJoinExpr) {
      auto copy = std::make_shared<nodes::JoinExpr>(static_cast<const nodes::JoinExpr&>(*n));
      copy->larg = jt(copy->larg);
      copy->rarg = jt(copy->rarg);
      if (copy->quals) copy->quals = fn(copy->quals);
      return copy;
    }
    return n;
  };
  if (q->jointree) q->jointree = std::static_pointer_cast<nodes::FromExpr>(jt(q->jointree));
}

void CheckSupported(const nodes::Query& q) {
  if (!q.rowMarks.empty())
    throw Error(errcode::kFeatureNotSupported, "SELECT FOR UPDATE/SHARE is not supported yet");
}

}  // namespace

std::shared_ptr<PlannerInfo> SubqueryPlanner(PlannerGlobal* glob, const nodes::QueryPtr& parse,
                                             PlannerInfo* parent, double tuple_fraction,
                                             bool has_recursion) {
  CheckSupported(*parse);
  auto root = std::make_shared<PlannerInfo>();
  root->glob = glob;
  root->parent_root = parent;
  root->query_level = parent != nullptr ? parent->query_level + 1 : 1;
  if (has_recursion) root->wt_param_id = AssignParamExecSlot(glob, kInternalTypeOid);
  // WITH entries first: inlining may replace the query (subquery_planner's SS_process_ctes).
  root->parse = std::make_shared<nodes::Query>(*parse);  // shallow copy; expressions rebuilt
  ProcessCtes(root.get());
  nodes::QueryPtr q = root->parse;

  // Sub-selects first (pull_up_sublinks): a pulled-up EXISTS clause may bring references to
  // the level above, which become Params with the rest.
  PullUpSublinks(q.get());
  if (parent != nullptr) {
    MutateQueryExprs(q.get(),
                     [&](const ExprPtr& e) { return ReplaceCorrelationVars(root.get(), e); });
  }
  PullUpSubqueries(q.get());
  ExpandColumnDefaults(q.get());
  PreprocessOnConflict(q.get());
  root->update_colnos = PreprocessTargetList(q.get());
  MutateQueryExprs(q.get(), [&](const ExprPtr& e) {
    ExprPtr out = FlattenJoinAliasVars(*q, e);
    out = EvalConstExpressions(out);
    return ProcessSublinks(root.get(), out);
  });
  MutateQueryExprs(q.get(),
                   [&](const ExprPtr& e) { return ReplaceMultiExprParams(root.get(), e); });
  TransferHavingToWhere(q.get());
  ReduceOuterJoins(q.get());
  ExpandInheritedTables(root.get());
  RemoveUselessGroupByColumns(root->parse.get());
  GroupingPlanner(root.get(), tuple_fraction);
  return root;
}

nodes::PlannedStmtPtr Planner(const nodes::Query& query, bool record_alternatives) {
  auto stmt = std::make_shared<nodes::PlannedStmt>();
  stmt->commandType = query.commandType;
  stmt->canSetTag = query.canSetTag;
  stmt->stmt_location = query.stmt_location;
  stmt->stmt_len = query.stmt_len;
  if (query.commandType == nodes::CmdType::kUtility) {
    stmt->utilityStmt = query.utilityStmt;
    return stmt;
  }
  PlannerGlobal glob;
  glob.record_alternatives = record_alternatives;
  auto root = SubqueryPlanner(&glob, std::make_shared<nodes::Query>(query), nullptr, 0.0);
  nodes::PlanPtr top = CreatePlanForLevel(root.get());
  stmt->planTree = SetPlanReferences(root.get(), top);
  // Sub-plans are finished after the main tree, so their range tables follow it.
  for (size_t i = 0; i < glob.subplans.size(); ++i) {
    glob.subplans[i] = SetPlanReferences(glob.subroots[i].get(), glob.subplans[i]);
  }
  stmt->rtable = glob.finalrtable;
  stmt->subplans = glob.subplans;
  stmt->relationOids = glob.relationOids;
  stmt->paramExecTypes = glob.paramExecTypes;
  stmt->hasReturning = !query.returningList.empty();
  stmt->hasModifyingCTE = query.hasModifyingCTE;
  if (query.resultRelation != 0) stmt->resultRelations = {query.resultRelation};
  return stmt;
}

}  // namespace hyrax::planner
