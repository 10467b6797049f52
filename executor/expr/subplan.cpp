// SubPlan evaluation (see subplan.h); follows PostgreSQL's ExecSubPlan / ExecScanSubPlan /
// ExecSetParamPlan, without the hashed variant yet.
#include "executor/expr/subplan.h"

#include "common/array_layout.h"
#include "common/assert.h"
#include "common/error.h"
#include "executor/exec/exec_state.h"
#include "executor/exec/operator.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/complex_steps.h"

namespace hyrax::executor {

SubPlanState::SubPlanState(const nodes::SubPlan& subplan, ExecState* estate)
    : subplan_(subplan), estate_(estate) {
  HYRAX_CHECK(subplan.plan_id >= 1 &&
                  static_cast<size_t>(subplan.plan_id) <= estate->subplan_operators.size(),
              "subplan id out of range");
  planstate_ = estate->subplan_operators[subplan.plan_id - 1].get();
  if (subplan.testexpr) testexpr_ = ExecInitExpr(*subplan.testexpr, estate);
  for (const auto& arg : subplan.args) args_.push_back(ExecInitExpr(*arg, estate));
  if (subplan.useHashTable) {
    throw Error(errcode::kFeatureNotSupported, "hashed subplans are not supported yet");
  }
}

SubPlanState::~SubPlanState() = default;

void SubPlanState::SetParParams(ExprContext* econtext) {
  for (size_t i = 0; i < subplan_.parParam.size(); ++i) {
    auto& prm = estate_->param_exec[subplan_.parParam[i]];
    prm.value = ExecEvalExpr(args_[i].get(), econtext, &prm.isnull);
    ++prm.changes;
  }
}

Datum SubPlanState::Exec(ExprContext* econtext, bool* isnull) {
  using Kind = nodes::SubLinkType;
  SetParParams(econtext);
  planstate_->ReScan();
  *isnull = false;
  switch (subplan_.subLinkType) {
    case Kind::kExists: {
      bool found = planstate_->Next() != nullptr;
      return BoolGetDatum(found);
    }
    case Kind::kExpr: {
      TupleSlot* slot = planstate_->Next();
      if (slot == nullptr) {
        *isnull = true;
        return 0;
      }
      bool null;
      Datum value = slot->GetAttr(1, &null);
      const auto& attr = slot->desc().attr(0);
      value = null ? 0 : DatumCopy(value, attr.byval, attr.len, CurrentMemoryContext());
      if (planstate_->Next() != nullptr) {
        throw Error(errcode::kCardinalityViolation,
                    "more than one row returned by a subquery used as an expression");
      }
      *isnull = null;
      return value;
    }
    case Kind::kArray: {
      std::vector<Datum> values;
      std::vector<char> nulls;
      ElementLayout elem = LookupElementLayout(subplan_.firstColType);
      while (TupleSlot* slot = planstate_->Next()) {
        bool null;
        Datum v = slot->GetAttr(1, &null);
        values.push_back(null ? 0 : DatumCopy(v, elem.byval, elem.len, CurrentMemoryContext()));
        nulls.push_back(null ? 1 : 0);
      }
      std::unique_ptr<bool[]> nullflags(new bool[nulls.size() + 1]);
      for (size_t i = 0; i < nulls.size(); ++i) nullflags[i] = nulls[i] != 0;
      return ConstructArray1D(values.data(), nullflags.get(), static_cast<int>(values.size()),
                              subplan_.firstColType, elem);
    }
    case Kind::kAny:
    case Kind::kAll:
      return ExecAnyAll(econtext, isnull);
    case Kind::kMultiExpr:
      // UPDATE SET (a, b) = (SELECT ...): the row's values go to the setParam slots, in the
      // current (per-row) memory the projection reading them shares (PostgreSQL's
      // ExecScanSubPlan for MULTIEXPR_SUBLINK).
      ReadRowIntoSetParams();
      *isnull = true;
      return 0;
    default:
      throw Error(errcode::kFeatureNotSupported, "this kind of subquery is not supported yet");
  }
}

// ANY: true if some row's test is true; else NULL if some was NULL; else false. ALL: false
// if some row's test is false; else NULL if some was NULL; else true. No rows: ANY false,
// ALL true.
Datum SubPlanState::ExecAnyAll(ExprContext* econtext, bool* isnull) {
  bool use_or = subplan_.subLinkType == nodes::SubLinkType::kAny;
  bool result = !use_or;
  bool result_null = false;
  while (TupleSlot* slot = planstate_->Next()) {
    for (size_t i = 0; i < subplan_.paramIds.size(); ++i) {
      auto& prm = estate_->param_exec[subplan_.paramIds[i]];
      prm.value = slot->GetAttr(static_cast<int>(i + 1), &prm.isnull);
      ++prm.changes;
    }
    bool null;
    Datum v = ExecEvalExpr(testexpr_.get(), econtext, &null);
    if (null) {
      result_null = true;
    } else if (use_or && DatumGetBool(v)) {
      *isnull = false;
      return BoolGetDatum(true);
    } else if (!use_or && !DatumGetBool(v)) {
      *isnull = false;
      return BoolGetDatum(false);
    }
  }
  *isnull = result_null;
  return BoolGetDatum(result);
}

// Reads at most one row of the sub-plan into the setParam slots, NULLs when there is none,
// 21000 for a second one; values are copied into the current memory context.
void SubPlanState::ReadRowIntoSetParams() {
  for (int id : subplan_.setParam) {
    auto& prm = estate_->param_exec[id];
    prm.exec_plan = nullptr;
    prm.isnull = true;
    prm.value = 0;
    ++prm.changes;
  }
  bool found = false;
  while (TupleSlot* slot = planstate_->Next()) {
    if (found) {
      throw Error(errcode::kCardinalityViolation,
                  "more than one row returned by a subquery used as an expression");
    }
    found = true;
    for (size_t i = 0; i < subplan_.setParam.size(); ++i) {
      auto& prm = estate_->param_exec[subplan_.setParam[i]];
      Datum v = slot->GetAttr(static_cast<int>(i + 1), &prm.isnull);
      const auto& attr = slot->desc().attr(static_cast<int>(i));
      prm.value = prm.isnull ? 0 : DatumCopy(v, attr.byval, attr.len, CurrentMemoryContext());
    }
  }
}

void SubPlanState::ExecSetParamPlan(ExprContext* econtext) {
  using Kind = nodes::SubLinkType;
  planstate_->ReScan();
  // Values must survive the per-tuple context: copy them into query memory.
  MemoryContextScope scope(&estate_->query_memory);
  if (subplan_.subLinkType == Kind::kExists) {
    auto& prm = estate_->param_exec[subplan_.setParam.at(0)];
    prm.value = BoolGetDatum(planstate_->Next() != nullptr);
    prm.isnull = false;
    prm.exec_plan = nullptr;
    ++prm.changes;
    return;
  }
  if (subplan_.subLinkType == Kind::kArray) {
    auto& prm = estate_->param_exec[subplan_.setParam.at(0)];
    prm.exec_plan = nullptr;
    prm.value = Exec(econtext, &prm.isnull);
    ++prm.changes;
    return;
  }
  ReadRowIntoSetParams();
}

}  // namespace hyrax::executor
