// set_plan_references (see setrefs.h).
#include "planner/plan/setrefs.h"

#include <functional>

#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "planner/prep/clauses.h"

namespace hyrax::planner {

namespace {

using nodes::ExprPtr;
using nodes::NodeTag;
using nodes::PlanTag;

std::shared_ptr<nodes::Var> MakeRef(nodes::Index varno, const nodes::TargetEntry& tle) {
  auto var = std::make_shared<nodes::Var>();
  var->varno = varno;
  var->varattno = tle.resno;
  var->result_type = tle.expr->result_type;
  var->result_typmod = tle.expr->result_typmod;
  var->result_collation = tle.expr->result_collation;
  return var;
}

// No quals and the target list is the subplan's columns in order (trivial_subqueryscan).
// A SetOp never is: PostgreSQL's carries the junk flag column of its input in its target
// list, which the scan does not return.
bool IsTrivialSubqueryScan(const nodes::SubqueryScan& scan) {
  if (!scan.qual.empty() || scan.targetlist.size() != scan.subplan->targetlist.size()) return false;
  if (scan.subplan->tag == nodes::PlanTag::kSetOp) return false;
  for (size_t i = 0; i < scan.targetlist.size(); ++i) {
    const auto& e = scan.targetlist[i].expr;
    if (scan.targetlist[i].resjunk != scan.subplan->targetlist[i].resjunk) return false;
    if (e->tag != NodeTag::kVar) return false;
    const auto& v = *nodes::As<nodes::Var>(e);
    if (v.varno != scan.scanrelid || v.varattno != static_cast<nodes::AttrNumber>(i + 1))
      return false;
  }
  return true;
}

// The children whose computed expressions a parent must not reuse, only their Vars: the
// NULL-extended side of an outer join, for the join's target list and filter (there an
// expression must be recomputed from the NULL Vars, as set_join_references does).
struct VarsOnly {
  bool outer = false;
  bool inner = false;
};

class RefFixer {
 public:
  RefFixer(PlannerInfo* root, nodes::Index rtoffset) : root_(root), rtoffset_(rtoffset) {}
  nodes::PlanPtr Fix(const nodes::PlanPtr& plan);

 private:
  // Scan-level expressions: Vars keep pointing at the scan tuple, renumbered.
  ExprPtr FixScanExpr(const ExprPtr& e);
  nodes::ExprList FixScanList(const nodes::ExprList& l) {
    nodes::ExprList out;
    for (const auto& e : l) out.push_back(FixScanExpr(e));
    return out;
  }
  // Expressions over children's outputs (see VarsOnly).
  ExprPtr FixUpperExpr(const ExprPtr& e, const nodes::TargetList* outer,
                       const nodes::TargetList* inner, VarsOnly vars_only = {});
  nodes::ExprList FixUpperList(const nodes::ExprList& l, const nodes::TargetList* outer,
                               const nodes::TargetList* inner, VarsOnly vars_only = {}) {
    nodes::ExprList out;
    for (const auto& e : l) out.push_back(FixUpperExpr(e, outer, inner, vars_only));
    return out;
  }
  void FixScanTlist(nodes::Plan* plan);
  void FixUpperTlist(nodes::Plan* plan, const nodes::TargetList* outer,
                     const nodes::TargetList* inner, VarsOnly vars_only = {});
  // set_join_references: the target list and filter above a join.
  void FixJoinTlist(nodes::Plan* plan, const nodes::TargetList* outer,
                    const nodes::TargetList* inner);
  void DummyTlist(nodes::Plan* plan);

