// CREATE INDEX, PRIMARY KEY / UNIQUE constraints, DROP INDEX and TRUNCATE of indexes
// (see index_commands.h). The build follows PostgreSQL's non-concurrent index build: every
// heap tuple is classified against the oldest xmin (HeapTupleSatisfiesVacuum); dead ones
// are skipped, recently-dead ones are indexed but ignored by the unique check; entries point
// at HOT chain roots, and recently-dead HOT-updated versions are left out (a broken HOT
// chain: the index then gets indcheckxmin, storage/heap/README.md "HOT").
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/index_commands.h"
#include "executor/commands/object_names.h"
#include "executor/exec/index_relation.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/storage_create.h"
#include "storage/catalog/syscache.h"
#include "storage/heap/heap_am.h"
#include "storage/heap/heap_visibility.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

std::optional<catalog::CatalogRowRef<catalog::PgClass>> FindClassRow(Oid relid) {
  for (auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    if (ref.row.oid == relid) return ref;
  }
  return std::nullopt;
}

// PostgreSQL's ChooseIndexName / ChooseIndexColumnNames.
std::string ChooseIndexName(const catalog::RelationData& heap, const IndexDefinition& def) {
  if (def.primary) return ChooseRelationName(heap.name(), "", "pkey", heap.rel.relnamespace);
  std::string columns;
  for (int16_t attnum : def.key_attnums) {
    if (!columns.empty()) columns += "_";
    columns += heap.desc->attr(attnum - 1).name;
    if (columns.size() >= 63) break;
  }
  return ChooseRelationName(heap.name(), columns, def.constraint_type == 'u' ? "key" : "idx",
                            heap.rel.relnamespace);
}

std::vector<std::string> IndexReloptions(const nodes::RelOptions& options) {
  std::vector<std::string> out;
  for (const auto& [name, value] : options) {
    if (name == "fillfactor") {
      int ff = 0;
      try {
        ff = std::stoi(value);
      } catch (const std::exception&) {
        throw MakeError(errcode::kInvalidParameterValue,
                        "invalid value for integer option \"fillfactor\": {}", value);
      }
      if (ff < 10 || ff > 100) {
        throw MakeError(errcode::kInvalidParameterValue,
                        "value {} out of bounds for option \"fillfactor\"", value)
            .Detail("Valid values are between \"10\" and \"100\".");
      }
    } else if (name != "deduplicate_items") {
      throw MakeError(errcode::kInvalidParameterValue, "unrecognized parameter \"{}\"", name);
    }
    out.push_back(name + "=" + value);
  }
  return out;
}

void SetRelHasIndex(Oid relid) {
  auto ref = FindClassRow(relid);
  if (!ref || ref->row.relhasindex) return;
  catalog::PgClass updated = ref->row;
  updated.relhasindex = true;
  catalog::UpdateCatalogRow(ref->ctid, updated);
  catalog::CacheInvalidateRelation(relid);
}

