// CREATE TABLE ... (LIKE source [INCLUDING | EXCLUDING ...]) (PostgreSQL's
// transformTableLikeClause and expandTableLikeClause, parse_utilcmd.c). Columns are copied
// where the clause stands, with their types, collations and NOT NULL (always), defaults
// (DEFAULTS), identity (IDENTITY) and storage (STORAGE). What refers to column numbers
// (CHECK constraints, indexes, comments) is added once the final column list is known,
// after inheritance has placed the parents' columns first.
#pragma once

#include <vector>

#include "parser/analyze/create_table.h"
#include "storage/catalog/relcache.h"

namespace hyrax::parser {

// One LIKE clause whose column-numbered parts are still to be copied.
struct PendingTableLike {
  catalog::RelationPtr source;
  uint32_t options = 0;  // PostgreSQL's CREATE_TABLE_LIKE_* bits
};

// Appends the source's columns to ctx.stmt->columns (42701 for a name given twice). Throws
// 42P01 for a missing source, 42809 for a source that is not a table, view, composite type
// or partitioned table.
PendingTableLike ExpandTableLikeColumns(CreateTableContext& ctx,
                                        const PgQuery__TableLikeClause* like);

// CHECK constraints (CONSTRAINTS), indexes and PRIMARY KEY / UNIQUE constraints (INDEXES)
// and column comments (COMMENTS) of the source, mapped to the new table's columns by name.
void AddTableLikeDependents(nodes::CreateTableStmt& stmt, const PendingTableLike& like);

}  // namespace hyrax::parser
