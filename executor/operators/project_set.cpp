// ProjectSet operator (see project_set.h).
#include "executor/operators/project_set.h"

namespace hyrax::executor {

ProjectSetOperator::ProjectSetOperator(const nodes::Plan& plan, ExecState* estate,
                                       OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)) {
  InitResultAndQual(/*project=*/false);
  result_slot_ = std::make_unique<TupleSlot>(result_desc_);
  for (const auto& tle : plan.targetlist) {
    if (IsSetReturningCall(*tle.expr)) {
      sets_.push_back(std::make_unique<SetFunctionCall>(tle.expr, estate));
      exprs_.push_back(nullptr);
    } else {
      sets_.push_back(nullptr);
      exprs_.push_back(ExecInitExpr(*tle.expr, estate));
    }
  }
}

TupleSlot* ProjectSetOperator::NextImpl() {
  for (;;) {
    econtext()->ResetPerTuple();
    if (!have_input_) {
      TupleSlot* in = outer_->Next();
      if (in == nullptr) return nullptr;
      econtext()->outertuple = in;
      for (auto& s : sets_) {
        if (s) s->Start(econtext());
      }
      done_.assign(sets_.size(), false);
      have_input_ = true;
    }
    TupleSlot* out = result_slot();
    out->Clear();
    bool any = false;
    MemoryContextScope scope(&econtext()->per_tuple_memory);
    for (size_t i = 0; i < sets_.size(); ++i) {
      if (!sets_[i]) continue;
      bool got = !done_[i] && sets_[i]->Next(&out->values()[i], &out->nulls()[i]);
      if (!got) {
        done_[i] = true;
        out->values()[i] = 0;
        out->nulls()[i] = true;
      }
      any |= got;
    }
    if (!any) {
      have_input_ = false;
      continue;
    }
    for (size_t i = 0; i < exprs_.size(); ++i) {
      if (exprs_[i]) {
        out->values()[i] = ExecInterpExpr(exprs_[i].get(), econtext(), &out->nulls()[i]);
      }
    }
    out->StoreVirtual();
    if (!ExecQual(qual_.get(), econtext())) {
      CountFiltered1();
      continue;
    }
    return out;
  }
}

}  // namespace hyrax::executor