// Fills the new index from the table (PostgreSQL's heapam_index_build_range_scan for a
// non-concurrent build). `not_null` columns must not hold NULL in any live row (ALTER TABLE
// ADD PRIMARY KEY): 23502 otherwise. *broken_hot_chain: a recently dead HOT-updated version
// was left out, so older snapshots must not use the index.
storage::IndexBuildResult BuildIndex(const catalog::RelationData& heap, const OpenIndex& index,
                                     const std::vector<int16_t>& not_null, bool* broken_hot_chain) {
  storage::SnapshotData any;
  any.kind = storage::SnapshotKind::kAny;
  storage::HeapScan scan(heap.heap, &any);
  scan.set_want_root_tids(true);
  TransactionId oldest_xmin = storage::ProcArray::GetOldestXmin();
  storage::BtreeBuilder builder(index.info, index.format_key);
  const int natts = heap.desc->natts();
  std::vector<Datum> row_values(natts);
  std::unique_ptr<bool[]> row_isnull(new bool[natts]);
  Datum values[storage::kIndexMaxKeys];
  bool isnull[storage::kIndexMaxKeys];
  MemoryContext per_tuple("index build tuple");
  storage::HeapTuple tuple;
  while (scan.Next(&tuple)) {
    bool alive = true;
    switch (storage::HeapTupleSatisfiesVacuum(tuple.data, oldest_xmin, nullptr)) {
      case storage::HtsvResult::kDead:
        continue;
      case storage::HtsvResult::kLive:
      case storage::HtsvResult::kInsertInProgress:  // only ours: we hold ShareLock
        break;
      case storage::HtsvResult::kRecentlyDead:
      case storage::HtsvResult::kDeleteInProgress:  // deleted by us: not live after commit
        alive = false;
        break;
    }
    if (!alive && storage::HeapTupleHeaderIsHotUpdated(tuple.data)) {
      // Its chain's root will carry the newer member's key; this version stays reachable
      // only for snapshots that indcheckxmin keeps away from the index.
      *broken_hot_chain = true;
      continue;
    }
    const storage::ItemPointerData root = scan.RootTid(tuple);
    if (!root.valid()) {
      throw MakeError(errcode::kDataCorrupted,
                      "failed to find parent tuple for heap-only tuple at ({},{}) in table \"{}\"",
                      tuple.self.block(), tuple.self.offset(), heap.name());
    }
    per_tuple.Reset();
    MemoryContextScope scope(&per_tuple);
    storage::HeapDeformTuple(tuple, *heap.desc, row_values.data(), row_isnull.get());
    if (alive) {
      for (int16_t attnum : not_null) {
        if (!row_isnull[attnum - 1]) continue;
        throw MakeError(errcode::kNotNullViolation,
                        "column \"{}\" of relation \"{}\" contains null values",
                        heap.desc->attr(attnum - 1).name, heap.name())
            .Schema(heap.namespace_name)
            .Table(heap.name())
            .Column(heap.desc->attr(attnum - 1).name);
      }
    }
    FormIndexDatum(index, row_values.data(), row_isnull.get(), values, isnull);
    builder.Add(values, isnull, root, alive);
  }
  return builder.Finish();
}

// PostgreSQL's index_build: an index over broken HOT chains is marked indcheckxmin.
void SetIndCheckXmin(Oid heap_oid, Oid index_oid) {
  for (auto& ref : catalog::ScanCatalog<catalog::PgIndex>()) {
    if (ref.row.indexrelid != index_oid) continue;
    catalog::PgIndex updated = ref.row;
    updated.indcheckxmin = true;
    catalog::UpdateCatalogRow(ref.ctid, updated);
    catalog::CacheInvalidateRelation(heap_oid);
    return;
  }
}

void UpdateIndexStats(Oid index_oid, const storage::IndexBuildResult& result) {
  auto ref = FindClassRow(index_oid);
  if (!ref) return;
  catalog::PgClass updated = ref->row;
  updated.relpages = static_cast<int32_t>(result.num_pages);
  updated.reltuples = static_cast<float>(result.index_tuples);
  catalog::UpdateCatalogRow(ref->ctid, updated);
  catalog::CacheInvalidateRelation(index_oid);
}

void StoreIndexConstraint(const catalog::RelationData& heap, const IndexDefinition& def,
                          const std::string& name, Oid index_oid) {
  for (const auto& con : catalog::Syscache().ConstraintsOf(heap.oid)) {
    if (con.conname == name) {
      throw MakeError(errcode::kDuplicateObject,
                      "constraint \"{}\" for relation \"{}\" already exists", name, heap.name());
    }
  }
  catalog::PgConstraint con;
  con.oid = storage::GetNewObjectId();
  con.conname = name;
  con.connamespace = heap.rel.relnamespace;
  con.contype = def.constraint_type;
  con.conrelid = heap.oid;
  con.conindid = index_oid;
  con.conkey = def.key_attnums;
  con.condeferrable = def.deferrable;
  con.condeferred = def.initially_deferred;
  catalog::InsertCatalogRow(con);
  catalog::CacheInvalidateRelation(heap.oid);
}

}  // namespace

