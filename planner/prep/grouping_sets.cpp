// Grouping-set expansion and rollup extraction (see grouping_sets.h).
#include "planner/prep/grouping_sets.h"

#include <algorithm>
#include <cstdint>

#include "common/error.h"
#include "common/pg_qsort.h"
#include "planner/prep/bipartite_match.h"

namespace hyrax::planner {

namespace {

using nodes::GroupingSet;
using nodes::GroupingSetKind;
using nodes::Index;

bool Contains(const GroupingSetRefs& set, Index ref) {
  return std::find(set.begin(), set.end(), ref) != set.end();
}

// `a` followed by the members of `b` it lacks (PostgreSQL's list_union_int).
GroupingSetRefs Union(const GroupingSetRefs& a, const GroupingSetRefs& b) {
  GroupingSetRefs out;
  for (Index r : a) {
    if (!Contains(out, r)) out.push_back(r);
  }
  for (Index r : b) {
    if (!Contains(out, r)) out.push_back(r);
  }
  return out;
}

// The refs of a ROLLUP / CUBE item (a simple set; `()` is accepted as empty).
const GroupingSetRefs& ItemRefs(const GroupingSet& item) {
  if (item.kind != GroupingSetKind::kSimple && item.kind != GroupingSetKind::kEmpty) {
    throw Error(errcode::kInternalError, "unexpected nested grouping set in ROLLUP or CUBE");
  }
  return item.refs;
}

GroupingSetList ExpandNode(const GroupingSet& gs) {
  GroupingSetList out;
  switch (gs.kind) {
    case GroupingSetKind::kEmpty:
      out.emplace_back();
      break;
    case GroupingSetKind::kSimple:
      out.push_back(gs.refs);
      break;
    case GroupingSetKind::kRollup:
      // ROLLUP (a, b, c): (a, b, c), (a, b), (a), ().
      for (size_t n = gs.content.size(); n > 0; --n) {
        GroupingSetRefs set;
        for (size_t i = 0; i < n; ++i) {
          const auto& refs = ItemRefs(gs.content[i]);
          set.insert(set.end(), refs.begin(), refs.end());
        }
        out.push_back(std::move(set));
      }
      out.emplace_back();
      break;
    case GroupingSetKind::kCube: {
      // CUBE (a, b, ...): every subset, bit i of the counter choosing item i.
      size_t n = gs.content.size();
      if (n >= 31) throw Error(errcode::kInternalError, "CUBE is limited to 12 elements");
      for (uint32_t mask = 0; mask < (1u << n); ++mask) {
        GroupingSetRefs set;
        for (size_t i = 0; i < n; ++i) {
          if ((mask & (1u << i)) == 0) continue;
          const auto& refs = ItemRefs(gs.content[i]);
          set.insert(set.end(), refs.begin(), refs.end());
        }
        out.push_back(std::move(set));
      }
      break;
    }
    case GroupingSetKind::kSets:
      for (const auto& item : gs.content) {
        GroupingSetList sub = ExpandNode(item);
        out.insert(out.end(), sub.begin(), sub.end());
      }
      break;
  }
  return out;
}

int CompareLength(const GroupingSetRefs& a, const GroupingSetRefs& b) {
  return a.size() > b.size() ? 1 : a.size() == b.size() ? 0 : -1;
}

int CompareLengthThenContents(const GroupingSetRefs& a, const GroupingSetRefs& b) {
  if (int c = CompareLength(a, b)) return c;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return a[i] > b[i] ? 1 : -1;
  }
  return 0;
}

bool IsSubset(const GroupingSetRefs& small, const GroupingSetRefs& big) {
  for (Index r : small) {
    if (!Contains(big, r)) return false;
  }
  return true;
}

bool SameMembers(const GroupingSetRefs& a, const GroupingSetRefs& b) {
  return a.size() == b.size() && IsSubset(a, b);
}

}  // namespace

