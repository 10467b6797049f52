// Append relations (see appendrel.h).
#include "planner/path/appendrel.h"

#include "common/error.h"
#include "nodes/make_nodes.h"
#include "planner/cost/costsize.h"
#include "planner/path/clausesel.h"
#include "planner/path/indxpath.h"
#include "planner/path/partprune.h"
#include "planner/path/pathnode.h"
#include "planner/path/plancat.h"
#include "planner/prep/inherit.h"
#include "storage/catalog/relcache.h"

namespace hyrax::planner {

namespace {

RelOptInfoPtr BuildChildRel(PlannerInfo* root, const RelOptInfo& parent,
                            const AppendRelInfo& info) {
  auto child = std::make_shared<RelOptInfo>();
  child->relid = info.child_relid;
  child->relids = info.child_relid < 64 ? RelidsSingleton(info.child_relid) : 0;
  child->rtekind = nodes::RteKind::kRelation;
  ExprList clauses;
  for (const auto& ri : parent.baserestrictinfo) {
    auto translated = std::make_shared<RestrictInfo>(*ri);
    translated->clause = TranslateToChild(ri->clause, info);
    translated->required_relids = child->relids;
    translated->selectivity = -1;
    child->baserestrictinfo.push_back(translated);
    clauses.push_back(translated->clause);
  }
  child->baserestrictcost = CostQualEval(clauses);
  if (root->simple_rel_array.size() <= info.child_relid) {
    root->simple_rel_array.resize(info.child_relid + 1);
  }
  root->simple_rel_array[info.child_relid] = child;
  auto relation = catalog::RelationIdGetRelation(info.child_oid);
  if (!relation) {
    throw MakeError(errcode::kUndefinedTable, "could not open relation with OID {}",
                    info.child_oid);
  }
  GetRelationInfo(child.get(), *relation);
  child->rows = ClampRowEst(child->tuples * ClauseListSelectivity(root, clauses));
  for (size_t i = 0; i < parent.reltarget.exprs.size(); ++i) {
    child->reltarget.exprs.push_back(TranslateToChild(parent.reltarget.exprs[i], info));
    child->reltarget.sortgrouprefs.push_back(parent.reltarget.sortgrouprefs.at(i));
  }
  SetPathTargetCostWidth(root, &child->reltarget);
  AddPath(child.get(), CreateSeqScanPath(child.get()));
  CreateIndexPaths(root, child.get());
  return child;
}

}  // namespace

void SetAppendRelSizeAndPaths(PlannerInfo* root, RelOptInfo* rel) {
  std::set<Oid> pruned = PrunedPartitions(root, *rel);
  std::vector<PathPtr> subpaths;
  std::vector<const AppendRelInfo*> infos;
  double tuples = 0;
  double pages = 0;
  for (const auto& info : root->append_rel_list) {
    if (info.parent_relid != rel->relid) continue;
    if (pruned.count(info.child_oid) != 0) continue;
    RelOptInfoPtr child = BuildChildRel(root, *rel, info);
    tuples += child->tuples;
    pages += child->pages;
    subpaths.push_back(child->cheapest_total_path);
    infos.push_back(&info);
  }
  rel->tuples = tuples;
  rel->pages = pages;
  double rows = 0;
  for (const auto& p : subpaths) rows += p->rows;
  rel->rows = ClampRowEst(rows);
  if (subpaths.empty()) {
    // Every child pruned (or a partitioned table without partitions): a dummy relation,
    // shown as a Result with "One-Time Filter: false" (PostgreSQL's mark_dummy_rel).
    auto dummy = std::make_shared<ProjectionPath>();
    dummy->parent = rel;
    dummy->pathtarget = std::make_shared<PathTarget>(rel->reltarget);
    dummy->quals = {nodes::MakeBoolConst(false)};
    dummy->dummy = true;
    dummy->rows = 0;
    AddPath(rel, dummy);
    return;
  }
  PathPtr append =
      CreateAppendPath(rel, std::move(subpaths), std::make_shared<PathTarget>(rel->reltarget));
  auto& ap = static_cast<AppendPath&>(*append);
  ap.apprelid = rel->relid;
  ap.child_infos = std::move(infos);
  auto relation = catalog::RelationIdGetRelation(root->parse->rtable.at(rel->relid - 1).relid);
  ap.partitioned = relation && relation->relkind() == 'p';
  AddPath(rel, append);
}

std::vector<Index> AppendChildRelids(const PlannerInfo& root, Index parent_rti) {
  std::vector<Index> out;
  for (const auto& info : root.append_rel_list) {
    if (info.parent_relid != parent_rti) continue;
    if (info.child_relid < root.simple_rel_array.size() &&
        root.simple_rel_array[info.child_relid] != nullptr &&
        !root.simple_rel_array[info.child_relid]->pathlist.empty()) {
      out.push_back(info.child_relid);
    }
  }
  return out;
}

}  // namespace hyrax::planner
