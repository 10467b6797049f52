// Cost functions (see costsize.h). Formulas follow PostgreSQL 15's costsize.c so that
// EXPLAIN shows the same numbers for the same estimates.
#include "planner/cost/costsize.h"

#include <algorithm>
#include <cmath>

#include "executor/exec/hash_table_size.h"
#include "executor/expr/expr_tree.h"
#include "planner/cost/cost_semijoin.h"
#include "planner/path/clausesel.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

double g_seq_page_cost = 1.0;
double g_random_page_cost = 4.0;
double g_cpu_tuple_cost = 0.01;
double g_cpu_index_tuple_cost = 0.005;
double g_cpu_operator_cost = 0.0025;
double g_parallel_tuple_cost = 0.1;
double g_parallel_setup_cost = 1000.0;
int g_effective_cache_size = 524288;
bool g_enable_seqscan = true, g_enable_indexscan = true, g_enable_indexonlyscan = true,
     g_enable_bitmapscan = true, g_enable_tidscan = true, g_enable_sort = true,
     g_enable_incremental_sort = true, g_enable_hashagg = true, g_enable_nestloop = true,
     g_enable_material = true, g_enable_memoize = true, g_enable_mergejoin = true,
     g_enable_hashjoin = true, g_enable_gathermerge = true, g_enable_partitionwise_join = false,
     g_enable_partitionwise_aggregate = false, g_enable_parallel_append = true,
     g_enable_parallel_hash = true, g_enable_partition_pruning = true, g_enable_async_append = true;

namespace {

constexpr double kLog2 = 0.693147180559945;
double Log2(double x) {
  return std::log(x) / kLog2;
}
double MaxAlign(double n) {
  return std::ceil(n / 8.0) * 8.0;
}

double ProcCost(Oid funcid) {
  auto proc = catalog::Syscache().ProcByOid(funcid);
  return proc ? proc->procost : 1.0;
}

Oid OperatorProc(Oid opno, Oid opfuncid) {
  if (opfuncid != kInvalidOid) return opfuncid;
  auto op = catalog::Syscache().OperatorByOid(opno);
  return op ? op->oprcode : kInvalidOid;
}

// PostgreSQL's cost_qual_eval_walker, for the node kinds Hyrax plans.
void AddExprCost(const ExprPtr& expr, QualCost* cost) {
  using nodes::NodeTag;
  executor::WalkExpr(expr, [&](const ExprPtr& e) {
    switch (e->tag) {
      case NodeTag::kFuncExpr:
        cost->per_tuple += ProcCost(nodes::As<nodes::FuncExpr>(e)->funcid) * g_cpu_operator_cost;
        return true;
      case NodeTag::kOpExpr:
      case NodeTag::kDistinctExpr:
      case NodeTag::kNullIfExpr: {
        const auto* op = nodes::As<nodes::OpExpr>(e);
        cost->per_tuple += ProcCost(OperatorProc(op->opno, op->opfuncid)) * g_cpu_operator_cost;
        return true;
      }
      case NodeTag::kScalarArrayOpExpr: {
        // The operator runs on about half the array elements before the answer is known.
        const auto* saop = nodes::As<nodes::ScalarArrayOpExpr>(e);
        double nelems = static_cast<double>(ArrayLength(saop->args[1]));
        cost->per_tuple +=
            ProcCost(OperatorProc(saop->opno, saop->opfuncid)) * g_cpu_operator_cost * nelems * 0.5;
        return true;
      }
      case NodeTag::kCoerceViaIO: {
        auto& cache = catalog::Syscache();
        const auto* c = nodes::As<nodes::CoerceViaIO>(e);
        auto in = cache.TypeByOid(c->result_type);
        auto out = cache.TypeByOid(c->arg->result_type);
        if (in) cost->per_tuple += ProcCost(in->typinput) * g_cpu_operator_cost;
        if (out) cost->per_tuple += ProcCost(out->typoutput) * g_cpu_operator_cost;
        return true;
      }
      case NodeTag::kMinMaxExpr:
      case NodeTag::kSQLValueFunction:
      case NodeTag::kCoerceToDomain:
      case NodeTag::kNextValueExpr:
        cost->per_tuple += g_cpu_operator_cost;
        return true;
      case NodeTag::kCurrentOfExpr:
        cost->startup += kDisableCost;
        return false;
      case NodeTag::kAggref:
      case NodeTag::kWindowFunc:
      case NodeTag::kGroupingFunc:
        return false;  // costed by the Agg/WindowAgg node
      case NodeTag::kSubPlan: {
        const auto* sp = nodes::As<nodes::SubPlan>(e);
        cost->startup += sp->startup_cost;
        cost->per_tuple += sp->per_call_cost;
        return false;
      }
      default:
        return true;
    }
  });
}

}  // namespace

