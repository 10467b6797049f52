// Levels-up adjustment of query trees (see levels_up.h).
#include "planner/prep/levels_up.h"

#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "nodes/node_funcs.h"

namespace hyrax::planner {

void ForEachQueryLevel(nodes::Query& query, int depth,
                       const std::function<void(nodes::Query&, int)>& fn) {
  fn(query, depth);
  for (auto& rte : query.rtable) {
    if (rte.rtekind == nodes::RteKind::kSubquery && rte.subquery) {
      ForEachQueryLevel(*rte.subquery, depth + 1, fn);
    }
  }
  for (auto& cte : query.cteList) {
    if (cte.ctequery) ForEachQueryLevel(*cte.ctequery, depth + 1, fn);
  }
  nodes::QueryTreeWalker(query, [&](const nodes::ExprPtr& e) {
    nodes::WalkExprTree(e, [&](const nodes::Expr& node, int) {
      if (node.tag == nodes::NodeTag::kSubLink) {
        const auto& sublink = static_cast<const nodes::SubLink&>(node);
        if (sublink.subselect) ForEachQueryLevel(*sublink.subselect, depth + 1, fn);
      }
      return false;
    });
    return false;
  });
}

void IncrementSublevelsUp(nodes::Query& query, int delta, int min_sublevels_up) {
  if (delta == 0) return;
  ForEachQueryLevel(query, 0, [&](nodes::Query& level, int depth) {
    auto min_up = static_cast<nodes::Index>(depth + min_sublevels_up);
    nodes::QueryTreeMutate(level, [&](const nodes::ExprPtr& e) {
      return executor::MutateExpr(e, [&](const nodes::ExprPtr& n) -> nodes::ExprPtr {
        if (n->tag == nodes::NodeTag::kVar && nodes::As<nodes::Var>(n)->varlevelsup >= min_up) {
          auto copy = std::make_shared<nodes::Var>(*nodes::As<nodes::Var>(n));
          copy->varlevelsup =
              static_cast<nodes::Index>(static_cast<int>(copy->varlevelsup) + delta);
          return copy;
        }
        if (n->tag == nodes::NodeTag::kAggref &&
            nodes::As<nodes::Aggref>(n)->agglevelsup >= min_up) {
          throw Error(errcode::kFeatureNotSupported,
                      "outer-level aggregates in moved sub-queries are not supported yet");
        }
        return nullptr;
      });
    });
    for (auto& rte : level.rtable) {
      if (rte.rtekind == nodes::RteKind::kCte && rte.ctelevelsup >= min_up) {
        rte.ctelevelsup = static_cast<nodes::Index>(static_cast<int>(rte.ctelevelsup) + delta);
      }
    }
  });
}

}  // namespace hyrax::planner
