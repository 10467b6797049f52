// FunctionScan operator (see function_scan.h).
#include "executor/operators/function_scan.h"

#include "common/error.h"

namespace hyrax::executor {

FunctionScanOperator::FunctionScanOperator(const nodes::Plan& plan, ExecState* estate)
    : Operator(plan, estate) {
  const auto& fs = nodes::PlanAs<nodes::FunctionScan>(plan);
  std::vector<Oid> types;
  std::vector<int32_t> typmods;
  for (const auto& f : fs.functions) {
    if (!f.funccoltypes.empty() || f.funccolcount != 1) {
      throw Error(errcode::kFeatureNotSupported,
                  "functions returning composite types in FROM are not supported yet");
    }
    types.push_back(f.funcexpr->result_type);
    typmods.push_back(f.funcexpr->result_typmod);
    calls_.push_back(std::make_unique<SetFunctionCall>(f.funcexpr, estate));
  }
  ordinality_ = fs.funcordinality;
  if (ordinality_) {
    types.push_back(20);  // int8
    typmods.push_back(-1);
  }
  scan_slot_ = std::make_unique<TupleSlot>(MakeTupleDesc(types, typmods));
  InitResultAndQual(/*project=*/true);
}

TupleSlot* FunctionScanOperator::NextImpl() {
  if (!started_) {
    started_ = true;
    ordinal_ = 0;
    econtext()->scantuple = nullptr;
    for (auto& call : calls_) call->Start(econtext());
    done_.assign(calls_.size(), false);
  }
  for (;;) {
    econtext()->ResetPerTuple();
    TupleSlot* slot = scan_slot_.get();
    slot->Clear();
    bool any = false;
    {
      MemoryContextScope scope(&econtext()->per_tuple_memory);
      for (size_t i = 0; i < calls_.size(); ++i) {
        bool got = !done_[i] && calls_[i]->Next(&slot->values()[i], &slot->nulls()[i]);
        if (!got) {
          done_[i] = true;
          slot->values()[i] = 0;
          slot->nulls()[i] = true;
        }
        any |= got;
      }
    }
    if (!any) return nullptr;
    if (ordinality_) {
      slot->values()[calls_.size()] = Int64GetDatum(++ordinal_);
      slot->nulls()[calls_.size()] = false;
    }
    slot->StoreVirtual();
    econtext()->scantuple = slot;
    if (!ExecQual(qual_.get(), econtext())) {
      CountFiltered1();
      continue;
    }
    return ExecProject(projection_.get(), econtext());
  }
}

}  // namespace hyrax::executor