double ClampRowEst(double rows) {
  if (rows <= 1.0 || std::isnan(rows)) return 1.0;
  return std::rint(rows);
}

double RelationByteSize(double tuples, int width) {
  return tuples * (MaxAlign(width) + MaxAlign(23));  // + MAXALIGN(SizeofHeapTupleHeader)
}

QualCost CostQualEval(const ExprList& quals) {
  QualCost cost;
  for (const auto& q : quals) AddExprCost(q, &cost);
  return cost;
}

QualCost CostExprEval(const ExprPtr& expr) {
  QualCost cost;
  AddExprCost(expr, &cost);
  return cost;
}

void CostSeqScan(Path* path, const RelOptInfo& baserel) {
  path->rows = baserel.rows;
  double startup = g_enable_seqscan ? 0 : kDisableCost;
  double disk_run_cost = g_seq_page_cost * baserel.pages;
  startup += baserel.baserestrictcost.startup;
  double cpu_per_tuple = g_cpu_tuple_cost + baserel.baserestrictcost.per_tuple;
  double cpu_run_cost = cpu_per_tuple * baserel.tuples;
  startup += path->pathtarget->cost.startup;
  cpu_run_cost += path->pathtarget->cost.per_tuple * path->rows;
  path->startup_cost = startup;
  path->total_cost = startup + cpu_run_cost + disk_run_cost;
}

void CostValuesScan(Path* path, const RelOptInfo& baserel) {
  path->rows = baserel.rows;
  // One operator evaluation per VALUES list, then the usual per-tuple costs.
  double cpu_per_tuple = g_cpu_operator_cost;
  double run_cost = cpu_per_tuple * baserel.tuples;
  double startup = baserel.baserestrictcost.startup;
  cpu_per_tuple = g_cpu_tuple_cost + baserel.baserestrictcost.per_tuple;
  run_cost += cpu_per_tuple * baserel.tuples;
  startup += path->pathtarget->cost.startup;
  run_cost += path->pathtarget->cost.per_tuple * path->rows;
  path->startup_cost = startup;
  path->total_cost = startup + run_cost;
}

void CostResultScan(Path* path, const RelOptInfo& baserel) {
  path->rows = baserel.rows;
  double startup = baserel.baserestrictcost.startup;
  double cpu_per_tuple = g_cpu_tuple_cost + baserel.baserestrictcost.per_tuple;
  double run_cost = cpu_per_tuple * baserel.tuples;
  startup += path->pathtarget->cost.startup;
  run_cost += path->pathtarget->cost.per_tuple * path->rows;
  path->startup_cost = startup;
  path->total_cost = startup + run_cost;
}

void CostSubqueryScan(SubqueryScanPath* path, const RelOptInfo& baserel) {
  path->rows = baserel.rows;
  double startup = path->subpath->startup_cost;
  double total = path->subpath->total_cost;
  startup += baserel.baserestrictcost.startup;
  double cpu_per_tuple = g_cpu_tuple_cost + baserel.baserestrictcost.per_tuple;
  double run_cost = cpu_per_tuple * baserel.tuples;
  startup += path->pathtarget->cost.startup;
  run_cost += path->pathtarget->cost.per_tuple * path->rows;
  path->startup_cost = startup;
  path->total_cost = total + (startup - path->subpath->startup_cost) + run_cost;
}

