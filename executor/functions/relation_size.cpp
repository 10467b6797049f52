// Disk usage of relations (PostgreSQL's dbsize.c functions): pg_relation_size(regclass [,
// fork]), pg_table_size, pg_indexes_size and pg_total_relation_size, counted from the
// number of blocks of each fork file (storage/smgr). A relation without storage (a view)
// has size 0; an OID without a pg_class row gives NULL, as in PostgreSQL.
#include <string_view>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/syscache.h"
#include "storage/smgr/smgr.h"

namespace hyrax::executor {

namespace {

constexpr ForkNumber kAllForks[] = {ForkNumber::kMain, ForkNumber::kFsm, ForkNumber::kVisibilityMap,
                                    ForkNumber::kInit};

ForkNumber ForkByName(std::string_view name) {
  if (name == "main") return ForkNumber::kMain;
  if (name == "fsm") return ForkNumber::kFsm;
  if (name == "vm") return ForkNumber::kVisibilityMap;
  if (name == "init") return ForkNumber::kInit;
  throw Error(errcode::kInvalidParameterValue, "invalid fork name")
      .Hint("Valid fork names are \"main\", \"fsm\", \"vm\", and \"init\".");
}

int64_t ForkSize(const catalog::PgClass& rel, ForkNumber fork) {
  if (rel.relfilenode == kInvalidOid) return 0;
  RelFileLocator locator = catalog::HeapRelationFor(rel).locator;
  if (!storage::Smgr::Exists(locator, fork)) return 0;
  return int64_t{storage::Smgr::NumBlocks(locator, fork)} * kBlockSize;
}

int64_t AllForksSize(const catalog::PgClass& rel) {
  int64_t total = 0;
  for (ForkNumber fork : kAllForks) total += ForkSize(rel, fork);
  return total;
}

// The relation with all forks plus its TOAST table and the TOAST table's index
// (PostgreSQL's calculate_table_size).
int64_t TableSize(const catalog::PgClass& rel) {
  int64_t total = AllForksSize(rel);
  if (rel.reltoastrelid == kInvalidOid) return total;
  if (auto toast = catalog::Syscache().RelationByOid(rel.reltoastrelid)) {
    total += AllForksSize(*toast);
    for (const auto& index : catalog::Syscache().IndexesOf(toast->oid)) {
      if (auto index_rel = catalog::Syscache().RelationByOid(index.indexrelid)) {
        total += AllForksSize(*index_rel);
      }
    }
  }
  return total;
}

int64_t IndexesSize(const catalog::PgClass& rel) {
  int64_t total = 0;
  for (const auto& index : catalog::Syscache().IndexesOf(rel.oid)) {
    if (auto index_rel = catalog::Syscache().RelationByOid(index.indexrelid)) {
      total += AllForksSize(*index_rel);
    }
  }
  return total;
}

// Calls `size` on the pg_class row of argument 0, or returns NULL when there is none.
template <typename Size>
Datum WithRelation(FunctionCallInfo* f, Size size) {
  auto rel = catalog::Syscache().RelationByOid(f->ArgOid(0));
  if (!rel) return f->ReturnNull();
  return Int64GetDatum(size(*rel));
}

Datum PgRelationSize(FunctionCallInfo* f) {
  ForkNumber fork = ForkByName(f->ArgText(1));
  return WithRelation(f, [fork](const catalog::PgClass& rel) { return ForkSize(rel, fork); });
}

Datum PgTableSize(FunctionCallInfo* f) {
  return WithRelation(f, TableSize);
}

Datum PgIndexesSize(FunctionCallInfo* f) {
  return WithRelation(f, IndexesSize);
}

Datum PgTotalRelationSize(FunctionCallInfo* f) {
  return WithRelation(
      f, [](const catalog::PgClass& rel) { return TableSize(rel) + IndexesSize(rel); });
}

// pg_relation_size(regclass) is the SQL function "RETURN pg_relation_size($1, 'main')".
Datum PgRelationMainSize(FunctionCallInfo* f) {
  return WithRelation(f,
                      [](const catalog::PgClass& rel) { return ForkSize(rel, ForkNumber::kMain); });
}

const BuiltinFunction kRelationSizeBuiltins[] = {
    {"pg_relation_size", PgRelationSize, 2},
    {"RETURN pg_relation_size($1, 'main'::text)", PgRelationMainSize, 1},
    {"pg_table_size", PgTableSize, 1},
    {"pg_indexes_size", PgIndexesSize, 1},
    {"pg_total_relation_size", PgTotalRelationSize, 1},
};

}  // namespace

std::span<const BuiltinFunction> RelationSizeBuiltins() {
  return kRelationSizeBuiltins;
}

}  // namespace hyrax::executor
