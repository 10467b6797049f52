// Path -> Plan (see createplan.h), plus CreatePlanForLevel from planner.h.
#include "planner/plan/createplan.h"

#include <algorithm>

#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "nodes/make_nodes.h"
#include "planner/cost/costsize.h"
#include "planner/path/srfpaths.h"
#include "planner/plan/create_mergejoin.h"
#include "planner/plan/plan_alternatives.h"
#include "planner/plan/planner.h"
#include "planner/plan/subselect.h"
#include "planner/prep/clauses.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using nodes::PlanTag;

// Labels the plan of a planned level with its query's column names and hangs the level's
// init plans on its top node (the end of PostgreSQL's create_plan for one level).
nodes::PlanPtr FinishLevelPlan(PlannerInfo* root, nodes::PlanPtr top);

nodes::TargetList BuildTlist(const PathTarget& target) {
  nodes::TargetList tlist;
  for (size_t i = 0; i < target.exprs.size(); ++i) {
    nodes::TargetEntry tle;
    tle.expr = target.exprs[i];
    tle.resno = static_cast<nodes::AttrNumber>(i + 1);
    tle.ressortgroupref = i < target.sortgrouprefs.size() ? target.sortgrouprefs[i] : 0;
    tlist.push_back(std::move(tle));
  }
  return tlist;
}

void CopyCosts(nodes::Plan* plan, const Path& path) {
  plan->startup_cost = path.startup_cost;
  plan->total_cost = path.total_cost;
  plan->plan_rows = path.rows;
  plan->plan_width = path.pathtarget ? path.pathtarget->width : 0;
}