Oid DefineIndex(const IndexDefinition& def) {
  catalog::RelationPtr heap = catalog::RelationIdGetRelation(def.heap_relid);
  if (!heap) {
    throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist",
                    def.heap_relid);
  }
  if (heap->rel.relnamespace == catalog::kPgCatalogNamespace ||
      heap->rel.relnamespace == catalog::kPgToastNamespace) {
    throw MakeError(errcode::kInsufficientPrivilege,
                    "permission denied: \"{}\" is a system catalog", heap->name());
  }
  // A partitioned table has no storage of its own: its index would be a partitioned index
  // cascading to the partitions, which Hyrax does not build yet.
  if (heap->relkind() == 'p') {
    throw Error(errcode::kFeatureNotSupported,
                "indexes on partitioned tables are not supported yet");
  }
  const size_t natts = def.key_attnums.size() + def.include_attnums.size();
  if (natts > static_cast<size_t>(storage::kIndexMaxKeys)) {
    throw MakeError(errcode::kProgramLimitExceeded, "cannot use more than {} columns in an index",
                    storage::kIndexMaxKeys);
  }
  std::string name = def.name.empty() ? ChooseIndexName(*heap, def) : def.name;
  if (catalog::Syscache().RelationByName(name, heap->rel.relnamespace)) {
    throw MakeError(errcode::kDuplicateTable, "relation \"{}\" already exists", name);
  }
  auto& cache = catalog::Syscache();
  Oid index_oid = storage::GetNewObjectId();

  catalog::PgClass rel;
  rel.oid = index_oid;
  rel.relname = name;
  rel.relnamespace = heap->rel.relnamespace;
  rel.relowner = heap->rel.relowner;
  rel.relam = catalog::kBtreeAmOid;
  rel.relfilenode = index_oid;
  rel.relpersistence = heap->rel.relpersistence;
  rel.relkind = 'i';
  rel.relnatts = static_cast<int16_t>(natts);
  rel.reloptions = IndexReloptions(def.reloptions);
  catalog::InsertCatalogRow(rel);

  catalog::PgIndex index;
  index.indexrelid = index_oid;
  index.indrelid = heap->oid;
  index.indnatts = static_cast<int16_t>(natts);
  index.indnkeyatts = static_cast<int16_t>(def.key_attnums.size());
  index.indisunique = def.unique;
  index.indnullsnotdistinct = def.nulls_not_distinct;
  index.indisprimary = def.primary;
  index.indimmediate = !def.deferrable;
  std::vector<int16_t> all = def.key_attnums;
  all.insert(all.end(), def.include_attnums.begin(), def.include_attnums.end());
  int16_t attnum = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& col = heap->desc->attr(all[i] - 1);
    auto type = cache.TypeByOid(col.type_oid);
    if (!type) {
      throw MakeError(errcode::kInternalError, "cache lookup failed for type {}", col.type_oid);
    }
    Oid collation = i < def.collations.size() && def.collations[i] != kInvalidOid
                        ? def.collations[i]
                        : col.collation;
    catalog::PgAttribute a;
    a.attrelid = index_oid;
    a.attname = col.name;
    a.atttypid = col.type_oid;
    a.attlen = type->typlen;
    a.attnum = ++attnum;
    a.atttypmod = col.typmod;
    a.attbyval = type->typbyval;
    a.attalign = type->typalign;
    a.attstorage = type->typstorage;
    a.attcollation = collation;
    catalog::InsertCatalogRow(a);
    index.indkey.push_back(all[i]);
    if (i >= def.key_attnums.size()) continue;
    Oid opclass = i < def.opclasses.size() ? def.opclasses[i] : kInvalidOid;
    if (opclass == kInvalidOid) {
      auto opc = cache.DefaultOpclass(catalog::kBtreeAmOid, col.type_oid);
      if (!opc) {
        throw MakeError(errcode::kUndefinedObject,
                        "data type {} has no default operator class for access method \"btree\"",
                        type->typname)
            .Hint(
                "You must specify an operator class for the index or define a default operator "
                "class for the data type.");
      }
      opclass = opc->oid;
    }
    index.indclass.push_back(opclass);
    index.indcollation.push_back(collation);
    index.indoption.push_back(i < def.options.size() ? def.options[i] : 0);
  }
  catalog::InsertCatalogRow(index);
  catalog::RelationCreateStorage(catalog::HeapRelationFor(rel).locator);
  SetRelHasIndex(heap->oid);
  catalog::CacheInvalidateRelation(heap->oid);
  storage::LockRelationOid(index_oid, storage::LockMode::kAccessExclusive);
  if (def.constraint_type != '\0') StoreIndexConstraint(*heap, def, name, index_oid);
  storage::CommandCounterIncrement();

  catalog::RelationPtr fresh = catalog::RelationIdGetRelation(def.heap_relid);
  OpenIndexPtr open = OpenIndexRelation(*fresh, index_oid);
  std::vector<int16_t> not_null;
  if (def.primary) not_null = def.key_attnums;
  bool broken_hot_chain = false;
  storage::IndexBuildResult result = BuildIndex(*fresh, *open, not_null, &broken_hot_chain);
  if (broken_hot_chain) SetIndCheckXmin(def.heap_relid, index_oid);
  UpdateIndexStats(index_oid, result);
  return index_oid;
}

