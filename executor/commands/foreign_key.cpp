// FOREIGN KEY constraints in the catalog (see foreign_key.h).
#include "executor/commands/foreign_key.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/drop_relations.h"
#include "executor/commands/object_names.h"
#include "executor/ri/ri_validate.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/pg_depend.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

// The referenced table's unique index on exactly `attnums` (in any order), in OID order as
// PostgreSQL's transformFkeyCheckAttrs; 42830 when there is none.
Oid ReferencedIndex(const catalog::PgClass& pk_rel, const std::vector<int16_t>& attnums) {
  std::vector<catalog::PgIndex> indexes = catalog::Syscache().IndexesOf(pk_rel.oid);
  std::sort(indexes.begin(), indexes.end(),
            [](const auto& a, const auto& b) { return a.indexrelid < b.indexrelid; });
  std::vector<int16_t> wanted = attnums;
  std::sort(wanted.begin(), wanted.end());
  for (const auto& idx : indexes) {
    if (!idx.indisunique || !idx.indisvalid || idx.indpred || idx.indexprs) continue;
    std::vector<int16_t> keys(idx.indkey.begin(), idx.indkey.begin() + idx.indnkeyatts);
    std::sort(keys.begin(), keys.end());
    if (keys == wanted) return idx.indexrelid;
  }
  throw MakeError(errcode::kInvalidForeignKey,
                  "there is no unique constraint matching given keys for referenced table \"{}\"",
                  pk_rel.relname);
}

// PostgreSQL's persistence rules for the two tables of a foreign key (42P16).
void CheckPersistence(char fk_persistence, char pk_persistence) {
  const char* message = nullptr;
  if (fk_persistence == 'p' && pk_persistence != 'p') {
    message = "constraints on permanent tables may reference only permanent tables";
  } else if (fk_persistence == 'u' && pk_persistence == 't') {
    message = "constraints on unlogged tables may reference only permanent or unlogged tables";
  } else if (fk_persistence == 't' && pk_persistence != 't') {
    message = "constraints on temporary tables may reference only temporary tables";
  }
  if (message) throw Error(errcode::kInvalidTableDefinition, message);
}

std::string JoinedColumnNames(Oid relid, const std::vector<int16_t>& attnums) {
  auto attrs = catalog::Syscache().AttributesOf(relid);
  std::string out;
  for (int16_t attnum : attnums) {
    for (const auto& a : attrs) {
      if (a.attnum == attnum) out += (out.empty() ? "" : "_") + a.attname;
    }
  }
  return out;
}

void RecordForeignKeyDependencies(const catalog::PgConstraint& con) {
  catalog::ObjectAddress self{catalog::kConstraintRelationId, con.oid, 0};
  for (int16_t attnum : con.conkey) {
    catalog::RecordDependency(self, {catalog::kRelationRelationId, con.conrelid, attnum},
                              catalog::kDependencyAuto);
  }
  catalog::RecordDependency(self, {catalog::kRelationRelationId, con.conindid, 0},
                            catalog::kDependencyNormal);
  for (int16_t attnum : con.confkey) {
    catalog::RecordDependency(self, {catalog::kRelationRelationId, con.confrelid, attnum},
                              catalog::kDependencyNormal);
  }
}

void MarkHasTriggers(Oid relid) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    if (ref.row.oid != relid || ref.row.relhastriggers) continue;
    catalog::PgClass updated = ref.row;
    updated.relhastriggers = true;
    catalog::UpdateCatalogRow(ref.ctid, updated);
  }
}

// Writes the pg_constraint row of `def` on table `relid`; `taken` holds the names chosen
// by the same command. Returns the row.
catalog::PgConstraint StoreForeignKey(Oid relid, const nodes::ConstraintDefinition& def,
                                      std::vector<std::string>& taken) {
  if (def.initially_deferred) {
    throw Error(errcode::kFeatureNotSupported,
                "INITIALLY DEFERRED foreign key constraints are not supported yet");
  }
  auto rel = catalog::Syscache().RelationByOid(relid);
  Oid pk_relid = def.ref_self ? relid : def.ref_relid;
  // PostgreSQL's ATAddForeignKeyConstraint: ShareRowExclusiveLock on the referenced table.
  if (pk_relid != relid) storage::LockRelationOid(pk_relid, storage::LockMode::kShareRowExclusive);
  auto pk_rel = catalog::Syscache().RelationByOid(pk_relid);
  if (!rel || !pk_rel) {
    throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", pk_relid);
  }
  CheckPersistence(rel->relpersistence, pk_rel->relpersistence);
  std::string name = def.name;
  if (name.empty()) {
    name = ChooseConstraintName(rel->relname, JoinedColumnNames(relid, def.key_attnums), "fkey",
                                rel->relnamespace, taken);
  } else {
    bool exists = std::find(taken.begin(), taken.end(), name) != taken.end();
    for (const auto& con : catalog::Syscache().ConstraintsOf(relid)) exists |= con.conname == name;
    if (exists) {
      throw MakeError(errcode::kDuplicateObject,
                      "constraint \"{}\" for relation \"{}\" already exists", name, rel->relname);
    }
  }
  taken.push_back(name);
  catalog::PgConstraint con;
  con.oid = storage::GetNewObjectId();
  con.conname = name;
  con.connamespace = rel->relnamespace;
  con.contype = 'f';
  con.condeferrable = def.deferrable;
  con.condeferred = def.initially_deferred;
  con.convalidated = !def.not_valid;
  con.conrelid = relid;
  con.conindid = ReferencedIndex(*pk_rel, def.ref_attnums);
  con.confrelid = pk_relid;
  con.confupdtype = def.fk_upd_action;
  con.confdeltype = def.fk_del_action;
  con.confmatchtype = def.fk_match_type;
  con.conislocal = true;
  con.connoinherit = true;  // PostgreSQL: foreign keys are never inherited
  con.conkey = def.key_attnums;
  con.confkey = def.ref_attnums;
  con.conpfeqop = def.pf_eq_ops;
  con.conppeqop = def.pp_eq_ops;
  con.conffeqop = def.ff_eq_ops;
  con.confdelsetcols = def.fk_del_set_cols;
  catalog::InsertCatalogRow(con);
  RecordForeignKeyDependencies(con);
  // PostgreSQL creates the constraint's RI triggers on both tables, which sets
  // relhastriggers (psql's \d shows foreign keys only then).
  MarkHasTriggers(relid);
  if (pk_relid != relid) MarkHasTriggers(pk_relid);
  catalog::CacheInvalidateRelation(relid);
  catalog::CacheInvalidateRelation(pk_relid);
  // The next constraint of the same command updates the same pg_class rows.
  storage::CommandCounterIncrement();
  return con;
}

}  // namespace