  PlannerInfo* root_;
  nodes::Index rtoffset_;
};

ExprPtr RefFixer::FixScanExpr(const ExprPtr& e) {
  if (!e) return e;
  return executor::MutateExpr(e, [&](const ExprPtr& n) -> ExprPtr {
    if (n->tag != NodeTag::kVar) return nullptr;
    const auto& v = *nodes::As<nodes::Var>(n);
    if (v.varlevelsup != 0 || v.varno >= nodes::kInnerVar) return n;
    auto copy = std::make_shared<nodes::Var>(v);
    copy->varno += rtoffset_;
    copy->varnosyn = copy->varno;
    copy->varattnosyn = copy->varattno;
    return copy;
  });
}

ExprPtr RefFixer::FixUpperExpr(const ExprPtr& e, const nodes::TargetList* outer,
                               const nodes::TargetList* inner, VarsOnly vars_only) {
  if (!e) return e;
  return executor::MutateExpr(e, [&](const ExprPtr& n) -> ExprPtr {
    if (n->tag == NodeTag::kConst || n->tag == NodeTag::kParam) return n;
    // A whole expression computed by a child (a grouping expression, a Var).
    for (const auto* side : {outer, inner}) {
      if (side == nullptr) continue;
      if (n->tag != NodeTag::kVar && (side == outer ? vars_only.outer : vars_only.inner)) {
        continue;
      }
      for (const auto& tle : *side) {
        if (ExprEqual(tle.expr.get(), n.get())) {
          auto ref = MakeRef(side == outer ? nodes::kOuterVar : nodes::kInnerVar, tle);
          if (n->tag == NodeTag::kVar) {
            const auto& v = *nodes::As<nodes::Var>(n);
            ref->varnosyn = v.varno + rtoffset_;
            ref->varattnosyn = v.varattno;
          }
          return ref;
        }
      }
    }
    if (n->tag == NodeTag::kVar && nodes::As<nodes::Var>(n)->varlevelsup == 0) {
      throw Error(errcode::kInternalError, "variable not found in subplan target list");
    }
    return nullptr;
  });
}

void RefFixer::FixScanTlist(nodes::Plan* plan) {
  for (auto& tle : plan->targetlist) tle.expr = FixScanExpr(tle.expr);
  plan->qual = FixScanList(plan->qual);
}

void RefFixer::FixUpperTlist(nodes::Plan* plan, const nodes::TargetList* outer,
                             const nodes::TargetList* inner, VarsOnly vars_only) {
  for (auto& tle : plan->targetlist) tle.expr = FixUpperExpr(tle.expr, outer, inner, vars_only);
  plan->qual = FixUpperList(plan->qual, outer, inner, vars_only);
}

void RefFixer::FixJoinTlist(nodes::Plan* plan, const nodes::TargetList* outer,
                            const nodes::TargetList* inner) {
  using nodes::JoinType;
  JoinType jointype = static_cast<const nodes::Join&>(*plan).jointype;
  VarsOnly vars_only;
  vars_only.outer = jointype == JoinType::kRight || jointype == JoinType::kFull;
  vars_only.inner = jointype != JoinType::kInner && jointype != JoinType::kRight;
  FixUpperTlist(plan, outer, inner, vars_only);
}

// Nodes that do not project (Sort, Limit, Unique) output their input's columns as is.
void RefFixer::DummyTlist(nodes::Plan* plan) {
  const auto& child = plan->lefttree->targetlist;
  for (size_t i = 0; i < plan->targetlist.size() && i < child.size(); ++i) {
    auto ref = MakeRef(nodes::kOuterVar, child[i]);
    plan->targetlist[i].expr = ref;
  }
}

nodes::PlanPtr RefFixer::Fix(const nodes::PlanPtr& plan_ptr) {
  if (!plan_ptr) return plan_ptr;
  auto plan = std::const_pointer_cast<nodes::Plan>(plan_ptr);
  plan->plan_node_id = root_->glob->lastPlanNodeId++;
  const nodes::TargetList* outer = plan->lefttree ? &plan->lefttree->targetlist : nullptr;
  const nodes::TargetList* inner = plan->righttree ? &plan->righttree->targetlist : nullptr;
  for (auto& ip : plan->initPlan) ip = FixScanExpr(ip);
  switch (plan->tag) {
    case PlanTag::kSeqScan: {
      auto& scan = static_cast<nodes::SeqScan&>(*plan);
      scan.scanrelid += rtoffset_;
      FixScanTlist(plan.get());
      break;
    }
    case PlanTag::kIndexScan: {
      auto& scan = static_cast<nodes::IndexScan&>(*plan);
      scan.scanrelid += rtoffset_;
      scan.indexqual = FixScanList(scan.indexqual);
      scan.indexqualorig = FixScanList(scan.indexqualorig);
      FixScanTlist(plan.get());
      break;
    }
    case PlanTag::kIndexOnlyScan: {
      auto& scan = static_cast<nodes::IndexOnlyScan&>(*plan);
      scan.scanrelid += rtoffset_;
      scan.indexqual = FixScanList(scan.indexqual);
      FixScanTlist(plan.get());
      break;
    }
    case PlanTag::kValuesScan: {
      auto& scan = static_cast<nodes::ValuesScan&>(*plan);
      scan.scanrelid += rtoffset_;
      for (auto& row : scan.values_lists) row = FixScanList(row);
      FixScanTlist(plan.get());
      break;
    }
    case PlanTag::kSubqueryScan: {
      auto& scan = static_cast<nodes::SubqueryScan&>(*plan);
      RelOptInfo* rel = root_->simple_rel_array.at(scan.scanrelid).get();
      scan.scanrelid += rtoffset_;
      FixScanTlist(plan.get());
      scan.subplan = SetPlanReferences(rel->subroot.get(), scan.subplan);
      if (IsTrivialSubqueryScan(scan)) {
        // The scan adds nothing: its parent reads the subplan directly (PostgreSQL's
        // trivial_subqueryscan), keeping the scan's column names and init plans.
        auto child = std::const_pointer_cast<nodes::Plan>(scan.subplan);
        for (size_t i = 0; i < child->targetlist.size(); ++i) {
          child->targetlist[i].resname = scan.targetlist[i].resname;
          child->targetlist[i].resjunk = scan.targetlist[i].resjunk;
          child->targetlist[i].ressortgroupref = scan.targetlist[i].ressortgroupref;
          child->targetlist[i].resorigtbl = scan.targetlist[i].resorigtbl;
          child->targetlist[i].resorigcol = scan.targetlist[i].resorigcol;
        }
        child->initPlan.insert(child->initPlan.begin(), scan.initPlan.begin(), scan.initPlan.end());
        return child;
      }
      break;
    }
    case PlanTag::kCteScan:
    case PlanTag::kWorkTableScan:
      static_cast<nodes::Scan&>(*plan).scanrelid += rtoffset_;
      FixScanTlist(plan.get());
      break;
    case PlanTag::kRecursiveUnion:
      // Returns its terms' rows as they are (set_dummy_tlist_references).
      for (auto& tle : plan->targetlist) tle.expr = MakeRef(nodes::kOuterVar, tle);
      break;
    case PlanTag::kFunctionScan: {
      auto& scan = static_cast<nodes::FunctionScan&>(*plan);
      scan.scanrelid += rtoffset_;
      for (auto& f : scan.functions) f.funcexpr = FixScanExpr(f.funcexpr);
      FixScanTlist(plan.get());
      break;
    }
    case PlanTag::kProjectSet:
      FixUpperTlist(plan.get(), outer, nullptr);
      break;
    case PlanTag::kResult: {
      auto& result = static_cast<nodes::Result&>(*plan);
      result.resconstantqual = FixScanExpr(result.resconstantqual);
      if (plan->lefttree) {
        FixUpperTlist(plan.get(), outer, nullptr);
      } else {
        FixScanTlist(plan.get());
      }
      break;
    }
    case PlanTag::kNestLoop: {
      auto& join = static_cast<nodes::NestLoop&>(*plan);
      join.joinqual = FixUpperList(join.joinqual, outer, inner);
      for (auto& np : join.nestParams) {
        auto ref = FixUpperExpr(np.paramval, outer, nullptr);
        np.paramval = std::static_pointer_cast<nodes::Var>(ref);
      }
      FixJoinTlist(plan.get(), outer, inner);
      break;
    }
    case PlanTag::kHashJoin: {
      auto& join = static_cast<nodes::HashJoin&>(*plan);
      join.hashclauses = FixUpperList(join.hashclauses, outer, inner);
      join.hashkeys = FixUpperList(join.hashkeys, outer, nullptr);
      join.joinqual = FixUpperList(join.joinqual, outer, inner);
      FixJoinTlist(plan.get(), outer, inner);
      break;
    }
    case PlanTag::kMergeJoin: {
      auto& join = static_cast<nodes::MergeJoin&>(*plan);
      join.mergeclauses = FixUpperList(join.mergeclauses, outer, inner);
      join.joinqual = FixUpperList(join.joinqual, outer, inner);
      FixJoinTlist(plan.get(), outer, inner);
      break;
    }
    case PlanTag::kHash: {
      auto& hash = static_cast<nodes::Hash&>(*plan);
      hash.hashkeys = FixUpperList(hash.hashkeys, outer, nullptr);
      DummyTlist(plan.get());
      break;
    }
    case PlanTag::kAppend: {
      // Append returns its members' rows as they are (set_dummy_tlist_references).
      auto& append = static_cast<nodes::Append&>(*plan);
      for (auto& tle : plan->targetlist) {
        // The Append of an inheritance parent keeps the parent's Vars (never evaluated:
        // rows pass through), so EXPLAIN names its columns after the parent, as PostgreSQL.
        bool parent_var = false;
        if (tle.expr->tag == NodeTag::kVar) {
          const auto& v = *nodes::As<nodes::Var>(tle.expr);
          parent_var = v.varlevelsup == 0 && v.varno >= 1 &&
                       v.varno <= root_->parse->rtable.size() &&
                       root_->parse->rtable[v.varno - 1].rtekind == nodes::RteKind::kRelation;
        }
        tle.expr = parent_var ? FixScanExpr(tle.expr) : MakeRef(nodes::kOuterVar, tle);
      }
      for (auto& rti : append.apprelids) rti += rtoffset_;
      for (auto& member : append.appendplans) member = Fix(member);
      if (!append.apprelids.empty() && append.appendplans.size() == 1) {
        // One child left: it replaces the Append (set_append_references'
        // clean_up_removed_plan_level), keeping the labels and init plans.
        auto child = std::const_pointer_cast<nodes::Plan>(append.appendplans[0]);
        for (size_t i = 0; i < child->targetlist.size() && i < plan->targetlist.size(); ++i) {
          child->targetlist[i].resname = plan->targetlist[i].resname;
          child->targetlist[i].resjunk = plan->targetlist[i].resjunk;
          child->targetlist[i].ressortgroupref = plan->targetlist[i].ressortgroupref;
        }
        child->initPlan.insert(child->initPlan.begin(), plan->initPlan.begin(),
                               plan->initPlan.end());
        return child;
      }
      break;
    }
    case PlanTag::kMaterial:
      DummyTlist(plan.get());
      break;
    case PlanTag::kAgg: {
      if (static_cast<nodes::Agg&>(*plan).rollups.empty() || outer == nullptr) {
        FixUpperTlist(plan.get(), outer, nullptr);
        break;
      }
      // Grouping sets: GROUP BY items read their own input column, found by label, so two
      // items with the same expression are NULLed apart (set_upper_references).
      for (auto& tle : plan->targetlist) {
        const nodes::TargetEntry* input = nullptr;
        for (const auto& in : *outer) {
          if (tle.ressortgroupref != 0 && in.ressortgroupref == tle.ressortgroupref) input = &in;
        }
        tle.expr =
            input ? MakeRef(nodes::kOuterVar, *input) : FixUpperExpr(tle.expr, outer, nullptr);
      }
      plan->qual = FixUpperList(plan->qual, outer, nullptr);
      break;
    }
    case PlanTag::kWindowAgg: {
      // Functions of lower WindowAggs are read from the input like any computed column.
      auto& window = static_cast<nodes::WindowAgg&>(*plan);
      window.startOffset = FixScanExpr(window.startOffset);
      window.endOffset = FixScanExpr(window.endOffset);
      FixUpperTlist(plan.get(), outer, nullptr);
      break;
    }
    case PlanTag::kSort:
    case PlanTag::kUnique:
    case PlanTag::kSetOp:
      DummyTlist(plan.get());
      break;
    case PlanTag::kLimit: {
      auto& limit = static_cast<nodes::Limit&>(*plan);
      limit.limitOffset = FixScanExpr(limit.limitOffset);
      limit.limitCount = FixScanExpr(limit.limitCount);
      DummyTlist(plan.get());
      break;
    }
    case PlanTag::kModifyTable: {
      auto& mt = static_cast<nodes::ModifyTable&>(*plan);
      for (auto& rti : mt.resultRelations) rti += rtoffset_;
      mt.nominalRelation += rtoffset_;
      for (auto& rl : mt.returningLists) {
        for (auto& tle : rl) tle.expr = FixScanExpr(tle.expr);
      }
      for (auto& tle : mt.onConflictSet) tle.expr = FixScanExpr(tle.expr);
      mt.onConflictWhere = FixScanExpr(mt.onConflictWhere);
      if (mt.exclRelRTI != 0) mt.exclRelRTI += rtoffset_;
      if (!mt.returningLists.empty()) mt.targetlist = mt.returningLists[0];
      break;
    }
    default:
      throw MakeError(errcode::kInternalError, "set_plan_references: unexpected plan node {}",
                      nodes::PlanTagName(plan->tag));
  }
  plan->lefttree = Fix(plan->lefttree);
  plan->righttree = Fix(plan->righttree);
  return plan;
}

}  // namespace

nodes::PlanPtr SetPlanReferences(PlannerInfo* root, const nodes::PlanPtr& plan) {
  PlannerGlobal* glob = root->glob;
  auto rtoffset = static_cast<nodes::Index>(glob->finalrtable.size());
  for (const auto& rte : root->parse->rtable) {
    glob->finalrtable.push_back(rte);
    if (rte.rtekind == nodes::RteKind::kRelation) glob->relationOids.push_back(rte.relid);
  }
  RefFixer fixer(root, rtoffset);
  return fixer.Fix(plan);
}

}  // namespace hyrax::planner
