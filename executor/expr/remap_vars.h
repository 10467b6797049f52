// Renumbering the column references of a stored expression from one relation's column
// layout to another's by column name (PostgreSQL's map_variable_attnos with a map built by
// build_attrmap_by_name): a parent's partition key or CHECK constraint applied to a child
// whose columns are numbered differently (dropped columns, another column order).
#pragma once

#include <string>

#include "nodes/primnodes.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::executor {

// The 0-based position of live column `name` in `desc`; XX000 when it has none.
int ColumnPositionByName(const storage::TupleDesc& desc, const std::string& name);

// `expr` with each Var of the current query level (columns of `from`) renumbered to the
// column of the same name in `to`. Throws XX000 when `to` lacks one of the columns.
nodes::ExprPtr RemapVarsByName(const nodes::ExprPtr& expr, const storage::TupleDesc& from,
                               const storage::TupleDesc& to);

}  // namespace hyrax::executor
