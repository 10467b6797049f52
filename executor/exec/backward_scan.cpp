// ExecSupportsBackwardScan (see backward_scan.h).
#include "executor/exec/backward_scan.h"

namespace hyrax::executor {

bool ExecSupportsBackwardScan(const nodes::Plan& plan) {
  using nodes::PlanTag;
  if (plan.parallel_aware) return false;
  switch (plan.tag) {
    case PlanTag::kResult:
      return plan.lefttree != nullptr && ExecSupportsBackwardScan(*plan.lefttree);
    case PlanTag::kAppend: {
      for (const auto& child : static_cast<const nodes::Append&>(plan).appendplans) {
        if (!ExecSupportsBackwardScan(*child)) return false;
      }
      return true;
    }
    case PlanTag::kSubqueryScan:
      return ExecSupportsBackwardScan(*static_cast<const nodes::SubqueryScan&>(plan).subplan);
    case PlanTag::kSeqScan:
    case PlanTag::kIndexScan:  // btree, the only index type, can scan backward
    case PlanTag::kIndexOnlyScan:
    case PlanTag::kTidScan:
    case PlanTag::kTidRangeScan:
    case PlanTag::kFunctionScan:
    case PlanTag::kValuesScan:
    case PlanTag::kCteScan:
    case PlanTag::kMaterial:
    case PlanTag::kSort:
      return true;
    case PlanTag::kLockRows:
    case PlanTag::kLimit:
      return plan.lefttree != nullptr && ExecSupportsBackwardScan(*plan.lefttree);
    default:
      return false;
  }
}

}  // namespace hyrax::executor
