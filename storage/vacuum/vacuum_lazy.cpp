// The lazy VACUUM driver (PostgreSQL's heap_vacuum_rel and vacuum_set_xid_limits): compute
// the removal horizon and the freeze limits, run the phases (vacuum_scan.cpp,
// vacuum_heap_pass.cpp, vacuum_truncate.cpp) and sum up what the run found.
// storage/vacuum/README.md "Phases" and "Freezing".
#include <algorithm>
#include <chrono>
#include <cmath>

#include "storage/page/page.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/transam.h"
#include "storage/vacuum/relation_stats.h"
#include "storage/vacuum/vacuum_internal.h"
#include "storage/vm/visibility_map.h"

namespace hyrax::storage {

int g_vacuum_freeze_min_age = 50000000;
int g_vacuum_freeze_table_age = 150000000;
int g_autovacuum_freeze_max_age = 200000000;
int g_maintenance_work_mem_kb = 65536;
int g_autovacuum_vacuum_threshold = 50;
double g_autovacuum_vacuum_scale_factor = 0.2;
int g_autovacuum_vacuum_insert_threshold = 1000;
double g_autovacuum_vacuum_insert_scale_factor = 0.2;

namespace {

using vacuum::LazyVacuumState;

// `base` minus `age` xids, kept in the normal range (PostgreSQL's limit arithmetic).
TransactionId XidMinus(TransactionId base, int age) {
  TransactionId limit = base - static_cast<TransactionId>(age);
  if (!TransactionIdIsNormal(limit)) limit = kFirstNormalTransactionId;
  return limit;
}

// vacuum_set_xid_limits: the horizon, the freeze limit and whether this VACUUM must be
// aggressive (scan every page that is not all-frozen, so relfrozenxid can advance).
void SetCutoffs(LazyVacuumState& st, TransactionId relfrozenxid) {
  st.oldest_xmin = ProcArray::GetOldestXmin();
  int freeze_min_age =
      st.options.freeze_min_age >= 0 ? st.options.freeze_min_age : g_vacuum_freeze_min_age;
  int freeze_table_age =
      st.options.freeze_table_age >= 0 ? st.options.freeze_table_age : g_vacuum_freeze_table_age;
  if (st.options.freeze) freeze_min_age = freeze_table_age = 0;
  // Never wait for freezing beyond half the anti-wraparound age, nor scan aggressively
  // later than 95% of it.
  freeze_min_age = std::min(freeze_min_age, g_autovacuum_freeze_max_age / 2);
  freeze_table_age =
      std::min(freeze_table_age, static_cast<int>(g_autovacuum_freeze_max_age * 0.95));
  st.freeze_limit = XidMinus(st.oldest_xmin, freeze_min_age);
  // Freezing must never reach xids some snapshot still needs.
  if (TransactionIdPrecedes(st.oldest_xmin, st.freeze_limit)) st.freeze_limit = st.oldest_xmin;
  const TransactionId full_scan_limit = XidMinus(ReadNextTransactionId(), freeze_table_age);
  st.aggressive = !TransactionIdIsValid(relfrozenxid) ||
                  TransactionIdPrecedesOrEquals(relfrozenxid, full_scan_limit);
  st.new_relfrozenxid = st.oldest_xmin;
}

// Room for dead TIDs: maintenance_work_mem worth, no more than the table could hold, at
// least one page's worth; one page's worth without indexes (each page is cleaned at once).
size_t DeadItemsCapacity(const VacuumOptions& options, const VacuumIndexes& indexes,
                         BlockNumber rel_pages) {
  constexpr size_t kPerPage = kMaxHeapTuplesPerPage;
  if (indexes.indexes.empty()) return kPerPage;
  size_t capacity = options.max_dead_items != 0 ? options.max_dead_items
                                                : static_cast<size_t>(g_maintenance_work_mem_kb) *
                                                      1024 / sizeof(ItemPointerData);
  capacity = std::min(capacity, static_cast<size_t>(rel_pages) * kPerPage);
  return std::max(capacity, kPerPage);
}

// vac_estimate_reltuples: extrapolates the live-tuple density of the unscanned pages from
// the previous pg_class values.
double EstimateRelTuples(BlockNumber old_rel_pages, double old_rel_tuples, BlockNumber total_pages,
                         BlockNumber scanned_pages, double scanned_tuples) {
  if (scanned_pages >= total_pages) return scanned_tuples;
  // Rescanning the same few pages again and again would drift the estimate.
  if (old_rel_pages == total_pages && scanned_pages < total_pages * 0.02) return old_rel_tuples;
  if (scanned_pages == 0) return old_rel_tuples;
  if (old_rel_tuples < 0 || old_rel_pages == 0) {
    return std::floor(scanned_tuples / scanned_pages * total_pages + 0.5);
  }
  const double old_density = old_rel_tuples / old_rel_pages;
  const double unscanned = static_cast<double>(total_pages) - scanned_pages;
  return std::floor(old_density * unscanned + scanned_tuples + 0.5);
}

// The new relfrozenxid when it really moves forward (or the old value is bogus: unset, or
// in the future as after a restore).
TransactionId AdvancedRelfrozenxid(const LazyVacuumState& st, TransactionId old_relfrozenxid,
                                   TransactionId next_xid) {
  if (st.skipped_all_visible) return kInvalidTransactionId;
  const TransactionId candidate = st.new_relfrozenxid;
  if (!TransactionIdIsNormal(candidate)) return kInvalidTransactionId;
  if (!TransactionIdIsNormal(old_relfrozenxid) ||
      TransactionIdPrecedes(old_relfrozenxid, candidate) ||
      TransactionIdPrecedes(next_xid, old_relfrozenxid)) {
    return candidate;
  }
  return kInvalidTransactionId;
}

}  // namespace

VacuumResult LazyVacuumHeap(const HeapRelation& rel, TransactionId relfrozenxid,
                            BlockNumber old_rel_pages, double old_rel_tuples,
                            const VacuumOptions& options, const VacuumIndexes& indexes) {
  const auto start = std::chrono::steady_clock::now();
  const BufferManager::Counters counters_before = BufferManager::counters();
  VacuumResult result;
  for (const IndexRelationInfo* index : indexes.indexes) {
    result.indexes.push_back(IndexVacuumStats{index->name});
  }
  const BlockNumber rel_pages = BufferManager::NumBlocks(rel.locator, ForkNumber::kMain);
  LazyVacuumState st(rel, options, indexes, &result,
                     DeadItemsCapacity(options, indexes, rel_pages));
  SetCutoffs(st, relfrozenxid);
  st.rel_pages = rel_pages;
  result.rel_pages = rel_pages;
  result.aggressive = st.aggressive;
  result.oldest_xmin = st.oldest_xmin;
  result.freeze_limit = st.freeze_limit;
  result.old_relfrozenxid = relfrozenxid;

  vacuum::ScanHeap(st);
  vacuum::VacuumIndexesAndHeap(st);
  vacuum::MaybeTruncateHeap(st);
  st.vm_pin.Reset();

  result.new_rel_pages = st.rel_pages;
  result.new_rel_tuples = std::max(
      0.0, EstimateRelTuples(old_rel_pages, old_rel_tuples, rel_pages, result.scanned_pages,
                             static_cast<double>(result.live_tuples)));
  result.new_rel_allvisible =
      std::min(VisibilityMap::CountAllVisible(rel.locator), result.new_rel_pages);
  result.next_xid_at_end = ReadNextTransactionId();
  result.new_relfrozenxid = AdvancedRelfrozenxid(st, relfrozenxid, result.next_xid_at_end);

  const BufferManager::Counters& counters_after = BufferManager::counters();
  result.buffer_hits = counters_after.shared_hit - counters_before.shared_hit;
  result.buffer_misses = counters_after.shared_read - counters_before.shared_read;
  result.buffer_dirtied = counters_after.shared_dirtied - counters_before.shared_dirtied;
  result.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RelationStats::ReportVacuum(rel.locator.db_oid, rel.oid, std::llround(result.new_rel_tuples),
                              result.recently_dead_tuples + result.missed_dead_tuples);
  return result;
}

}  // namespace hyrax::storage
