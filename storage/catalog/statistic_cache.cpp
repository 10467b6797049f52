// pg_statistic cache (see statistic_cache.h): a miss scans pg_statistic once and keeps the
// relation's rows, with their arrays copied out of the heap.
#include "storage/catalog/statistic_cache.h"

#include <cstring>
#include <string>
#include <unordered_map>

#include "common/array_layout.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "storage/catalog/catalog_codec.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/heap_catalog.h"
#include "storage/catalog/syscache.h"
#include "storage/heap/heap_am.h"
#include "storage/txn/snapshot.h"

namespace hyrax::catalog {

namespace {

std::unordered_map<Oid, std::shared_ptr<const RelationStatistics>>& Cache() {
  static std::unordered_map<Oid, std::shared_ptr<const RelationStatistics>> cache;
  return cache;
}

int ColumnIndex(const CatalogSchema& schema, const std::string& name) {
  for (size_t i = 0; i < schema.columns.size(); ++i) {
    if (schema.columns[i].attname == name) return static_cast<int>(i);
  }
  return -1;
}

// A private copy of an array varlena.
std::shared_ptr<char[]> CopyArray(Datum d) {
  const void* p = DatumGetPointer<const void>(d);
  const uint32_t size = VarSize(p);
  std::shared_ptr<char[]> copy(new char[size]);
  std::memcpy(copy.get(), p, size);
  return copy;
}

std::shared_ptr<const RelationStatistics> Load(Oid relid) {
  auto stats = std::make_shared<RelationStatistics>();
  const CatalogSchema& schema = SchemaOf<PgStatistic>();
  const storage::TupleDesc& desc = CatalogTupleDesc(schema);
  storage::HeapScan scan(CatalogHeap(schema), storage::GetCatalogSnapshot());
  MemoryContext tmp("pg_statistic scan");
  const int natts = desc.natts();
  std::vector<Datum> values(natts);
  std::unique_ptr<bool[]> nulls(new bool[natts]);
  storage::HeapTuple tuple;
  while (scan.Next(&tuple)) {
    MemoryContextScope scope(&tmp);
    storage::HeapDeformTuple(tuple, desc, values.data(), nulls.get());
    PgStatistic row = DecodeRow<PgStatistic>(values.data(), nulls.get());
    if (row.starelid != relid || row.stainherit) {
      tmp.Reset();
      continue;
    }
    ColumnStatistic col;
    col.attnum = row.staattnum;
    col.nullfrac = row.stanullfrac;
    col.width = row.stawidth;
    col.distinct = row.stadistinct;
    const int16_t kinds[] = {row.stakind1, row.stakind2, row.stakind3, row.stakind4, row.stakind5};
    const Oid ops[] = {row.staop1, row.staop2, row.staop3, row.staop4, row.staop5};
    const Oid colls[] = {row.stacoll1, row.stacoll2, row.stacoll3, row.stacoll4, row.stacoll5};
    for (int i = 0; i < 5; ++i) {
      if (kinds[i] == 0) continue;
      ColumnStatistic::Slot slot;
      slot.kind = kinds[i];
      slot.op = ops[i];
      slot.coll = colls[i];
      const int numbers = ColumnIndex(schema, "stanumbers" + std::to_string(i + 1));
      if (numbers >= 0 && !nulls[numbers]) {
        std::vector<Datum> elems;
        std::vector<bool> elem_nulls;
        DeconstructArray(DatumGetPointer<const void>(values[numbers]), ElementLayout{4, true, 'i'},
                         &elems, &elem_nulls);
        for (Datum e : elems) slot.numbers.push_back(DatumGetFloat4(e));
      }
      const int vals = ColumnIndex(schema, "stavalues" + std::to_string(i + 1));
      if (vals >= 0 && !nulls[vals]) {
        slot.array = CopyArray(values[vals]);
        const Oid elemtype = ArrayElemType(slot.array.get());
        std::optional<PgType> type = Syscache().TypeByOid(elemtype);
        if (type) {
          std::vector<bool> elem_nulls;
          DeconstructArray(slot.array.get(),
                           ElementLayout{type->typlen, type->typbyval, type->typalign},
                           &slot.values, &elem_nulls);
        }
      }
      col.slots.push_back(std::move(slot));
    }
    stats->columns.push_back(std::move(col));
    tmp.Reset();
  }
  return stats;
}

}  // namespace

std::shared_ptr<const RelationStatistics> StatisticsOf(Oid relid) {
  // Only heap-backed catalogs have a pg_statistic to read (tests plan over in-memory ones).
  if (dynamic_cast<HeapCatalog*>(&Syscache()) == nullptr) {
    static const auto empty = std::make_shared<const RelationStatistics>();
    return empty;
  }
  auto& cache = Cache();
  auto it = cache.find(relid);
  if (it != cache.end()) return it->second;
  std::shared_ptr<const RelationStatistics> stats = Load(relid);
  cache[relid] = stats;
  return stats;
}

void StatisticCacheInvalidateRelation(Oid relid) {
  Cache().erase(relid);
}

void StatisticCacheInvalidateAll() {
  Cache().clear();
}

}  // namespace hyrax::catalog
