// HAVING -> WHERE transfer (see having_quals.h).
#include "planner/prep/having_quals.h"

#include "executor/expr/expr_tree.h"
#include "planner/prep/clauses.h"
#include "planner/prep/prepjointree.h"

namespace hyrax::planner {

namespace {

bool ContainsSubPlans(const nodes::ExprPtr& expr) {
  bool found = false;
  executor::WalkExpr(expr, [&](const nodes::ExprPtr& n) {
    if (n->tag == nodes::NodeTag::kSubPlan || n->tag == nodes::NodeTag::kSubLink) found = true;
    return !found;
  });
  return found;
}

}  // namespace

void TransferHavingToWhere(nodes::Query* query) {
  if (!query->havingQual || !query->jointree) return;
  bool has_group_by = !query->groupClause.empty();
  bool has_grouping_sets = !query->groupingSets.empty();
  nodes::ExprList keep;
  nodes::ExprList where = MakeAndsImplicit(query->jointree->quals);
  size_t where_before = where.size();
  for (const auto& clause : MakeAndsImplicit(query->havingQual)) {
    if ((has_group_by && has_grouping_sets) || ContainsAggs(clause) || HasVolatile(clause) ||
        ContainsSubPlans(clause)) {
      keep.push_back(clause);
    } else if (has_group_by && !has_grouping_sets) {
      where.push_back(clause);
    } else {
      where.push_back(clause);
      keep.push_back(clause);
    }
  }
  if (where.size() == where_before) return;
  auto jointree = std::make_shared<nodes::FromExpr>(*query->jointree);
  jointree->quals = MakeAndsExplicit(where);
  query->jointree = jointree;
  query->havingQual = MakeAndsExplicit(keep);
}

}  // namespace hyrax::planner
