// EXPLAIN display names (see node_names.h); the strings are PostgreSQL 15's.
#include "planner/explain/node_names.h"

namespace hyrax::planner {

PlanNodeNames NodeNames(nodes::PlanTag tag) {
  using nodes::PlanTag;
  switch (tag) {
    case PlanTag::kResult:
      return {"Result", "Result"};
    case PlanTag::kProjectSet:
      return {"ProjectSet", "ProjectSet"};
    case PlanTag::kModifyTable:
      return {"ModifyTable", "ModifyTable"};
    case PlanTag::kAppend:
      return {"Append", "Append"};
    case PlanTag::kMergeAppend:
      return {"Merge Append", "Merge Append"};
    case PlanTag::kRecursiveUnion:
      return {"Recursive Union", "Recursive Union"};
    case PlanTag::kBitmapAnd:
      return {"BitmapAnd", "BitmapAnd"};
    case PlanTag::kBitmapOr:
      return {"BitmapOr", "BitmapOr"};
    case PlanTag::kSeqScan:
      return {"Seq Scan", "Seq Scan"};
    case PlanTag::kSampleScan:
      return {"Sample Scan", "Sample Scan"};
    case PlanTag::kIndexScan:
      return {"Index Scan", "Index Scan"};
    case PlanTag::kIndexOnlyScan:
      return {"Index Only Scan", "Index Only Scan"};
    case PlanTag::kBitmapIndexScan:
      return {"Bitmap Index Scan", "Bitmap Index Scan"};
    case PlanTag::kBitmapHeapScan:
      return {"Bitmap Heap Scan", "Bitmap Heap Scan"};
    case PlanTag::kTidScan:
      return {"Tid Scan", "Tid Scan"};
    case PlanTag::kTidRangeScan:
      return {"Tid Range Scan", "Tid Range Scan"};
    case PlanTag::kSubqueryScan:
      return {"Subquery Scan", "Subquery Scan"};
    case PlanTag::kFunctionScan:
      return {"Function Scan", "Function Scan"};
    case PlanTag::kValuesScan:
      return {"Values Scan", "Values Scan"};
    case PlanTag::kTableFuncScan:
      return {"Table Function Scan", "Table Function Scan"};
    case PlanTag::kCteScan:
      return {"CTE Scan", "CTE Scan"};
    case PlanTag::kNamedTuplestoreScan:
      return {"Named Tuplestore Scan", "Named Tuplestore Scan"};
    case PlanTag::kWorkTableScan:
      return {"WorkTable Scan", "WorkTable Scan"};
    case PlanTag::kForeignScan:
      return {"Foreign Scan", "Foreign Scan"};
    case PlanTag::kCustomScan:
      return {"Custom Scan", "Custom Scan"};
    case PlanTag::kNestLoop:
      return {"Nested Loop", "Nested Loop"};
    case PlanTag::kMergeJoin:
      return {"Merge Join", "Merge"};
    case PlanTag::kHashJoin:
      return {"Hash Join", "Hash"};
    case PlanTag::kMaterial:
      return {"Materialize", "Materialize"};
    case PlanTag::kMemoize:
      return {"Memoize", "Memoize"};
    case PlanTag::kSort:
      return {"Sort", "Sort"};
    case PlanTag::kIncrementalSort:
      return {"Incremental Sort", "Incremental Sort"};
    case PlanTag::kGroup:
      return {"Group", "Group"};
    case PlanTag::kAgg:
      return {"Aggregate", "Aggregate"};
    case PlanTag::kWindowAgg:
      return {"WindowAgg", "WindowAgg"};
    case PlanTag::kUnique:
      return {"Unique", "Unique"};
    case PlanTag::kGather:
      return {"Gather", "Gather"};
    case PlanTag::kGatherMerge:
      return {"Gather Merge", "Gather Merge"};
    case PlanTag::kHash:
      return {"Hash", "Hash"};
    case PlanTag::kSetOp:
      return {"SetOp", "SetOp"};
    case PlanTag::kLockRows:
      return {"LockRows", "LockRows"};
    case PlanTag::kLimit:
      return {"Limit", "Limit"};
  }
  return {"???", "???"};
}

const char* AggTextName(nodes::AggStrategy strategy) {
  switch (strategy) {
    case nodes::AggStrategy::kPlain:
      return "Aggregate";
    case nodes::AggStrategy::kSorted:
      return "GroupAggregate";
    case nodes::AggStrategy::kHashed:
      return "HashAggregate";
    case nodes::AggStrategy::kMixed:
      return "MixedAggregate";
  }
  return "Aggregate ???";
}

const char* AggStrategyName(nodes::AggStrategy strategy) {
  switch (strategy) {
    case nodes::AggStrategy::kPlain:
      return "Plain";
    case nodes::AggStrategy::kSorted:
      return "Sorted";
    case nodes::AggStrategy::kHashed:
      return "Hashed";
    case nodes::AggStrategy::kMixed:
      return "Mixed";
  }
  return "???";
}

const char* OperationName(nodes::CmdType op) {
  switch (op) {
    case nodes::CmdType::kInsert:
      return "Insert";
    case nodes::CmdType::kUpdate:
      return "Update";
    case nodes::CmdType::kDelete:
      return "Delete";
    case nodes::CmdType::kMerge:
      return "Merge";
    default:
      return "???";
  }
}

const char* JoinTypeName(nodes::JoinType type) {
  switch (type) {
    case nodes::JoinType::kInner:
      return "Inner";
    case nodes::JoinType::kLeft:
      return "Left";
    case nodes::JoinType::kFull:
      return "Full";
    case nodes::JoinType::kRight:
      return "Right";
    case nodes::JoinType::kSemi:
      return "Semi";
    case nodes::JoinType::kAnti:
      return "Anti";
    default:
      return "???";
  }
}

}  // namespace hyrax::planner
