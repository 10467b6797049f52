// Sequence DDL (PostgreSQL's sequence.c DefineSequence / AlterSequence /
// process_owned_by): CREATE SEQUENCE, ALTER SEQUENCE, the sequences behind serial and
// identity columns, and OWNED BY. A sequence is a pg_class row (relkind 'S') with the
// columns last_value, log_cnt, is_called, a pg_sequence row with its parameters and a
// one-page file (storage/sequence/). Ownership by a column is a pg_depend row
// (storage/catalog/sequence_owner.h). executor/commands/README.md "Sequences".
#pragma once

#include <string>
#include <vector>

#include "common/ids.h"
#include "nodes/ddl_stmts.h"

namespace hyrax::executor::commands {

// Creates sequence `name` in `namespace_oid` with `options` (OWNED BY excluded) and returns
// its OID; AccessExclusiveLock on it until the transaction ends. Throws like
// ResolveSequenceOptions and 42P07 when the name is taken.
Oid DefineSequence(const std::string& name, Oid namespace_oid, char persistence,
                   const nodes::SequenceOptions& options, Oid owner);

// CREATE SEQUENCE [IF NOT EXISTS] (NOTICE 42P07 "... already exists, skipping").
void CreateSequence(const nodes::CreateSequenceStmt& stmt, Oid owner);
// ALTER SEQUENCE [IF EXISTS]: parameters are transactional (pg_sequence); RESTART rewrites
// the page at once (not undone by ROLLBACK — a deviation from PostgreSQL, which gives the
// sequence a new file).
void AlterSequence(const nodes::AlterSequenceStmt& stmt);

// OWNED BY table.column | NONE as written (PostgreSQL's process_owned_by): 42601 for a
// malformed list, 42P01/42703 for a missing table/column, 42809 for a relation that cannot
// own a sequence, 55000 when the table is in another schema or has another owner.
void SetOwnedBy(Oid seqid, const std::vector<std::string>& owned_by);
// Makes column `attnum` of `relid` own the sequence: deptype 'a' (serial, OWNED BY) or 'i'
// (identity), replacing an earlier owner.
void RecordSequenceOwner(Oid seqid, Oid relid, int16_t attnum, char deptype);

}  // namespace hyrax::executor::commands
