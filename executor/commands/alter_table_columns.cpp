// ALTER TABLE column subcommands (PostgreSQL's ATExecAddColumn, ATExecDropColumn,
// ATExecColumnDefault, ATExecSetNotNull, ATExecDropNotNull): ADD COLUMN fills existing rows
// with a "fast default" (attmissingval) when the default is not volatile and rewrites the
// table otherwise; DROP COLUMN only marks the column dropped, as PostgreSQL does, so the
// stored rows keep their bytes and read it as NULL.
#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"
#include "common/memory_context.h"
#include "executor/commands/alter_table_internal.h"
#include "executor/commands/column_sequences.h"
#include "executor/commands/drop_relations.h"
#include "executor/commands/index_commands.h"
#include "executor/commands/table_rewrite.h"
#include "executor/exec/exec_state.h"
#include "executor/expr/expr_context.h"
#include "executor/expr/expr_state.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/missing_value.h"
#include "storage/catalog/sequence_owner.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/toast/toast_catalog.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

bool IsNullConst(const nodes::ExprPtr& e) {
  return e && e->tag == nodes::NodeTag::kConst && nodes::As<nodes::Const>(e)->constisnull;
}

// PostgreSQL's AlterTableCreateToastTable: a table that gets a column which may be toasted
// gets its TOAST table now.
void EnsureToastTable(Oid relid) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  if (rel->rel.reltoastrelid != kInvalidOid || rel->rel.relkind != 'r') return;
  if (!storage::NeedsToastTable(catalog::Syscache().AttributesOf(relid))) return;
  Oid toast_oid = storage::GetNewObjectId();
  EditClass(relid, [&](catalog::PgClass& c) { c.reltoastrelid = toast_oid; });
  catalog::PgClass parent = rel->rel;
  parent.reltoastrelid = toast_oid;
  storage::CreateToastTable(parent);
}

// Creates the sequence of a serial or identity column added to an existing table and makes
// the column own it; returns the sequence. The statement is shaped as CREATE TABLE's, with
// the new column at its attnum.
Oid CreateAddedColumnSequence(const catalog::RelationData& rel, int16_t attnum,
                              const nodes::ColumnDefinition& col) {
  nodes::CreateTableStmt shape;
  shape.name = rel.name();
  shape.namespace_oid = rel.rel.relnamespace;
  shape.relpersistence = rel.rel.relpersistence;
  shape.columns.resize(attnum - 1);
  shape.columns.push_back(col);
  std::vector<ColumnSequence> sequences =
      CreateColumnSequences(shape, rel.rel.relnamespace, rel.rel.relowner);
  AttachColumnSequences(rel.oid, shape, sequences);
  return sequences.front().seqid;
}

// Evaluates an expression without Vars once (a non-volatile default).
Datum EvaluateOnce(const nodes::ExprPtr& expr, bool* isnull) {
  ExecState estate;
  estate.snapshot = storage::GetTransactionSnapshot();
  ExprContext econtext(&estate);
  std::unique_ptr<ExprState> state = ExecInitExpr(*expr, &estate);
  return ExecEvalExpr(state.get(), &econtext, isnull);
}

// The existing rows get the new column's value: the default stored once as the missing
// value, or a rewrite evaluating it per row (volatile defaults, identity and serial).
void FillAddedColumn(const catalog::RelationPtr& old_rel, int16_t attnum,
                     const nodes::ExprPtr& fill) {
  if (!fill || IsNullConst(fill)) return;
  if (old_rel->relkind() == 'p') return;  // no rows of its own: its partitions get the column
  if (ContainsVolatileFunctions(fill)) {
    RewriteTable(old_rel, {{attnum, fill}});
    return;
  }
  catalog::RelationPtr rel = OpenAlteredRelation(old_rel->oid);
  MemoryContext memory("ADD COLUMN default");
  MemoryContextScope scope(&memory);
  bool isnull = false;
  Datum value = EvaluateOnce(fill, &isnull);
  if (isnull) return;
  std::string missing = catalog::EncodeMissingValue(value, rel->desc->attr(attnum - 1));
  EditAttribute(rel->oid, attnum, [&](catalog::PgAttribute& a) {
    a.atthasmissing = true;
    a.attmissingval = missing;
  });
  storage::CommandCounterIncrement();
}

bool IndexUsesColumn(const catalog::PgIndex& index, int16_t attnum) {
  return std::find(index.indkey.begin(), index.indkey.end(), attnum) != index.indkey.end();
}

