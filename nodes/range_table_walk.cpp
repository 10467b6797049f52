// ForEachRangeTableEntry (see range_table_walk.h).
#include "nodes/range_table_walk.h"

#include "common/stack_depth.h"
#include "nodes/node_funcs.h"

namespace hyrax::nodes {

void ForEachRangeTableEntry(Query& query, const std::function<void(RangeTblEntry&)>& fn) {
  CheckStackDepth();
  for (auto& rte : query.rtable) {
    fn(rte);
    if (rte.subquery) ForEachRangeTableEntry(*rte.subquery, fn);
  }
  for (auto& cte : query.cteList) {
    if (cte.ctequery) ForEachRangeTableEntry(*cte.ctequery, fn);
  }
  // Sub-selects of SubLinks: WalkExprTree without into_sublinks stops at each SubLink, so
  // every sub-select is entered exactly once, by the recursive call.
  QueryTreeWalker(query, [&](const ExprPtr& expr) {
    WalkExprTree(expr, [&](const Expr& node, int) {
      if (node.tag == NodeTag::kSubLink) {
        const auto& sublink = static_cast<const SubLink&>(node);
        if (sublink.subselect) ForEachRangeTableEntry(*sublink.subselect, fn);
      }
      return false;
    });
    return false;
  });
}

}  // namespace hyrax::nodes