void CostSort(Path* path, double input_startup, double input_total, double tuples, int width,
              double limit_tuples) {
  double comparison_cost = 2.0 * g_cpu_operator_cost;
  double input_bytes = RelationByteSize(tuples, width);
  double sort_mem_bytes = g_work_mem_kb * 1024.0;
  double startup = g_enable_sort ? 0 : kDisableCost;
  double t = std::max(tuples, 2.0);
  double output_tuples = t, output_bytes = input_bytes;
  if (limit_tuples > 0 && limit_tuples < t) {
    output_tuples = limit_tuples;
    output_bytes = RelationByteSize(output_tuples, width);
  }
  if (output_bytes > sort_mem_bytes) {
    // External merge sort: CPU for the comparisons plus reading/writing runs.
    double npages = std::ceil(input_bytes / kBlockSize);
    double nruns = input_bytes / sort_mem_bytes;
    double mergeorder = std::max(6.0, std::floor(sort_mem_bytes / (24.0 * 1024 + 3 * 8192)));
    double log_runs = nruns > mergeorder ? std::ceil(std::log(nruns) / std::log(mergeorder)) : 1.0;
    double npageaccesses = 2.0 * npages * log_runs;
    startup += comparison_cost * t * Log2(t);
    startup += npageaccesses * (g_seq_page_cost * 0.75 + g_random_page_cost * 0.25);
  } else if (t > 2 * output_tuples || input_bytes > sort_mem_bytes) {
    startup += comparison_cost * t * Log2(2.0 * output_tuples);  // bounded heap
  } else {
    startup += comparison_cost * t * Log2(t);
  }
  double run_cost = g_cpu_operator_cost * t;
  path->rows = tuples;
  path->startup_cost = startup + input_total;
  path->total_cost = path->startup_cost + run_cost;
  (void)input_startup;
}

void CostAgg(Path* path, nodes::AggStrategy strategy, const AggClauseCosts& costs,
             int num_group_cols, double num_groups, const ExprList& quals, double input_startup,
             double input_total, double input_tuples, int input_width, double having_selectivity) {
  double startup, total, output_tuples;
  if (strategy == nodes::AggStrategy::kPlain) {
    startup = input_total + costs.transCost.startup + costs.transCost.per_tuple * input_tuples +
              costs.finalCost.startup + costs.finalCost.per_tuple;
    total = startup + g_cpu_tuple_cost;
    output_tuples = 1;
  } else if (strategy == nodes::AggStrategy::kSorted || strategy == nodes::AggStrategy::kMixed) {
    startup = input_startup;
    total = input_total + costs.transCost.startup + costs.transCost.per_tuple * input_tuples +
            (g_cpu_operator_cost * num_group_cols) * input_tuples + costs.finalCost.startup +
            costs.finalCost.per_tuple * num_groups + g_cpu_tuple_cost * num_groups;
    output_tuples = num_groups;
  } else {
    startup = input_total + (g_enable_hashagg ? 0 : kDisableCost) + costs.transCost.startup +
              costs.transCost.per_tuple * input_tuples +
              (g_cpu_operator_cost * num_group_cols) * input_tuples + costs.finalCost.startup;
    total = startup + costs.finalCost.per_tuple * num_groups + g_cpu_tuple_cost * num_groups;
    output_tuples = num_groups;
    // Spilling past hash_mem (hash_agg_set_limits): with everything in memory the depth is
    // 0 and nothing is added.
    double entry = MaxAlign(input_width) + MaxAlign(23) + 8.0 * 3 + costs.transitionSpace;
    double mem_limit = g_work_mem_kb * 1024.0 * g_hash_mem_multiplier;
    double nbatches = std::max(std::ceil(num_groups * entry / mem_limit), 1.0);
    if (nbatches > 1) {
      double num_partitions = 4;
      double depth = std::ceil(std::log(nbatches) / std::log(num_partitions));
      double pages = RelationByteSize(input_tuples, input_width) / kBlockSize;
      double pages_written = pages * depth, pages_read = pages * depth;
      startup += pages_written * g_random_page_cost;
      total += pages_written * g_random_page_cost + pages_read * g_seq_page_cost;
      double spill_cost = depth * input_tuples * 2.0 * g_cpu_tuple_cost;
      startup += spill_cost;
      total += spill_cost;
    }
  }
  if (!quals.empty()) {
    QualCost qc = CostQualEval(quals);
    startup += qc.startup;
    total += qc.startup + output_tuples * qc.per_tuple;
    output_tuples = ClampRowEst(output_tuples * having_selectivity);
  }
  path->rows = output_tuples;
  path->startup_cost = startup;
  path->total_cost = total;
}

