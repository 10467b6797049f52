// The one table from plan node types to EXPLAIN's display names (TEXT and JSON), plus the
// strategy/operation/join-type words PostgreSQL prints.
#pragma once

#include <string>

#include "nodes/plannodes.h"

namespace hyrax::planner {

struct PlanNodeNames {
  const char* sname;  // JSON "Node Type"
  const char* pname;  // TEXT name when it does not depend on the node's fields
};

PlanNodeNames NodeNames(nodes::PlanTag tag);
// "Aggregate" / "GroupAggregate" / "HashAggregate" / "MixedAggregate" and "Plain" ...
const char* AggTextName(nodes::AggStrategy strategy);
const char* AggStrategyName(nodes::AggStrategy strategy);
// "Insert", "Update", "Delete", "Merge".
const char* OperationName(nodes::CmdType op);
// "Inner", "Left", "Full", "Right", "Semi", "Anti".
const char* JoinTypeName(nodes::JoinType type);

}  // namespace hyrax::planner
