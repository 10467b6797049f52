// Planning of UNION / INTERSECT / EXCEPT (PostgreSQL's prepunion.c): each leaf SELECT is
// planned as a sub-query and scanned ("*SELECT* n"); UNION ALL appends the scans
// (nested UNIONs of the same kind and column types are flattened into one Append), UNION
// adds duplicate removal by hashing or by sorting, whichever is cheaper. INTERSECT and
// EXCEPT append their two inputs with a flag column (0 = left, 1 = right) under a SetOp,
// hashed or over a Sort.
#include <algorithm>

#include "common/error.h"
#include "nodes/make_nodes.h"
#include "planner/cost/costsize.h"
#include "planner/path/clausesel.h"
#include "planner/path/pathnode.h"
#include "planner/plan/planner.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using nodes::SetOperationStmt;
using nodes::SetOpNode;

// The column types a set-operation node produces.
struct ColumnTypes {
  std::vector<Oid> types;
  std::vector<int32_t> typmods;
  std::vector<Oid> collations;
  bool operator==(const ColumnTypes& o) const {
    return types == o.types && typmods == o.typmods && collations == o.collations;
  }
};

ColumnTypes TypesOf(const SetOperationStmt& op) {
  return {op.colTypes, op.colTypmods, op.colCollations};
}

// `e` converted to column type `type`/`typmod` (generate_setop_tlist: the analyzer chose
// a common type with an implicit cast from every input type).
ExprPtr CoerceColumn(const ExprPtr& e, Oid type, int32_t typmod, Oid collation) {
  ExprPtr out = e;
  if (out->result_type != type) {
    auto cast = catalog::Syscache().CastBySourceTarget(out->result_type, type);
    if (cast && cast->castmethod == 'f' && cast->castfunc != kInvalidOid) {
      auto fn = std::make_shared<nodes::FuncExpr>();
      fn->funcid = cast->castfunc;
      fn->funcformat = nodes::CoercionForm::kImplicitCast;
      fn->inputcollid = out->result_collation;
      fn->args = {out};
      fn->result_type = type;
      fn->result_typmod = -1;
      fn->result_collation = collation;
      out = fn;
    } else if (cast && cast->castmethod == 'b') {
      auto rel = std::make_shared<nodes::RelabelType>();
      rel->arg = out;
      rel->result_type = type;
      rel->result_typmod = -1;
      rel->result_collation = collation;
      out = rel;
    } else {
      throw Error(errcode::kFeatureNotSupported,
                  "this type conversion in UNION/INTERSECT/EXCEPT is not supported yet");
    }
  }
  if (out->result_typmod != typmod) {
    auto rel = std::make_shared<nodes::RelabelType>();
    rel->arg = out;
    rel->result_type = type;
    rel->result_typmod = typmod;
    rel->result_collation = collation;
    out = rel;
  }
  return out;
}

class SetOpPlanner {
 public:
  SetOpPlanner(PlannerInfo* root, double tuple_fraction)
      : root_(root), tuple_fraction_(tuple_fraction) {
    // Every output column gets a sort/group label: the query's own where it has one
    // (ORDER BY), otherwise a fresh number, so the labels never collide.
    nodes::Index next = 0;
    for (const auto& tle : root->parse->targetList) next = std::max(next, tle.ressortgroupref);
    for (const auto& tle : root->parse->targetList) {
      refs_.push_back(tle.ressortgroupref != 0 ? tle.ressortgroupref : ++next);
    }
  }

  // A path producing the node's rows in the column types `want`.
  // `in_union_all`: the parent is a UNION ALL (its trivial scans cost nothing extra).
  // `flag` >= 0: an input of INTERSECT/EXCEPT, which adds a last column with this value.
  // *num_groups: the estimated distinct rows of the result.
  PathPtr Recurse(const SetOpNode& node, const ColumnTypes& want, bool in_union_all, int flag,
                  double* num_groups);

