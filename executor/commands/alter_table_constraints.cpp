// ALTER TABLE constraint subcommands (PostgreSQL's ATExecAddConstraint, ATExecDropConstraint,
// ATExecValidateConstraint): CHECK constraints are stored and, unless NOT VALID, verified
// against every row; PRIMARY KEY / UNIQUE build their index (create_index.cpp); FOREIGN KEY
// is its own file's business.
#include <algorithm>

#include "common/error.h"
#include "executor/commands/alter_table_internal.h"
#include "executor/commands/check_constraints.h"
#include "executor/commands/foreign_key.h"
#include "executor/commands/index_commands.h"
#include "executor/commands/object_names.h"
#include "executor/commands/table_rewrite.h"
#include "nodes/serialize.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

std::optional<catalog::PgConstraint> FindConstraint(Oid relid, const std::string& name) {
  for (auto& con : catalog::Syscache().ConstraintsOf(relid)) {
    if (con.conname == name) return con;
  }
  return std::nullopt;
}

}  // namespace

std::string AddCheckConstraint(Oid relid, const nodes::ConstraintDefinition& def) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  std::string name = def.name;
  if (name.empty()) {
    std::vector<int16_t> columns = CheckConstraintColumns(def.check_expr);
    std::string column = columns.size() == 1 ? rel->desc->attr(columns[0] - 1).name : "";
    name = ChooseConstraintName(rel->name(), column, "check", rel->rel.relnamespace, {});
  } else {
    for (const auto& con : catalog::Syscache().ConstraintsOf(relid)) {
      if (con.conname != name) continue;
      throw MakeError(errcode::kDuplicateObject,
                      "constraint \"{}\" for relation \"{}\" already exists", name, rel->name());
    }
  }
  StoreCheckConstraint(relid, rel->rel.relnamespace, name, def, !def.not_valid);
  AdjustRelChecks(relid, 1);
  storage::CommandCounterIncrement();
  if (!def.not_valid) VerifyTableRows(relid, {}, {{name, def.check_expr}});
  return name;
}

void RemoveConstraint(Oid relid, const catalog::PgConstraint& con) {
  if (con.contype == 'f') {
    DropForeignKeyConstraint(con.oid);
    storage::CommandCounterIncrement();
    return;
  }
  catalog::DeleteCatalogRows<catalog::PgConstraint>(
      [&](const catalog::PgConstraint& c) { return c.oid == con.oid; });
  if (con.contype == 'c') AdjustRelChecks(relid, -1);
  if ((con.contype == 'p' || con.contype == 'u') && con.conindid != kInvalidOid) {
    storage::LockRelationOid(con.conindid, storage::LockMode::kAccessExclusive);
    DropIndexRelation(con.conindid);
  }
  catalog::CacheInvalidateRelation(relid);
  storage::CommandCounterIncrement();
}

void ExecAddConstraint(Oid relid, const nodes::AlterTableCmd& cmd) {
  const nodes::ConstraintDefinition& def = cmd.constraint;
  switch (def.kind) {
    case nodes::ConstraintKind::kCheck:
      AddCheckConstraint(relid, def);
      return;
    case nodes::ConstraintKind::kPrimaryKey:
    case nodes::ConstraintKind::kUnique:
      AddIndexConstraints(relid, {def});
      return;
    case nodes::ConstraintKind::kForeignKey:
      AddForeignKeyConstraint(relid, def);
      return;
    case nodes::ConstraintKind::kExclusion:
      throw Error(errcode::kFeatureNotSupported, "exclusion constraints are not supported yet");
  }
}

void ExecDropConstraint(Oid relid, const nodes::AlterTableCmd& cmd) {
  std::optional<catalog::PgConstraint> con = FindConstraint(relid, cmd.name);
  if (!con) {
    catalog::RelationPtr rel = OpenAlteredRelation(relid);
    throw MakeError(errcode::kUndefinedObject,
                    "constraint \"{}\" of relation \"{}\" does not exist", cmd.name, rel->name());
  }
  RemoveConstraint(relid, *con);
}

void ExecValidateConstraint(Oid relid, const nodes::AlterTableCmd& cmd) {
  std::optional<catalog::PgConstraint> con = FindConstraint(relid, cmd.name);
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  if (!con) {
    throw MakeError(errcode::kUndefinedObject,
                    "constraint \"{}\" of relation \"{}\" does not exist", cmd.name, rel->name());
  }
  if (con->contype != 'c' && con->contype != 'f') {
    throw MakeError(errcode::kWrongObjectType,
                    "constraint \"{}\" of relation \"{}\" is not a foreign key or check constraint",
                    cmd.name, rel->name());
  }
  if (con->convalidated) return;
  if (con->contype == 'f') {
    ValidateForeignKeyConstraint(relid, cmd.name);
    return;
  }
  VerifyTableRows(relid, {}, {{con->conname, nodes::StringToNode(con->conbin.value_or(""))}});
  for (const auto& ref : catalog::ScanCatalog<catalog::PgConstraint>()) {
    if (ref.row.oid != con->oid) continue;
    catalog::PgConstraint updated = ref.row;
    updated.convalidated = true;
    catalog::UpdateCatalogRow(ref.ctid, updated);
  }
  catalog::CacheInvalidateRelation(relid);
}

}  // namespace hyrax::executor::commands
