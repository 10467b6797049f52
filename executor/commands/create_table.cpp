// CREATE TABLE (PostgreSQL's DefineRelation): checks what is not supported yet before any
// catalog change, creates the relation (storage/catalog/heap_create.h), locks it, then
// stores column defaults, CHECK constraints, the unique indexes of PRIMARY KEY and UNIQUE
// constraints and FOREIGN KEY constraints (foreign_key.h).
#include <algorithm>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/check_constraints.h"
#include "executor/commands/column_sequences.h"
#include "executor/commands/comment.h"
#include "executor/commands/foreign_key.h"
#include "executor/commands/index_commands.h"
#include "executor/commands/on_commit_actions.h"
#include "executor/commands/table_commands.h"
#include "executor/commands/table_inheritance.h"
#include "executor/commands/temp_namespace.h"
#include "nodes/serialize.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

// Features the analyzer binds but whose execution is not written yet.
void RejectUnsupported(const nodes::CreateTableStmt& stmt) {
  for (const auto& col : stmt.columns) {
    if (col.generated != '\0') {
      throw Error(errcode::kFeatureNotSupported, "generated columns are not supported yet");
    }
  }
  for (const auto& con : stmt.constraints) {
    switch (con.kind) {
      case nodes::ConstraintKind::kCheck:
        break;
      case nodes::ConstraintKind::kPrimaryKey:
      case nodes::ConstraintKind::kUnique:
        if (stmt.partition.strategy != '\0') {
          throw Error(errcode::kFeatureNotSupported,
                      "unique constraints on partitioned tables are not supported yet");
        }
        break;
      case nodes::ConstraintKind::kForeignKey:
        if (stmt.partition.strategy != '\0') {
          throw Error(errcode::kFeatureNotSupported,
                      "foreign keys on partitioned tables are not supported yet");
        }
        break;
      case nodes::ConstraintKind::kExclusion:
        throw Error(errcode::kFeatureNotSupported, "exclusion constraints are not supported yet");
    }
  }
}

// TABLESPACE and USING, with PostgreSQL's errors (only the default ones exist).
void CheckTablespaceAndAccessMethod(const nodes::CreateTableStmt& stmt) {
  if (stmt.tablespace == "pg_global") {
    throw Error(errcode::kInvalidParameterValue,
                "only shared relations can be placed in pg_global tablespace");
  }
  if (!stmt.tablespace.empty() && stmt.tablespace != "pg_default") {
    throw MakeError(errcode::kUndefinedObject, "tablespace \"{}\" does not exist", stmt.tablespace);
  }
  if (stmt.access_method.empty()) return;
  auto am = catalog::Syscache().AmByName(stmt.access_method);
  if (!am) {
    throw MakeError(errcode::kUndefinedObject, "access method \"{}\" does not exist",
                    stmt.access_method);
  }
  if (am->amtype != 't') {
    throw MakeError(errcode::kObjectNotInPrerequisiteState,
                    "access method \"{}\" is not of type TABLE", stmt.access_method);
  }
  if (am->oid != catalog::kHeapAmOid) {
    throw MakeError(errcode::kFeatureNotSupported, "table access method \"{}\" is not supported",
                    stmt.access_method);
  }
}

catalog::NewRelation DescribeRelation(const nodes::CreateTableStmt& stmt, Oid namespace_oid,
                                      Oid owner) {
  catalog::NewRelation spec;
  spec.name = stmt.name;
  spec.namespace_oid = namespace_oid;
  spec.relkind = stmt.partition.strategy != '\0' ? 'p' : 'r';
  if (stmt.partition_of) spec.partbound = stmt.partition_of->bound_text;
  // Unlogged tables are stored and WAL-logged like permanent ones (executor/commands/README.md).
  spec.persistence = stmt.relpersistence;
  spec.owner = owner;
  std::vector<int16_t> pk_columns;
  for (const auto& con : stmt.constraints) {
    if (con.kind != nodes::ConstraintKind::kPrimaryKey) continue;
    pk_columns.insert(pk_columns.end(), con.key_attnums.begin(), con.key_attnums.end());
  }
  for (const auto& col : stmt.columns) {
    catalog::NewColumn c;
    c.name = col.name;
    c.type_oid = col.type;
    c.typmod = col.typmod;
    c.collation = col.collation;
    c.identity = col.identity;
    c.inhcount = col.inhcount;
    c.is_local = col.is_local;
    // PRIMARY KEY columns are NOT NULL (PostgreSQL's transformIndexConstraint).
    c.not_null = col.not_null ||
                 std::find(pk_columns.begin(), pk_columns.end(),
                           static_cast<int16_t>(spec.columns.size() + 1)) != pk_columns.end();
    spec.columns.push_back(std::move(c));
  }
  for (const auto& [name, value] : stmt.options) {
    // toast.* options belong to the TOAST table, which has no options yet.
    if (name.rfind("toast.", 0) == 0) continue;
    spec.reloptions.push_back(name + "=" + value);
  }
  return spec;
}

