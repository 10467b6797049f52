// Automatic ANALYZE below SQL (the analyze half of PostgreSQL's autovacuum.c): the settings,
// the per-table rule relation_needs_vacanalyze applies to the shared counters of
// relation_stats.h, and the shared slot through which the autovacuum launcher names the
// database the next autovacuum worker serves. The processes themselves are the server's
// (server/postmaster/autovacuum_processes.h, server/engine/autovacuum_worker.h);
// storage/vacuum/README.md "Autovacuum" describes the whole.
#pragma once

#include <cstddef>
#include <vector>

#include "common/ids.h"

namespace hyrax::storage {

// GUCs (PostgreSQL's names and defaults; bound by server/config).
extern bool g_autovacuum;                         // autovacuum = on
extern int g_autovacuum_naptime_s;                // autovacuum_naptime = 1min
extern int g_autovacuum_analyze_threshold;        // autovacuum_analyze_threshold = 50
extern double g_autovacuum_analyze_scale_factor;  // autovacuum_analyze_scale_factor = 0.1

// relation_needs_vacanalyze's analyze rule: more rows changed since the last ANALYZE than
// threshold + scale_factor * reltuples (a never-analyzed table, reltuples < 0, counts 0).
bool AnalyzeThresholdExceeded(double mod_since_analyze, double reltuples);

// Databases (ascending OIDs) holding at least one table over the rule by the shared
// counters, with the reltuples the last ANALYZE or VACUUM reported.
std::vector<Oid> DatabasesNeedingAnalyze();

// The launcher-to-worker hand-off in shared memory (PostgreSQL's av_startingWorker).
class AutovacuumRequest {
 public:
  static size_t ShmemSize();
  static void ShmemInit();
  // Launcher: the next worker is to serve `db_oid` (replaces an unclaimed request).
  static void Set(Oid db_oid);
  // Worker: the requested database, cleared; kInvalidOid when there is none.
  static Oid Take();
};

}  // namespace hyrax::storage
