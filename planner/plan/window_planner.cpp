// Window-function planning (see window_planner.h), following PostgreSQL 15's planner.c.
#include "planner/plan/window_planner.h"

#include <algorithm>
#include <set>

#include "common/assert.h"
#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "planner/path/pathnode.h"
#include "planner/path/plancat.h"
#include "planner/plan/planner.h"
#include "planner/prep/clauses.h"

namespace hyrax::planner {

namespace {

using nodes::ExprPtr;
using nodes::NodeTag;

// The clause's sort keys as select_active_windows compares them: PARTITION BY then ORDER BY.
std::vector<nodes::SortGroupClause> WindowSortClauses(const nodes::WindowClause& wc) {
  std::vector<nodes::SortGroupClause> all = wc.partitionClause;
  all.insert(all.end(), wc.orderClause.begin(), wc.orderClause.end());
  return all;
}

// True when window `a` must be stacked below `b` (common_prefix_cmp < 0): on the first
// differing key the higher sortgroupref / sort operator / NULLS FIRST goes first, and of two
// windows where one's keys are a prefix of the other's, the longer one goes first so that its
// sort also serves the shorter one.
bool StackBefore(const ActiveWindow& a, const ActiveWindow& b) {
  std::vector<nodes::SortGroupClause> ka = WindowSortClauses(*a.wc);
  std::vector<nodes::SortGroupClause> kb = WindowSortClauses(*b.wc);
  for (size_t i = 0; i < ka.size() && i < kb.size(); ++i) {
    if (ka[i].tleSortGroupRef != kb[i].tleSortGroupRef)
      return ka[i].tleSortGroupRef > kb[i].tleSortGroupRef;
    if (ka[i].sortop != kb[i].sortop) return ka[i].sortop > kb[i].sortop;
    if (ka[i].nulls_first != kb[i].nulls_first) return ka[i].nulls_first;
  }
  return ka.size() > kb.size();
}

bool AllSortable(const std::vector<nodes::SortGroupClause>& clauses) {
  return std::all_of(clauses.begin(), clauses.end(),
                     [](const nodes::SortGroupClause& c) { return c.sortop != kInvalidOid; });
}

// Adds `expr` to `target` unless an equal expression is there already.
void AddNewColumn(PathTarget* target, const ExprPtr& expr, nodes::Index sortgroupref) {
  for (const auto& have : target->exprs) {
    if (ExprEqual(have.get(), expr.get())) return;
  }
  target->exprs.push_back(expr);
  target->sortgrouprefs.push_back(sortgroupref);
}

}  // namespace

std::vector<ActiveWindow> PrepareActiveWindows(nodes::Query* parse) {
  std::vector<ActiveWindow> by_winref(parse->windowClause.size());
  for (auto& tle : parse->targetList) {
    tle.expr = executor::MutateExpr(tle.expr, [&](const ExprPtr& e) -> ExprPtr {
      if (e->tag != NodeTag::kWindowFunc) return nullptr;
      const auto& wfunc = *nodes::As<nodes::WindowFunc>(e);
      HYRAX_CHECK(wfunc.winref >= 1 && wfunc.winref <= by_winref.size(),
                  "window function with an unknown window clause");
      auto& funcs = by_winref[wfunc.winref - 1].winfuncs;
      auto copy = std::make_shared<nodes::WindowFunc>(wfunc);
      copy->winfuncno = -1;
      for (const auto& have : funcs) {
        auto unnumbered = std::make_shared<nodes::WindowFunc>(*have);
        unnumbered->winfuncno = -1;
        if (ExprEqual(unnumbered.get(), copy.get())) return have;
      }
      copy->winfuncno = static_cast<int>(funcs.size());
      funcs.push_back(copy);
      return copy;
    });
  }
  std::vector<ActiveWindow> active;
  for (size_t i = 0; i < parse->windowClause.size(); ++i) {
    if (by_winref[i].winfuncs.empty()) continue;
    by_winref[i].wc = &parse->windowClause[i];
    active.push_back(std::move(by_winref[i]));
  }
  std::stable_sort(active.begin(), active.end(), StackBefore);
  return active;
}

std::vector<PathKey> WindowPathKeys(const nodes::TargetList& tlist, const nodes::WindowClause& wc) {
  if (!AllSortable(wc.partitionClause)) {
    throw Error(errcode::kFeatureNotSupported, "could not implement window PARTITION BY")
        .Detail("Window partitioning columns must be of sortable datatypes.");
  }
  if (!AllSortable(wc.orderClause)) {
    throw Error(errcode::kFeatureNotSupported, "could not implement window ORDER BY")
        .Detail("Window ordering columns must be of sortable datatypes.");
  }
  // A key whose expression is already sorted on earlier adds nothing (a redundant pathkey).
  std::vector<PathKey> keys;
  for (const PathKey& key : PathKeysFor(tlist, WindowSortClauses(wc))) {
    bool redundant = std::any_of(keys.begin(), keys.end(), [&](const PathKey& have) {
      return ExprEqual(have.expr.get(), key.expr.get());
    });
    if (!redundant) keys.push_back(key);
  }
  return keys;
}

std::shared_ptr<PathTarget> WindowInputTarget(PlannerInfo* root, const PathTarget& final_target,
                                              const std::vector<ActiveWindow>& windows,
                                              const std::vector<nodes::SortGroupClause>& group) {
  std::set<nodes::Index> keep_whole;
  for (const auto& window : windows) {
    for (const auto& sgc : WindowSortClauses(*window.wc)) keep_whole.insert(sgc.tleSortGroupRef);
  }
  for (const auto& sgc : group) keep_whole.insert(sgc.tleSortGroupRef);

  auto target = std::make_shared<PathTarget>();
  nodes::ExprList flattenable;
  for (size_t i = 0; i < final_target.exprs.size(); ++i) {
    nodes::Index ref = i < final_target.sortgrouprefs.size() ? final_target.sortgrouprefs[i] : 0;
    if (ref != 0 && keep_whole.count(ref) != 0) {
      AddNewColumn(target.get(), final_target.exprs[i], ref);
    } else {
      flattenable.push_back(final_target.exprs[i]);
    }
  }
  // Vars and whole Aggrefs (computed by the Agg below), looking inside window functions
  // (pull_var_clause with PVC_INCLUDE_AGGREGATES | PVC_RECURSE_WINDOWFUNCS).
  for (const auto& expr : flattenable) {
    executor::WalkExpr(expr, [&](const ExprPtr& e) {
      if (e->tag == NodeTag::kAggref) {
        AddNewColumn(target.get(), e, 0);
        return false;
      }
      if (e->tag != NodeTag::kVar) return true;
      if (nodes::As<nodes::Var>(e)->varlevelsup == 0) AddNewColumn(target.get(), e, 0);
      return false;
    });
  }
  SetPathTargetCostWidth(root, target.get());
  return target;
}

PathPtr CreateWindowPaths(PlannerInfo* root, PathPtr input,
                          const std::vector<ActiveWindow>& windows,
                          std::shared_ptr<PathTarget> output_target) {
  PathPtr path = std::move(input);
  std::shared_ptr<PathTarget> window_target = path->pathtarget;
  for (size_t i = 0; i < windows.size(); ++i) {
    const ActiveWindow& window = windows[i];
    std::vector<PathKey> keys = WindowPathKeys(root->parse->targetList, *window.wc);
    if (!PathKeysContainedIn(keys, path->pathkeys)) path = CreateSortPath(path, keys, -1);
    if (i + 1 < windows.size()) {
      // An intermediate WindowAgg adds its functions' values to what it passes up; they
      // cost nothing to read, but widen the rows.
      window_target = std::make_shared<PathTarget>(*window_target);
      for (const auto& wfunc : window.winfuncs) {
        window_target->exprs.push_back(wfunc);
        window_target->sortgrouprefs.push_back(0);
        window_target->width += TypeAvgWidth(wfunc->result_type, -1);
      }
    } else {
      window_target = output_target;
    }
    path = CreateWindowAggPath(path, window_target, window.wc, window.winfuncs);
  }
  return path;
}

}  // namespace hyrax::planner
