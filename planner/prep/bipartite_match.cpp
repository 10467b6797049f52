// Hopcroft-Karp maximum matching (see bipartite_match.h).
#include "planner/prep/bipartite_match.h"

#include <cstddef>
#include <limits>

namespace hyrax::planner {

namespace {

constexpr int kInfinity = std::numeric_limits<int>::max();

struct MatchState {
  int u_size;
  const std::vector<std::vector<int>>& adjacency;
  BipartiteMatching result;
  std::vector<int> distance;  // per u, index 0 for the free-vertex sentinel
};

// Layers the graph from the free u vertices; true when an augmenting path exists.
bool BreadthSearch(MatchState& s) {
  std::vector<int> queue;
  s.distance[0] = kInfinity;
  for (int u = 1; u <= s.u_size; ++u) {
    if (s.result.pair_uv[u] == 0) {
      s.distance[u] = 0;
      queue.push_back(u);
    } else {
      s.distance[u] = kInfinity;
    }
  }
  for (size_t head = 0; head < queue.size(); ++head) {
    int u = queue[head];
    if (s.distance[u] >= s.distance[0]) continue;
    const auto& adj = s.adjacency[u];
    for (auto it = adj.rbegin(); it != adj.rend(); ++it) {
      int next = s.result.pair_vu[*it];
      if (s.distance[next] == kInfinity) {
        s.distance[next] = s.distance[u] + 1;
        queue.push_back(next);
      }
    }
  }
  return s.distance[0] != kInfinity;
}

bool DepthSearch(MatchState& s, int u) {
  if (u == 0) return true;
  if (s.distance[u] == kInfinity) return false;
  int next_distance = s.distance[u] + 1;
  const auto& adj = s.adjacency[u];
  for (auto it = adj.rbegin(); it != adj.rend(); ++it) {
    int v = *it;
    if (s.distance[s.result.pair_vu[v]] == next_distance && DepthSearch(s, s.result.pair_vu[v])) {
      s.result.pair_vu[v] = u;
      s.result.pair_uv[u] = v;
      return true;
    }
  }
  s.distance[u] = kInfinity;
  return false;
}

}  // namespace

BipartiteMatching MatchBipartite(int u_size, int v_size,
                                 const std::vector<std::vector<int>>& adjacency) {
  MatchState s{u_size, adjacency, {}, {}};
  s.result.pair_uv.assign(static_cast<size_t>(u_size) + 1, 0);
  s.result.pair_vu.assign(static_cast<size_t>(v_size) + 1, 0);
  s.distance.assign(static_cast<size_t>(u_size) + 1, 0);
  while (BreadthSearch(s)) {
    for (int u = 1; u <= u_size; ++u) {
      if (s.result.pair_uv[u] == 0) DepthSearch(s, u);
    }
  }
  return s.result;
}

}  // namespace hyrax::planner
