// FunctionScan operator (see function_scan.h).
#include "executor/operators/function_scan.h"

#include <algorithm>

#include "common/error.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

// Column types of a function in FROM: one column of its result type, the column definition
// list's types, or its OUT parameters' types (as the analyzer named them).
void AppendFunctionColumnTypes(const nodes::RangeTblFunction& f, std::vector<Oid>* types,
                               std::vector<int32_t>* typmods) {
  if (!f.funccoltypes.empty()) {
    types->insert(types->end(), f.funccoltypes.begin(), f.funccoltypes.end());
    typmods->insert(typmods->end(), f.funccoltypmods.begin(), f.funccoltypmods.end());
    return;
  }
  if (f.funccolcount == 1) {
    types->push_back(f.funcexpr->result_type);
    typmods->push_back(f.funcexpr->result_typmod);
    return;
  }
  std::optional<catalog::PgProc> proc;
  if (f.funcexpr->tag == nodes::NodeTag::kFuncExpr) {
    proc = catalog::Syscache().ProcByOid(nodes::As<nodes::FuncExpr>(f.funcexpr)->funcid);
  }
  if (!proc) {
    throw Error(errcode::kFeatureNotSupported,
                "functions returning composite types in FROM are not supported yet");
  }
  for (size_t i = 0; i < proc->proargmodes.size(); ++i) {
    char mode = proc->proargmodes[i];
    if (mode != 'o' && mode != 'b' && mode != 't') continue;
    types->push_back(proc->proallargtypes[i]);
    typmods->push_back(-1);
  }
}

}  // namespace

FunctionScanOperator::FunctionScanOperator(const nodes::Plan& plan, ExecState* estate)
    : Operator(plan, estate) {
  const auto& fs = nodes::PlanAs<nodes::FunctionScan>(plan);
  std::vector<Oid> types;
  std::vector<int32_t> typmods;
  for (const auto& f : fs.functions) {
    first_column_.push_back(static_cast<int>(types.size()));
    AppendFunctionColumnTypes(f, &types, &typmods);
    column_count_.push_back(static_cast<int>(types.size()) - first_column_.back());
    calls_.push_back(std::make_unique<SetFunctionCall>(f.funcexpr, estate));
  }
  ordinality_ = fs.funcordinality;
  scan_columns_ = static_cast<int>(types.size());
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
        Datum* values = &slot->values()[first_column_[i]];
        bool* nulls = &slot->nulls()[first_column_[i]];
        bool got = !done_[i] && calls_[i]->NextRow(values, nulls, column_count_[i]);
        if (!got) {
          done_[i] = true;
          std::fill(values, values + column_count_[i], Datum{0});
          std::fill(nulls, nulls + column_count_[i], true);
        }
        any |= got;
      }
    }
    if (!any) return nullptr;
    if (ordinality_) {
      slot->values()[scan_columns_] = Int64GetDatum(++ordinal_);
      slot->nulls()[scan_columns_] = false;
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
