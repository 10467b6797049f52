// The planner's public interface: Query -> PlannedStmt. See planner/README.md.
#pragma once

#include "planner/plan/planner.h"
