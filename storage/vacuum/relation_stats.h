// Per-relation activity counters in shared memory: a minimal stand-in for the part of
// PostgreSQL's cumulative statistics that autovacuum reads (pg_stat_all_tables' n_live_tup,
// n_dead_tup, n_ins_since_vacuum, n_mod_since_analyze, vacuum_count). Heap insert, update
// and delete count into a per-backend pending table, applied when the transaction ends as
// PostgreSQL's pgstat does: a committed delete or update leaves a dead version, and so do
// the rows an aborted transaction inserted. VACUUM then reports what it really found, and
// ANALYZE restarts the modification count the autovacuum launcher reads. The counters live
// only in shared memory: a restart (or a crash reset) starts them from zero. This
// header includes nothing from storage/heap, so the heap can call it.
// storage/vacuum/README.md "Dead-tuple counters".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/ids.h"

namespace hyrax::storage {

struct RelationCounts {
  int64_t live_tuples = 0;
  int64_t dead_tuples = 0;
  int64_t inserted_since_vacuum = 0;
  int64_t modified_since_analyze = 0;
  int64_t vacuum_count = 0;
  int64_t analyze_count = 0;      // manual ANALYZE
  int64_t autoanalyze_count = 0;  // by an autovacuum worker
  int64_t last_analyze = 0;       // TimestampTz (µs since 2000-01-01); 0 = never
  int64_t last_autoanalyze = 0;
  double reltuples = -1;  // as the last ANALYZE or VACUUM set pg_class.reltuples; -1 unknown
};

// One tracked relation (RelationStats::Snapshot).
struct RelationCountsEntry {
  Oid db_oid = kInvalidOid;
  Oid relid = kInvalidOid;
  RelationCounts counts;
};

class RelationStats {
 public:
  // Relations tracked at once; when the table is full, new relations are not counted (Get
  // returns nullopt for them). Entries are never removed (a dropped table keeps its slot).
  static constexpr int kMaxRelations = 4096;

  static size_t ShmemSize();
  // Also forgets this process's pending counts (a new segment is a new world).
  static void ShmemInit();

  // Counting by the heap, kept per backend until the transaction ends. `db_oid` is the
  // relation's database (kInvalidOid for shared catalogs). Never throw (a failed allocation
  // just loses the count): the heap calls them right after its critical sections.
  static void CountInsert(Oid db_oid, Oid relid, int64_t ntuples) noexcept;
  static void CountUpdate(Oid db_oid, Oid relid) noexcept;
  static void CountDelete(Oid db_oid, Oid relid) noexcept;

  // VACUUM's findings replace the estimates: live and dead (not yet removable) tuples;
  // the inserts-since-vacuum count restarts and vacuum_count goes up.
  static void ReportVacuum(Oid db_oid, Oid relid, int64_t live_tuples, int64_t dead_tuples);
  // ANALYZE finished (pgstat_report_analyze): the analyze time and count (the auto ones
  // when `autovacuum`) are recorded and `reltuples` is remembered for the autovacuum
  // launcher; the modifications-since-analyze count restarts when `all_columns` (an ANALYZE
  // with a column list leaves it, as PostgreSQL's).
  static void ReportAnalyze(Oid db_oid, Oid relid, double reltuples, bool autovacuum,
                            bool all_columns);
  // The autovacuum worker's copy of pg_class.reltuples for a tracked relation, so the
  // launcher's rule uses the real table size after a restart (the counters know it only
  // once ANALYZE or VACUUM reports). Untracked relations are left alone.
  static void SetReltuples(Oid db_oid, Oid relid, double reltuples);
  // The shared counters (committed activity only), or nullopt when never counted or not
  // tracked. Requires: ShmemInit ran (nullopt otherwise).
  static std::optional<RelationCounts> Get(Oid db_oid, Oid relid);
  // A copy of every tracked relation's counters (empty before ShmemInit).
  static std::vector<RelationCountsEntry> Snapshot();
};

}  // namespace hyrax::storage