void StoreForeignKeyConstraints(Oid relid, const nodes::CreateTableStmt& stmt) {
  std::vector<std::string> taken;
  for (const auto& def : stmt.constraints) {
    if (def.kind != nodes::ConstraintKind::kForeignKey) continue;
    // A new table has no rows: the constraint holds even when declared NOT VALID.
    nodes::ConstraintDefinition valid = def;
    valid.not_valid = false;
    StoreForeignKey(relid, valid, taken);
  }
}

void AddForeignKeyConstraint(Oid relid, const nodes::ConstraintDefinition& def) {
  std::vector<std::string> taken;
  catalog::PgConstraint con = StoreForeignKey(relid, def, taken);
  if (!def.not_valid) ri::ValidateForeignKey(con);
}

bool ValidateForeignKeyConstraint(Oid relid, const std::string& name) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgConstraint>()) {
    if (ref.row.conrelid != relid || ref.row.conname != name) continue;
    if (ref.row.contype != 'f') return false;
    if (ref.row.convalidated) return true;
    storage::LockRelationOid(ref.row.confrelid, storage::LockMode::kShareRowExclusive);
    ri::ValidateForeignKey(ref.row);
    catalog::PgConstraint updated = ref.row;
    updated.convalidated = true;
    catalog::UpdateCatalogRow(ref.ctid, updated);
    catalog::CacheInvalidateRelation(relid);
    catalog::CacheInvalidateRelation(ref.row.confrelid);
    return true;
  }
  return false;
}

std::vector<ForeignKeyDependent> ForeignKeysDependingOn(const std::vector<Oid>& dropped) {
  std::vector<ForeignKeyDependent> out;
  for (Oid relid : dropped) {
    for (const auto& con : catalog::Syscache().ForeignKeysReferencing(relid)) {
      if (std::find(dropped.begin(), dropped.end(), con.conrelid) != dropped.end()) continue;
      storage::LockRelationOid(con.conrelid, storage::LockMode::kAccessExclusive);
      out.push_back(
          {con.oid, fmt::format("constraint {} on {}", con.conname, DescribeRelation(con.conrelid)),
           DescribeRelation(relid)});
    }
  }
  return out;
}

void DropForeignKeyConstraint(Oid conoid) {
  auto con = catalog::Syscache().ConstraintByOid(conoid);
  if (!con) return;
  catalog::DeleteCatalogRows<catalog::PgConstraint>(
      [&](const catalog::PgConstraint& c) { return c.oid == conoid; });
  catalog::DeleteDependencies(catalog::kConstraintRelationId, conoid);
  catalog::CacheInvalidateRelation(con->conrelid);
  catalog::CacheInvalidateRelation(con->confrelid);
  // The table's own removal deletes its remaining constraint rows next.
  storage::CommandCounterIncrement();
}

void DropForeignKeysOf(Oid relid) {
  for (const auto& con : catalog::Syscache().ConstraintsOf(relid)) {
    if (con.contype == 'f') DropForeignKeyConstraint(con.oid);
  }
}

std::vector<Oid> TruncateReferencingTables(const std::vector<Oid>& relids, bool cascade) {
  std::vector<Oid> all = relids;
  std::vector<Oid> added;
  for (size_t i = 0; i < all.size(); ++i) {
    for (const auto& con : catalog::Syscache().ForeignKeysReferencing(all[i])) {
      if (std::find(all.begin(), all.end(), con.conrelid) != all.end()) continue;
      auto child = catalog::Syscache().RelationByOid(con.conrelid);
      auto parent = catalog::Syscache().RelationByOid(all[i]);
      if (!cascade) {
        throw Error(errcode::kFeatureNotSupported,
                    "cannot truncate a table referenced in a foreign key constraint")
            .Detail(fmt::format("Table \"{}\" references \"{}\".", child->relname, parent->relname))
            .Hint(
                fmt::format("Truncate table \"{}\" at the same time, or use TRUNCATE ... CASCADE.",
                            child->relname));
      }
      storage::LockRelationOid(con.conrelid, storage::LockMode::kAccessExclusive);
      EmitNotice(Error(errcode::kSuccessfulCompletion,
                       fmt::format("truncate cascades to table \"{}\"", child->relname),
                       Severity::kNotice));
      all.push_back(con.conrelid);
      added.push_back(con.conrelid);
    }
  }
  return added;
}

}  // namespace hyrax::executor::commands
