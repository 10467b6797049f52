// Column and CHECK constraint inheritance of CREATE TABLE ... INHERITS and PARTITION OF
// (PostgreSQL's MergeAttributes in tablecmds.c): parents' columns come first, in parent
// order, merged by name across parents and with the columns written in the statement;
// parents' inheritable CHECK constraints are copied with their column numbers remapped.
#pragma once

#include <string>
#include <vector>

#include "nodes/ddl_stmts.h"
#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"
#include "storage/catalog/relcache.h"

namespace hyrax::parser {

// Opens the parent named by `rv` for INHERITS (`for_partition` false) or PARTITION OF, with
// PostgreSQL's errors: 42P01 missing, 42809 not a table / partitioned table under INHERITS /
// not partitioned under PARTITION OF / a partition under INHERITS, 42809 for a temporary
// parent of a permanent table.
catalog::RelationPtr OpenInheritanceParent(ParseState& ps, const PgQuery__RangeVar* rv,
                                           bool for_partition, char child_persistence);

// A stored expression of `source` (serialized, Vars of varno 1) with its Vars renumbered to
// the columns of the same names in `columns` (inherited CHECK constraints, LIKE).
nodes::ExprPtr RemapColumnsByName(const catalog::RelationData& source, const std::string& stored,
                                  const std::vector<nodes::ColumnDefinition>& columns);

// Builds stmt.columns from the parents' columns followed by `local` (merged by name, with
// NOTICEs "merging column ..." and 42804 type conflicts) and returns the parents' CHECK
// constraints rewritten for the new column numbers (merged when several parents share one).
std::vector<nodes::ConstraintDefinition> MergeInheritedDefinitions(
    nodes::CreateTableStmt& stmt, const std::vector<catalog::RelationPtr>& parents,
    std::vector<nodes::ColumnDefinition> local);

}  // namespace hyrax::parser
