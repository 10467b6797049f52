// Redundant GROUP BY columns (see useless_groupby.h).
#include "planner/prep/useless_groupby.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using nodes::Index;
using nodes::NodeTag;

// The grouped plain column behind a group clause, or nullptr.
const nodes::Var* GroupedVar(const nodes::Query& query, const nodes::SortGroupClause& sgc) {
  for (const auto& tle : query.targetList) {
    if (tle.ressortgroupref != sgc.tleSortGroupRef) continue;
    if (tle.expr->tag != NodeTag::kVar) return nullptr;
    const auto* var = nodes::As<nodes::Var>(tle.expr.get());
    return var->varlevelsup == 0 ? var : nullptr;
  }
  return nullptr;
}

// The columns of relation `relid`'s primary key, if it has a non-deferrable one.
std::set<int> PrimaryKeyColumns(Oid relid) {
  for (const auto& con : catalog::Syscache().ConstraintsOf(relid)) {
    if (con.contype == 'p' && !con.condeferrable) return {con.conkey.begin(), con.conkey.end()};
  }
  return {};
}

}  // namespace

void RemoveUselessGroupByColumns(nodes::Query* query) {
  if (query->groupClause.empty() || !query->groupingSets.empty()) return;
  std::map<Index, std::set<int>> grouped;  // range table index -> grouped columns
  for (const auto& sgc : query->groupClause) {
    if (const nodes::Var* var = GroupedVar(*query, sgc)) grouped[var->varno].insert(var->varattno);
  }
  std::map<Index, std::set<int>> surplus;
  for (const auto& [rti, columns] : grouped) {
    if (columns.size() < 2 || rti == 0 || rti > query->rtable.size()) continue;
    const nodes::RangeTblEntry& rte = query->rtable[rti - 1];
    if (rte.rtekind != nodes::RteKind::kRelation) continue;
    // A child of an inheritance parent may hold rows with the same key (not so for
    // partitions).
    if (rte.inh && rte.relkind != 'p') continue;
    std::set<int> key = PrimaryKeyColumns(rte.relid);
    if (key.empty() || !std::includes(columns.begin(), columns.end(), key.begin(), key.end())) {
      continue;
    }
    std::set<int> rest;
    std::set_difference(columns.begin(), columns.end(), key.begin(), key.end(),
                        std::inserter(rest, rest.end()));
    if (!rest.empty()) surplus[rti] = std::move(rest);
  }
  if (surplus.empty()) return;
  std::vector<nodes::SortGroupClause> kept;
  for (const auto& sgc : query->groupClause) {
    const nodes::Var* var = GroupedVar(*query, sgc);
    bool redundant = var != nullptr && surplus.count(var->varno) != 0 &&
                     surplus[var->varno].count(var->varattno) != 0;
    if (!redundant) kept.push_back(sgc);
  }
  query->groupClause = std::move(kept);
}

}  // namespace hyrax::planner