 private:
  // The columns of a set-operation result with the given types: Vars of the leftmost
  // leaf, as in the query's target list (so the upper stages find them).
  std::shared_ptr<PathTarget> TargetFor(const ColumnTypes& types, bool with_flag = false);
  // `path` computing `target` instead (an Agg computes it itself, others get a Result).
  PathPtr Project(PathPtr path, std::shared_ptr<PathTarget> target);
  PathPtr PlanLeaf(nodes::Index rti, const ColumnTypes& want, bool in_union_all, int flag,
                   double* num_groups);
  PathPtr PlanUnion(const SetOperationStmt& op);
  PathPtr PlanNonUnion(const SetOperationStmt& op);
  void CollectUnionInputs(const SetOpNode& node, const SetOperationStmt& top,
                          std::vector<PathPtr>* out);
  PathPtr MakeUnique(PathPtr input, const SetOperationStmt& op);

 public:
  // WITH RECURSIVE: non-recursive term UNION [ALL] recursive term as a Recursive Union
  // (generate_recursion_path); the recursive term's WorkTable Scan is sized from the
  // non-recursive term, so that is planned first.
  PathPtr PlanRecursion(const SetOperationStmt& op);

 private:
  PlannerInfo* root_;
  double tuple_fraction_;
  std::vector<nodes::Index> refs_;
};

std::shared_ptr<PathTarget> SetOpPlanner::TargetFor(const ColumnTypes& types, bool with_flag) {
  auto target = std::make_shared<PathTarget>();
  const auto& tlist = root_->parse->targetList;
  for (size_t i = 0; i < tlist.size(); ++i) {
    auto var = std::make_shared<nodes::Var>(*nodes::As<nodes::Var>(tlist[i].expr));
    var->result_type = types.types.at(i);
    var->result_typmod = types.typmods.at(i);
    var->result_collation = types.collations.at(i);
    target->exprs.push_back(var);
    target->sortgrouprefs.push_back(refs_[i]);
  }
  if (with_flag) {
    // Stands for the inputs' flag column (the Append passes their values on).
    target->exprs.push_back(nodes::MakeInt4Const(0));
    target->sortgrouprefs.push_back(0);
  }
  SetPathTargetCostWidth(root_, target.get());
  return target;
}

PathPtr SetOpPlanner::Project(PathPtr path, std::shared_ptr<PathTarget> target) {
  if (auto* agg = dynamic_cast<AggPath*>(path.get())) {
    auto copy = std::make_shared<AggPath>(*agg);
    const PathTarget& old = *path->pathtarget;
    copy->startup_cost += target->cost.startup - old.cost.startup;
    copy->total_cost += target->cost.startup - old.cost.startup +
                        (target->cost.per_tuple - old.cost.per_tuple) * path->rows;
    copy->pathtarget = std::move(target);
    return copy;
  }
  return CreateProjectionPath(path, std::move(target));
}