std::optional<GroupingSetList> ExpandGroupingSets(const std::vector<GroupingSet>& sets,
                                                  bool distinct, int limit) {
  std::vector<GroupingSetList> expanded;
  double count = 1;
  for (const auto& gs : sets) {
    expanded.push_back(ExpandNode(gs));
    count *= static_cast<double>(expanded.back().size());
    if (limit >= 0 && count > limit) return std::nullopt;
  }
  GroupingSetList result;
  if (expanded.empty()) return result;
  for (const auto& set : expanded[0]) result.push_back(Union({}, set));
  for (size_t i = 1; i < expanded.size(); ++i) {
    GroupingSetList product;
    for (const auto& left : result) {
      for (const auto& right : expanded[i]) product.push_back(Union(left, right));
    }
    result = std::move(product);
  }
  if (!distinct || result.size() < 2) {
    PgQsort(result, CompareLength);
    return result;
  }
  for (auto& set : result) {
    PgQsort(set, [](Index a, Index b) { return a > b ? 1 : a == b ? 0 : -1; });
  }
  PgQsort(result, CompareLengthThenContents);
  GroupingSetList unique;
  for (auto& set : result) {
    if (unique.empty() || unique.back() != set) unique.push_back(std::move(set));
  }
  return unique;
}

std::vector<GroupingSetList> ExtractRollupSets(const GroupingSetList& sets) {
  size_t first_nonempty = 0;
  while (first_nonempty < sets.size() && sets[first_nonempty].empty()) ++first_nonempty;
  if (first_nonempty == sets.size()) return {sets};
  // Distinct sets numbered from 1 (0 is the matching's sentinel); duplicates kept with the
  // first of their kind. A set may follow any smaller set it contains.
  std::vector<GroupingSetList> originals(1);
  std::vector<GroupingSetRefs> members(1);
  std::vector<std::vector<int>> adjacency(1);
  size_t size_start = 0;  // first distinct set of the current size
  size_t current_size = 0;
  for (size_t i = first_nonempty; i < sets.size(); ++i) {
    const GroupingSetRefs& candidate = sets[i];
    int dup_of = 0;
    if (candidate.size() == current_size) {
      for (size_t k = size_start; k < members.size(); ++k) {
        if (SameMembers(members[k], candidate)) {
          dup_of = static_cast<int>(k);
          break;
        }
      }
    } else if (candidate.size() > current_size) {
      current_size = candidate.size();
      size_start = members.size();
    }
    if (dup_of > 0) {
      originals[dup_of].push_back(candidate);
      continue;
    }
    std::vector<int> adj;
    for (size_t k = size_start; k-- > 1;) {
      if (IsSubset(members[k], candidate)) adj.push_back(static_cast<int>(k));
    }
    originals.push_back({candidate});
    members.push_back(candidate);
    adjacency.push_back(std::move(adj));
  }
  int num_sets = static_cast<int>(members.size()) - 1;
  BipartiteMatching match = MatchBipartite(num_sets, num_sets, adjacency);
  // Matched pairs are consecutive members of one chain.
  std::vector<int> chain_of(static_cast<size_t>(num_sets) + 1, 0);
  int num_chains = 0;
  for (int i = 1; i <= num_sets; ++i) {
    int u = match.pair_vu[i];
    int v = match.pair_uv[i];
    if (u > 0 && u < i) {
      chain_of[i] = chain_of[u];
    } else if (v > 0 && v < i) {
      chain_of[i] = chain_of[v];
    } else {
      chain_of[i] = ++num_chains;
    }
  }
  std::vector<GroupingSetList> chains(static_cast<size_t>(num_chains));
  for (int i = 1; i <= num_sets; ++i) {
    auto& chain = chains[chain_of[i] - 1];
    chain.insert(chain.end(), originals[i].begin(), originals[i].end());
  }
  chains[0].insert(chains[0].begin(), first_nonempty, GroupingSetRefs{});
  return chains;
}

GroupingSetList ReorderGroupingSets(const GroupingSetList& chain, std::vector<Index> sort_refs) {
  GroupingSetRefs previous;
  GroupingSetList result;
  for (const auto& candidate : chain) {
    GroupingSetRefs new_elems;
    for (Index r : candidate) {
      if (!Contains(previous, r)) new_elems.push_back(r);
    }
    // Take the new members in ORDER BY order while the ORDER BY keeps matching.
    while (sort_refs.size() > previous.size() && !new_elems.empty()) {
      Index want = sort_refs[previous.size()];
      auto it = std::find(new_elems.begin(), new_elems.end(), want);
      if (it == new_elems.end()) {
        sort_refs.clear();
        break;
      }
      previous.push_back(want);
      new_elems.erase(it);
    }
    previous.insert(previous.end(), new_elems.begin(), new_elems.end());
    result.insert(result.begin(), previous);
  }
  return result;
}

}  // namespace hyrax::planner
