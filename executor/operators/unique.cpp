// Unique operator (see unique.h).
#include "executor/operators/unique.h"

#include "executor/expr/function_lookup.h"

namespace hyrax::executor {

UniqueOperator::UniqueOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)), uniq_(nodes::PlanAs<nodes::Unique>(plan)) {
  SetResultDesc(outer_->result_desc());
  for (int i = 0; i < uniq_.uniq.numCols(); ++i) {
    FmgrInfo eq;
    FmgrInfoForFunction(OperatorFunction(uniq_.uniq.eqOperators[i]), &eq);
    eq_fns_.push_back(eq);
  }
  last_ = std::make_unique<TupleSlot>(outer_->result_desc());
}

bool UniqueOperator::SameAsLast(TupleSlot* row) {
  for (int i = 0; i < uniq_.uniq.numCols(); ++i) {
    int att = uniq_.uniq.colIdx[i];
    bool an, bn;
    Datum av = last_->GetAttr(att, &an);
    Datum bv = row->GetAttr(att, &bn);
    if (an || bn) {
      if (an && bn) continue;  // NULLs are not distinct here
      return false;
    }
    LocalFunctionCallInfo<2> call(&eq_fns_[i], uniq_.uniq.collations[i]);
    call.SetArg(0, av);
    call.SetArg(1, bv);
    Datum eq = FunctionCallInvoke(&call.fcinfo);
    if (call.fcinfo.isnull || !DatumGetBool(eq)) return false;
  }
  return true;
}

TupleSlot* UniqueOperator::NextImpl() {
  for (;;) {
    econtext()->ResetPerTuple();
    TupleSlot* row = outer_->Next();
    if (row == nullptr) return nullptr;
    if (have_last_) {
      MemoryContextScope scope(&econtext()->per_tuple_memory);
      if (SameAsLast(row)) continue;
    }
    last_->CopyFrom(*row);
    last_->Materialize();
    have_last_ = true;
    return last_.get();
  }
}

}  // namespace hyrax::executor
