// NestLoop operator (see nest_loop.h); control flow as PostgreSQL's ExecNestLoop.
#include "executor/operators/nest_loop.h"

#include "common/error.h"

namespace hyrax::executor {

NestLoopOperator::NestLoopOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer,
                                   OperatorPtr inner)
    : Operator(plan, estate, std::move(outer), std::move(inner)),
      join_(nodes::PlanAs<nodes::NestLoop>(plan)) {
  using nodes::JoinType;
  if (join_.jointype != JoinType::kInner && join_.jointype != JoinType::kLeft &&
      join_.jointype != JoinType::kSemi && join_.jointype != JoinType::kAnti) {
    throw Error(errcode::kFeatureNotSupported, "this join type is not supported by NestLoop");
  }
  InitResultAndQual(/*project=*/true);
  joinqual_ = ExecInitQual(join_.joinqual, estate);
  if (join_.jointype == JoinType::kLeft || join_.jointype == JoinType::kAnti) {
    null_inner_ = std::make_unique<TupleSlot>(inner_->result_desc());
    for (int i = 0; i < null_inner_->natts(); ++i) null_inner_->nulls()[i] = true;
    null_inner_->StoreVirtual();
  }
}

TupleSlot* NestLoopOperator::NextImpl() {
  using nodes::JoinType;
  ExprContext* ec = econtext();
  for (;;) {
    ec->ResetPerTuple();
    if (need_new_outer_) {
      TupleSlot* outer = outer_->Next();
      if (outer == nullptr) return nullptr;
      ec->outertuple = outer;
      // Pass the outer row's values the inner side depends on, then restart it.
      for (const auto& np : join_.nestParams) {
        auto& prm = estate_->param_exec.at(np.paramno);
        bool isnull;
        prm.value = outer->GetAttr(np.paramval->varattno, &isnull);
        prm.isnull = isnull;
        ++prm.changes;
      }
      inner_->ReScan();
      need_new_outer_ = false;
      matched_outer_ = false;
    }
    TupleSlot* inner = inner_->Next();
    if (inner == nullptr) {
      need_new_outer_ = true;
      if (!matched_outer_ &&
          (join_.jointype == JoinType::kLeft || join_.jointype == JoinType::kAnti)) {
        // Unmatched outer row: emit it with NULLs for the inner side.
        ec->innertuple = null_inner_.get();
        if (ExecQual(qual_.get(), ec)) return ExecProject(projection_.get(), ec);
        CountFiltered2();
      }
      continue;
    }
    ec->innertuple = inner;
    if (!ExecQual(joinqual_.get(), ec)) {
      CountFiltered1();
      continue;
    }
    matched_outer_ = true;
    if (join_.jointype == JoinType::kAnti) {
      need_new_outer_ = true;  // a match disqualifies the outer row
      continue;
    }
    if (join_.jointype == JoinType::kSemi) need_new_outer_ = true;  // first match only
    if (ExecQual(qual_.get(), ec)) return ExecProject(projection_.get(), ec);
    CountFiltered2();
  }
}

void NestLoopOperator::ReScanImpl() {
  need_new_outer_ = true;
  matched_outer_ = false;
}

}  // namespace hyrax::executor