void CreateIndex(const nodes::CreateIndexStmt& stmt) {
  if (stmt.already_exists) {
    EmitNotice(Error(errcode::kDuplicateTable,
                     fmt::format("relation \"{}\" already exists, skipping", stmt.name),
                     Severity::kNotice));
    return;
  }
  if (stmt.concurrent) {
    throw Error(errcode::kFeatureNotSupported, "CREATE INDEX CONCURRENTLY is not supported yet");
  }
  if (stmt.access_method != catalog::kBtreeAmOid) {
    throw Error(errcode::kFeatureNotSupported, "only btree indexes are supported yet");
  }
  if (stmt.predicate) {
    throw Error(errcode::kFeatureNotSupported, "partial indexes are not supported yet");
  }
  IndexDefinition def;
  def.heap_relid = stmt.relid;
  def.name = stmt.name;
  def.unique = stmt.unique;
  def.nulls_not_distinct = stmt.nulls_not_distinct;
  def.reloptions = stmt.options;
  for (const auto& el : stmt.elements) {
    if (el.expr || el.attnum <= 0) {
      throw Error(errcode::kFeatureNotSupported, "expression indexes are not supported yet");
    }
    def.key_attnums.push_back(el.attnum);
    def.collations.push_back(el.collation);
    def.opclasses.push_back(el.opclass);
    int16_t option = 0;
    if (el.descending) option |= storage::kIndexOptionDesc;
    if (el.nulls_first) option |= storage::kIndexOptionNullsFirst;
    def.options.push_back(option);
  }
  for (const auto& el : stmt.including) def.include_attnums.push_back(el.attnum);
  // With IF NOT EXISTS and a chosen name the analyzer could not check the name.
  if (stmt.if_not_exists && !stmt.name.empty()) {
    auto heap = catalog::Syscache().RelationByOid(stmt.relid);
    if (heap && catalog::Syscache().RelationByName(stmt.name, heap->relnamespace)) {
      EmitNotice(Error(errcode::kDuplicateTable,
                       fmt::format("relation \"{}\" already exists, skipping", stmt.name),
                       Severity::kNotice));
      return;
    }
  }
  DefineIndex(def);
}

void AddIndexConstraints(Oid relid, const std::vector<nodes::ConstraintDefinition>& constraints) {
  // The primary key's index comes first (PostgreSQL's transformIndexConstraints), so it is
  // also the first one checked on insert (indexes are maintained in OID order).
  std::vector<const nodes::ConstraintDefinition*> ordered;
  for (const auto& con : constraints) {
    if (con.kind == nodes::ConstraintKind::kPrimaryKey) ordered.push_back(&con);
  }
  for (const auto& con : constraints) {
    if (con.kind == nodes::ConstraintKind::kUnique) ordered.push_back(&con);
  }
  for (const nodes::ConstraintDefinition* conp : ordered) {
    const nodes::ConstraintDefinition& con = *conp;
    if (con.kind != nodes::ConstraintKind::kPrimaryKey &&
        con.kind != nodes::ConstraintKind::kUnique)
      continue;
    bool primary = con.kind == nodes::ConstraintKind::kPrimaryKey;
    catalog::RelationPtr heap = catalog::RelationIdGetRelation(relid);
    if (primary) {
      for (const auto& idx : catalog::Syscache().IndexesOf(relid)) {
        if (idx.indisprimary) {
          throw MakeError(errcode::kInvalidTableDefinition,
                          "multiple primary keys for table \"{}\" are not allowed", heap->name());
        }
      }
      // PRIMARY KEY columns become NOT NULL (existing rows are checked by the build).
      bool changed = false;
      for (auto& ref : catalog::ScanCatalog<catalog::PgAttribute>()) {
        if (ref.row.attrelid != relid || ref.row.attnotnull) continue;
        if (std::find(con.key_attnums.begin(), con.key_attnums.end(), ref.row.attnum) ==
            con.key_attnums.end())
          continue;
        catalog::PgAttribute updated = ref.row;
        updated.attnotnull = true;
        catalog::UpdateCatalogRow(ref.ctid, updated);
        changed = true;
      }
      if (changed) {
        catalog::CacheInvalidateRelation(relid);
        storage::CommandCounterIncrement();
      }
    }
    IndexDefinition def;
    def.heap_relid = relid;
    def.name = con.name.empty() ? con.index_name : con.name;
    def.key_attnums = con.key_attnums;
    def.include_attnums = con.include_attnums;
    def.reloptions = con.index_options;
    def.unique = true;
    def.primary = primary;
    def.nulls_not_distinct = con.nulls_not_distinct;
    def.constraint_type = primary ? 'p' : 'u';
    def.deferrable = con.deferrable;
    def.initially_deferred = con.initially_deferred;
    DefineIndex(def);
    storage::CommandCounterIncrement();
  }
}

