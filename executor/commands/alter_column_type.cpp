// ALTER TABLE ... ALTER COLUMN ... TYPE (PostgreSQL's ATPrepAlterColumnType /
// ATExecAlterColumnType + the table rewrite): the column's pg_attribute row takes the new
// type, its default the re-coerced expression the analyzer prepared, its indexes the new
// type and its default operator class, then every row is rewritten through the USING
// expression into new files and the indexes are rebuilt.
#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"
#include "executor/commands/alter_table_internal.h"
#include "executor/commands/table_rewrite.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/syscache.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

// What CHECK constraints on the column and views reading it would need (re-analysis of
// their stored trees) is not done: views refuse as in PostgreSQL, CHECK constraints with
// 0A000.
void CheckColumnDependents(const catalog::RelationData& rel, int16_t attnum) {
  const std::string& column = rel.desc->attr(attnum - 1).name;
  std::vector<Oid> views = ViewsUsingColumn(rel.oid, attnum);
  if (!views.empty()) {
    auto view = catalog::Syscache().RelationByOid(views.front());
    throw Error(errcode::kFeatureNotSupported,
                "cannot alter type of a column used by a view or rule")
        .Detail(fmt::format("rule _RETURN on view {} depends on column \"{}\"",
                            view ? view->relname : "?", column));
  }
  for (const auto& con : rel.constraints) {
    if (con.contype != 'c') continue;
    if (std::find(con.conkey.begin(), con.conkey.end(), attnum) == con.conkey.end()) continue;
    throw MakeError(errcode::kFeatureNotSupported,
                    "ALTER COLUMN TYPE of column \"{}\", used by check constraint \"{}\", is not "
                    "supported yet",
                    column, con.conname);
  }
}

void SetAttributeType(catalog::PgAttribute& a, const catalog::PgType& type, int32_t typmod,
                      Oid collation) {
  a.atttypid = type.oid;
  a.atttypmod = typmod;
  a.attlen = type.typlen;
  a.attbyval = type.typbyval;
  a.attalign = type.typalign;
  a.attstorage = type.typstorage;
  a.attcollation = collation;
}

// Index columns on the altered column take its new type, collation and the type's default
// btree operator class (PostgreSQL rebuilds such indexes from their definitions).
void RetypeIndexColumns(Oid relid, int16_t attnum, const catalog::PgType& type, int32_t typmod,
                        Oid collation) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgIndex>()) {
    if (ref.row.indrelid != relid) continue;
    catalog::PgIndex index = ref.row;
    bool changed = false;
    for (size_t pos = 0; pos < index.indkey.size(); ++pos) {
      if (index.indkey[pos] != attnum) continue;
      changed = true;
      EditAttribute(index.indexrelid, static_cast<int16_t>(pos + 1),
                    [&](catalog::PgAttribute& a) { SetAttributeType(a, type, typmod, collation); });
      if (pos >= index.indclass.size()) continue;  // INCLUDE column
      auto opclass = catalog::Syscache().DefaultOpclass(catalog::kBtreeAmOid, type.oid);
      if (!opclass) {
        throw MakeError(errcode::kUndefinedObject,
                        "data type {} has no default operator class for access method \"btree\"",
                        type.typname)
            .Hint(
                "You must specify an operator class for the index or define a default operator "
                "class for the data type.");
      }
      index.indclass[pos] = opclass->oid;
      if (pos < index.indcollation.size()) index.indcollation[pos] = collation;
    }
    if (!changed) continue;
    catalog::UpdateCatalogRow(ref.ctid, index);
    catalog::CacheInvalidateRelation(index.indexrelid);
    catalog::CacheInvalidateRelation(relid);
  }
}

}  // namespace

void ExecAlterColumnType(Oid relid, const nodes::AlterTableCmd& cmd) {
  catalog::RelationPtr old_rel = OpenAlteredRelation(relid);
  const int16_t attnum = cmd.attnum;
  CheckColumnDependents(*old_rel, attnum);
  auto type = catalog::Syscache().TypeByOid(cmd.column.type);
  if (!type) {
    throw MakeError(errcode::kInternalError, "cache lookup failed for type {}", cmd.column.type);
  }
  EditAttribute(relid, attnum, [&](catalog::PgAttribute& a) {
    SetAttributeType(a, *type, cmd.column.typmod, cmd.column.collation);
  });
  RetypeIndexColumns(relid, attnum, *type, cmd.column.typmod, cmd.column.collation);
  if (cmd.column.default_expr) {
    RemoveColumnDefault(relid, attnum);
    storage::CommandCounterIncrement();
    StoreColumnDefault(relid, attnum, cmd.column.default_expr);
  }
  catalog::DeleteCatalogRows<catalog::PgStatistic>(
      [&](const catalog::PgStatistic& s) { return s.starelid == relid && s.staattnum == attnum; });
  storage::CommandCounterIncrement();
  if (old_rel->relkind() == 'p') return;  // no rows of its own: its partitions are rewritten
  RewriteTable(old_rel, {{attnum, cmd.expr}});
}

}  // namespace hyrax::executor::commands
