// Rejected-path descriptions for EXPLAIN (ALTERNATIVES) (see plan_alternatives.h).
#include "planner/plan/plan_alternatives.h"

#include <algorithm>

#include <fmt/format.h>

#include "planner/explain/node_names.h"
#include "storage/catalog/relcache.h"

namespace hyrax::planner {

namespace {

using nodes::PlanTag;

// The aliases of the relations in `relids`, space separated (EXPLAIN's names for them).
std::string RelNames(PlannerInfo* root, Relids relids) {
  std::string out;
  for (Index rti = 1; rti < root->simple_rel_array.size() && rti < 64; ++rti) {
    if ((relids & RelidsSingleton(rti)) == 0) continue;
    if (!out.empty()) out += " ";
    out += root->parse->rtable[rti - 1].eref.aliasname;
  }
  return out;
}

// A scan's target as EXPLAIN writes it: "orders o", "orders" (alias only when different).
std::string ScanTarget(PlannerInfo* root, const RelOptInfo& rel) {
  const auto& rte = root->parse->rtable[rel.relid - 1];
  if (rte.rtekind != nodes::RteKind::kRelation) return rte.eref.aliasname;
  auto relation = catalog::RelationIdGetRelation(rte.relid);
  std::string relname = relation ? relation->name() : rte.eref.aliasname;
  return relname == rte.eref.aliasname ? relname : relname + " " + rte.eref.aliasname;
}

std::string Describe(PlannerInfo* root, const Path& path);

// A join input: its relations, or the path itself when it is more than a plain scan of them
// (a parameterised index scan, a Materialize, a unique-ified sub-select).
std::string DescribeInput(PlannerInfo* root, const Path& input) {
  switch (input.pathtype) {
    case PlanTag::kMaterial:
      return "Materialize(" +
             DescribeInput(root, *static_cast<const MaterialPath&>(input).subpath) + ")";
    case PlanTag::kAgg:
    case PlanTag::kUnique: {
      const RelOptInfo* rel = input.parent;
      std::string name = input.pathtype == PlanTag::kAgg ? "HashAggregate" : "Unique";
      return name + "(" + (rel ? RelNames(root, rel->relids) : "") + ")";
    }
    case PlanTag::kIndexScan:
    case PlanTag::kIndexOnlyScan:
      if (static_cast<const IndexPath&>(input).required_outer != 0) return Describe(root, input);
      [[fallthrough]];
    default:
      return input.parent ? RelNames(root, input.parent->relids) : "?";
  }
}

std::string Describe(PlannerInfo* root, const Path& path) {
  std::string name = NodeNames(path.pathtype).pname;
  switch (path.pathtype) {
    case PlanTag::kIndexScan:
    case PlanTag::kIndexOnlyScan: {
      const auto& ip = static_cast<const IndexPath&>(path);
      bool backward = ip.indexscandir == nodes::ScanDirection::kBackward;
      return name + (backward ? " Backward" : "") + " using " + ip.indexinfo->name + " on " +
             ScanTarget(root, *path.parent);
    }
    case PlanTag::kNestLoop:
    case PlanTag::kHashJoin:
    case PlanTag::kMergeJoin: {
      const auto& jp = static_cast<const JoinPath&>(path);
      // EXPLAIN's names: "Hash" + " Semi Join", "Nested Loop" alone for an inner join.
      if (jp.jointype != nodes::JoinType::kInner) {
        name += std::string(" ") + JoinTypeName(jp.jointype) + " Join";
      } else if (path.pathtype != PlanTag::kNestLoop) {
        name += " Join";
      }
      return name + ", outer " + DescribeInput(root, *jp.outerjoinpath) + ", inner " +
             DescribeInput(root, *jp.innerjoinpath);
    }
    default:
      if (path.parent == nullptr) return name;
      if (path.parent->reloptkind == RelOptKind::kBaseRel) {
        return name + " on " + ScanTarget(root, *path.parent);
      }
      return name + " on " + RelNames(root, path.parent->relids);
  }
}

}  // namespace

std::vector<std::string> RejectedAlternatives(PlannerInfo* root, const Path& chosen, size_t limit) {
  const RelOptInfo* rel = chosen.parent;
  if (rel == nullptr || rel->reloptkind == RelOptKind::kUpperRel) return {};
  std::string chosen_text = Describe(root, chosen);
  std::vector<const Path*> candidates;
  for (const auto& p : rel->pathlist) {
    if (p.get() != &chosen) candidates.push_back(p.get());
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Path* a, const Path* b) { return a->total_cost < b->total_cost; });
  std::vector<std::string> seen{chosen_text};
  std::vector<std::string> out;
  for (const Path* p : candidates) {
    if (out.size() >= limit) break;
    std::string text = Describe(root, *p);
    if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
    seen.push_back(text);
    std::string why =
        p->total_cost > chosen.total_cost
            ? fmt::format("rejected: total cost {:.2f} > {:.2f}", p->total_cost, chosen.total_cost)
            : fmt::format(
                  "not chosen: total cost {:.2f} <= {:.2f}, but the chosen path's order "
                  "or startup cost serves the query better",
                  p->total_cost, chosen.total_cost);
    out.push_back(
        fmt::format("{} (cost={:.2f}..{:.2f}) {}", text, p->startup_cost, p->total_cost, why));
  }
  return out;
}

}  // namespace hyrax::planner