PathPtr SetOpPlanner::PlanLeaf(nodes::Index rti, const ColumnTypes& want, bool in_union_all,
                               int flag, double* num_groups) {
  const nodes::RangeTblEntry& rte = root_->parse->rtable.at(rti - 1);
  auto rel = std::make_shared<RelOptInfo>();
  rel->reloptkind = RelOptKind::kBaseRel;
  rel->relid = rti;
  rel->relids = RelidsSingleton(rti);
  rel->rtekind = nodes::RteKind::kSubquery;
  rel->subroot = SubqueryPlanner(root_->glob, rte.subquery, root_, 0.0);
  PathPtr subpath = rel->subroot->final_rel->cheapest_total_path;
  rel->tuples = subpath->rows;
  rel->rows = subpath->rows;
  size_t col = 0;
  bool trivial = true;
  for (const auto& tle : rte.subquery->targetList) {
    if (tle.resjunk) continue;
    ExprPtr var = nodes::MakeVar(rti, tle.resno, tle.expr->result_type, tle.expr->result_typmod,
                                 tle.expr->result_collation);
    rel->reltarget.exprs.push_back(
        CoerceColumn(var, want.types.at(col), want.typmods.at(col), want.collations.at(col)));
    rel->reltarget.sortgrouprefs.push_back(0);
    trivial &= rel->reltarget.exprs.back()->tag == nodes::NodeTag::kVar;
    ++col;
  }
  if (flag >= 0) {
    rel->reltarget.exprs.push_back(nodes::MakeInt4Const(flag));
    rel->reltarget.sortgrouprefs.push_back(0);
    trivial = false;
  }
  SetPathTargetCostWidth(root_, &rel->reltarget);
  nodes::ExprList columns;
  for (const auto& tle : rel->subroot->parse->targetList) {
    if (!tle.resjunk) columns.push_back(tle.expr);
  }
  *num_groups = EstimateNumGroups(rel->subroot.get(), columns, subpath->rows);
  if (root_->simple_rel_array.size() <= rti) root_->simple_rel_array.resize(rti + 1);
  root_->simple_rel_array[rti] = rel;
  PathPtr path = CreateSubqueryScanPath(rel.get(), subpath);
  if (trivial && in_union_all) {
    // A scan that passes the rows on unchanged is removed from the plan; PostgreSQL 15
    // does not charge for it under UNION ALL.
    path->startup_cost = subpath->startup_cost;
    path->total_cost = subpath->total_cost;
  }
  return path;
}

// The inputs of a UNION: children that are UNIONs of the same kind with the same column
// types contribute their own inputs (plan_union_children).
void SetOpPlanner::CollectUnionInputs(const SetOpNode& node, const SetOperationStmt& top,
                                      std::vector<PathPtr>* out) {
  if (node.node && node.node->op == nodes::SetOperation::kUnion && node.node->all == top.all &&
      TypesOf(*node.node) == TypesOf(top)) {
    CollectUnionInputs(node.node->larg, top, out);
    CollectUnionInputs(node.node->rarg, top, out);
    return;
  }
  double groups = 0;
  out->push_back(Recurse(node, TypesOf(top), top.all, -1, &groups));
}

PathPtr SetOpPlanner::MakeUnique(PathPtr input, const SetOperationStmt& op) {
  // No statistics about duplicates across the inputs: assume there are none.
  double num_groups = input->rows;
  std::vector<nodes::SortGroupClause> group = op.groupClauses;
  bool hashable = true, sortable = true;
  std::vector<PathKey> keys;
  for (size_t i = 0; i < group.size(); ++i) {
    group[i].tleSortGroupRef = refs_[i];
    hashable &= group[i].hashable;
    sortable &= group[i].sortop != kInvalidOid;
    PathKey key;
    key.expr = input->pathtarget->exprs[i];
    key.sortop = group[i].sortop;
    key.nulls_first = false;
    key.sortref = refs_[i];
    key.collation = key.expr->result_collation;
    keys.push_back(key);
  }
  PathPtr best;
  if (sortable) {
    PathPtr sorted = CreateSortPath(input, keys, -1);
    best = CreateUniquePath(sorted, static_cast<int>(keys.size()), num_groups);
  }
  if (hashable && (g_enable_hashagg || !sortable)) {
    PathPtr hashed = CreateAggPath(root_, input, input->pathtarget, nodes::AggStrategy::kHashed,
                                   group, {}, AggClauseCosts(), num_groups);
    if (!best || CheaperForFraction(*hashed, *best, tuple_fraction_)) best = hashed;
  }
  if (!best) {
    throw Error(errcode::kFeatureNotSupported, "could not implement UNION");
  }
  return best;
}

