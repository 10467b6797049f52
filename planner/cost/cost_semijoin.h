// Join costs when the executor stops at an outer row's first match: semi and anti joins,
// and inner joins whose inner side is unique (PostgreSQL's final_cost_nestloop and
// final_cost_hashjoin branches for JOIN_SEMI / JOIN_ANTI / inner_unique). costsize.cpp
// calls these from CostNestLoop and CostHashJoin; planner/README.md "Semi and anti joins".
#pragma once

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Whether `path` stops scanning the inner side at the first match of each outer row.
bool StopsAtFirstMatch(const JoinPath& path);

// Nested loop: the inner side's run cost over all outer rows given the cost of its first
// run and of each rescan; sets *ntuples to the pairs the join quals see.
double SemiNestLoopInnerCost(const JoinPath& path, double inner_run_cost,
                             double inner_rescan_run_cost, double* ntuples);

// Hash join: the cost of the hash-clause comparisons of every outer row (matched rows look
// through part of their bucket, unmatched ones only glance at an average bucket); sets
// *hash_tuples to the rows that pass the hash join proper.
double SemiHashJoinProbeCost(const HashPath& path, double hash_qual_per_tuple,
                             double inner_bucket_fraction, double* hash_tuples);

// Buckets of the in-memory hash table for `inner_rows` (ExecChooseHashTableSize: a power of
// two, at least 1024, one row per bucket).
double HashTableBuckets(double inner_rows);

}  // namespace hyrax::planner