void CostMaterial(MaterialPath* path) {
  const Path& input = *path->subpath;
  double startup = input.startup_cost;
  double run_cost = input.total_cost - input.startup_cost;
  double tuples = input.rows;
  // Writing and reading back each row costs a little CPU, 2 * cpu_operator_cost.
  run_cost += 2 * g_cpu_operator_cost * tuples;
  double nbytes = RelationByteSize(tuples, input.pathtarget->width);
  if (nbytes > g_work_mem_kb * 1024.0) run_cost += g_seq_page_cost * std::ceil(nbytes / kBlockSize);
  if (!g_enable_material) startup += kDisableCost;
  path->rows = tuples;
  path->startup_cost = startup;
  path->total_cost = startup + run_cost;
}

void CostRescan(const Path& path, double* startup, double* total) {
  if (path.pathtype == nodes::PlanTag::kMaterial) {
    // Replaying stored rows: one cpu_operator_cost per row (more when spilled).
    double nbytes = RelationByteSize(path.rows, path.pathtarget->width);
    double run = g_cpu_operator_cost * path.rows;
    if (nbytes > g_work_mem_kb * 1024.0) run += g_seq_page_cost * std::ceil(nbytes / kBlockSize);
    *startup = 0;
    *total = run;
    return;
  }
  *startup = path.startup_cost;
  *total = path.total_cost;
}

void CostWindowAgg(Path* path, const std::vector<std::shared_ptr<nodes::WindowFunc>>& winfuncs,
                   int num_part_cols, int num_order_cols, double input_startup, double input_total,
                   double input_tuples) {
  double startup = input_startup;
  double total = input_total;
  // A function may read its arguments at several rows per output row; like PostgreSQL we
  // charge them once per input row (the frame size is unknown here).
  for (const auto& wfunc : winfuncs) {
    double per_row = ProcCost(wfunc->winfnoid) * g_cpu_operator_cost;
    QualCost args = CostQualEval(wfunc->args);
    startup += args.startup;
    per_row += args.per_tuple;
    if (wfunc->aggfilter) {
      QualCost filter = CostExprEval(wfunc->aggfilter);
      startup += filter.startup;
      per_row += filter.per_tuple;
    }
    total += per_row * input_tuples;
  }
  total += g_cpu_operator_cost * (num_part_cols + num_order_cols) * input_tuples;
  total += g_cpu_tuple_cost * input_tuples;
  path->rows = input_tuples;
  path->startup_cost = startup;
  path->total_cost = total;
}

void CostNestLoop(JoinPath* path, double join_rows) {
  const Path& outer = *path->outerjoinpath;
  const Path& inner = *path->innerjoinpath;
  double outer_rows = outer.rows;
  double startup = g_enable_nestloop ? 0 : kDisableCost;
  // initial_cost_nestloop: outer once, inner once, then rescans of the inner per outer row.
  double rescan_startup, rescan_total;
  CostRescan(inner, &rescan_startup, &rescan_total);
  startup += outer.startup_cost + inner.startup_cost;
  double run_cost = outer.total_cost - outer.startup_cost;
  if (outer_rows > 1) run_cost += (outer_rows - 1) * rescan_startup;
  // final_cost_nestloop: join quals on every pair, output per joined row.
  double ntuples = outer_rows * inner.rows;
  if (StopsAtFirstMatch(*path)) {
    run_cost += SemiNestLoopInnerCost(*path, inner.total_cost - inner.startup_cost,
                                      rescan_total - rescan_startup, &ntuples);
  } else {
    run_cost += inner.total_cost - inner.startup_cost;
    if (outer_rows > 1) run_cost += (outer_rows - 1) * (rescan_total - rescan_startup);
  }
  QualCost restrict_cost;
  for (const auto* list : {&path->joinrestrictinfo, &path->otherrestrictinfo}) {
    for (const auto& ri : *list) {
      QualCost c = CostExprEval(ri->clause);
      restrict_cost.startup += c.startup;
      restrict_cost.per_tuple += c.per_tuple;
    }
  }
  startup += restrict_cost.startup;
  double cpu_per_tuple = g_cpu_tuple_cost + restrict_cost.per_tuple;
  run_cost += cpu_per_tuple * ntuples;
  startup += path->pathtarget->cost.startup;
  run_cost += path->pathtarget->cost.per_tuple * join_rows;
  path->rows = join_rows;
  path->startup_cost = startup;
  path->total_cost = startup + run_cost;
}

