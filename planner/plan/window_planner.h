// Window-function planning of one query level (PostgreSQL's planner.c:
// select_active_windows, make_window_input_target, make_pathkeys_for_window,
// create_one_window_path). GroupingPlanner calls these between grouping and DISTINCT /
// ORDER BY: one WindowAgg per window clause, stacked, each above a Sort unless its input is
// already in the window's order. planner/README.md "Window functions".
#pragma once

#include <memory>
#include <vector>

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// A window clause that has window functions, with those functions (index = winfuncno).
struct ActiveWindow {
  const nodes::WindowClause* wc = nullptr;  // points into the level's Query
  std::vector<std::shared_ptr<nodes::WindowFunc>> winfuncs;
};

// Numbers the window functions of parse->targetList in place (WindowFunc::winfuncno, counted
// per window clause; identical calls share a number) and returns the clauses that have
// functions in the order their WindowAggs are stacked, bottom first: windows that need the
// same sort are adjacent, and a window whose keys extend another's comes first.
std::vector<ActiveWindow> PrepareActiveWindows(nodes::Query* parse);

// The ordering a window needs: its PARTITION BY then ORDER BY keys, without repeats.
// Throws 0A000 when a key has no ordering operator.
std::vector<PathKey> WindowPathKeys(const nodes::TargetList& tlist, const nodes::WindowClause& wc);

// What the input of the windows must produce (the scan/join or grouping output): the
// partitioning, ordering and grouping expressions whole, plus the Vars and Aggrefs of every
// other output expression, window function arguments included.
std::shared_ptr<PathTarget> WindowInputTarget(PlannerInfo* root, const PathTarget& final_target,
                                              const std::vector<ActiveWindow>& windows,
                                              const std::vector<nodes::SortGroupClause>& group);

// Stacks one WindowAgg per window (in `windows` order) over `input`, which produces the
// window input target; the top one produces `output_target`.
PathPtr CreateWindowPaths(PlannerInfo* root, PathPtr input,
                          const std::vector<ActiveWindow>& windows,
                          std::shared_ptr<PathTarget> output_target);

}  // namespace hyrax::planner
