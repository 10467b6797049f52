// Upper planning of one query level (see planner.h GroupingPlanner): PostgreSQL's
// grouping_planner, simplified to one chain of paths: scan/join -> [Agg] -> [WindowAgg...]
// -> [DISTINCT] -> [Sort] -> [Limit] -> [ModifyTable], choosing sorted vs hashed grouping
// by cost.
#include <algorithm>

#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "nodes/make_nodes.h"
#include "planner/cost/costsize.h"
#include "planner/path/allpaths.h"
#include "planner/path/appendrel.h"
#include "planner/path/clausesel.h"
#include "planner/path/pathnode.h"
#include "planner/path/srfpaths.h"
#include "planner/plan/grouping_sets_planner.h"
#include "planner/plan/planner.h"
#include "planner/plan/window_planner.h"
#include "planner/prep/clauses.h"
#include "planner/prep/inherit.h"
#include "planner/prep/on_conflict.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using nodes::ExprPtr;
using nodes::NodeTag;
using nodes::PlanTag;

// UPDATE/DELETE of an inheritance parent change its children that were not pruned: one
// result relation per child, in Append order (PostgreSQL 14+'s one ModifyTable over the
// Append). Column numbers stay the parent's; the executor maps them by name.
void SetInheritanceResultRelations(PlannerInfo* root, ModifyTablePath* mt) {
  if (mt->operation == nodes::CmdType::kInsert) return;
  std::vector<Index> children = AppendChildRelids(*root, mt->nominalRelation);
  if (children.empty()) return;
  mt->resultRelations = children;
  if (mt->operation == nodes::CmdType::kUpdate) {
    mt->updateColnosLists.assign(children.size(), mt->updateColnosLists.at(0));
  }
}

// A constant LIMIT/OFFSET value, -1 when not a constant (preprocess_limit).
int64_t ConstEstimate(const ExprPtr& e, bool is_count) {
  if (!e) return 0;
  if (e->tag != NodeTag::kConst) return -1;
  const auto& c = *nodes::As<nodes::Const>(e);
  if (c.constisnull) return 0;  // LIMIT NULL = no limit, OFFSET NULL = 0
  int64_t v = DatumGetInt64(c.constvalue);
  if (is_count) return v <= 0 ? 1 : v;
  return v < 0 ? 0 : v;
}

std::shared_ptr<PathTarget> TargetFromTlist(PlannerInfo* root, const nodes::TargetList& tlist) {
  auto target = std::make_shared<PathTarget>();
  for (const auto& tle : tlist) {
    target->exprs.push_back(tle.expr);
    target->sortgrouprefs.push_back(tle.ressortgroupref);
  }
  SetPathTargetCostWidth(root, target.get());
  return target;
}

const nodes::TargetEntry* TleForSortRef(const nodes::TargetList& tlist, nodes::Index ref) {
  for (const auto& tle : tlist) {
    if (tle.ressortgroupref == ref) return &tle;
  }
  throw Error(errcode::kInternalError, "ORDER/GROUP BY expression not found in targetlist");
}

// The scan/join output when grouping: grouping expressions whole, plus the Vars of every
// other output expression and of HAVING (make_group_input_target).
std::shared_ptr<PathTarget> GroupInputTarget(PlannerInfo* root, const nodes::TargetList& tlist,
                                             const std::vector<nodes::SortGroupClause>& group,
                                             const nodes::ExprList& having) {
  auto target = std::make_shared<PathTarget>();
  nodes::ExprList rest;
  for (const auto& tle : tlist) {
    bool is_group = false;
    for (const auto& sgc : group)
      is_group |= tle.ressortgroupref != 0 && sgc.tleSortGroupRef == tle.ressortgroupref;
    if (is_group) {
      target->exprs.push_back(tle.expr);
      target->sortgrouprefs.push_back(tle.ressortgroupref);
    } else {
      rest.push_back(tle.expr);
    }
  }
  for (const auto& h : having) rest.push_back(h);
  std::vector<std::shared_ptr<nodes::Var>> vars;
  for (const auto& e : rest) PullVars(e, &vars);
  for (const auto& v : vars) {
    bool have = false;
    for (const auto& e : target->exprs) have |= ExprEqual(e.get(), v.get());
    if (!have) {
      target->exprs.push_back(v);
      target->sortgrouprefs.push_back(0);
    }
  }
  SetPathTargetCostWidth(root, target.get());
  return target;
}