void DropIndexRelation(Oid indexrelid) {
  std::optional<catalog::PgClass> rel;
  for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    if (ref.row.oid != indexrelid) continue;
    rel = ref.row;
    catalog::DeleteCatalogRow<catalog::PgClass>(ref.ctid);
  }
  if (!rel) {
    throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", indexrelid);
  }
  Oid heap_oid = kInvalidOid;
  catalog::DeleteCatalogRows<catalog::PgIndex>([&](const catalog::PgIndex& i) {
    if (i.indexrelid != indexrelid) return false;
    heap_oid = i.indrelid;
    return true;
  });
  catalog::DeleteCatalogRows<catalog::PgAttribute>(
      [&](const catalog::PgAttribute& a) { return a.attrelid == indexrelid; });
  catalog::DeleteDescriptions(catalog::kRelationRelationId, indexrelid);
  catalog::RelationDropStorage(catalog::HeapRelationFor(*rel).locator);
  catalog::CacheInvalidateRelation(indexrelid);
  if (heap_oid != kInvalidOid) catalog::CacheInvalidateRelation(heap_oid);
}

namespace {

// New files for every index of `relid`, then empty btrees (TRUNCATE) or full builds.
void ResetIndexFiles(Oid relid, bool build) {
  std::vector<Oid> oids;
  for (const auto& idx : catalog::Syscache().IndexesOf(relid)) oids.push_back(idx.indexrelid);
  if (oids.empty()) return;
  for (Oid oid : oids) {
    auto ref = FindClassRow(oid);
    if (!ref) continue;
    RelFileLocator old_locator = catalog::HeapRelationFor(ref->row).locator;
    RelFileLocator new_locator = old_locator;
    new_locator.rel_number = storage::GetNewObjectId();
    catalog::RelationCreateStorage(new_locator);
    catalog::RelationDropStorage(old_locator);
    catalog::PgClass updated = ref->row;
    updated.relfilenode = new_locator.rel_number;
    updated.relpages = 0;
    updated.reltuples = 0;
    catalog::UpdateCatalogRow(ref->ctid, updated);
    catalog::CacheInvalidateRelation(oid);
  }
  catalog::CacheInvalidateRelation(relid);
  storage::CommandCounterIncrement();
  catalog::RelationPtr heap = catalog::RelationIdGetRelation(relid);
  for (Oid oid : oids) {
    storage::LockRelationOid(oid, storage::LockMode::kAccessExclusive);
    OpenIndexPtr open = OpenIndexRelation(*heap, oid);
    if (!build) {
      storage::BtreeBuilder(open->info, open->format_key).Finish();
      continue;
    }
    bool broken_hot_chain = false;
    storage::IndexBuildResult result = BuildIndex(*heap, *open, {}, &broken_hot_chain);
    if (broken_hot_chain) SetIndCheckXmin(relid, oid);
    UpdateIndexStats(oid, result);
  }
}

}  // namespace

void TruncateIndexes(Oid relid) {
  ResetIndexFiles(relid, /*build=*/false);
}

void RebuildIndexes(Oid relid) {
  ResetIndexFiles(relid, /*build=*/true);
}

}  // namespace hyrax::executor::commands
