// Small helpers over plan node tags (see plannodes.h).
#include "nodes/plannodes.h"

namespace hyrax::nodes {

const char* PlanTagName(PlanTag tag) {
  switch (tag) {
    case PlanTag::kResult:
      return "Result";
    case PlanTag::kProjectSet:
      return "ProjectSet";
    case PlanTag::kModifyTable:
      return "ModifyTable";
    case PlanTag::kAppend:
      return "Append";
    case PlanTag::kMergeAppend:
      return "MergeAppend";
    case PlanTag::kRecursiveUnion:
      return "RecursiveUnion";
    case PlanTag::kBitmapAnd:
      return "BitmapAnd";
    case PlanTag::kBitmapOr:
      return "BitmapOr";
    case PlanTag::kSeqScan:
      return "SeqScan";
    case PlanTag::kSampleScan:
      return "SampleScan";
    case PlanTag::kIndexScan:
      return "IndexScan";
    case PlanTag::kIndexOnlyScan:
      return "IndexOnlyScan";
    case PlanTag::kBitmapIndexScan:
      return "BitmapIndexScan";
    case PlanTag::kBitmapHeapScan:
      return "BitmapHeapScan";
    case PlanTag::kTidScan:
      return "TidScan";
    case PlanTag::kTidRangeScan:
      return "TidRangeScan";
    case PlanTag::kSubqueryScan:
      return "SubqueryScan";
    case PlanTag::kFunctionScan:
      return "FunctionScan";
    case PlanTag::kValuesScan:
      return "ValuesScan";
    case PlanTag::kTableFuncScan:
      return "TableFuncScan";
    case PlanTag::kCteScan:
      return "CteScan";
    case PlanTag::kNamedTuplestoreScan:
      return "NamedTuplestoreScan";
    case PlanTag::kWorkTableScan:
      return "WorkTableScan";
    case PlanTag::kForeignScan:
      return "ForeignScan";
    case PlanTag::kCustomScan:
      return "CustomScan";
    case PlanTag::kNestLoop:
      return "NestLoop";
    case PlanTag::kMergeJoin:
      return "MergeJoin";
    case PlanTag::kHashJoin:
      return "HashJoin";
    case PlanTag::kMaterial:
      return "Material";
    case PlanTag::kMemoize:
      return "Memoize";
    case PlanTag::kSort:
      return "Sort";
    case PlanTag::kIncrementalSort:
      return "IncrementalSort";
    case PlanTag::kGroup:
      return "Group";
    case PlanTag::kAgg:
      return "Agg";
    case PlanTag::kWindowAgg:
      return "WindowAgg";
    case PlanTag::kUnique:
      return "Unique";
    case PlanTag::kGather:
      return "Gather";
    case PlanTag::kGatherMerge:
      return "GatherMerge";
    case PlanTag::kHash:
      return "Hash";
    case PlanTag::kSetOp:
      return "SetOp";
    case PlanTag::kLockRows:
      return "LockRows";
    case PlanTag::kLimit:
      return "Limit";
  }
  return "?";
}

bool IsScanPlan(PlanTag tag) {
  switch (tag) {
    case PlanTag::kSeqScan:
    case PlanTag::kSampleScan:
    case PlanTag::kIndexScan:
    case PlanTag::kIndexOnlyScan:
    case PlanTag::kBitmapIndexScan:
    case PlanTag::kBitmapHeapScan:
    case PlanTag::kTidScan:
    case PlanTag::kTidRangeScan:
    case PlanTag::kSubqueryScan:
    case PlanTag::kFunctionScan:
    case PlanTag::kValuesScan:
    case PlanTag::kTableFuncScan:
    case PlanTag::kCteScan:
    case PlanTag::kNamedTuplestoreScan:
    case PlanTag::kWorkTableScan:
    case PlanTag::kForeignScan:
    case PlanTag::kCustomScan:
      return true;
    default:
      return false;
  }
}

}  // namespace hyrax::nodes
