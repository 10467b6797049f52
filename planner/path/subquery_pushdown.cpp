// Restriction push-down into FROM sub-queries (see subquery_pushdown.h).
#include "planner/path/subquery_pushdown.h"

#include <vector>

#include "executor/expr/expr_tree.h"
#include "nodes/node_funcs.h"
#include "planner/path/srfpaths.h"
#include "planner/prep/clauses.h"
#include "planner/prep/prepjointree.h"

namespace hyrax::planner {

namespace {

using nodes::ExprPtr;
using nodes::NodeTag;

struct Safety {
  std::vector<bool> unsafe_columns;  // by output column number
  bool unsafe_volatile = false;      // volatile clauses would change the result
};

void MarkUnsafe(Safety* s, nodes::AttrNumber resno) {
  auto k = static_cast<size_t>(resno);
  if (k >= s->unsafe_columns.size()) s->unsafe_columns.resize(k + 1, false);
  s->unsafe_columns[k] = true;
}

bool IsUnsafe(const Safety& s, nodes::AttrNumber resno) {
  auto k = static_cast<size_t>(resno);
  return k < s.unsafe_columns.size() && s.unsafe_columns[k];
}

bool InSortGroupList(const nodes::TargetEntry& tle,
                     const std::vector<nodes::SortGroupClause>& list) {
  if (tle.ressortgroupref == 0) return false;
  for (const auto& sgc : list) {
    if (sgc.tleSortGroupRef == tle.ressortgroupref) return true;
  }
  return false;
}

bool InAllPartitionLists(const nodes::TargetEntry& tle, const nodes::Query& q) {
  for (const auto& wc : q.windowClause) {
    if (!InSortGroupList(tle, wc.partitionClause)) return false;
  }
  return true;
}

// check_output_expressions: columns a pushed clause must not read.
void CheckOutputExpressions(const nodes::Query& q, Safety* s) {
  for (const auto& tle : q.targetList) {
    if (tle.resjunk || IsUnsafe(*s, tle.resno)) continue;
    if ((q.hasTargetSRFs && ContainsSrfs(tle.expr)) || HasVolatile(tle.expr) ||
        (q.hasDistinctOn && !InSortGroupList(tle, q.distinctClause)) ||
        (q.hasWindowFuncs && !InAllPartitionLists(tle, q))) {
      MarkUnsafe(s, tle.resno);
    }
  }
}

bool PushdownSafe(const nodes::Query& q, const nodes::Query& top, Safety* s);

bool SetOpMembersSafe(const nodes::SetOperationStmt& op, const nodes::Query& top, Safety* s) {
  if (op.op == nodes::SetOperation::kExcept) return false;
  for (const nodes::SetOpNode* arg : {&op.larg, &op.rarg}) {
    if (arg->node) {
      if (!SetOpMembersSafe(*arg->node, top, s)) return false;
      continue;
    }
    const auto& ref = static_cast<const nodes::RangeTblRef&>(*arg->leaf);
    const nodes::RangeTblEntry& member = top.rtable.at(ref.rtindex - 1);
    if (!member.subquery || !PushdownSafe(*member.subquery, top, s)) return false;
  }
  return true;
}

// subquery_is_pushdown_safe
bool PushdownSafe(const nodes::Query& q, const nodes::Query& top, Safety* s) {
  if (q.limitOffset || q.limitCount) return false;
  if (!q.groupClause.empty() && !q.groupingSets.empty()) return false;
  if (!q.distinctClause.empty() || q.hasWindowFuncs || q.hasTargetSRFs) s->unsafe_volatile = true;
  if (!q.setOperations) CheckOutputExpressions(q, s);
  if (&q == &top) {
    return !q.setOperations || SetOpMembersSafe(*q.setOperations, top, s);
  }
  if (q.setOperations) return false;  // nested set operations: not attempted
  // A member whose column type differs from the set operation's (compare_tlist_datatypes).
  const auto& types = top.setOperations->colTypes;
  size_t col = 0;
  for (const auto& tle : q.targetList) {
    if (tle.resjunk) continue;
    if (col >= types.size() || tle.expr->result_type != types[col]) MarkUnsafe(s, tle.resno);
    ++col;
  }
  return true;
}

// qual_is_pushdown_safe
bool QualSafe(const ExprPtr& qual, nodes::Index rti, const Safety& s) {
  if (s.unsafe_volatile && HasVolatile(qual)) return false;
  bool safe = true;
  executor::WalkExpr(qual, [&](const ExprPtr& n) {
    if (n->tag == NodeTag::kSubLink || n->tag == NodeTag::kSubPlan) safe = false;
    if (n->tag == NodeTag::kVar) {
      const auto& v = *nodes::As<nodes::Var>(n);
      if (v.varlevelsup != 0 || v.varno != rti || v.varattno <= 0 || IsUnsafe(s, v.varattno)) {
        safe = false;
      }
    }
    return safe;
  });
  return safe;
}

ExprPtr AndQual(const ExprPtr& existing, const ExprPtr& qual) {
  nodes::ExprList quals = MakeAndsImplicit(existing);
  quals.push_back(qual);
  return MakeAndsExplicit(quals);
}

// subquery_push_qual: into each set-operation member, else WHERE or HAVING of `q` (owned).
void PushQual(nodes::Query* q, const ExprPtr& qual, nodes::Index rti) {
  if (q->setOperations) {
    std::vector<const nodes::SetOperationStmt*> pending = {q->setOperations.get()};
    while (!pending.empty()) {
      const nodes::SetOperationStmt* op = pending.back();
      pending.pop_back();
      for (const nodes::SetOpNode* arg : {&op->larg, &op->rarg}) {
        if (arg->node) {
          pending.push_back(arg->node.get());
          continue;
        }
        const auto& ref = static_cast<const nodes::RangeTblRef&>(*arg->leaf);
        PushQual(q->rtable.at(ref.rtindex - 1).subquery.get(), qual, rti);
      }
    }
    return;
  }
  ExprPtr rewritten = executor::MutateExpr(qual, [&](const ExprPtr& n) -> ExprPtr {
    if (n->tag != NodeTag::kVar) return nullptr;
    const auto& v = *nodes::As<nodes::Var>(n);
    for (const auto& tle : q->targetList) {
      if (tle.resno == v.varattno) return nodes::CopyExpr(tle.expr);
    }
    return nullptr;
  });
  if (q->hasAggs || !q->groupClause.empty() || !q->groupingSets.empty() || q->havingQual) {
    q->havingQual = AndQual(q->havingQual, rewritten);
  } else {
    auto jointree = std::make_shared<nodes::FromExpr>(*q->jointree);
    jointree->quals = AndQual(jointree->quals, rewritten);
    q->jointree = jointree;
  }
}

}  // namespace

nodes::QueryPtr PushDownSubqueryQuals(const nodes::RangeTblEntry& rte, nodes::Index rti,
                                      RestrictList* restrictions) {
  if (restrictions->empty() || !rte.subquery || rte.security_barrier) return rte.subquery;
  Safety safety;
  if (!PushdownSafe(*rte.subquery, *rte.subquery, &safety)) return rte.subquery;
  nodes::QueryPtr copy;
  RestrictList kept;
  for (const auto& rinfo : *restrictions) {
    if (!QualSafe(rinfo->clause, rti, safety)) {
      kept.push_back(rinfo);
      continue;
    }
    if (!copy) copy = nodes::CopyQuery(*rte.subquery);
    PushQual(copy.get(), rinfo->clause, rti);
  }
  if (!copy) return rte.subquery;
  *restrictions = std::move(kept);
  return copy;
}

}  // namespace hyrax::planner
