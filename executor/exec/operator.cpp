// Operator base class (see operator.h).
#include "executor/exec/operator.h"

#include "common/error.h"
#include "common/interrupts.h"
#include "executor/expr/subplan.h"

namespace hyrax::executor {

Operator::Operator(const nodes::Plan& plan, ExecState* estate, std::unique_ptr<Operator> outer,
                   std::unique_ptr<Operator> inner)
    : plan_(plan),
      estate_(estate),
      econtext_(estate),
      outer_(std::move(outer)),
      inner_(std::move(inner)) {
  if (estate->instrument_options != 0) {
    instrument_ = std::make_unique<Instrumentation>(estate->instrument_options);
  }
  // Init plans: their output parameters are computed on first read. A WITH query's entry
  // (kind CTE) is never run as an init plan: its CTE Scans read it (cte_scan.h).
  for (const auto& expr : plan.initPlan) {
    const auto& sp = *nodes::As<nodes::SubPlan>(expr.get());
    auto state = std::make_unique<SubPlanState>(sp, estate);
    if (sp.subLinkType != nodes::SubLinkType::kCte) {
      for (int param : sp.setParam) estate->param_exec.at(param).exec_plan = state.get();
    }
    init_plans_.push_back(state.get());
    estate->subplan_states.push_back(std::move(state));
  }
}

Operator::~Operator() = default;

void Operator::Open() {
  if (outer_) outer_->Open();
  if (inner_) inner_->Open();
  OpenImpl();
  opened_ = true;
}

TupleSlot* Operator::Next() {
  CheckForInterrupts();
  if (!instrument_) return NextImpl();
  instrument_->StartNode();
  TupleSlot* slot = NextImpl();
  instrument_->StopNode(slot != nullptr ? 1.0 : 0.0);
  return slot;
}

void Operator::Close() {
  if (!opened_) return;
  opened_ = false;
  CloseImpl();
  if (outer_) outer_->Close();
  if (inner_) inner_->Close();
}

void Operator::ReScan() {
  CheckForInterrupts();
  if (instrument_) instrument_->EndLoop();
  // Init plans are uncorrelated with this node's parameters (the planner makes correlated
  // sub-selects SubPlans), so their values stay valid across rescans.
  if (RescanChildren()) {
    if (outer_) outer_->ReScan();
    if (inner_) inner_->ReScan();
  }
  ReScanImpl();
}

void Operator::MarkPosImpl() {
  throw Error(errcode::kInternalError, "mark/restore is not supported by this plan node");
}

void Operator::RestrPosImpl() {
  throw Error(errcode::kInternalError, "mark/restore is not supported by this plan node");
}

void Operator::EndLoops() {
  if (instrument_) instrument_->EndLoop();
  if (outer_) outer_->EndLoops();
  if (inner_) inner_->EndLoops();
  for (Operator* child : extra_children()) child->EndLoops();
  for (SubPlanState* sp : init_plans_) sp->planstate()->EndLoops();
}

void Operator::InitResultAndQual(bool project) {
  result_desc_ = TupleDescFromTargetList(plan_.targetlist, /*include_junk=*/true);
  qual_ = ExecInitQual(plan_.qual, estate_);
  if (project) {
    result_slot_ = std::make_unique<TupleSlot>(result_desc_);
    projection_ = ExecBuildProjection(plan_.targetlist, result_slot_.get(), estate_);
  }
}

bool TargetListMatchesDesc(const nodes::TargetList& tlist, nodes::Index varno,
                           const storage::TupleDesc& desc) {
  if (static_cast<int>(tlist.size()) != desc.natts()) return false;
  for (size_t i = 0; i < tlist.size(); ++i) {
    const nodes::Expr* e = tlist[i].expr.get();
    if (e->tag != nodes::NodeTag::kVar) return false;
    const auto* var = nodes::As<nodes::Var>(e);
    const auto& attr = desc.attr(static_cast<int>(i));
    if (var->varno != varno || var->varattno != static_cast<nodes::AttrNumber>(i + 1) ||
        var->varlevelsup != 0 || attr.dropped || var->result_type != attr.type_oid) {
      return false;
    }
  }
  return true;
}

}  // namespace hyrax::executor
