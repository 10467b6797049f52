// CREATE TABLE / DROP TABLE catalog work (see heap_create.h).
#include "storage/catalog/heap_create.h"

#include <set>

#include <fmt/format.h>

#include "common/error.h"
#include "storage/catalog/array_type_row.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/partitioned_table.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/catalog/sequence_owner.h"
#include "storage/catalog/storage_create.h"
#include "storage/catalog/syscache.h"
#include "storage/heap/heap_tuple.h"
#include "storage/toast/toast_catalog.h"
#include "storage/txn/transam.h"

namespace hyrax::catalog {

namespace {

// Functions of composite and array types (PostgreSQL's OIDs).
constexpr Oid kRecordIn = 2290, kRecordOut = 2291, kRecordRecv = 2402, kRecordSend = 2403;
constexpr Oid kArrayIn = 750, kArrayOut = 751, kArrayRecv = 2400, kArraySend = 2401;
constexpr Oid kArraySubscriptHandler = 6179;

struct SystemColumn {
  const char* name;
  int16_t attnum;
  Oid type;
  int16_t len;
  bool byval;
  char align;
};
// ctid, xmin, cmin, xmax, cmax, tableoid (PostgreSQL's system attributes).
constexpr SystemColumn kSystemColumns[] = {
    {"ctid", -1, 27, 6, false, 's'}, {"xmin", -2, 28, 4, true, 'i'},
    {"cmin", -3, 29, 4, true, 'i'},  {"xmax", -4, 28, 4, true, 'i'},
    {"cmax", -5, 29, 4, true, 'i'},  {"tableoid", -6, 26, 4, true, 'i'},
};

PgType CompositeType(const NewRelation& spec, Oid type_oid, Oid relid, Oid array_oid) {
  PgType t;
  t.oid = type_oid;
  t.typname = spec.name;
  t.typnamespace = spec.namespace_oid;
  t.typowner = spec.owner;
  t.typlen = -1;
  t.typbyval = false;
  t.typtype = 'c';
  t.typcategory = 'C';
  t.typdelim = ',';
  t.typrelid = relid;
  t.typarray = array_oid;
  t.typinput = kRecordIn;
  t.typoutput = kRecordOut;
  t.typreceive = kRecordRecv;
  t.typsend = kRecordSend;
  t.typalign = 'd';
  t.typstorage = 'x';
  return t;
}

}  // namespace

PgType MakeArrayType(const std::string& elem_name, Oid namespace_oid, Oid owner, Oid array_oid,
                     Oid elem_oid) {
  PgType t;
  t.oid = array_oid;
  t.typname = "_" + elem_name;
  t.typnamespace = namespace_oid;
  t.typowner = owner;
  t.typlen = -1;
  t.typbyval = false;
  t.typtype = 'b';
  t.typcategory = 'A';
  t.typdelim = ',';
  t.typsubscript = kArraySubscriptHandler;
  t.typelem = elem_oid;
  t.typinput = kArrayIn;
  t.typoutput = kArrayOut;
  t.typreceive = kArrayRecv;
  t.typsend = kArraySend;
  t.typalign = 'd';
  t.typstorage = 'x';
  return t;
}

namespace {

PgType ArrayType(const NewRelation& spec, Oid array_oid, Oid elem_oid) {
  return MakeArrayType(spec.name, spec.namespace_oid, spec.owner, array_oid, elem_oid);
}

void CheckNames(const NewRelation& spec) {
  SysCache& cache = Syscache();
  if (cache.RelationByName(spec.name, spec.namespace_oid)) {
    throw MakeError(errcode::kDuplicateTable, "relation \"{}\" already exists", spec.name);
  }
  if (spec.fixed_relid == kInvalidOid && cache.TypeByName(spec.name, spec.namespace_oid)) {
    throw MakeError(errcode::kDuplicateObject, "type \"{}\" already exists", spec.name)
        .Hint(
            "A relation has an associated type of the same name, so you must use a name "
            "that doesn't conflict with any existing type.");
  }
  if (spec.columns.size() > static_cast<size_t>(storage::kMaxHeapAttributeNumber)) {
    throw MakeError(errcode::kTooManyColumns, "tables can have at most {} columns",
                    storage::kMaxHeapAttributeNumber);
  }
  std::set<std::string> seen;
  for (const auto& c : spec.columns) {
    if (!seen.insert(c.name).second) {
      throw MakeError(errcode::kDuplicateColumn, "column \"{}\" specified more than once", c.name);
    }
  }
}

PgAttribute UserColumn(Oid relid, int16_t attnum, const NewColumn& c) {
  auto type = Syscache().TypeByOid(c.type_oid);
  if (!type)
    throw MakeError(errcode::kUndefinedObject, "type with OID {} does not exist", c.type_oid);
  PgAttribute a;
  a.attrelid = relid;
  a.attname = c.name;
  a.atttypid = c.type_oid;
  a.attlen = type->typlen;
  a.attnum = attnum;
  a.attndims = c.ndims;
  a.atttypmod = c.typmod;
  a.attbyval = type->typbyval;
  a.attalign = type->typalign;
  a.attstorage = type->typstorage;
  a.attnotnull = c.not_null;
  a.attidentity = c.identity;
  a.attgenerated = c.generated;
  a.attcollation = c.collation != kInvalidOid ? c.collation : type->typcollation;
  a.attinhcount = c.inhcount;
  a.attislocal = c.is_local;
  return a;
}

}  // namespace

Oid CreateHeapRelation(const NewRelation& spec) {
  CheckNames(spec);
  // OID order as PostgreSQL assigns them: relation, array type, row type.
  bool fixed = spec.fixed_relid != kInvalidOid;
  Oid relid = fixed ? spec.fixed_relid : storage::GetNewObjectId();
  Oid array_oid = fixed ? kInvalidOid : storage::GetNewObjectId();
  Oid type_oid = fixed ? spec.reltype : storage::GetNewObjectId();

  PgClass rel;
  rel.oid = relid;
  rel.relname = spec.name;
  rel.relnamespace = spec.namespace_oid;
  rel.reltype = type_oid;
  rel.relowner = spec.owner;
  rel.relam = spec.relkind == 'r' || spec.relkind == 'm' ? kHeapAmOid : kInvalidOid;
  // Views, composite types and partitioned tables have no storage of their own.
  rel.relfilenode =
      spec.relkind == 'v' || spec.relkind == 'c' || spec.relkind == 'p' ? kInvalidOid : relid;
  rel.relpersistence = spec.persistence;
  rel.relkind = spec.relkind;
  rel.relhasrules = spec.relkind == 'v';  // its "_RETURN" rule (view_rule.h)
  rel.relnatts = static_cast<int16_t>(spec.columns.size());
  rel.relfrozenxid = spec.relkind == 'r' ? storage::ReadNextTransactionId() : kInvalidTransactionId;
  rel.reloptions = spec.reloptions;
  rel.relispartition = spec.partbound.has_value();
  rel.relpartbound = spec.partbound;
  std::vector<PgAttribute> columns;
  int16_t attnum = 0;
  for (const auto& c : spec.columns) columns.push_back(UserColumn(relid, ++attnum, c));
  // Tables whose rows may outgrow a page get a TOAST table, whose OID follows the row type's
  // (PostgreSQL's order). storage/toast/README.md "TOAST tables".
  bool toast = (spec.relkind == 'r' || spec.relkind == 'm') && storage::NeedsToastTable(columns);
  if (toast) rel.reltoastrelid = storage::GetNewObjectId();
  InsertCatalogRow(rel);

  for (const auto& a : columns) InsertCatalogRow(a);
  if (spec.relkind == 'r' || spec.relkind == 'm' || spec.relkind == 'p') {
    for (const auto& a : SystemAttributes(relid)) InsertCatalogRow(a);
  }
  if (!fixed) {
    InsertCatalogRow(ArrayType(spec, array_oid, type_oid));
    InsertCatalogRow(CompositeType(spec, type_oid, relid, array_oid));
  }

  if (rel.relfilenode != kInvalidOid) RelationCreateStorage(HeapRelationFor(rel).locator);
  if (toast) storage::CreateToastTable(rel);
  CacheInvalidateRelation(relid);
  return relid;
}

void DropHeapRelation(Oid relid) {
  std::optional<PgClass> rel;
  for (const auto& ref : ScanCatalog<PgClass>()) {
    if (ref.row.oid != relid) continue;
    rel = ref.row;
    DeleteCatalogRow<PgClass>(ref.ctid);
  }
  if (!rel) throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", relid);
  DeleteCatalogRows<PgAttribute>([&](const PgAttribute& a) { return a.attrelid == relid; });
  for (const auto& ref : ScanCatalog<PgAttrDef>()) {
    if (ref.row.adrelid != relid) continue;
    DeleteDependencies(kAttrDefaultRelationId, ref.row.oid);
    DeleteCatalogRow<PgAttrDef>(ref.ctid);
  }
  DeleteDependencies(kRelationRelationId, relid);
  DeleteDescriptions(kRelationRelationId, relid);
  if (rel->relkind == 'S') {
    DeleteCatalogRows<PgSequence>([&](const PgSequence& q) { return q.seqrelid == relid; });
  }
  DeleteCatalogRows<PgConstraint>([&](const PgConstraint& c) { return c.conrelid == relid; });
  if (rel->relispartition) {
    // A dropped default partition stops being its parent's default.
    for (Oid parent : InheritanceParents(relid)) {
      auto key = PartitionKeyOf(parent);
      if (key && key->partdefid == relid) SetDefaultPartition(parent, kInvalidOid);
    }
  }
  RemoveInheritance(relid);
  if (rel->relkind == 'p') DeletePartitionKey(relid);
  DeleteCatalogRows<PgType>([&](const PgType& t) {
    return t.oid == rel->reltype || (t.typelem == rel->reltype && t.typcategory == 'A');
  });
  if (rel->relfilenode != kInvalidOid) RelationDropStorage(HeapRelationFor(*rel).locator);
  if (rel->reltoastrelid != kInvalidOid) storage::DropToastTable(*rel);
  CacheInvalidateRelation(relid);
}

void DeleteDescriptions(Oid classoid, Oid objoid) {
  DeleteCatalogRows<PgDescription>(
      [&](const PgDescription& d) { return d.classoid == classoid && d.objoid == objoid; });
}

std::vector<PgAttribute> SystemAttributes(Oid relid) {
  std::vector<PgAttribute> out;
  for (const auto& s : kSystemColumns) {
    PgAttribute a;
    a.attrelid = relid;
    a.attname = s.name;
    a.atttypid = s.type;
    a.attlen = s.len;
    a.attnum = s.attnum;
    a.attbyval = s.byval;
    a.attalign = s.align;
    a.attnotnull = true;
    a.attstattarget = 0;
    out.push_back(a);
  }
  return out;
}

void AddRelationColumns(Oid relid, const std::vector<NewColumn>& columns) {
  for (const auto& ref : ScanCatalog<PgClass>()) {
    if (ref.row.oid != relid) continue;
    PgClass updated = ref.row;
    int16_t attnum = updated.relnatts;
    std::vector<PgAttribute> existing = Syscache().AttributesOf(relid);
    for (const auto& c : columns) {
      for (const auto& a : existing) {
        if (a.attname == c.name && !a.attisdropped) {
          throw MakeError(errcode::kDuplicateColumn, "column \"{}\" specified more than once",
                          c.name);
        }
      }
      InsertCatalogRow(UserColumn(relid, ++attnum, c));
    }
    updated.relnatts = attnum;
    UpdateCatalogRow(ref.ctid, updated);
  }
  CacheInvalidateRelation(relid);
}

Oid StoreAttrDefault(Oid relid, int16_t attnum, const std::string& adbin) {
  PgAttrDef def;
  def.oid = storage::GetNewObjectId();
  def.adrelid = relid;
  def.adnum = attnum;
  def.adbin = adbin;
  InsertCatalogRow(def);
  for (const auto& ref : ScanCatalog<PgAttribute>()) {
    if (ref.row.attrelid != relid || ref.row.attnum != attnum) continue;
    PgAttribute updated = ref.row;
    updated.atthasdef = true;
    UpdateCatalogRow(ref.ctid, updated);
  }
  CacheInvalidateRelation(relid);
  return def.oid;
}

}  // namespace hyrax::catalog