// What CREATE TABLE ... LIKE copied that needs the new table's OID.
void CreateLikeIndexesAndComments(Oid relid, const nodes::CreateTableStmt& stmt) {
  for (const auto& index : stmt.like_indexes) {
    nodes::CreateIndexStmt create = *index;
    create.relid = relid;
    CreateIndex(create);
    storage::CommandCounterIncrement();
  }
  for (const auto& [attnum, text] : stmt.column_comments) {
    nodes::CommentStmt comment;
    comment.classoid = catalog::kRelationRelationId;
    comment.objoid = relid;
    comment.objsubid = attnum;
    comment.comment = text;
    CommentObject(comment);
  }
}

}  // namespace

Oid CreateTable(const nodes::CreateTableStmt& stmt, Oid owner) {
  // The analyzer saw the relation; it may also have appeared since (another session's
  // commit, an earlier statement of the same string).
  bool exists = stmt.already_exists || (stmt.if_not_exists && catalog::Syscache().RelationByName(
                                                                  stmt.name, stmt.namespace_oid));
  if (exists) {
    EmitNotice(Error(errcode::kDuplicateTable,
                     fmt::format("relation \"{}\" already exists, skipping", stmt.name),
                     Severity::kNotice));
    return kInvalidOid;
  }
  RejectUnsupported(stmt);
  CheckTablespaceAndAccessMethod(stmt);
  LockInheritanceParents(stmt);
  // The analyzer could not know the temporary schema if this session has none yet.
  Oid namespace_oid = stmt.relpersistence == 't' ? EnsureTempNamespace() : stmt.namespace_oid;

  // Sequences of serial and identity columns come first, as in PostgreSQL.
  std::vector<ColumnSequence> sequences = CreateColumnSequences(stmt, namespace_oid, owner);
  Oid relid = catalog::CreateHeapRelation(DescribeRelation(stmt, namespace_oid, owner));
  // Nobody else can see the relation before commit, but PostgreSQL locks it anyway (and
  // the lock keeps later commands of this transaction consistent with concurrent DDL).
  storage::LockRelationOid(relid, storage::LockMode::kAccessExclusive);
  // Makes the new pg_class/pg_attribute rows visible to the updates below.
  storage::CommandCounterIncrement();
  StoreInheritanceAndPartitioning(relid, stmt);

  AttachColumnSequences(relid, stmt, sequences);
  for (size_t i = 0; i < stmt.columns.size(); ++i) {
    const auto& col = stmt.columns[i];
    nodes::ExprPtr def = col.default_expr;
    if (col.is_serial) {
      for (const auto& s : sequences) {
        if (s.column_index == i) def = MakeNextvalDefault(s.seqid, col.type);
      }
    }
    // DEFAULT NULL is what a column without a default does: no pg_attrdef row (PostgreSQL).
    if (!def) continue;
    if (def->tag == nodes::NodeTag::kConst && nodes::As<nodes::Const>(def)->constisnull) {
      continue;
    }
    Oid attrdef =
        catalog::StoreAttrDefault(relid, static_cast<int16_t>(i + 1), nodes::NodeToString(def));
    RecordDefaultDependencies(attrdef, def);
  }
  StoreCheckConstraints(relid, stmt);
  storage::CommandCounterIncrement();
  AddIndexConstraints(relid, stmt.constraints);
  CreateLikeIndexesAndComments(relid, stmt);
  // After the unique indexes: a foreign key may reference the new table itself.
  storage::CommandCounterIncrement();
  StoreForeignKeyConstraints(relid, stmt);
  RegisterOnCommitAction(relid, stmt.on_commit);
  return relid;
}

}  // namespace hyrax::executor::commands