void CostHashJoin(HashPath* path, double join_rows, double inner_bucket_fraction,
                  double hash_tuples) {
  const Path& outer = *path->outerjoinpath;
  const Path& inner = *path->innerjoinpath;
  double num_hashclauses = static_cast<double>(path->hashclauses.size());
  // initial_cost_hashjoin: read both inputs, hash every inner row (plus a tuple fee for
  // inserting it) and every outer row.
  double startup = g_enable_hashjoin ? 0 : kDisableCost;
  startup += outer.startup_cost + inner.total_cost;
  double run_cost = outer.total_cost - outer.startup_cost;
  startup += (g_cpu_operator_cost * num_hashclauses + g_cpu_tuple_cost) * inner.rows;
  run_cost += g_cpu_operator_cost * num_hashclauses * outer.rows;
  // Batching when the inner side exceeds hash_mem: the Hash operator's own sizing
  // (ExecChooseHashTableSize), so the batches costed are the ones it starts with.
  if (executor::ChooseHashTableSize(inner.rows, inner.pathtarget->width).nbatch > 1) {
    double innerpages =
        std::ceil(RelationByteSize(inner.rows, inner.pathtarget->width) / kBlockSize);
    double outerpages =
        std::ceil(RelationByteSize(outer.rows, outer.pathtarget->width) / kBlockSize);
    startup += g_seq_page_cost * innerpages;
    run_cost += g_seq_page_cost * (innerpages + 2 * outerpages);
  }
  // final_cost_hashjoin: each outer row compares against a bucket's worth of inner rows
  // (half the qual cost: most comparisons stop at the hash value), then every row passing
  // the hash clauses pays the tuple fee and the remaining join quals.
  QualCost hash_qual;
  for (const auto& ri : path->hashclauses) {
    QualCost c = CostExprEval(ri->clause);
    hash_qual.startup += c.startup;
    hash_qual.per_tuple += c.per_tuple;
  }
  QualCost qp_qual;
  for (const auto* list : {&path->joinrestrictinfo, &path->otherrestrictinfo}) {
    for (const auto& ri : *list) {
      QualCost c = CostExprEval(ri->clause);
      qp_qual.startup += c.startup;
      qp_qual.per_tuple += c.per_tuple;
    }
  }
  startup += hash_qual.startup;
  if (StopsAtFirstMatch(*path)) {
    run_cost +=
        SemiHashJoinProbeCost(*path, hash_qual.per_tuple, inner_bucket_fraction, &hash_tuples);
  } else {
    run_cost +=
        hash_qual.per_tuple * outer.rows * ClampRowEst(inner.rows * inner_bucket_fraction) * 0.5;
  }
  startup += qp_qual.startup;
  run_cost += (g_cpu_tuple_cost + qp_qual.per_tuple) * hash_tuples;
  startup += path->pathtarget->cost.startup;
  run_cost += path->pathtarget->cost.per_tuple * join_rows;
  path->rows = join_rows;
  path->startup_cost = startup;
  path->total_cost = startup + run_cost;
}

void CostUnique(Path* path, const Path& input, int num_cols, double num_groups) {
  // create_upper_unique_path: one comparison per column per input row.
  path->startup_cost = input.startup_cost;
  path->total_cost = input.total_cost + g_cpu_operator_cost * input.rows * num_cols;
  path->rows = num_groups;
}

}  // namespace hyrax::planner
