// Expansion of inheritance parents and partitioned tables (PostgreSQL's inherit.c,
// expand_inherited_rtentry): every relation RTE read with inheritance (no ONLY) that has
// children gets one RTE per child relation with storage appended to the range table (the
// parent itself first when it is a plain table), locked like the parent, and an
// AppendRelInfo mapping the parent's columns to the child's by name. The parent's base
// relation is then planned as an Append of its children (planner/path/appendrel.h).
#pragma once

#include "nodes/parsenodes.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Whether `rte` is a relation read with inheritance that has (or may have) children: a
// partitioned table or a table with relhassubclass.
bool HasInheritanceChildren(const nodes::RangeTblEntry& rte);

// Expands every such RTE of root->parse (see above); RTEs without children get inh = false.
void ExpandInheritedTables(PlannerInfo* root);

// `expr` with the parent's Vars of `info` replaced by the child's (adjust_appendrel_attrs).
// Throws 0A000 for whole-row references to the parent.
nodes::ExprPtr TranslateToChild(const nodes::ExprPtr& expr, const AppendRelInfo& info);

}  // namespace hyrax::planner
