// ANALYZE of one table (PostgreSQL's analyze.c do_analyze_rel with std_typanalyze): samples
// rows, computes per-column statistics and stores them in pg_statistic, and updates
// pg_class.relpages/reltuples. The server's utility dispatcher resolves the table list and
// checks permissions; executor/commands/README.md "ANALYZE" describes the rules.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/ids.h"

namespace hyrax::executor {

// default_statistics_target (the GUC; PostgreSQL's default 100): for columns whose
// attstattarget is -1, the sample is 300 times it and the MCV list and histogram have up to
// this many entries (ALTER TABLE ... SET STATISTICS sets a column's own target).
extern int g_default_statistics_target;

struct AnalyzeResult {
  uint32_t total_pages = 0;
  uint32_t scanned_pages = 0;
  double live_rows = 0;  // in the scanned pages
  double dead_rows = 0;
  int sample_rows = 0;
  double total_rows = 0;  // estimate for the whole table (pg_class.reltuples)
};

// Analyzes relation `relid` (columns: names to analyze, empty = every column). Relations
// that are not tables are skipped with PostgreSQL's WARNING. Requires: an open transaction;
// the caller holds ShareUpdateExclusiveLock on the relation. Writes pg_statistic and
// pg_class in the current transaction. `verbose` emits PostgreSQL's INFO lines. Throws 42703
// for a column that does not exist, 57014 when cancelled.
AnalyzeResult AnalyzeRelation(Oid relid, const std::vector<std::string>& columns, bool verbose);

}  // namespace hyrax::executor