// Gives `path` a new output target: scans and joins compute any target themselves (the
// plan's target list changes, as apply_scanjoin_target_to_paths); others get a Result.
// Whether two targets compute the same expressions in the same order.
bool SameExprs(const PathTarget& a, const PathTarget& b) {
  if (a.exprs.size() != b.exprs.size()) return false;
  for (size_t i = 0; i < a.exprs.size(); ++i) {
    if (!ExprEqual(a.exprs[i].get(), b.exprs[i].get())) return false;
  }
  return true;
}

PathPtr ApplyTarget(PathPtr path, std::shared_ptr<PathTarget> target) {
  bool can_project = IsProjectionCapable(path->pathtype);
  if (!can_project && path->pathtype == PlanTag::kAppend && SameExprs(*path->pathtarget, *target)) {
    // An append relation already produces these columns (apply_scanjoin_target_to_paths'
    // scanjoin_target_same_exprs): only the labels change.
    auto copy = std::make_shared<AppendPath>(static_cast<const AppendPath&>(*path));
    copy->pathtarget = std::move(target);
    return copy;
  }
  if (!can_project && path->pathtype == PlanTag::kAppend &&
      static_cast<const AppendPath&>(*path).partitioned) {
    // A partitioned table's children compute the target themselves (no Result above).
    auto copy = std::make_shared<AppendPath>(static_cast<const AppendPath&>(*path));
    copy->total_cost = 0;
    for (size_t i = 0; i < copy->subpaths.size(); ++i) {
      auto child_target = std::make_shared<PathTarget>(*target);
      for (auto& e : child_target->exprs) e = TranslateToChild(e, *copy->child_infos[i]);
      copy->subpaths[i] = ApplyTarget(copy->subpaths[i], child_target);
      if (i == 0) copy->startup_cost = copy->subpaths[i]->startup_cost;
      copy->total_cost += copy->subpaths[i]->total_cost;
    }
    copy->total_cost += g_cpu_tuple_cost * 0.5 * copy->rows;
    copy->pathtarget = std::move(target);
    return copy;
  }
  if (auto* dummy = dynamic_cast<ProjectionPath*>(path.get()); dummy != nullptr && dummy->dummy) {
    // A provably empty relation stays one input-less Result.
    auto copy = std::make_shared<ProjectionPath>(*dummy);
    copy->pathtarget = std::move(target);
    return copy;
  }
  if (!can_project) return CreateProjectionPath(path, target);
  PathPtr copy;
  if (auto* sq = dynamic_cast<SubqueryScanPath*>(path.get())) {
    copy = std::make_shared<SubqueryScanPath>(*sq);
  } else if (auto* cp = dynamic_cast<CteScanPath*>(path.get())) {
    copy = std::make_shared<CteScanPath>(*cp);
  } else if (auto* ip = dynamic_cast<IndexPath*>(path.get())) {
    copy = std::make_shared<IndexPath>(*ip);
  } else if (auto* hp = dynamic_cast<HashPath*>(path.get())) {
    copy = std::make_shared<HashPath>(*hp);
  } else if (auto* mp = dynamic_cast<MergePath*>(path.get())) {
    copy = std::make_shared<MergePath>(*mp);
  } else if (auto* jp = dynamic_cast<JoinPath*>(path.get())) {
    copy = std::make_shared<JoinPath>(*jp);
  } else {
    copy = std::make_shared<Path>(*path);
  }
  const PathTarget& old = *path->pathtarget;
  copy->startup_cost += target->cost.startup - old.cost.startup;
  copy->total_cost += target->cost.startup - old.cost.startup +
                      (target->cost.per_tuple - old.cost.per_tuple) * path->rows;
  copy->pathtarget = std::move(target);
  return copy;
}