PathPtr SetOpPlanner::PlanUnion(const SetOperationStmt& op) {
  std::vector<PathPtr> inputs;
  CollectUnionInputs(op.larg, op, &inputs);
  CollectUnionInputs(op.rarg, op, &inputs);
  auto rel = std::make_shared<RelOptInfo>();
  rel->reloptkind = RelOptKind::kUpperRel;
  root_->upper_rels.push_back(rel);
  PathPtr path = CreateAppendPath(rel.get(), std::move(inputs), TargetFor(TypesOf(op)));
  rel->rows = path->rows;
  if (!op.all) path = MakeUnique(path, op);
  return path;
}

PathPtr SetOpPlanner::PlanNonUnion(const SetOperationStmt& op) {
  ColumnTypes types = TypesOf(op);
  double left_groups = 0, right_groups = 0;
  PathPtr left = Recurse(op.larg, types, false, 0, &left_groups);
  PathPtr right = Recurse(op.rarg, types, false, 1, &right_groups);
  // EXCEPT reads its left input first; INTERSECT the input with fewer groups, which
  // keeps the hash table small (generate_nonunion_paths).
  bool except = op.op == nodes::SetOperation::kExcept;
  int first_flag = 0;
  std::vector<PathPtr> inputs = {left, right};
  if (!except && left_groups > right_groups) {
    inputs = {right, left};
    first_flag = 1;
  }
  double num_groups, output_rows;
  if (except) {
    num_groups = left_groups;
    output_rows = op.all ? left->rows : num_groups;
  } else {
    num_groups = std::min(left_groups, right_groups);
    output_rows = op.all ? std::min(left->rows, right->rows) : num_groups;
  }
  auto rel = std::make_shared<RelOptInfo>();
  rel->reloptkind = RelOptKind::kUpperRel;
  root_->upper_rels.push_back(rel);
  PathPtr input = CreateAppendPath(rel.get(), std::move(inputs), TargetFor(types, true));
  rel->rows = input->rows;

  std::vector<nodes::SortGroupClause> group = op.groupClauses;
  bool hashable = true, sortable = true;
  std::vector<PathKey> keys;
  for (size_t i = 0; i < group.size(); ++i) {
    group[i].tleSortGroupRef = refs_[i];
    hashable &= group[i].hashable;
    sortable &= group[i].sortop != kInvalidOid;
    PathKey key;
    key.expr = input->pathtarget->exprs[i];
    key.sortop = group[i].sortop;
    key.sortref = refs_[i];
    key.collation = key.expr->result_collation;
    keys.push_back(key);
  }
  // choose_hashed_setop: hashed grouping against sort + group, by cost.
  bool hashed = hashable;
  PathPtr sorted_input;
  if (sortable) sorted_input = CreateSortPath(input, keys, -1);
  if (hashable && sortable) {
    if (!g_enable_hashagg) {
      hashed = false;
    } else {
      PathPtr hash_cost =
          CreateAggPath(root_, input, input->pathtarget, nodes::AggStrategy::kHashed, group, {},
                        AggClauseCosts(), num_groups);
      PathPtr sort_cost = CreateUniquePath(sorted_input, static_cast<int>(keys.size()), num_groups);
      hashed = CheaperForFraction(*hash_cost, *sort_cost, tuple_fraction_);
    }
  }
  if (!hashable && !sortable) {
    throw MakeError(errcode::kFeatureNotSupported, "could not implement {}",
                    except ? "EXCEPT" : "INTERSECT");
  }
  auto path = std::make_shared<SetOpPath>();
  path->parent = rel.get();
  path->subpath = hashed ? input : sorted_input;
  path->cmd = except ? (op.all ? nodes::SetOpCmd::kExceptAll : nodes::SetOpCmd::kExcept)
                     : (op.all ? nodes::SetOpCmd::kIntersectAll : nodes::SetOpCmd::kIntersect);
  path->strategy = hashed ? nodes::SetOpStrategy::kHashed : nodes::SetOpStrategy::kSorted;
  path->groupClause = group;
  path->flagColIdx = static_cast<nodes::AttrNumber>(group.size() + 1);
  path->firstFlag = first_flag;
  path->numGroups = num_groups;
  path->pathtarget = TargetFor(types);
  // PostgreSQL's SetOp also returns the flag column, which EXPLAIN's width counts.
  path->pathtarget->width = input->pathtarget->width;
  // create_setop_path: one comparison per column and input row.
  path->rows = output_rows;
  path->startup_cost = path->subpath->startup_cost;
  path->total_cost = path->subpath->total_cost +
                     g_cpu_operator_cost * path->subpath->rows * static_cast<double>(group.size());
  return path;
}

