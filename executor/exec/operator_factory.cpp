// The operator factory (see operator_factory.h): the one place that maps plan node types
// to operator classes.
#include "executor/exec/operator_factory.h"

#include "common/error.h"
#include "executor/operators/agg.h"
#include "executor/operators/append.h"
#include "executor/operators/cte_scan.h"
#include "executor/operators/function_scan.h"
#include "executor/operators/hash.h"
#include "executor/operators/hash_join.h"
#include "executor/operators/index_scan.h"
#include "executor/operators/limit.h"
#include "executor/operators/material.h"
#include "executor/operators/merge_join.h"
#include "executor/operators/modify_table.h"
#include "executor/operators/nest_loop.h"
#include "executor/operators/project_set.h"
#include "executor/operators/recursive_union.h"
#include "executor/operators/result.h"
#include "executor/operators/seq_scan.h"
#include "executor/operators/set_op.h"
#include "executor/operators/sort.h"
#include "executor/operators/subquery_scan.h"
#include "executor/operators/unique.h"
#include "executor/operators/values_scan.h"
#include "executor/operators/window_agg.h"
#include "executor/operators/worktable_scan.h"

namespace hyrax::executor {

OperatorPtr ExecInitNode(const nodes::PlanPtr& plan, ExecState* estate) {
  if (!plan) return nullptr;
  using nodes::PlanTag;
  const nodes::Plan& p = *plan;
  // A Materialize learns which PARAM_EXEC slots the operators below it read, so that it can
  // tell a rescan with other parameter values (its stored rows are stale) from a replay.
  std::vector<int> params_below;
  if (p.tag == PlanTag::kMaterial) estate->param_use_collectors.push_back(&params_below);
  // Children first: constructors read their result descriptors.
  OperatorPtr outer, inner;
  try {
    outer = ExecInitNode(p.lefttree, estate);
    inner = ExecInitNode(p.righttree, estate);
  } catch (...) {
    if (p.tag == PlanTag::kMaterial) estate->param_use_collectors.pop_back();
    throw;
  }
  if (p.tag == PlanTag::kMaterial) estate->param_use_collectors.pop_back();
  switch (p.tag) {
    case PlanTag::kResult:
      return std::make_unique<ResultOperator>(p, estate, std::move(outer));
    case PlanTag::kValuesScan:
      return std::make_unique<ValuesScanOperator>(p, estate);
    case PlanTag::kFunctionScan:
      return std::make_unique<FunctionScanOperator>(p, estate);
    case PlanTag::kProjectSet:
      return std::make_unique<ProjectSetOperator>(p, estate, std::move(outer));
    case PlanTag::kSeqScan:
      return std::make_unique<SeqScanOperator>(p, estate);
    case PlanTag::kIndexScan:
    case PlanTag::kIndexOnlyScan:
      return std::make_unique<IndexScanOperator>(p, estate);
    case PlanTag::kSort:
      return std::make_unique<SortOperator>(p, estate, std::move(outer));
    case PlanTag::kUnique:
      return std::make_unique<UniqueOperator>(p, estate, std::move(outer));
    case PlanTag::kLimit:
      return std::make_unique<LimitOperator>(p, estate, std::move(outer));
    case PlanTag::kAgg:
      return std::make_unique<AggOperator>(p, estate, std::move(outer));
    case PlanTag::kWindowAgg:
      return std::make_unique<WindowAggOperator>(p, estate, std::move(outer));
    case PlanTag::kNestLoop:
      return std::make_unique<NestLoopOperator>(p, estate, std::move(outer), std::move(inner));
    case PlanTag::kMaterial:
      return std::make_unique<MaterialOperator>(p, estate, std::move(outer),
                                                std::move(params_below));
    case PlanTag::kHash:
      return std::make_unique<HashOperator>(p, estate, std::move(outer));
    case PlanTag::kMergeJoin:
      return std::make_unique<MergeJoinOperator>(p, estate, std::move(outer), std::move(inner));
    case PlanTag::kHashJoin:
      return std::make_unique<HashJoinOperator>(p, estate, std::move(outer), std::move(inner));
    case PlanTag::kSubqueryScan: {
      OperatorPtr sub = ExecInitNode(nodes::PlanAs<nodes::SubqueryScan>(p).subplan, estate);
      return std::make_unique<SubqueryScanOperator>(p, estate, std::move(sub));
    }
    case PlanTag::kSetOp:
      return std::make_unique<SetOpOperator>(p, estate, std::move(outer));
    case PlanTag::kAppend: {
      std::vector<OperatorPtr> children;
      for (const auto& child : nodes::PlanAs<nodes::Append>(p).appendplans)
        children.push_back(ExecInitNode(child, estate));
      return std::make_unique<AppendOperator>(p, estate, std::move(children));
    }
    case PlanTag::kCteScan:
      return std::make_unique<CteScanOperator>(p, estate);
    case PlanTag::kWorkTableScan:
      return std::make_unique<WorkTableScanOperator>(p, estate);
    case PlanTag::kRecursiveUnion:
      return std::make_unique<RecursiveUnionOperator>(p, estate, std::move(outer),
                                                      std::move(inner));
    case PlanTag::kModifyTable:
      return std::make_unique<ModifyTableOperator>(p, estate, std::move(outer));
    default:
      throw MakeError(errcode::kFeatureNotSupported, "plan node {} is not supported yet",
                      nodes::PlanTagName(p.tag));
  }
}

}  // namespace hyrax::executor
