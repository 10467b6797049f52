// Query parameters: $n values supplied by the client (PostgreSQL's ParamListInfo) and the
// PARAM_EXEC slots the executor itself sets while running (subplan outputs, nested-loop
// parameters). See executor/README.md "Parameters".
#pragma once

#include <vector>

#include "common/datum.h"
#include "common/ids.h"

namespace hyrax::executor {

struct ParamExternData {
  Datum value = 0;
  bool isnull = true;
  Oid ptype = kInvalidOid;
};

// $1..$n: params[n - 1]. By-reference values are owned by the caller (the portal) and must
// outlive the execution.
struct ParamListInfo {
  std::vector<ParamExternData> params;
};

class SubPlanState;

// One PARAM_EXEC slot. When `exec_plan` is set the value is not computed yet: the init plan
// runs on first read (PostgreSQL's ExecSetParamPlan). `changes` counts the values stored
// (every setter increments it): a Materialize compares it to know whether the rows it
// stored were computed with other parameter values (PostgreSQL's chgParam).
struct ParamExecData {
  Datum value = 0;
  bool isnull = true;
  SubPlanState* exec_plan = nullptr;
  uint64_t changes = 0;
};

}  // namespace hyrax::executor