// The clauses, cheapest first (order_qual_clauses: a stable sort on per-row cost, so
// equally cheap clauses keep their written order).
nodes::ExprList Clauses(const RestrictList& list) {
  std::vector<std::pair<double, nodes::ExprPtr>> costed;
  for (const auto& ri : list) costed.emplace_back(CostExprEval(ri->clause).per_tuple, ri->clause);
  std::stable_sort(costed.begin(), costed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  nodes::ExprList out;
  for (auto& [cost, clause] : costed) out.push_back(clause);
  return out;
}

// What a parent needs from its child's target list (PostgreSQL's CP_* flags).
enum TlistFlags : int {
  kExactTlist = 1,  // exactly the path's target (top of a query level, ModifyTable input)
  kSmallTlist = 2,  // as narrow as possible (Sort input)
  kLabelTlist = 4,  // sort/group labels needed (Agg, Unique input)
};

// A scan may return all table columns instead of projecting to its target when the parent
// does not care (use_physical_tlist): cheaper, and what PostgreSQL's EXPLAIN VERBOSE shows.
bool UsePhysicalTlist(PlannerInfo* root, const Path& path, int flags) {
  if ((path.pathtype != PlanTag::kSeqScan && path.pathtype != PlanTag::kIndexScan &&
       path.pathtype != PlanTag::kCteScan && path.pathtype != PlanTag::kWorkTableScan &&
       path.pathtype != PlanTag::kSubqueryScan) ||
      (flags & (kExactTlist | kSmallTlist)) != 0)
    return false;
  const RelOptInfo* rel = path.parent;
  for (const auto& e : path.pathtarget->exprs) {
    if (e->tag != nodes::NodeTag::kVar) return false;
    const auto& v = *nodes::As<nodes::Var>(e);
    if (v.varattno <= 0 || v.varno != rel->relid || v.varlevelsup != 0) return false;
  }
  nodes::RteKind kind = root->parse->rtable[rel->relid - 1].rtekind;
  return kind == nodes::RteKind::kRelation || kind == nodes::RteKind::kCte ||
         kind == nodes::RteKind::kSubquery;
}

// Every output column of a FROM sub-query, junk ones marked as such (build_physical_tlist
// for RTE_SUBQUERY): a scan that returns them all unchanged is removed (setrefs.cpp).
nodes::TargetList SubqueryPhysicalTlist(const RelOptInfo& rel, const PathTarget& target) {
  nodes::TargetList tlist;
  for (const auto& sub : rel.subroot->parse->targetList) {
    nodes::TargetEntry tle;
    tle.resno = sub.resno;
    tle.resjunk = sub.resjunk;
    tle.expr = nodes::MakeVar(rel.relid, sub.resno, sub.expr->result_type, sub.expr->result_typmod,
                              sub.expr->result_collation);
    for (size_t k = 0; k < target.exprs.size(); ++k) {
      const auto& v = *nodes::As<nodes::Var>(target.exprs[k]);
      if (v.varattno == tle.resno && k < target.sortgrouprefs.size()) {
        tle.ressortgroupref = target.sortgrouprefs[k];
      }
    }
    tlist.push_back(std::move(tle));
  }
  return tlist;
}

// Every column of a CTE or work-table RTE (build_physical_tlist for RTE_CTE).
nodes::TargetList CtePhysicalTlist(const nodes::RangeTblEntry& rte, Index relid,
                                   const PathTarget& target) {
  nodes::TargetList tlist;
  for (size_t i = 0; i < rte.coltypes.size(); ++i) {
    nodes::TargetEntry tle;
    tle.resno = static_cast<nodes::AttrNumber>(i + 1);
    tle.expr = nodes::MakeVar(relid, tle.resno, rte.coltypes[i], rte.coltypmods.at(i),
                              rte.colcollations.at(i));
    for (size_t k = 0; k < target.exprs.size(); ++k) {
      const auto& v = *nodes::As<nodes::Var>(target.exprs[k]);
      if (v.varattno == tle.resno && k < target.sortgrouprefs.size()) {
        tle.ressortgroupref = target.sortgrouprefs[k];
      }
    }
    tlist.push_back(std::move(tle));
  }
  return tlist;
}

nodes::TargetList PhysicalTlist(PlannerInfo* root, const RelOptInfo& rel,
                                const PathTarget& target) {
  const auto& rte = root->parse->rtable[rel.relid - 1];
  if (rte.rtekind == nodes::RteKind::kCte) return CtePhysicalTlist(rte, rel.relid, target);
  if (rte.rtekind == nodes::RteKind::kSubquery) return SubqueryPhysicalTlist(rel, target);
  auto relation = catalog::RelationIdGetRelation(rte.relid);
  nodes::TargetList tlist;
  for (int i = 0; i < relation->desc->natts(); ++i) {
    const auto& attr = relation->desc->attr(i);
    nodes::TargetEntry tle;
    tle.resno = static_cast<nodes::AttrNumber>(i + 1);
    if (attr.dropped) {
      tle.expr = nodes::MakeNullConst(23, -1, kInvalidOid, 4, true);
    } else {
      tle.expr = nodes::MakeVar(rel.relid, attr.attnum, attr.type_oid, attr.typmod, attr.collation);
      // Keep the sort/group labels of the path's target on the matching columns.
      for (size_t k = 0; k < target.exprs.size(); ++k) {
        const auto& v = *nodes::As<nodes::Var>(target.exprs[k]);
        if (v.varattno == attr.attnum && k < target.sortgrouprefs.size()) {
          tle.ressortgroupref = target.sortgrouprefs[k];
        }
      }
    }
    tlist.push_back(std::move(tle));
  }
  return tlist;
}

// The 1-based position in `tlist` of a sort/group key (by sortgroupref, else by equality).
nodes::AttrNumber FindKeyColumn(const nodes::TargetList& tlist, nodes::Index ref,
                                const nodes::ExprPtr& expr) {
  if (ref != 0) {
    for (const auto& tle : tlist) {
      if (tle.ressortgroupref == ref) return tle.resno;
    }
  }
  for (const auto& tle : tlist) {
    if (ExprEqual(tle.expr.get(), expr.get())) return tle.resno;
  }
  throw Error(errcode::kInternalError, "could not find sort/group key in the input target list");
}

// The expression of `target` labelled `ref`, or null.
nodes::ExprPtr KeyExprOf(const PathTarget& target, nodes::Index ref) {
  for (size_t i = 0; i < target.exprs.size() && i < target.sortgrouprefs.size(); ++i) {
    if (target.sortgrouprefs[i] == ref) return target.exprs[i];
  }
  return nullptr;
}

// The equality operator that goes with ordering operator `sortop` (btree strategy 3 of the
// same opfamily) for Unique.
Oid EqualityForSortOp(Oid sortop) {
  auto& cache = catalog::Syscache();
  for (const auto& amop : cache.AmopsByOperator(sortop)) {
    if (amop.amopmethod != catalog::kBtreeAmOid) continue;
    for (const auto& other : cache.AmopsOfFamily(amop.amopfamily)) {
      if (other.amopstrategy == 3 && other.amoplefttype == amop.amoplefttype &&
          other.amoprighttype == amop.amoprighttype) {
        return other.amopopr;
      }
    }
  }
  throw Error(errcode::kInternalError, "could not find equality operator for ordering operator");
}

class PlanBuilder {
 public:
  explicit PlanBuilder(PlannerInfo* root) : root_(root) {}
  // The plan for `path`; with EXPLAIN (ALTERNATIVES), scans and joins carry the paths
  // their relation rejected.
  nodes::PlanPtr Build(const PathPtr& path, int flags);

 private:
  nodes::PlanPtr BuildNode(const PathPtr& path, int flags);
  nodes::PlanPtr BuildScan(const Path& path, int flags);
  nodes::PlanPtr BuildIndexScan(const IndexPath& path, int flags);
  nodes::PlanPtr BuildWindowAgg(const WindowAggPath& path);
  void AddAggRollups(const AggPath& path, nodes::Agg* agg);
  nodes::PlanPtr BuildRecursiveUnion(const RecursiveUnionPath& path);
  // Outer-relation Vars in a parameterised inner index scan become PARAM_EXEC Params the
  // nested loop sets from each outer row (replace_nestloop_params).
  void ReplaceNestLoopParams(nodes::Plan* inner, Relids outer, nodes::NestLoop* join);
  // LATERAL references of a FunctionScan to other relations become PARAM_EXEC Params; the
  // nested loop over the referenced relations sets them (its nestParams).
  nodes::ExprPtr ReplaceLateralVars(const nodes::ExprPtr& e, Index relid);
  PlannerInfo* root_;
  std::vector<nodes::NestLoopParam> lateral_params_;
};

nodes::ExprPtr PlanBuilder::ReplaceLateralVars(const nodes::ExprPtr& e, Index relid) {
  return executor::MutateExpr(e, [&](const nodes::ExprPtr& n) -> nodes::ExprPtr {
    if (n->tag != nodes::NodeTag::kVar) return nullptr;
    const auto& v = *nodes::As<nodes::Var>(n);
    if (v.varlevelsup != 0 || v.varno == relid) return nullptr;
    auto param = std::make_shared<nodes::Param>();
    param->paramkind = nodes::ParamKind::kExec;
    param->paramid = AssignParamExecSlot(root_->glob, v.result_type);
    param->result_type = v.result_type;
    param->result_typmod = v.result_typmod;
    param->result_collation = v.result_collation;
    lateral_params_.push_back({param->paramid, std::make_shared<nodes::Var>(v)});
    return param;
  });
}

nodes::PlanPtr PlanBuilder::BuildScan(const Path& path, int flags) {
  RelOptInfo* rel = path.parent;
  nodes::ExprList quals = Clauses(rel->baserestrictinfo);
  std::shared_ptr<nodes::Plan> plan;
  switch (path.pathtype) {
    case PlanTag::kSeqScan: {
      auto scan = std::make_shared<nodes::SeqScan>();
      scan->scanrelid = rel->relid;
      plan = scan;
      break;
    }
    case PlanTag::kValuesScan: {
      auto scan = std::make_shared<nodes::ValuesScan>();
      scan->scanrelid = rel->relid;
      scan->values_lists = root_->parse->rtable[rel->relid - 1].values_lists;
      plan = scan;
      break;
    }
    case PlanTag::kSubqueryScan: {
      const auto& sq = static_cast<const SubqueryScanPath&>(path);
      auto scan = std::make_shared<nodes::SubqueryScan>();
      scan->scanrelid = rel->relid;
      PlannerInfo* subroot = rel->subroot.get();
      PlanBuilder sub(subroot);
      // The sub-query's own init plans and labels, as for any planned level.
      scan->subplan = FinishLevelPlan(subroot, sub.Build(sq.subpath, kExactTlist));
      // Outer references of a LATERAL sub-query are set by the nested loop above it.
      for (const auto& [paramid, ref] : subroot->plan_params) {
        lateral_params_.push_back({paramid, LateralVar(ref)});
      }
      plan = scan;
      break;
    }
    case PlanTag::kFunctionScan: {
      auto scan = std::make_shared<nodes::FunctionScan>();
      scan->scanrelid = rel->relid;
      const auto& rte = root_->parse->rtable[rel->relid - 1];
      scan->functions = rte.functions;
      for (auto& f : scan->functions) f.funcexpr = ReplaceLateralVars(f.funcexpr, rel->relid);
      scan->funcordinality = rte.funcordinality;
      plan = scan;
      break;
    }
    case PlanTag::kCteScan: {
      const auto& cp = static_cast<const CteScanPath&>(path);
      auto scan = std::make_shared<nodes::CteScan>();
      scan->scanrelid = rel->relid;
      scan->ctePlanId = cp.cte_plan_id;
      scan->cteParam = cp.param_id;
      plan = scan;
      break;
    }
    case PlanTag::kWorkTableScan: {
      auto scan = std::make_shared<nodes::WorkTableScan>();
      scan->scanrelid = rel->relid;
      scan->wtParam = static_cast<const CteScanPath&>(path).param_id;
      plan = scan;
      break;
    }
    default: {  // RTE_RESULT
      auto result = std::make_shared<nodes::Result>();
      plan = result;
      break;
    }
  }
  plan->targetlist = UsePhysicalTlist(root_, path, flags)
                         ? PhysicalTlist(root_, *rel, *path.pathtarget)
                         : BuildTlist(*path.pathtarget);
  plan->qual = quals;
  CopyCosts(plan.get(), path);
  return plan;
}

nodes::PlanPtr PlanBuilder::BuildIndexScan(const IndexPath& path, int flags) {
  RelOptInfo* rel = path.parent;
  nodes::ExprList indexquals;
  for (const auto& c : path.indexclauses) indexquals.push_back(c.indexqual);
  RestrictList rest;
  for (const auto& ri : rel->baserestrictinfo) {
    bool used = false;
    for (const auto& c : path.indexclauses) used |= c.rinfo == ri;
    if (!used) rest.push_back(ri);
  }
  std::shared_ptr<nodes::Plan> plan;
  if (path.pathtype == PlanTag::kIndexOnlyScan) {
    auto scan = std::make_shared<nodes::IndexOnlyScan>();
    scan->scanrelid = rel->relid;
    scan->indexid = path.indexinfo->indexoid;
    scan->indexqual = indexquals;
    scan->indexorderdir = path.indexscandir;
    plan = scan;
  } else {
    auto scan = std::make_shared<nodes::IndexScan>();
    scan->scanrelid = rel->relid;
    scan->indexid = path.indexinfo->indexoid;
    scan->indexqual = indexquals;
    scan->indexqualorig = indexquals;
    scan->indexorderdir = path.indexscandir;
    plan = scan;
  }
  plan->targetlist = UsePhysicalTlist(root_, path, flags)
                         ? PhysicalTlist(root_, *rel, *path.pathtarget)
                         : BuildTlist(*path.pathtarget);
  plan->qual = Clauses(rest);
  CopyCosts(plan.get(), path);
  return plan;
}

// Window keys as input columns with their equality operators (create_windowagg_plan).
nodes::GroupColumns WindowKeyColumns(const nodes::TargetList& input,
                                     const std::vector<nodes::SortGroupClause>& clauses) {
  nodes::GroupColumns cols;
  for (const auto& sgc : clauses) {
    nodes::AttrNumber col = FindKeyColumn(input, sgc.tleSortGroupRef, nullptr);
    cols.colIdx.push_back(col);
    cols.eqOperators.push_back(sgc.eqop);
    cols.collations.push_back(input[col - 1].expr->result_collation);
  }
  return cols;
}

// The rollups of a grouping-sets Agg: their columns in the Agg's input, and the sort that
// each one reading re-sorted input (every hashed one, every sorted one after the first)
// needs.
void PlanBuilder::AddAggRollups(const AggPath& path, nodes::Agg* agg) {
  bool sorted_seen = false;
  for (const auto& pr : path.rollups) {
    nodes::AggRollup rollup;
    const auto& input = agg->lefttree->targetlist;
    for (const auto& sgc : pr.groupClause) {
      nodes::ExprPtr key = KeyExprOf(*path.pathtarget, sgc.tleSortGroupRef);
      nodes::AttrNumber col = FindKeyColumn(input, sgc.tleSortGroupRef, key);
      Oid collation = input[col - 1].expr->result_collation;
      rollup.group.colIdx.push_back(col);
      rollup.group.eqOperators.push_back(sgc.eqop);
      rollup.group.collations.push_back(collation);
      rollup.refs.push_back(sgc.tleSortGroupRef);
      rollup.sort.sortColIdx.push_back(col);
      rollup.sort.sortOperators.push_back(sgc.sortop);
      rollup.sort.collations.push_back(collation);
      rollup.sort.nullsFirst.push_back(sgc.nulls_first);
    }
    bool reads_input_order = !pr.hashed && !sorted_seen;
    if (!pr.hashed) sorted_seen = true;
    if (reads_input_order) rollup.sort = nodes::SortColumns();
    rollup.setLengths = pr.setLengths;
    rollup.hashed = pr.hashed;
    rollup.numGroups = pr.numGroups;
    agg->rollups.push_back(std::move(rollup));
  }
}

nodes::PlanPtr PlanBuilder::BuildWindowAgg(const WindowAggPath& path) {
  const nodes::WindowClause& wc = *path.wc;
  auto window = std::make_shared<nodes::WindowAgg>();
  // The WindowAgg buffers its input rows: ask for a narrow input (CP_SMALL_TLIST).
  window->lefttree = Build(path.subpath, kLabelTlist | kSmallTlist);
  window->targetlist = BuildTlist(*path.pathtarget);
  window->winref = wc.winref;
  window->partition = WindowKeyColumns(window->lefttree->targetlist, wc.partitionClause);
  window->order = WindowKeyColumns(window->lefttree->targetlist, wc.orderClause);
  window->frameOptions = wc.frameOptions;
  window->startOffset = wc.startOffset;
  window->endOffset = wc.endOffset;
  window->startInRangeFunc = wc.startInRangeFunc;
  window->endInRangeFunc = wc.endInRangeFunc;
  window->inRangeColl = wc.inRangeColl;
  window->inRangeAsc = wc.inRangeAsc;
  window->inRangeNullsFirst = wc.inRangeNullsFirst;
  window->numWindowFuncs = static_cast<int>(path.winfuncs.size());
  CopyCosts(window.get(), path);
  return window;
}

// make_recursive_union: both terms produce the output columns in order, so UNION's
// duplicate-elimination keys are column positions.
nodes::PlanPtr PlanBuilder::BuildRecursiveUnion(const RecursiveUnionPath& path) {
  auto ru = std::make_shared<nodes::RecursiveUnion>();
  ru->lefttree = Build(path.leftpath, kExactTlist);
  ru->righttree = Build(path.rightpath, kExactTlist);
  ru->targetlist = BuildTlist(*path.pathtarget);
  ru->wtParam = path.wt_param;
  for (size_t i = 0; i < path.distinctList.size(); ++i) {
    ru->dup.colIdx.push_back(static_cast<nodes::AttrNumber>(i + 1));
    ru->dup.eqOperators.push_back(path.distinctList[i].eqop);
    ru->dup.collations.push_back(ru->targetlist.at(i).expr->result_collation);
  }
  ru->numGroups = path.numGroups;
  CopyCosts(ru.get(), path);
  return ru;
}

void PlanBuilder::ReplaceNestLoopParams(nodes::Plan* inner, Relids outer, nodes::NestLoop* join) {
  auto replace = [&](const nodes::ExprPtr& e) {
    return executor::MutateExpr(e, [&](const nodes::ExprPtr& n) -> nodes::ExprPtr {
      if (n->tag != nodes::NodeTag::kVar) return nullptr;
      const auto& v = *nodes::As<nodes::Var>(n);
      if (v.varlevelsup != 0 || v.varno >= 64 || (RelidsSingleton(v.varno) & outer) == 0) {
        return nullptr;
      }
      for (const auto& np : join->nestParams) {
        if (ExprEqual(np.paramval.get(), &v)) {
          auto p = std::make_shared<nodes::Param>();
          p->paramkind = nodes::ParamKind::kExec;
          p->paramid = np.paramno;
          p->result_type = v.result_type;
          p->result_typmod = v.result_typmod;
          p->result_collation = v.result_collation;
          return p;
        }
      }
      nodes::NestLoopParam np;
      np.paramno = AssignParamExecSlot(root_->glob, v.result_type);
      np.paramval = std::make_shared<nodes::Var>(v);
      join->nestParams.push_back(np);
      auto p = std::make_shared<nodes::Param>();
      p->paramkind = nodes::ParamKind::kExec;
      p->paramid = np.paramno;
      p->result_type = v.result_type;
      p->result_typmod = v.result_typmod;
      p->result_collation = v.result_collation;
      return p;
    });
  };
  if (inner->tag == PlanTag::kIndexScan) {
    auto& scan = static_cast<nodes::IndexScan&>(*inner);
    for (auto& q : scan.indexqual) q = replace(q);
    for (auto& q : scan.indexqualorig) q = replace(q);
  } else if (inner->tag == PlanTag::kIndexOnlyScan) {
    auto& scan = static_cast<nodes::IndexOnlyScan&>(*inner);
    for (auto& q : scan.indexqual) q = replace(q);
  }
}

nodes::PlanPtr PlanBuilder::Build(const PathPtr& path, int flags) {
  nodes::PlanPtr plan = BuildNode(path, flags);
  bool scan_or_join = nodes::IsScanPlan(plan->tag) || plan->tag == PlanTag::kNestLoop ||
                      plan->tag == PlanTag::kHashJoin || plan->tag == PlanTag::kMergeJoin;
  if (root_->glob->record_alternatives && scan_or_join && plan->tag == path->pathtype) {
    std::const_pointer_cast<nodes::Plan>(plan)->alternatives = RejectedAlternatives(root_, *path);
  }
  return plan;
}

nodes::PlanPtr PlanBuilder::BuildNode(const PathPtr& path_ptr, int flags) {
  const Path& path = *path_ptr;
  switch (path.pathtype) {
    case PlanTag::kSeqScan:
    case PlanTag::kValuesScan:
    case PlanTag::kSubqueryScan:
    case PlanTag::kFunctionScan:
    case PlanTag::kCteScan:
    case PlanTag::kWorkTableScan:
      return BuildScan(path, flags);
    case PlanTag::kRecursiveUnion:
      return BuildRecursiveUnion(static_cast<const RecursiveUnionPath&>(path));
    case PlanTag::kIndexScan:
    case PlanTag::kIndexOnlyScan:
      return BuildIndexScan(static_cast<const IndexPath&>(path), flags);
    case PlanTag::kProjectSet: {
      const auto& pp = static_cast<const ProjectSetPath&>(path);
      auto ps = std::make_shared<nodes::ProjectSet>();
      ps->lefttree = Build(pp.subpath, 0);
      ps->targetlist = BuildTlist(*path.pathtarget);
      CopyCosts(ps.get(), path);
      return ps;
    }
    case PlanTag::kResult: {
      if (auto* pp = dynamic_cast<const ProjectionPath*>(&path)) {
        auto result = std::make_shared<nodes::Result>();
        // A gating Result passes its parent's needs down; a projection takes any input.
        bool gating = pp->subpath && pp->subpath->pathtarget == path.pathtarget;
        if (pp->subpath) result->lefttree = Build(pp->subpath, gating ? flags : 0);
        result->targetlist = BuildTlist(*path.pathtarget);
        result->resconstantqual = MakeAndsExplicit(pp->quals);
        CopyCosts(result.get(), path);
        if (pp->dummy) result->plan_width = 0;
        return result;
      }
      return BuildScan(path, flags);
    }
    case PlanTag::kNestLoop: {
      const auto& jp = static_cast<const JoinPath&>(path);
      auto join = std::make_shared<nodes::NestLoop>();
      join->jointype = jp.jointype;
      join->inner_unique = jp.extra.inner_unique;
      join->lefttree = Build(jp.outerjoinpath, 0);
      join->righttree = Build(jp.innerjoinpath, 0);
      if (const auto* ip = dynamic_cast<const IndexPath*>(jp.innerjoinpath.get());
          ip != nullptr && ip->required_outer != 0) {
        ReplaceNestLoopParams(const_cast<nodes::Plan*>(join->righttree.get()),
                              jp.outerjoinpath->parent->relids, join.get());
      }
      Relids outer_relids = jp.outerjoinpath->parent ? jp.outerjoinpath->parent->relids : 0;
      for (auto it = lateral_params_.begin(); it != lateral_params_.end();) {
        if ((RelidsSingleton(it->paramval->varno) & outer_relids) != 0) {
          join->nestParams.push_back(*it);
          it = lateral_params_.erase(it);
        } else {
          ++it;
        }
      }
      join->joinqual = Clauses(jp.joinrestrictinfo);
      join->qual = Clauses(jp.otherrestrictinfo);
      join->targetlist = BuildTlist(*path.pathtarget);
      CopyCosts(join.get(), path);
      return join;
    }
    case PlanTag::kHashJoin: {
      const auto& hp = static_cast<const HashPath&>(path);
      auto join = std::make_shared<nodes::HashJoin>();
      join->jointype = hp.jointype;
      join->inner_unique = hp.extra.inner_unique;
      join->lefttree = Build(hp.outerjoinpath, 0);
      nodes::PlanPtr inner = Build(hp.innerjoinpath, 0);
      // The Hash node costs what its input costs (copy_plan_costsize).
      auto hash = std::make_shared<nodes::Hash>();
      hash->lefttree = inner;
      hash->targetlist = inner->targetlist;
      hash->startup_cost = inner->total_cost;
      hash->total_cost = inner->total_cost;
      hash->plan_rows = inner->plan_rows;
      hash->plan_width = inner->plan_width;
      hash->rows_total = inner->plan_rows;
      join->hashclauses = Clauses(hp.hashclauses);
      for (const auto& clause : join->hashclauses) {
        const auto& op = *nodes::As<nodes::OpExpr>(clause);
        join->hashoperators.push_back(op.opno);
        join->hashcollations.push_back(op.inputcollid);
        join->hashkeys.push_back(op.args[0]);
        hash->hashkeys.push_back(op.args[1]);
      }
      join->righttree = hash;
      join->joinqual = Clauses(hp.joinrestrictinfo);
      join->qual = Clauses(hp.otherrestrictinfo);
      join->targetlist = BuildTlist(*path.pathtarget);
      CopyCosts(join.get(), path);
      return join;
    }
    case PlanTag::kMergeJoin: {
      const auto& mp = static_cast<const MergePath&>(path);
      auto join =
          MakeMergeJoinPlan(mp, Build(mp.outerjoinpath, mp.outersortkeys.empty() ? 0 : kSmallTlist),
                            Build(mp.innerjoinpath, mp.innersortkeys.empty() ? 0 : kSmallTlist));
      join->joinqual = Clauses(mp.joinrestrictinfo);
      join->qual = Clauses(mp.otherrestrictinfo);
      join->targetlist = BuildTlist(*path.pathtarget);
      CopyCosts(join.get(), path);
      return join;
    }
    case PlanTag::kAppend: {
      const auto& ap = static_cast<const AppendPath&>(path);
      auto append = std::make_shared<nodes::Append>();
      for (const auto& sub : ap.subpaths) append->appendplans.push_back(Build(sub, kExactTlist));
      if (ap.apprelid != 0) append->apprelids = {ap.apprelid};
      append->targetlist = BuildTlist(*path.pathtarget);
      CopyCosts(append.get(), path);
      return append;
    }
    case PlanTag::kSetOp: {
      const auto& sp = static_cast<const SetOpPath&>(path);
      auto setop = std::make_shared<nodes::SetOp>();
      setop->lefttree = Build(sp.subpath, kLabelTlist);
      setop->cmd = sp.cmd;
      setop->strategy = sp.strategy;
      for (const auto& sgc : sp.groupClause) {
        nodes::AttrNumber col =
            FindKeyColumn(setop->lefttree->targetlist, sgc.tleSortGroupRef, nullptr);
        setop->dup.colIdx.push_back(col);
        setop->dup.eqOperators.push_back(sgc.eqop);
        setop->dup.collations.push_back(
            setop->lefttree->targetlist[col - 1].expr->result_collation);
      }
      setop->flagColIdx = sp.flagColIdx;
      setop->firstFlag = sp.firstFlag;
      setop->numGroups = sp.numGroups;
      setop->targetlist = BuildTlist(*path.pathtarget);
      CopyCosts(setop.get(), path);
      return setop;
    }
    case PlanTag::kMaterial: {
      const auto& mp = static_cast<const MaterialPath&>(path);
      auto mat = std::make_shared<nodes::Material>();
      mat->lefttree = Build(mp.subpath, flags | kSmallTlist);
      mat->targetlist = mat->lefttree->targetlist;
      CopyCosts(mat.get(), path);
      return mat;
    }
    case PlanTag::kSort: {
      const auto& sp = static_cast<const SortPath&>(path);
      auto sort = std::make_shared<nodes::Sort>();
      sort->lefttree = Build(sp.subpath, flags | kSmallTlist);
      sort->targetlist = sort->lefttree->targetlist;
      for (const auto& key : sp.pathkeys) {
        sort->sort.sortColIdx.push_back(FindKeyColumn(sort->targetlist, key.sortref, key.expr));
        sort->sort.sortOperators.push_back(key.sortop);
        sort->sort.collations.push_back(key.collation);
        sort->sort.nullsFirst.push_back(key.nulls_first);
      }
      CopyCosts(sort.get(), path);
      return sort;
    }
    case PlanTag::kAgg: {
      const auto& ap = static_cast<const AggPath&>(path);
      auto agg = std::make_shared<nodes::Agg>();
      agg->lefttree = Build(ap.subpath, kLabelTlist);
      agg->aggstrategy = ap.aggstrategy;
      agg->numGroups = ap.numGroups;
      for (const auto& sgc : ap.groupClause) {
        // The key by label, or (a unique-ified semi-join input, whose scan carries no
        // labels) by the expression the Agg's own target gives that label.
        nodes::ExprPtr key = KeyExprOf(*path.pathtarget, sgc.tleSortGroupRef);
        nodes::AttrNumber col = FindKeyColumn(agg->lefttree->targetlist, sgc.tleSortGroupRef, key);
        agg->group.colIdx.push_back(col);
        agg->group.eqOperators.push_back(sgc.eqop);
        agg->group.collations.push_back(agg->lefttree->targetlist[col - 1].expr->result_collation);
      }
      AddAggRollups(ap, agg.get());
      agg->targetlist = BuildTlist(*path.pathtarget);
      agg->qual = ap.qual;
      CopyCosts(agg.get(), path);
      return agg;
    }
    case PlanTag::kWindowAgg:
      return BuildWindowAgg(static_cast<const WindowAggPath&>(path));
    case PlanTag::kUnique: {
      const auto& up = static_cast<const UniquePath&>(path);
      auto uniq = std::make_shared<nodes::Unique>();
      uniq->lefttree = Build(up.subpath, flags | kLabelTlist);
      uniq->targetlist = uniq->lefttree->targetlist;
      for (int i = 0; i < up.numkeys; ++i) {
        const PathKey& key = up.pathkeys[i];
        uniq->uniq.colIdx.push_back(FindKeyColumn(uniq->targetlist, key.sortref, key.expr));
        uniq->uniq.eqOperators.push_back(EqualityForSortOp(key.sortop));
        uniq->uniq.collations.push_back(key.collation);
      }
      CopyCosts(uniq.get(), path);
      return uniq;
    }
    case PlanTag::kLimit: {
      const auto& lp = static_cast<const LimitPath&>(path);
      auto limit = std::make_shared<nodes::Limit>();
      limit->lefttree = Build(lp.subpath, flags);
      limit->targetlist = limit->lefttree->targetlist;
      limit->limitOffset = lp.limitOffset;
      limit->limitCount = lp.limitCount;
      limit->limitOption = lp.limitOption;
      if (lp.limitOption == nodes::LimitOption::kWithTies) {
        // Rows tied with the last one on the ORDER BY columns are returned too.
        for (const auto& sgc : root_->parse->sortClause) {
          nodes::ExprPtr key = KeyExprOf(*lp.pathtarget, sgc.tleSortGroupRef);
          nodes::AttrNumber col = FindKeyColumn(limit->targetlist, sgc.tleSortGroupRef, key);
          limit->uniq.colIdx.push_back(col);
          limit->uniq.eqOperators.push_back(sgc.eqop);
          limit->uniq.collations.push_back(limit->targetlist[col - 1].expr->result_collation);
        }
      }
      CopyCosts(limit.get(), path);
      return limit;
    }
    case PlanTag::kModifyTable: {
      const auto& mp = static_cast<const ModifyTablePath&>(path);
      auto mt = std::make_shared<nodes::ModifyTable>();
      mt->lefttree = Build(mp.subpath, kExactTlist);
      mt->operation = mp.operation;
      mt->canSetTag = mp.canSetTag;
      mt->nominalRelation = mp.nominalRelation;
      mt->resultRelations = mp.resultRelations;
      mt->updateColnosLists = mp.updateColnosLists;
      mt->returningLists = mp.returningLists;
      mt->onConflictAction = mp.onConflictAction;
      mt->arbiterIndexes = mp.arbiterIndexes;
      mt->onConflictSet = mp.onConflictSet;
      mt->onConflictWhere = mp.onConflictWhere;
      mt->exclRelRTI = mp.exclRelRTI;
      if (!mp.returningLists.empty()) mt->targetlist = mp.returningLists[0];
      CopyCosts(mt.get(), path);
      return mt;
    }
    default:
      throw MakeError(errcode::kFeatureNotSupported, "cannot create a plan for path type {}",
                      nodes::PlanTagName(path.pathtype));
  }
}

// Copies the query's column names and junk flags onto the plan producing its target list
// (apply_tlist_labeling).
void LabelTlist(nodes::Plan* plan, const nodes::TargetList& labels) {
  for (size_t i = 0; i < plan->targetlist.size() && i < labels.size(); ++i) {
    auto& tle = plan->targetlist[i];
    tle.resname = labels[i].resname;
    tle.resjunk = labels[i].resjunk;
    tle.ressortgroupref = labels[i].ressortgroupref;
    tle.resorigtbl = labels[i].resorigtbl;
    tle.resorigcol = labels[i].resorigcol;
  }
}

}  // namespace