// What goes with a dropped column: indexes and constraints on it, sequences it owns, its
// default, comments and statistics (PostgreSQL's auto and internal dependencies).
void RemoveColumnDependents(Oid relid, int16_t attnum) {
  for (const auto& con : catalog::Syscache().ConstraintsOf(relid)) {
    if (con.contype != 'c') continue;
    if (std::find(con.conkey.begin(), con.conkey.end(), attnum) == con.conkey.end()) continue;
    RemoveConstraint(relid, con);
  }
  for (const auto& index : catalog::Syscache().IndexesOf(relid)) {
    if (!IndexUsesColumn(index, attnum)) continue;
    for (const auto& con : catalog::Syscache().ConstraintsOf(relid)) {
      if (con.conindid == index.indexrelid) {
        catalog::DeleteCatalogRows<catalog::PgConstraint>(
            [&](const catalog::PgConstraint& c) { return c.oid == con.oid; });
      }
    }
    storage::LockRelationOid(index.indexrelid, storage::LockMode::kAccessExclusive);
    DropIndexRelation(index.indexrelid);
  }
  for (Oid seqid : catalog::OwnedSequences(relid, attnum)) {
    storage::LockRelationOid(seqid, storage::LockMode::kAccessExclusive);
    if (catalog::Syscache().RelationByOid(seqid)) catalog::DropHeapRelation(seqid);
  }
  RemoveColumnDefault(relid, attnum);
  catalog::DeleteCatalogRows<catalog::PgDescription>([&](const catalog::PgDescription& d) {
    return d.classoid == catalog::kRelationRelationId && d.objoid == relid && d.objsubid == attnum;
  });
  catalog::DeleteCatalogRows<catalog::PgStatistic>(
      [&](const catalog::PgStatistic& s) { return s.starelid == relid && s.staattnum == attnum; });
}

}  // namespace

void ExecAddColumn(Oid relid, const nodes::AlterTableCmd& cmd) {
  const nodes::ColumnDefinition& col = cmd.column;
  if (col.generated != '\0') {
    throw Error(errcode::kFeatureNotSupported, "generated columns are not supported yet");
  }
  catalog::RelationPtr old_rel = OpenAlteredRelation(relid);
  catalog::NewColumn column;
  column.name = col.name;
  column.type_oid = col.type;
  column.typmod = col.typmod;
  column.collation = col.collation;
  column.not_null = col.not_null;
  column.identity = col.identity;
  column.inhcount = col.inhcount;
  column.is_local = col.is_local;
  catalog::AddRelationColumns(relid, {column});
  storage::CommandCounterIncrement();
  EnsureToastTable(relid);
  storage::CommandCounterIncrement();
  const auto attnum = static_cast<int16_t>(old_rel->desc->natts() + 1);

  nodes::ExprPtr fill = col.default_expr;
  if (col.is_serial || col.identity != '\0') {
    Oid seqid = CreateAddedColumnSequence(*old_rel, attnum, col);
    if (col.is_serial) fill = MakeNextvalDefault(seqid, col.type);
    storage::CommandCounterIncrement();
  }
  if (col.identity == '\0') StoreColumnDefault(relid, attnum, fill);
  storage::CommandCounterIncrement();
  if (col.identity != '\0') fill = IdentityDefault(*OpenAlteredRelation(relid), attnum);
  FillAddedColumn(old_rel, attnum, fill);
  if (col.not_null) VerifyTableRows(relid, {attnum}, {});
}

void ExecDropColumn(Oid relid, const nodes::AlterTableCmd& cmd) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  const int16_t attnum = cmd.attnum;
  const std::string name = rel->desc->attr(attnum - 1).name;
  DropColumnDependentViews(relid, name, ViewsUsingColumn(relid, attnum),
                           cmd.behavior == nodes::DropBehavior::kCascade);
  RemoveColumnDependents(relid, attnum);
  // PostgreSQL's RemoveAttributeById: the row stays (stored tuples keep the bytes) under a
  // name no one can write, without a type.
  EditAttribute(relid, attnum, [&](catalog::PgAttribute& a) {
    a.attisdropped = true;
    a.attname = fmt::format("........pg.dropped.{}........", attnum);
    a.atttypid = kInvalidOid;
    a.attnotnull = false;
    a.atthasdef = false;
    a.atthasmissing = false;
    a.attmissingval.reset();
    a.attidentity = '\0';
    a.attgenerated = '\0';
    a.attstattarget = 0;
  });
}

void ExecColumnDefault(Oid relid, const nodes::AlterTableCmd& cmd) {
  RemoveColumnDefault(relid, cmd.attnum);
  if (cmd.kind == nodes::AlterTableCmdKind::kSetDefault) {
    storage::CommandCounterIncrement();
    StoreColumnDefault(relid, cmd.attnum, cmd.expr);
  }
}

void ExecSetNotNull(Oid relid, const nodes::AlterTableCmd& cmd) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  if (rel->desc->attr(cmd.attnum - 1).not_null) return;
  EditAttribute(relid, cmd.attnum, [](catalog::PgAttribute& a) { a.attnotnull = true; });
  storage::CommandCounterIncrement();
  VerifyTableRows(relid, {cmd.attnum}, {});
}

void ExecDropNotNull(Oid relid, const nodes::AlterTableCmd& cmd) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  const storage::AttributeDesc& attr = rel->desc->attr(cmd.attnum - 1);
  if (!attr.not_null) return;
  for (const auto& index : catalog::Syscache().IndexesOf(relid)) {
    if (index.indisprimary && IndexUsesColumn(index, cmd.attnum)) {
      throw MakeError(errcode::kInvalidTableDefinition, "column \"{}\" is in a primary key",
                      attr.name);
    }
  }
  if (attr.identity != '\0') {
    throw MakeError(errcode::kInvalidTableDefinition,
                    "column \"{}\" of relation \"{}\" is an identity column", attr.name,
                    rel->name());
  }
  EditAttribute(relid, cmd.attnum, [](catalog::PgAttribute& a) { a.attnotnull = false; });
}

}  // namespace hyrax::executor::commands