PathPtr SetOpPlanner::Recurse(const SetOpNode& node, const ColumnTypes& want, bool in_union_all,
                              int flag, double* num_groups) {
  if (!node.node) {
    return PlanLeaf(static_cast<const nodes::RangeTblRef*>(node.leaf.get())->rtindex, want,
                    in_union_all, flag, num_groups);
  }
  const SetOperationStmt& op = *node.node;
  PathPtr path = op.op == nodes::SetOperation::kUnion ? PlanUnion(op) : PlanNonUnion(op);
  *num_groups = path->rows;
  if (!(TypesOf(op) == want) || flag >= 0) {
    // Other column types than the parent's, or the parent's flag column: a projection.
    auto target = TargetFor(want, flag >= 0);
    const auto& have = path->pathtarget->exprs;
    for (size_t i = 0; i < want.types.size(); ++i) {
      target->exprs[i] = CoerceColumn(have[i], want.types[i], want.typmods[i], want.collations[i]);
      target->sortgrouprefs[i] = 0;
    }
    if (flag >= 0) target->exprs.back() = nodes::MakeInt4Const(flag);
    SetPathTargetCostWidth(root_, target.get());
    path = Project(path, target);
  }
  return path;
}

PathPtr SetOpPlanner::PlanRecursion(const SetOperationStmt& op) {
  if (op.op != nodes::SetOperation::kUnion) {
    throw Error(errcode::kInternalError, "only UNION queries can be recursive");
  }
  ColumnTypes types = TypesOf(op);
  double groups = 0;
  PathPtr left = Recurse(op.larg, types, false, -1, &groups);
  root_->non_recursive_path = left;
  PathPtr right = Recurse(op.rarg, types, false, -1, &groups);
  auto rel = std::make_shared<RelOptInfo>();
  rel->reloptkind = RelOptKind::kUpperRel;
  root_->upper_rels.push_back(rel);
  auto path = std::make_shared<RecursiveUnionPath>();
  path->parent = rel.get();
  path->pathtarget = TargetFor(types);
  path->leftpath = left;
  path->rightpath = right;
  path->wt_param = root_->wt_param_id;
  if (!op.all) {
    for (const auto& sgc : op.groupClauses) {
      if (!sgc.hashable) {
        throw Error(errcode::kFeatureNotSupported, "could not implement recursive UNION")
            .Detail("All column datatypes must be hashable.");
      }
    }
    path->distinctList = op.groupClauses;
    path->numGroups = left->rows + 10 * right->rows;
  }
  // cost_recursive_union: about ten rounds of the recursive term, plus a tuplestore fee per
  // row.
  path->startup_cost = left->startup_cost;
  path->rows = left->rows + 10 * right->rows;
  path->total_cost = left->total_cost + 10 * right->total_cost + g_cpu_tuple_cost * path->rows;
  path->pathtarget->width = std::max(left->pathtarget->width, right->pathtarget->width);
  rel->rows = path->rows;
  return path;
}

}  // namespace

PathPtr PlanSetOperations(PlannerInfo* root, double tuple_fraction) {
  const SetOperationStmt& top = *root->parse->setOperations;
  SetOpPlanner planner(root, tuple_fraction);
  if (root->wt_param_id >= 0) return planner.PlanRecursion(top);
  nodes::SetOpNode node;
  node.node = root->parse->setOperations;
  double num_groups = 0;
  return planner.Recurse(node, TypesOf(top), false, -1, &num_groups);
}

}  // namespace hyrax::planner