nodes::PlanPtr CreatePlan(PlannerInfo* root, const PathPtr& best_path) {
  PlanBuilder builder(root);
  return builder.Build(best_path, kExactTlist);
}

nodes::PlanPtr CreatePlanForLevel(PlannerInfo* root) {
  return FinishLevelPlan(root, CreatePlan(root, root->final_rel->cheapest_total_path));
}

namespace {

nodes::PlanPtr FinishLevelPlan(PlannerInfo* root, nodes::PlanPtr top) {
  auto mutable_top = std::const_pointer_cast<nodes::Plan>(top);
  // Label the node that produces the query's target list; through Sort/Limit/Unique the
  // labels are the same list.
  nodes::Plan* producer = mutable_top.get();
  if (producer->tag == PlanTag::kModifyTable) {
    producer = const_cast<nodes::Plan*>(producer->lefttree.get());
  }
  for (nodes::Plan* p = producer; p != nullptr;) {
    LabelTlist(p, root->parse->targetList);
    if (p->tag == PlanTag::kSort || p->tag == PlanTag::kLimit || p->tag == PlanTag::kUnique) {
      p = const_cast<nodes::Plan*>(p->lefttree.get());
    } else {
      p = nullptr;
    }
  }
  // Init plans of this level hang on its top node (SS_attach_initplans) and are charged to it.
  if (!root->init_plans.empty()) {
    for (const auto& sp : root->init_plans) {
      mutable_top->initPlan.push_back(sp);
      double cost = nodes::As<nodes::SubPlan>(sp.get())->startup_cost;
      mutable_top->startup_cost += cost;
      mutable_top->total_cost += cost;
    }
  }
  return top;
}

}  // namespace

}  // namespace hyrax::planner
