// ValuesScan operator (see values_scan.h).
#include "executor/operators/values_scan.h"

namespace hyrax::executor {

ValuesScanOperator::ValuesScanOperator(const nodes::Plan& plan, ExecState* estate)
    : Operator(plan, estate) {
  const auto& vs = nodes::PlanAs<nodes::ValuesScan>(plan);
  // The scan tuple's columns have the types of the first row (the analyzer coerced every
  // row to common column types).
  std::vector<Oid> types;
  std::vector<int32_t> typmods;
  if (!vs.values_lists.empty()) {
    for (const auto& e : vs.values_lists[0]) {
      types.push_back(e->result_type);
      typmods.push_back(e->result_typmod);
    }
  }
  scan_slot_ = std::make_unique<TupleSlot>(MakeTupleDesc(types, typmods));
  for (const auto& row : vs.values_lists) {
    nodes::TargetList tlist;
    for (const auto& e : row) {
      nodes::TargetEntry tle;
      tle.expr = e;
      tle.resno = static_cast<nodes::AttrNumber>(tlist.size() + 1);
      tlist.push_back(std::move(tle));
    }
    rows_.push_back(ExecBuildProjection(tlist, scan_slot_.get(), estate));
  }
  InitResultAndQual(/*project=*/true);
}

TupleSlot* ValuesScanOperator::NextImpl() {
  while (next_row_ < rows_.size()) {
    econtext()->ResetPerTuple();
    econtext()->scantuple = nullptr;
    ExecProject(rows_[next_row_++].get(), econtext());
    econtext()->scantuple = scan_slot_.get();
    if (!ExecQual(qual_.get(), econtext())) {
      CountFiltered1();
      continue;
    }
    return ExecProject(projection_.get(), econtext());
  }
  return nullptr;
}

}  // namespace hyrax::executor