// Numbers the distinct aggregates (Aggref::aggno) in place of the analyzer's nodes and sums
// their transition/final costs (get_agg_clause_costs).
ExprPtr NumberAggregates(const ExprPtr& expr, std::vector<std::shared_ptr<nodes::Aggref>>* aggs) {
  return executor::MutateExpr(expr, [&](const ExprPtr& e) -> ExprPtr {
    if (e->tag != NodeTag::kAggref) return nullptr;
    for (const auto& have : *aggs) {
      if (ExprEqual(have.get(), e.get())) return have;
    }
    auto copy = std::make_shared<nodes::Aggref>(*nodes::As<nodes::Aggref>(e));
    copy->aggno = static_cast<int>(aggs->size());
    copy->aggtransno = copy->aggno;
    auto agg = catalog::Syscache().AggregateByFnOid(copy->aggfnoid);
    if (agg) copy->aggtranstype = agg->aggtranstype;
    aggs->push_back(copy);
    return copy;
  });
}

AggClauseCosts AggCosts(const std::vector<std::shared_ptr<nodes::Aggref>>& aggs) {
  AggClauseCosts costs;
  auto& cache = catalog::Syscache();
  for (const auto& a : aggs) {
    auto agg = cache.AggregateByFnOid(a->aggfnoid);
    if (!agg) continue;
    if (auto p = cache.ProcByOid(agg->aggtransfn))
      costs.transCost.per_tuple += p->procost * g_cpu_operator_cost;
    if (agg->aggfinalfn != kInvalidOid) {
      if (auto p = cache.ProcByOid(agg->aggfinalfn))
        costs.finalCost.per_tuple += p->procost * g_cpu_operator_cost;
    }
    if (a->args) {
      for (const auto& tle : *a->args) {
        QualCost c = CostExprEval(tle.expr);
        costs.transCost.startup += c.startup;
        costs.transCost.per_tuple += c.per_tuple;
      }
    }
    if (a->aggfilter) {
      QualCost c = CostExprEval(a->aggfilter);
      costs.transCost.startup += c.startup;
      costs.transCost.per_tuple += c.per_tuple;
    }
    costs.transitionSpace += agg->aggtransspace;
    costs.numAggs++;
    if (!a->aggorder.empty() || !a->aggdistinct.empty()) costs.numOrderedAggs++;
  }
  return costs;
}

bool AllHashable(const std::vector<nodes::SortGroupClause>& clauses) {
  for (const auto& c : clauses) {
    if (!c.hashable) return false;
  }
  return true;
}

bool AllSortable(const std::vector<nodes::SortGroupClause>& clauses) {
  for (const auto& c : clauses) {
    if (c.sortop == kInvalidOid) return false;
  }
  return true;
}

// Sorted or hashed grouping of `input`, whichever is cheaper (add_paths_to_grouping_rel).
PathPtr MakeGroupingPath(PlannerInfo* root, PathPtr input, std::shared_ptr<PathTarget> target,
                         const nodes::TargetList& tlist,
                         const std::vector<nodes::SortGroupClause>& group, nodes::ExprList having,
                         const AggClauseCosts& costs, double fraction) {
  if (group.empty()) {
    return CreateAggPath(root, input, target, nodes::AggStrategy::kPlain, {}, having, costs, 1);
  }
  nodes::ExprList group_exprs;
  for (const auto& sgc : group)
    group_exprs.push_back(TleForSortRef(tlist, sgc.tleSortGroupRef)->expr);
  double num_groups = EstimateNumGroups(root, group_exprs, input->rows);
  PathPtr best;
  if (AllSortable(group)) {
    std::vector<PathKey> keys = PathKeysFor(tlist, group);
    PathPtr sorted =
        PathKeysContainedIn(keys, input->pathkeys) ? input : CreateSortPath(input, keys, -1);
    best = CreateAggPath(root, sorted, target, nodes::AggStrategy::kSorted, group, having, costs,
                         num_groups);
  }
  // Aggregates that sort their input are computed one group at a time (PostgreSQL's
  // can_hash requires numOrderedAggs == 0).
  if (AllHashable(group) && costs.numOrderedAggs == 0) {
    PathPtr hashed = CreateAggPath(root, input, target, nodes::AggStrategy::kHashed, group, having,
                                   costs, num_groups);
    if (!best || CheaperForFraction(*hashed, *best, fraction)) best = hashed;
  }
  if (!best) throw Error(errcode::kFeatureNotSupported, "could not implement GROUP BY");
  return best;
}

}  // namespace

