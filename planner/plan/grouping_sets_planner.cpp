// Grouping-sets paths (see grouping_sets_planner.h).
#include "planner/plan/grouping_sets_planner.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "planner/path/clausesel.h"
#include "planner/path/pathnode.h"
#include "planner/plan/planner.h"
#include "planner/prep/grouping_sets.h"

namespace hyrax::planner {

namespace {

const nodes::SortGroupClause& ClauseForRef(const nodes::Query& parse, nodes::Index ref) {
  for (const auto& sgc : parse.groupClause) {
    if (sgc.tleSortGroupRef == ref) return sgc;
  }
  throw Error(errcode::kInternalError, "grouping set refers to no GROUP BY item");
}

// The estimated groups of one set: those of its leading `length` columns of `clauses`
// (estimate_num_groups over the set; one group for the empty set).
double SetGroups(PlannerInfo* root, const nodes::TargetList& tlist,
                 const std::vector<nodes::SortGroupClause>& clauses, int length,
                 double input_rows) {
  if (length == 0) return 1;
  std::vector<nodes::SortGroupClause> prefix(clauses.begin(), clauses.begin() + length);
  ExprList exprs;
  for (const auto& key : PathKeysFor(tlist, prefix)) exprs.push_back(key.expr);
  return EstimateNumGroups(root, exprs, input_rows);
}

// A rollup for `sets` (largest first, each a prefix of the first).
AggPathRollup MakeRollup(PlannerInfo* root, const GroupingSetList& sets, double input_rows) {
  const nodes::Query& parse = *root->parse;
  AggPathRollup rollup;
  for (nodes::Index ref : sets.front()) rollup.groupClause.push_back(ClauseForRef(parse, ref));
  rollup.numGroups = 0;
  for (const auto& set : sets) {
    int length = static_cast<int>(set.size());
    rollup.setLengths.push_back(length);
    rollup.numGroups += SetGroups(root, parse.targetList, rollup.groupClause, length, input_rows);
  }
  return rollup;
}

bool Hashable(const AggPathRollup& rollup) {
  if (rollup.groupClause.empty()) return false;
  for (const auto& sgc : rollup.groupClause) {
    if (!sgc.hashable) return false;
  }
  return true;
}

// PostgreSQL's hash_agg_entry_size: a group's hash entry, key row and transition states.
double HashEntrySize(int num_aggs, int width, int64_t transition_space) {
  auto maxalign = [](double n) { return std::ceil(n / 8) * 8; };
  constexpr double kChunkHeader = 16, kMinimalTupleHeader = 16, kEntry = 24, kPerGroup = 16;
  double size = kEntry + kChunkHeader + maxalign(kMinimalTupleHeader) + width;
  if (num_aggs > 0) size += kChunkHeader + kPerGroup * num_aggs;
  if (transition_space > 0) size += kChunkHeader + static_cast<double>(transition_space);
  return size;
}

// PostgreSQL's DiscreteKnapsack with every item worth 1: the items (by index) that fit
// `capacity` in greatest number, later items preferred on ties.
std::vector<bool> KnapsackItems(int capacity, const std::vector<int>& weights) {
  size_t n = weights.size();
  std::vector<double> values(static_cast<size_t>(capacity) + 1, 0);
  std::vector<std::vector<bool>> sets(static_cast<size_t>(capacity) + 1, std::vector<bool>(n));
  for (size_t i = 0; i < n; ++i) {
    for (int j = capacity; j >= weights[i]; --j) {
      int rest = j - weights[i];
      if (values[j] <= values[rest] + 1) {
        if (j != rest) sets[j] = sets[rest];
        sets[j][i] = true;
        values[j] = values[rest] + 1;
      }
    }
  }
  return sets[capacity];
}

// A hashed rollup computing the single set of the first `length` columns of `from`.
AggPathRollup HashedSet(PlannerInfo* root, const AggPathRollup& from, int length,
                        double input_rows) {
  AggPathRollup one;
  one.groupClause.assign(from.groupClause.begin(), from.groupClause.begin() + length);
  one.setLengths = {length};
  one.hashed = true;
  one.numGroups = SetGroups(root, root->parse->targetList, from.groupClause, length, input_rows);
  return one;
}

}  // namespace

PathPtr MakeGroupingSetsPath(PlannerInfo* root, PathPtr input, std::shared_ptr<PathTarget> target,
                             const ExprList& having, const AggClauseCosts& costs, double fraction) {
  const nodes::Query& parse = *root->parse;
  for (const auto& sgc : parse.groupClause) {
    if (sgc.sortop == kInvalidOid) {
      // PostgreSQL hashes the sets it cannot sort; Hyrax sorts every rollup.
      throw Error(errcode::kFeatureNotSupported,
                  "grouping sets over columns that cannot be sorted are not supported yet");
    }
  }
  GroupingSetList sets = *ExpandGroupingSets(parse.groupingSets, parse.groupDistinct, -1);
  std::vector<GroupingSetList> chains = ExtractRollupSets(sets);
  std::vector<nodes::Index> sort_refs;
  if (chains.size() == 1) {
    for (const auto& sgc : parse.sortClause) sort_refs.push_back(sgc.tleSortGroupRef);
  }
  std::vector<AggPathRollup> rollups;
  double total_groups = 0;
  for (const auto& chain : chains) {
    rollups.push_back(MakeRollup(root, ReorderGroupingSets(chain, sort_refs), input->rows));
    total_groups += rollups.back().numGroups;
  }

  // Sorted: the first rollup reads the input sorted on its keys.
  std::vector<PathKey> group_keys = PathKeysFor(parse.targetList, rollups.front().groupClause);
  PathPtr sorted_input = PathKeysContainedIn(group_keys, input->pathkeys)
                             ? input
                             : CreateSortPath(input, group_keys, -1);
  PathPtr best = CreateGroupingSetsPath(root, sorted_input, target, nodes::AggStrategy::kSorted,
                                        rollups, having, costs, group_keys);
  bool can_hash = costs.numOrderedAggs == 0 && !parse.groupClause.empty();
  double entry = HashEntrySize(costs.numAggs, input->pathtarget->width, costs.transitionSpace);
  double hash_mem = g_work_mem_kb * 1024.0 * g_hash_mem_multiplier;

  // Mixed over the sorted input (consider_groupingsets_paths with sorted input): the first
  // rollup sorted, as many of the others hashed, set by set, as fit hash_mem (a knapsack
  // where each rollup hashed saves one sort).
  bool any_hashable = false;
  for (const auto& rollup : rollups) any_hashable |= Hashable(rollup);
  if (can_hash && any_hashable && rollups.size() > 1) {
    double scale = std::max(hash_mem / (20.0 * static_cast<double>(rollups.size())), 1.0);
    int capacity = static_cast<int>(std::floor(hash_mem / scale));
    std::vector<int> weights;
    std::vector<size_t> candidates;  // rollup index of each knapsack item
    for (size_t r = 1; r < rollups.size(); ++r) {
      if (!Hashable(rollups[r])) continue;
      double size = entry * rollups[r].numGroups;
      weights.push_back(static_cast<int>(std::min(std::floor(size / scale), capacity + 1.0)));
      candidates.push_back(r);
    }
    std::vector<bool> chosen = KnapsackItems(capacity, weights);
    std::vector<AggPathRollup> sorted_rollups{rollups.front()};
    std::vector<AggPathRollup> hashed_sets;
    for (size_t r = 1, item = 0; r < rollups.size(); ++r) {
      bool hash_it = item < candidates.size() && candidates[item] == r && chosen[item];
      if (item < candidates.size() && candidates[item] == r) ++item;
      if (!hash_it) {
        sorted_rollups.push_back(rollups[r]);
        continue;
      }
      for (int length : rollups[r].setLengths) {
        hashed_sets.push_back(HashedSet(root, rollups[r], length, input->rows));
      }
    }
    if (!hashed_sets.empty()) {
      // PostgreSQL prepends each hashed set, so they end up in reverse order.
      std::vector<AggPathRollup> mixed(hashed_sets.rbegin(), hashed_sets.rend());
      mixed.insert(mixed.end(), sorted_rollups.begin(), sorted_rollups.end());
      PathPtr path = CreateGroupingSetsPath(root, sorted_input, target, nodes::AggStrategy::kMixed,
                                            std::move(mixed), having, costs, {});
      if (CheaperForFraction(*path, *best, fraction)) best = path;
    }
  }

  // Hashed (consider_groupingsets_paths over unsorted input): one hash table per non-empty
  // set, the empty sets computed alongside as a plain aggregate (MixedAggregate). Not when
  // an aggregate sorts its input, a rollup cannot be hashed or the tables would not fit.
  bool hash_all = can_hash;
  for (const auto& rollup : rollups) {
    hash_all &= rollup.groupClause.empty() || Hashable(rollup);
  }
  if (hash_all && entry * total_groups <= hash_mem) {
    std::vector<AggPathRollup> hashed;
    AggPathRollup empty_sets;
    for (const auto& rollup : rollups) {
      for (int length : rollup.setLengths) {
        if (length == 0) {
          empty_sets.setLengths.push_back(0);
          continue;
        }
        hashed.push_back(HashedSet(root, rollup, length, input->rows));
      }
    }
    if (!hashed.empty()) {
      auto strategy = nodes::AggStrategy::kHashed;
      if (!empty_sets.setLengths.empty()) {
        empty_sets.numGroups = static_cast<double>(empty_sets.setLengths.size());
        hashed.push_back(std::move(empty_sets));
        strategy = nodes::AggStrategy::kMixed;
      }
      PathPtr path = CreateGroupingSetsPath(root, input, target, strategy, std::move(hashed),
                                            having, costs, {});
      if (CheaperForFraction(*path, *best, fraction)) best = path;
    }
  }
  return best;
}

}  // namespace hyrax::planner
