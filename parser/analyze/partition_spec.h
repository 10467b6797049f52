// PARTITION BY and FOR VALUES of CREATE TABLE (PostgreSQL's transformPartitionSpec /
// ComputePartitionAttrs and transformPartitionBound, parse_utilcmd.c, tablecmds.c): key
// columns and key expressions with their operator classes (default or named) and
// collations, and bounds whose values are coerced to the key types, folded or evaluated,
// and stored in the text form of executor/partition/partition_bound.h.
#pragma once

#include <string>

#include "nodes/ddl_stmts.h"
#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"
#include "storage/catalog/relcache.h"

namespace hyrax::parser {

// Throws 42704 for an unknown strategy or operator class, 42P17 for a list key of several
// columns, a system column, a key expression with mutable functions or without columns,
// 42703 for a missing column, 42804 for an operator class of another type.
nodes::PartitionSpecDefinition TransformPartitionSpec(ParseState& ps,
                                                      const nodes::CreateTableStmt& stmt,
                                                      const PgQuery__PartitionSpec* spec);

// The bound of a new partition of `parent` as text. Throws 42P16 for a bound that does not
// fit the parent's strategy or key, 42804 for values that cannot be cast to the key type.
std::string TransformPartitionBound(ParseState& ps, const catalog::RelationData& parent,
                                    const PgQuery__PartitionBoundSpec* bound);

}  // namespace hyrax::parser