std::vector<PathKey> PathKeysFor(const nodes::TargetList& tlist,
                                 const std::vector<nodes::SortGroupClause>& clauses) {
  std::vector<PathKey> keys;
  for (const auto& sgc : clauses) {
    const nodes::TargetEntry* tle = TleForSortRef(tlist, sgc.tleSortGroupRef);
    PathKey key;
    key.expr = tle->expr;
    key.sortop = sgc.sortop;
    key.nulls_first = sgc.nulls_first;
    key.sortref = sgc.tleSortGroupRef;
    key.collation = tle->expr->result_collation;
    keys.push_back(key);
  }
  return keys;
}

void GroupingPlanner(PlannerInfo* root, double tuple_fraction) {
  nodes::Query& parse = *root->parse;
  nodes::TargetList& tlist = parse.targetList;
  int64_t offset_est = ConstEstimate(parse.limitOffset, false);
  int64_t count_est = ConstEstimate(parse.limitCount, true);
  double limit_tuples = -1;
  if (count_est > 0 && offset_est >= 0) limit_tuples = static_cast<double>(count_est + offset_est);
  double caller_fraction = tuple_fraction;
  if (limit_tuples > 0) tuple_fraction = limit_tuples;
  if (parse.hasTargetSRFs) limit_tuples = -1;  // the sets multiply rows after the sort

  nodes::ExprList having = MakeAndsImplicit(parse.havingQual);
  bool grouping =
      parse.hasAggs || !parse.groupClause.empty() || !parse.groupingSets.empty() || !having.empty();
  std::vector<std::shared_ptr<nodes::Aggref>> aggs;
  if (grouping) {
    for (auto& tle : tlist) tle.expr = NumberAggregates(tle.expr, &aggs);
    for (auto& h : having) h = NumberAggregates(h, &aggs);
    root->numAggs = static_cast<int>(aggs.size());
  }
  std::vector<ActiveWindow> windows;
  if (parse.hasWindowFuncs) windows = PrepareActiveWindows(&parse);
  auto final_target = TargetFromTlist(root, tlist);
  // Set-returning functions in the select list: the levels below compute `final_target`
  // without the sets, a ProjectSet adds them (after the ORDER BY sort when no sort key has a
  // set and there is no DISTINCT, as make_sort_input_target), and a Result computes
  // expressions that contain a set.
  std::shared_ptr<PathTarget> srf_final_target;
  bool srf_after_sort = false;
  if (parse.hasTargetSRFs) {
    srf_final_target = final_target;
    final_target = SrfInputTarget(root, *srf_final_target);
    srf_after_sort = !parse.sortClause.empty() && parse.distinctClause.empty();
    for (const auto& sgc : parse.sortClause) {
      if (ContainsSrfs(TleForSortRef(tlist, sgc.tleSortGroupRef)->expr)) srf_after_sort = false;
    }
  }
  // With window functions the grouping (or scan/join) output is what the windows read, and
  // the top WindowAgg produces `final_target` (make_window_input_target).
  std::shared_ptr<PathTarget> grouping_target = final_target;
  if (!windows.empty()) {
    grouping_target = WindowInputTarget(root, *final_target, windows, parse.groupClause);
  }
  auto add_project_set = [&](PathPtr input) {
    bool result_above = false;
    auto ps_target = SrfProjectTarget(root, *srf_final_target, &result_above);
    PathPtr out = CreateSetProjectionPath(input, ps_target);
    if (result_above) out = CreateProjectionPath(out, srf_final_target);
    return out;
  };

  PathPtr path;
  std::shared_ptr<PathTarget> scanjoin_target;
  if (parse.setOperations) {
    // UNION / INTERSECT / EXCEPT: the set operation replaces scan/join planning; only
    // ORDER BY and LIMIT apply above it.
    path = PlanSetOperations(root, tuple_fraction);
  } else {
    nodes::ExprList upper_exprs = final_target->exprs;
    for (const auto& h : having) upper_exprs.push_back(h);
    for (const auto& tle : parse.returningList) upper_exprs.push_back(tle.expr);
    // Only a plain ORDER BY asks the scans for an ordering (index paths that deliver it).
    bool plain_sort = !grouping && windows.empty() && parse.distinctClause.empty() &&
                      !parse.sortClause.empty() && AllSortable(parse.sortClause);
    if (plain_sort) root->query_pathkeys = PathKeysFor(tlist, parse.sortClause);
    // Windows over ungrouped rows ask for their first sort (standard_qp_callback's
    // window_pathkeys), or for the ORDER BY when that window needs no order.
    bool window_presort = !grouping && !windows.empty();
    std::vector<PathKey> window_keys;
    if (window_presort) {
      window_keys = WindowPathKeys(tlist, *windows.front().wc);
      root->query_pathkeys = window_keys;
      if (window_keys.empty() && parse.distinctClause.empty() && !parse.sortClause.empty() &&
          AllSortable(parse.sortClause)) {
        root->query_pathkeys = PathKeysFor(tlist, parse.sortClause);
      }
    }
    ExprList gating;
    RelOptInfoPtr rel = QueryPlanner(root, upper_exprs, &gating);
    root->gating_quals = gating;

    scanjoin_target =
        grouping ? GroupInputTarget(root, tlist, parse.groupClause, having) : grouping_target;
    bool provably_empty = false;
    for (const auto& q : gating) {
      if (q->tag == NodeTag::kConst) {
        const auto& c = *nodes::As<nodes::Const>(q);
        provably_empty |= c.constisnull || !DatumGetBool(c.constvalue);
      }
    }
    if (provably_empty && rel->cheapest_total_path) {
      // WHERE false: a dummy relation, an input-less Result that returns nothing (PostgreSQL
      // marks the rel dummy; its Result has zero cost, rows and width).
      auto dummy = std::make_shared<ProjectionPath>();
      dummy->parent = rel.get();
      dummy->pathtarget = scanjoin_target;
      dummy->quals = {nodes::MakeBoolConst(false)};
      dummy->dummy = true;
      path = dummy;
    } else if (!rel->cheapest_total_path) {
      // No FROM: a Result computing the target (or the grouping input) once.
      path = CreateGroupResultPath(
          rel.get(), grouping ? std::make_shared<PathTarget>() : grouping_target, gating);
    } else {
      path = ApplyTarget(rel->cheapest_total_path, scanjoin_target);
      if (plain_sort || window_presort) {
        // An input already in the wanted order (an index scan) needs no Sort: keep it when
        // it is cheaper than sorting the cheapest input, windows and limits included.
        std::vector<PathKey> keys = plain_sort ? PathKeysFor(tlist, parse.sortClause) : window_keys;
        std::vector<PathKey> final_keys = PathKeysFor(tlist, parse.sortClause);
        auto finish = [&](PathPtr p) {
          if (window_presort) p = CreateWindowPaths(root, p, windows, final_target);
          if (!PathKeysContainedIn(final_keys, p->pathkeys)) {
            p = CreateSortPath(p, final_keys, limit_tuples);
          }
          if (parse.limitCount || parse.limitOffset) {
            p = CreateLimitPath(p, parse.limitOffset, parse.limitCount, offset_est, count_est,
                                parse.limitOption);
          }
          return p;
        };
        PathPtr best_final = finish(path);
        for (const auto& candidate : rel->pathlist) {
          if (candidate == rel->cheapest_total_path ||
              !PathKeysContainedIn(keys, candidate->pathkeys)) {
            continue;
          }
          PathPtr sorted = ApplyTarget(candidate, scanjoin_target);
          PathPtr final_path = finish(sorted);
          if (CheaperForFraction(*final_path, *best_final, caller_fraction)) {
            best_final = final_path;
            path = sorted;
          }
        }
      }
      if (!gating.empty()) {
        // A gating Result evaluates the one-time filter before reading its input; it costs
        // what its input costs (create_gating_plan copies the child's estimates).
        auto gated = std::make_shared<ProjectionPath>();
        gated->parent = path->parent;
        gated->pathtarget = path->pathtarget;
        gated->rows = path->rows;
        gated->startup_cost = path->startup_cost;
        gated->total_cost = path->total_cost;
        gated->pathkeys = path->pathkeys;
        gated->quals = gating;
        gated->subpath = path;
        path = gated;
      }
    }
  }
  double fraction =
      tuple_fraction >= 1 && path->rows > 0 ? tuple_fraction / path->rows : tuple_fraction;

  if (grouping && !parse.groupingSets.empty()) {
    path = MakeGroupingSetsPath(root, path, grouping_target, having, AggCosts(aggs), fraction);
  } else if (grouping) {
    path = MakeGroupingPath(root, path, grouping_target, tlist, parse.groupClause, having,
                            AggCosts(aggs), fraction);
  }
  if (!windows.empty()) path = CreateWindowPaths(root, path, windows, final_target);
  if (srf_final_target && !srf_after_sort) path = add_project_set(path);
  if (!parse.distinctClause.empty()) {
    nodes::ExprList exprs;
    for (const auto& sgc : parse.distinctClause)
      exprs.push_back(TleForSortRef(tlist, sgc.tleSortGroupRef)->expr);
    double num_groups = EstimateNumGroups(root, exprs, path->rows);
    PathPtr best;
    if (AllSortable(parse.distinctClause)) {
      std::vector<PathKey> keys = PathKeysFor(tlist, parse.distinctClause);
      // DISTINCT ON sorts by the longer of its keys and ORDER BY (the analyzer made one a
      // prefix of the other), so one Sort serves both and Unique keeps each group's first
      // row in ORDER BY order (create_distinct_paths).
      std::vector<PathKey> needed = keys;
      if (parse.hasDistinctOn && parse.sortClause.size() > parse.distinctClause.size()) {
        needed = PathKeysFor(tlist, parse.sortClause);
      }
      PathPtr sorted =
          PathKeysContainedIn(needed, path->pathkeys) ? path : CreateSortPath(path, needed, -1);
      best = CreateUniquePath(sorted, static_cast<int>(keys.size()), num_groups);
    }
    // DISTINCT ON is never hashed: the row kept per group depends on the order.
    if (AllHashable(parse.distinctClause) && (!parse.hasDistinctOn || !best)) {
      PathPtr hashed = CreateAggPath(root, path, path->pathtarget, nodes::AggStrategy::kHashed,
                                     parse.distinctClause, {}, AggClauseCosts(), num_groups);
      if (!best || CheaperForFraction(*hashed, *best, fraction)) best = hashed;
    }
    if (!best) throw Error(errcode::kFeatureNotSupported, "could not implement DISTINCT");
    path = best;
  }
  if (!parse.sortClause.empty()) {
    std::vector<PathKey> keys = PathKeysFor(tlist, parse.sortClause);
    if (!PathKeysContainedIn(keys, path->pathkeys)) path = CreateSortPath(path, keys, limit_tuples);
  }
  if (srf_final_target && srf_after_sort) path = add_project_set(path);
  if (parse.limitCount || parse.limitOffset) {
    path = CreateLimitPath(path, parse.limitOffset, parse.limitCount, offset_est, count_est,
                           parse.limitOption);
  }
  if (parse.commandType == nodes::CmdType::kInsert ||
      parse.commandType == nodes::CmdType::kUpdate ||
      parse.commandType == nodes::CmdType::kDelete) {
    std::shared_ptr<PathTarget> returning;
    if (!parse.returningList.empty()) returning = TargetFromTlist(root, parse.returningList);
    path = CreateModifyTablePath(path, parse.commandType, parse.canSetTag, parse.resultRelation,
                                 root->update_colnos, parse.returningList, returning);
    if (parse.onConflict) {
      auto& mt = static_cast<ModifyTablePath&>(*path);
      mt.onConflictAction = parse.onConflict->action;
      mt.arbiterIndexes = InferArbiterIndexes(parse);
      mt.onConflictSet = parse.onConflict->onConflictSet;
      mt.onConflictWhere = parse.onConflict->onConflictWhere;
      mt.exclRelRTI = parse.onConflict->exclRelIndex;
    }
    SetInheritanceResultRelations(root, static_cast<ModifyTablePath*>(path.get()));
  }
  auto final_rel = std::make_shared<RelOptInfo>();
  final_rel->reloptkind = RelOptKind::kUpperRel;
  final_rel->rows = path->rows;
  AddPath(final_rel.get(), path);
  root->upper_rels.push_back(final_rel);
  root->final_rel = final_rel;
}

}  // namespace hyrax::planner
