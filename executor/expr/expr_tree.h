// Generic traversal of expression trees: visit the direct children of a node, walk a whole
// tree, and rebuild a tree with a replacement function (PostgreSQL's expression_tree_walker
// and expression_tree_mutator). The planner and executor use these until the analyzer's
// nodes/node_funcs.h lands; then this file should forward to it.
#pragma once

#include <functional>

#include "nodes/primnodes.h"

namespace hyrax::executor {

// Calls `fn` on every direct child expression of `expr` (not descending into SubLink
// subselects or SubPlan plans).
void ForEachChild(const nodes::Expr& expr, const std::function<void(const nodes::ExprPtr&)>& fn);

// Pre-order walk; `fn` returns false to skip a node's children.
void WalkExpr(const nodes::ExprPtr& expr, const std::function<bool(const nodes::ExprPtr&)>& fn);

// Rebuilds `expr` bottom-up: `fn` is called on each node first; when it returns non-null
// that replaces the node (its children are not visited); otherwise the node is copied with
// mutated children if any child changed (unchanged subtrees are shared, not copied).
nodes::ExprPtr MutateExpr(const nodes::ExprPtr& expr,
                          const std::function<nodes::ExprPtr(const nodes::ExprPtr&)>& fn);

}  // namespace hyrax::executor
