// Maximum bipartite matching (Hopcroft-Karp), as PostgreSQL's lib/bipartite_match.c runs
// it: vertices are numbered from 1 (0 is the "unmatched" sentinel) and each vertex's
// neighbours are tried from the last to the first, so the matching found — and therefore
// the rollups that prep/grouping_sets.cpp builds from it — is the one PostgreSQL finds.
#pragma once

#include <vector>

namespace hyrax::planner {

struct BipartiteMatching {
  std::vector<int> pair_uv;  // pair_uv[u]: the v matched to u, 0 when none (index 0 unused)
  std::vector<int> pair_vu;  // pair_vu[v]: the u matched to v, 0 when none
};

// adjacency[u] (u = 1..u_size) lists the v (1..v_size) that u may be matched to.
BipartiteMatching MatchBipartite(int u_size, int v_size,
                                 const std::vector<std::vector<int>>& adjacency);

}  // namespace hyrax::planner
