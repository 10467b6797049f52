// PARTITION BY and FOR VALUES of CREATE TABLE (PostgreSQL's transformPartitionSpec /
// ComputePartitionAttrs and transformPartitionBound, parse_utilcmd.c): key columns with
// their default operator classes, and bounds whose values are coerced to the key types and
// stored in the text form of executor/partition/partition_bound.h.
#pragma once

#include <string>

#include "nodes/ddl_stmts.h"
#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"
#include "storage/catalog/relcache.h"

namespace hyrax::parser {

// Throws 42704 for an unknown strategy, 42P17 for a list key of several columns or a system
// column, 42703 for a missing column, 0A000 for expressions and explicit operator classes.
nodes::PartitionSpecDefinition TransformPartitionSpec(ParseState& ps,
                                                      const nodes::CreateTableStmt& stmt,
                                                      const PgQuery__PartitionSpec* spec);

// The bound of a new partition of `parent` as text. Throws 42P16 for a bound that does not
// fit the parent's strategy or key, 42804 for values that cannot be cast to the key type.
std::string TransformPartitionBound(ParseState& ps, const catalog::RelationData& parent,
                                    const PgQuery__PartitionBoundSpec* bound);

}  // namespace hyrax::parser
