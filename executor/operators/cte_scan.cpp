// CTE Scan (see cte_scan.h).
#include "executor/operators/cte_scan.h"

#include "common/assert.h"

namespace hyrax::executor {

CteState::CteState(Operator* query) : producer(query), rows(query->result_desc()) {}

bool CteState::Fetch(size_t index, TupleSlot* slot) {
  while (index >= rows.size()) {
    if (eof) return false;
    TupleSlot* next = producer->Next();
    if (next == nullptr) {
      eof = true;
      return false;
    }
    rows.Append(next);
  }
  rows.Load(index, slot);
  return true;
}

void CteState::RunToCompletion() {
  while (!eof) {
    TupleSlot* next = producer->Next();
    if (next == nullptr) {
      eof = true;
    } else {
      rows.Append(next);
    }
  }
}

CteState* GetCteState(ExecState* estate, int plan_id) {
  auto& state = estate->cte_states[plan_id];
  if (!state) {
    HYRAX_CHECK(plan_id >= 1 && static_cast<size_t>(plan_id) <= estate->subplan_operators.size(),
                "CTE plan id out of range");
    state = std::make_shared<CteState>(estate->subplan_operators[plan_id - 1].get());
  }
  return state.get();
}

CteScanOperator::CteScanOperator(const nodes::Plan& plan, ExecState* estate)
    : TupleStoreScanOperator(plan, estate) {}

bool CteScanOperator::FetchRow(size_t position, TupleSlot* slot) {
  // The WITH query's operator may be built after this scan (both are sub-plans): look the
  // state up when the first row is wanted.
  if (state_ == nullptr) {
    state_ = GetCteState(estate_, nodes::PlanAs<nodes::CteScan>(plan_).ctePlanId);
  }
  return state_->Fetch(position, slot);
}

}  // namespace hyrax::executor
