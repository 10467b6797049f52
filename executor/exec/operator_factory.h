// The operator factory: one function that maps each plan node type to its operator class
// (STYLE.md §3, step 5 of the plan-node checklist).
#pragma once

#include <memory>

#include "executor/exec/operator.h"
#include "nodes/plannodes.h"

namespace hyrax::executor {

// Builds the operator tree for `plan` (children first). `plan` must outlive the operators.
// Throws 0A000 for plan node types the executor does not implement yet.
OperatorPtr ExecInitNode(const nodes::PlanPtr& plan, ExecState* estate);

}  // namespace hyrax::executor
