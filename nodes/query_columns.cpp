// RelationColumnsRead (see query_columns.h).
#include "nodes/query_columns.h"

#include <algorithm>

#include "common/stack_depth.h"
#include "nodes/node_funcs.h"

namespace hyrax::nodes {

namespace {

class ColumnCollector {
 public:
  std::vector<RelationColumn> columns;

  void VisitQuery(const Query& query) {
    CheckStackDepth();
    levels_.push_back(&query);
    const size_t depth = levels_.size() - 1;
    QueryWalkOptions options;
    options.ignore_join_aliases = true;  // only the alias Vars something reads count
    QueryTreeWalker(
        query,
        [&](const ExprPtr& expr) {
          VisitExpr(expr, depth);
          return false;
        },
        [&](const Query& sub) {
          VisitQuery(sub);
          return false;
        },
        options);
    levels_.pop_back();
  }

 private:
  // `depth`: index in levels_ of the query `expr` belongs to.
  void VisitExpr(const ExprPtr& expr, size_t depth) {
    WalkExprTree(expr, [&](const Expr& node, int) {
      if (node.tag == NodeTag::kSubLink) {
        const auto& sublink = static_cast<const SubLink&>(node);
        if (sublink.subselect) VisitQuery(*sublink.subselect);
        return false;
      }
      if (node.tag == NodeTag::kVar) VisitVar(static_cast<const Var&>(node), depth);
      return false;
    });
  }

  void VisitVar(const Var& var, size_t depth) {
    if (var.varlevelsup > depth) return;
    const Query& owner = *levels_[depth - var.varlevelsup];
    if (var.varno == 0 || var.varno > owner.rtable.size()) return;
    const RangeTblEntry& rte = owner.rtable[var.varno - 1];
    if (rte.rtekind == RteKind::kJoin) {
      if (var.varattno <= 0 || static_cast<size_t>(var.varattno) > rte.joinaliasvars.size()) {
        return;
      }
      const ExprPtr& alias = rte.joinaliasvars[var.varattno - 1];
      if (alias) VisitExpr(alias, depth - var.varlevelsup);
      return;
    }
    bool names_relation = rte.relid != kInvalidOid &&
                          (rte.rtekind == RteKind::kRelation || rte.rtekind == RteKind::kSubquery);
    if (!names_relation || var.varattno < 0) return;
    RelationColumn column{rte.relid, var.varattno};
    auto same = [&](const RelationColumn& c) {
      return c.relid == column.relid && c.attnum == column.attnum;
    };
    if (std::none_of(columns.begin(), columns.end(), same)) columns.push_back(column);
  }

  std::vector<const Query*> levels_;
};

}  // namespace

std::vector<RelationColumn> RelationColumnsRead(const Query& query) {
  ColumnCollector collector;
  collector.VisitQuery(query);
  return collector.columns;
}

}  // namespace hyrax::nodes
