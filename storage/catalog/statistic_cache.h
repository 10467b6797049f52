// The per-backend cache of pg_statistic rows (PostgreSQL's STATRELATTINH syscache): the
// planner's selectivity functions read a column's null fraction, width, n_distinct, MCV list
// and histogram from here. Entries are per relation and are dropped by invalidation
// messages for pg_statistic (ANALYZE) or for the relation.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/datum.h"
#include "common/ids.h"

namespace hyrax::catalog {

// One pg_statistic row (stainherit = false).
struct ColumnStatistic {
  int16_t attnum = 0;
  float nullfrac = 0;
  int32_t width = 0;
  float distinct = 0;  // > 0 count, < 0 minus the fraction of rows, 0 unknown
  struct Slot {
    int16_t kind = 0;  // 1 MCV, 2 histogram, 3 correlation
    Oid op = kInvalidOid;
    Oid coll = kInvalidOid;
    std::vector<float> numbers;
    std::vector<Datum> values;  // point into `array` for by-reference types
    std::shared_ptr<char[]> array;
  };
  std::vector<Slot> slots;

  // The slot of `kind`, or nullptr.
  const Slot* Find(int16_t kind) const {
    for (const auto& s : slots) {
      if (s.kind == kind) return &s;
    }
    return nullptr;
  }
};

struct RelationStatistics {
  std::vector<ColumnStatistic> columns;
  const ColumnStatistic* Find(int16_t attnum) const {
    for (const auto& c : columns) {
      if (c.attnum == attnum) return &c;
    }
    return nullptr;
  }
};

// The statistics ANALYZE stored for relation `relid` (empty when none, or when the process's
// catalog is not heap-backed). Requires: an open transaction (pg_statistic is read with the
// catalog snapshot on a miss).
std::shared_ptr<const RelationStatistics> StatisticsOf(Oid relid);

// Invalidation (storage/catalog/inval.cpp): one relation / everything.
void StatisticCacheInvalidateRelation(Oid relid);
void StatisticCacheInvalidateAll();

}  // namespace hyrax::catalog
