// The cost model (PostgreSQL's costsize.c): parameters with PostgreSQL's GUC names and
// defaults (bound by the server's GUC table), enable_* switches, and the cost functions
// for each path type. Costs are in units of one sequential page fetch.
#pragma once

#include <cstdint>

#include "executor/exec/work_mem.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// ---- GUCs (defaults as PostgreSQL 15) ----
extern double g_seq_page_cost;         // seq_page_cost = 1.0
extern double g_random_page_cost;      // random_page_cost = 4.0
extern double g_cpu_tuple_cost;        // cpu_tuple_cost = 0.01
extern double g_cpu_index_tuple_cost;  // cpu_index_tuple_cost = 0.005
extern double g_cpu_operator_cost;     // cpu_operator_cost = 0.0025
extern double g_parallel_tuple_cost;   // parallel_tuple_cost = 0.1
extern double g_parallel_setup_cost;   // parallel_setup_cost = 1000
extern int g_effective_cache_size;     // effective_cache_size, in pages (4GB)
// work_mem and hash_mem_multiplier are the executor's (executor/exec/work_mem.h): the
// planner estimates spilling with the limits the operators will apply.
using executor::g_hash_mem_multiplier;
using executor::g_work_mem_kb;
extern bool g_enable_seqscan, g_enable_indexscan, g_enable_indexonlyscan, g_enable_bitmapscan,
    g_enable_tidscan, g_enable_sort, g_enable_incremental_sort, g_enable_hashagg, g_enable_nestloop,
    g_enable_material, g_enable_memoize, g_enable_mergejoin, g_enable_hashjoin,
    g_enable_gathermerge, g_enable_partitionwise_join, g_enable_partitionwise_aggregate,
    g_enable_parallel_append, g_enable_parallel_hash, g_enable_partition_pruning,
    g_enable_async_append;

// Added to the cost of a path type that is switched off (PostgreSQL's disable_cost).
inline constexpr double kDisableCost = 1.0e10;

// Rounds a row estimate to a whole number >= 1 (PostgreSQL's clamp_row_est).
double ClampRowEst(double rows);
// Bytes of `tuples` rows of `width` in a tuplestore/sort (relation_byte_size).
double RelationByteSize(double tuples, int width);

// Cost of evaluating `quals` (or one expression) per row (cost_qual_eval).
QualCost CostQualEval(const ExprList& quals);
QualCost CostExprEval(const ExprPtr& expr);

void CostSeqScan(Path* path, const RelOptInfo& baserel);
void CostValuesScan(Path* path, const RelOptInfo& baserel);
void CostResultScan(Path* path, const RelOptInfo& baserel);
void CostSubqueryScan(SubqueryScanPath* path, const RelOptInfo& baserel);
// Sort of `tuples` rows of `width`, with an optional output bound (limit_tuples > 0).
void CostSort(Path* path, double input_startup, double input_total, double tuples, int width,
              double limit_tuples);
// Aggregate transition/final costs of a query level's Aggrefs (get_agg_clause_costs).
struct AggClauseCosts {
  QualCost transCost;
  QualCost finalCost;
  int64_t transitionSpace = 0;
  int numAggs = 0;
  int numOrderedAggs = 0;  // with DISTINCT / ORDER BY / WITHIN GROUP: no hashed grouping
};
void CostAgg(Path* path, nodes::AggStrategy strategy, const AggClauseCosts& costs,
             int num_group_cols, double num_groups, const ExprList& quals, double input_startup,
             double input_total, double input_tuples, int input_width, double having_selectivity);
// WindowAgg over `input_tuples` rows (cost_windowagg): each function's cost and its
// arguments' and FILTER's per input row, plus key comparisons and a tuple fee per row.
void CostWindowAgg(Path* path, const std::vector<std::shared_ptr<nodes::WindowFunc>>& winfuncs,
                   int num_part_cols, int num_order_cols, double input_startup, double input_total,
                   double input_tuples);
void CostNestLoop(JoinPath* path, double join_rows);
// Materialize over `path->subpath` (cost_material).
void CostMaterial(MaterialPath* path);
// Cost of scanning `path` again after the first time (cost_rescan).
void CostRescan(const Path& path, double* startup, double* total);
// Hash join; `inner_bucket_fraction` is the expected fraction of inner rows sharing a bucket
// (estimate_hash_bucket_stats), `hash_tuples` the rows passing the hash clauses.
void CostHashJoin(HashPath* path, double join_rows, double inner_bucket_fraction,
                  double hash_tuples);
void CostUnique(Path* path, const Path& input, int num_cols, double num_groups);

}  // namespace hyrax::planner
