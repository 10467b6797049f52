// Shared state of CREATE TABLE analysis (analyze_create_table.cpp for columns and options,
// table_constraints.cpp for PRIMARY KEY/UNIQUE/FOREIGN KEY/CHECK). The table being created
// is entered into the parse state as a relation RTE built from its column definitions, so
// CHECK and generation expressions resolve its columns as Vars of range-table entry 1.
#pragma once

#include <string>
#include <vector>

#include "nodes/utility_stmts.h"
#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

struct CreateTableContext {
  ParseState* ps = nullptr;
  nodes::CreateTableStmt* stmt = nullptr;
  // Raw constraints: table-level ones and those attached to columns (with their column).
  struct PendingConstraint {
    const PgQuery__Constraint* con = nullptr;
    std::string column;  // empty for table constraints
  };
  std::vector<PendingConstraint> constraints;
  bool has_primary_key = false;
};

// A column definition of CREATE TABLE / ALTER TABLE ADD COLUMN: type, collation, NULL/NOT
// NULL, DEFAULT, identity, serial; its CHECK/key/reference constraints are queued in
// ctx.constraints for BindTableConstraints.
nodes::ColumnDefinition TransformColumnDef(CreateTableContext& ctx, const PgQuery__ColumnDef* cd);
// A heap option of WITH (...) / ALTER TABLE SET (...): 22023 "unrecognized parameter" or
// "value N out of bounds for option" as PostgreSQL's reloptions.
void ValidateRelOption(const std::string& name, const std::string& value);
// WITH (...) of CREATE TABLE [AS]: "name" or "namespace.name" = value, heap options
// validated with ValidateRelOption (toast.* ones are kept unchecked).
nodes::RelOptions TransformTableOptions(raw::NodeSpan options);
// ON COMMIT of CREATE [TEMP] TABLE [AS]; 42P16 "ON COMMIT can only be used on temporary
// tables" unless `persistence` is 't'.
nodes::OnCommitAction TransformOnCommit(PgQuery__OnCommitAction action, char persistence);
// 1-based attnum of `name` among the new table's columns, 0 when absent.
int16_t NewColumnAttnum(const nodes::CreateTableStmt& stmt, const std::string& name);
// Enters the table being created into ps as RTE 1 (Vars of CHECK/GENERATED expressions).
void AddNewTableRte(ParseState& ps, const nodes::CreateTableStmt& stmt);
// Binds every pending constraint into stmt.constraints (and NOT NULL for primary keys).
void BindTableConstraints(CreateTableContext& ctx);
// Sequence options of CREATE SEQUENCE and identity columns (INCREMENT, START, CACHE, ...).
nodes::SequenceOptions ParseSequenceOptions(ParseState& ps, raw::NodeSpan options);

}  // namespace hyrax::parser
