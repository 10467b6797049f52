// The sequences behind serial and identity columns of CREATE TABLE (PostgreSQL's
// transformColumnDefinition + generateSerialExtraStmts): each is created before the table
// as `<table>_<column>_seq` (or SEQUENCE NAME), then owned by its column — deptype 'a' for
// serial, whose default becomes nextval('..._seq'::regclass), 'i' for identity, whose
// value the planner inserts as a NextValueExpr. Also records the dependencies of column
// defaults on the sequences they name.
#pragma once

#include <vector>

#include "common/ids.h"
#include "nodes/ddl_stmts.h"
#include "storage/catalog/relcache.h"

namespace hyrax::executor::commands {

struct ColumnSequence {
  size_t column_index = 0;  // into CreateTableStmt::columns
  Oid seqid = kInvalidOid;
};

// Creates the sequences of the statement's serial and identity columns in `namespace_oid`
// (the table's schema: the session's temporary schema for a temporary table).
std::vector<ColumnSequence> CreateColumnSequences(const nodes::CreateTableStmt& stmt,
                                                  Oid namespace_oid, Oid owner);

// nextval('seq'::regclass), coerced to `type` (int2/int4) as PostgreSQL stores serial
// defaults.
nodes::ExprPtr MakeNextvalDefault(Oid seqid, Oid type);

// Makes each column own its sequence. Requires: the table `relid` exists.
void AttachColumnSequences(Oid relid, const nodes::CreateTableStmt& stmt,
                           const std::vector<ColumnSequence>& sequences);

// The NextValueExpr that DEFAULT stands for in identity column `attnum` (used by the
// planner for INSERT/UPDATE and by COPY FROM), or nullptr when the column is not an
// identity column. Throws XX000 when its sequence is missing.
nodes::ExprPtr IdentityDefault(const catalog::RelationData& rel, nodes::AttrNumber attnum);

// Records that default `attrdef_oid` depends on every sequence a regclass constant in
// `expr` names (so DROP SEQUENCE refuses, or cascades to the default).
void RecordDefaultDependencies(Oid attrdef_oid, const nodes::ExprPtr& expr);

}  // namespace hyrax::executor::commands
