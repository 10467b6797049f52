// ALTER TABLE/INDEX/VIEW/SEQUENCE ... RENAME (PostgreSQL's RenameRelation, renameatt,
// RenameConstraint): the analyzer resolved the object and checked the new name; here the
// catalog rows change under AccessExclusiveLock. A relation's row type and array type are
// renamed with it; an index backing a constraint and the constraint keep one name. Views
// store analyzed trees (Vars by attribute number, relations by OID), so they keep working.
#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/alter_table.h"
#include "executor/commands/alter_table_internal.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::executor::commands {

namespace {

// The relation's composite type takes its name, the array type "_name" (PostgreSQL's
// RenameTypeInternal + makeArrayTypeName).
void RenameRowType(Oid reltype, const std::string& newname) {
  if (reltype == kInvalidOid) return;
  for (const auto& ref : catalog::ScanCatalog<catalog::PgType>()) {
    catalog::PgType row = ref.row;
    if (row.oid == reltype) {
      row.typname = newname;
    } else if (row.typelem == reltype && row.typcategory == 'A') {
      row.typname = ("_" + newname).substr(0, 63);
    } else {
      continue;
    }
    catalog::UpdateCatalogRow(ref.ctid, row);
  }
  catalog::CacheInvalidateCatalog(catalog::kTypeRelationId);
}

void RenameConstraintRow(Oid conoid, const std::string& newname) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgConstraint>()) {
    if (ref.row.oid != conoid) continue;
    catalog::PgConstraint row = ref.row;
    row.conname = newname;
    catalog::UpdateCatalogRow(ref.ctid, row);
    catalog::CacheInvalidateRelation(row.conrelid);
  }
}

void RenameRelation(Oid relid, const std::string& newname) {
  auto rel = catalog::Syscache().RelationByOid(relid);
  if (!rel) throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", relid);
  // Another transaction may have taken the name since the analysis.
  if (catalog::Syscache().RelationByName(newname, rel->relnamespace)) {
    throw MakeError(errcode::kDuplicateTable, "relation \"{}\" already exists", newname);
  }
  EditClass(relid, [&](catalog::PgClass& c) { c.relname = newname; });
  RenameRowType(rel->reltype, newname);
  if (rel->relkind != 'i' && rel->relkind != 'I') return;
  // An index that implements a constraint renames the constraint too.
  auto index = catalog::Syscache().IndexByOid(relid);
  if (!index) return;
  for (const auto& con : catalog::Syscache().ConstraintsOf(index->indrelid)) {
    if (con.conindid == relid) RenameConstraintRow(con.oid, newname);
  }
  catalog::CacheInvalidateRelation(index->indrelid);
}

void RenameConstraint(const nodes::RenameStmt& stmt) {
  auto con = catalog::Syscache().ConstraintByOid(stmt.constraint_oid);
  if (!con) {
    throw MakeError(errcode::kUndefinedObject, "constraint with OID {} does not exist",
                    stmt.constraint_oid);
  }
  // A constraint implemented by an index renames the index too (PostgreSQL's
  // RenameConstraintById); RenameRelation renames the constraint row.
  if ((con->contype == 'p' || con->contype == 'u') && con->conindid != kInvalidOid) {
    storage::LockRelationOid(con->conindid, storage::LockMode::kAccessExclusive);
    RenameRelation(con->conindid, stmt.newname);
    return;
  }
  RenameConstraintRow(con->oid, stmt.newname);
}

// renameatt: the column of the same name in every descendant is renamed too (unless ONLY,
// which a table with children refuses); a column inherited from elsewhere is renamed only
// through its parent.
void RenameColumnInTree(const nodes::RenameStmt& stmt) {
  std::vector<catalog::PgAttribute> attrs = catalog::Syscache().AttributesOf(stmt.relid);
  for (const auto& a : attrs) {
    if (a.attnum == stmt.attnum && a.attinhcount > 0) {
      throw MakeError(errcode::kInvalidTableDefinition, "cannot rename inherited column \"{}\"",
                      stmt.oldname);
    }
  }
  std::vector<Oid> tree = catalog::FindAllInheritors(stmt.relid);
  if (!stmt.recurse && tree.size() > 1) {
    throw MakeError(errcode::kInvalidTableDefinition,
                    "inherited column \"{}\" must be renamed in child tables too", stmt.oldname);
  }
  for (Oid relid : tree) {
    storage::LockRelationOid(relid, storage::LockMode::kAccessExclusive);
    int16_t attnum = 0;
    for (const auto& a : catalog::Syscache().AttributesOf(relid)) {
      if (a.attnum <= 0 || a.attisdropped) continue;
      if (a.attname == stmt.oldname) attnum = a.attnum;
      if (a.attname == stmt.newname) {
        throw MakeError(errcode::kDuplicateColumn,
                        "column \"{}\" of relation \"{}\" already exists", stmt.newname,
                        OpenAlteredRelation(relid)->name());
      }
    }
    if (attnum == 0) continue;
    EditAttribute(relid, attnum, [&](catalog::PgAttribute& a) { a.attname = stmt.newname; });
  }
}

}  // namespace

void RenameRelationObject(const nodes::RenameStmt& stmt) {
  if (stmt.target == nodes::RenameTarget::kSchema) {
    throw Error(errcode::kFeatureNotSupported, "ALTER SCHEMA ... RENAME is not supported yet");
  }
  if (stmt.relid == kInvalidOid) {
    EmitNotice(Error(errcode::kSuccessfulCompletion, stmt.missing_notice, Severity::kNotice));
    return;
  }
  storage::LockRelationOid(stmt.relid, storage::LockMode::kAccessExclusive);
  auto rel = catalog::Syscache().RelationByOid(stmt.relid);
  if (rel && (rel->relnamespace == catalog::kPgCatalogNamespace ||
              rel->relnamespace == catalog::kPgToastNamespace)) {
    throw MakeError(errcode::kInsufficientPrivilege,
                    "permission denied: \"{}\" is a system catalog", rel->relname);
  }
  switch (stmt.target) {
    case nodes::RenameTarget::kRelation:
      RenameRelation(stmt.relid, stmt.newname);
      break;
    case nodes::RenameTarget::kColumn:
      RenameColumnInTree(stmt);
      break;
    case nodes::RenameTarget::kConstraint:
      RenameConstraint(stmt);
      break;
    case nodes::RenameTarget::kSchema:
      break;
  }
}

}  // namespace hyrax::executor::commands
