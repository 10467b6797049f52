// Index scan costs (see cost_index.h).
#include "planner/cost/cost_index.h"

#include <algorithm>
#include <cmath>

#include "planner/cost/costsize.h"
#include "planner/path/clausesel.h"
#include "planner/path/column_stats.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

// CPU cost charged per btree page descended through (DEFAULT_PAGE_CPU_MULTIPLIER).
constexpr double kPageCpuMultiplier = 50.0;
constexpr int kBtEqualStrategy = 3;

// The comparison values are computed once per scan (index_other_operands_eval_cost).
double OtherOperandsCost(const std::vector<IndexClause>& clauses) {
  double cost = 0;
  for (const auto& c : clauses) {
    if (c.indexqual->tag != nodes::NodeTag::kOpExpr) continue;
    const auto& op = *nodes::As<nodes::OpExpr>(c.indexqual);
    QualCost qc = CostExprEval(op.args.at(1));
    cost += qc.startup + qc.per_tuple;
  }
  return cost;
}

int StrategyOf(Oid opno, Oid opfamily) {
  for (const auto& amop : catalog::Syscache().AmopsByOperator(opno)) {
    if (amop.amopfamily == opfamily) return amop.amopstrategy;
  }
  return 0;
}

constexpr int kBtLessStrategy = 1;

// btcostestimate's indexCorrelation: the correlation statistic of the index's leading
// column (negated for a DESC column, times 0.75 for a multi-column index), 0 without one.
double IndexCorrelation(PlannerInfo* root, const IndexOptInfo& index, const RelOptInfo& rel) {
  if (root == nullptr || index.indexkeys.empty() || index.indexkeys[0] <= 0) return 0.0;
  nodes::Var var;
  var.varno = rel.relid;
  var.varattno = index.indexkeys[0];
  std::optional<VarStats> stats = LookupVarStats(root, var, false);
  if (!stats) return 0.0;
  const catalog::ColumnStatistic::Slot* slot = stats->column->Find(kStatisticKindCorrelation);
  if (slot == nullptr || slot->numbers.empty()) return 0.0;
  // The statistic must be about the order of the index's "<" operator.
  bool same_order = false;
  for (const auto& amop : catalog::Syscache().AmopsOfFamily(index.opfamily.at(0))) {
    if (amop.amopstrategy == kBtLessStrategy && amop.amoplefttype == index.opcintype.at(0) &&
        amop.amoprighttype == index.opcintype.at(0)) {
      same_order = amop.amopopr == slot->op;
    }
  }
  if (!same_order) return 0.0;
  double correlation = slot->numbers[0];
  if (!index.reverse_sort.empty() && index.reverse_sort[0]) correlation = -correlation;
  return index.nkeycolumns > 1 ? correlation * 0.75 : correlation;
}

}  // namespace

double IndexPagesFetched(PlannerInfo* root, double tuples_fetched, double pages,
                         double index_pages) {
  double t = pages > 1 ? pages : 1.0;
  double total_pages = std::max((root != nullptr ? root->total_table_pages : 0) + index_pages, 1.0);
  total_pages = std::max(total_pages, t);
  double b = static_cast<double>(g_effective_cache_size) * t / total_pages;
  b = b <= 1.0 ? 1.0 : std::ceil(b);
  double fetched;
  if (t <= b) {
    fetched = (2.0 * t * tuples_fetched) / (2.0 * t + tuples_fetched);
    fetched = fetched >= t ? t : std::ceil(fetched);
  } else {
    double lim = (2.0 * t * b) / (2.0 * t - b);
    if (tuples_fetched <= lim) {
      fetched = (2.0 * t * tuples_fetched) / (2.0 * t + tuples_fetched);
    } else {
      fetched = b + (tuples_fetched - lim) * (t - b) / t;
    }
    fetched = std::ceil(fetched);
  }
  return fetched;
}

void CostIndex(PlannerInfo* root, IndexPath* path, const RestrictList& extra_quals,
               double param_rows) {
  const IndexOptInfo& index = *path->indexinfo;
  const RelOptInfo& baserel = *path->parent;
  bool indexonly = path->pathtype == nodes::PlanTag::kIndexOnlyScan;
  double loop_count = std::max(path->loop_count, 1.0);

  ExprList indexquals;
  for (const auto& c : path->indexclauses) indexquals.push_back(c.indexqual);
  // Quals checked on the fetched rows: the restrictions the index does not apply.
  ExprList qpquals;
  auto used = [&](const std::shared_ptr<RestrictInfo>& ri) {
    for (const auto& c : path->indexclauses) {
      if (c.rinfo == ri) return true;
    }
    return false;
  };
  for (const auto* list : {&baserel.baserestrictinfo, &extra_quals}) {
    for (const auto& ri : *list) {
      if (!used(ri)) qpquals.push_back(ri->clause);
    }
  }
  path->rows = extra_quals.empty() ? baserel.rows : param_rows;

  // btcostestimate: only leading '=' columns plus the next column's quals bound the part
  // of the index that is read.
  ExprList bound_quals;
  int indexcol = 0;
  bool eq_here = false;
  bool found_is_null = false;
  for (const auto& c : path->indexclauses) {
    if (c.indexcol != indexcol) {
      if (!eq_here) break;
      eq_here = false;
      ++indexcol;
      if (indexcol != c.indexcol) break;
    }
    if (c.indexqual->tag == nodes::NodeTag::kNullTest) {
      if (nodes::As<nodes::NullTest>(c.indexqual)->nulltesttype == nodes::NullTestType::kIsNull) {
        found_is_null = true;
        eq_here = true;
      }
    } else if (c.indexqual->tag == nodes::NodeTag::kOpExpr) {
      Oid opno = nodes::As<nodes::OpExpr>(c.indexqual)->opno;
      if (StrategyOf(opno, index.opfamily.at(c.indexcol)) == kBtEqualStrategy) eq_here = true;
    }
    bound_quals.push_back(c.indexqual);
  }
  double num_index_tuples;
  if (index.unique && indexcol == index.nkeycolumns - 1 && eq_here && !found_is_null) {
    num_index_tuples = 1.0;
  } else {
    num_index_tuples = std::rint(ClauseListSelectivity(root, bound_quals) * index.tuples);
  }

  // genericcostestimate.
  double selectivity = ClauseListSelectivity(root, indexquals);
  if (num_index_tuples <= 0) num_index_tuples = std::rint(selectivity * index.tuples);
  if (num_index_tuples > index.tuples) num_index_tuples = index.tuples;
  if (num_index_tuples < 1.0) num_index_tuples = 1.0;
  double num_index_pages = index.pages > 1 && index.tuples > 1
                               ? std::ceil(num_index_tuples * index.pages / index.tuples)
                               : 1.0;
  double index_total;
  if (loop_count > 1) {
    double fetched =
        IndexPagesFetched(root, num_index_pages * loop_count, index.pages, index.pages);
    index_total = fetched * g_random_page_cost / loop_count;
  } else {
    index_total = num_index_pages * g_random_page_cost;
  }
  double qual_arg_cost = OtherOperandsCost(path->indexclauses);
  double qual_op_cost = g_cpu_operator_cost * static_cast<double>(indexquals.size());
  double index_startup = qual_arg_cost;
  index_total += qual_arg_cost;
  index_total += num_index_tuples * (g_cpu_index_tuple_cost + qual_op_cost);
  // The btree descent: log2(N) comparisons and a CPU charge per page level.
  if (index.tuples > 1) {
    double descent = std::ceil(std::log(index.tuples) / std::log(2.0)) * g_cpu_operator_cost;
    index_startup += descent;
    index_total += descent;
  }
  double descent = (index.tree_height + 1) * kPageCpuMultiplier * g_cpu_operator_cost;
  index_startup += descent;
  index_total += descent;
  path->indextotalcost = index_total;
  path->indexselectivity = selectivity;

  // cost_index.
  double startup = g_enable_indexscan ? 0 : kDisableCost;
  startup += index_startup;
  double run_cost = index_total - index_startup;
  double tuples_fetched = ClampRowEst(selectivity * baserel.tuples);
  // I/O between the perfectly correlated case (the matching heap pages read in order) and
  // the uncorrelated one (Mackert-Lohman random fetches), by the squared correlation.
  const double heap_pages_read = std::ceil(selectivity * baserel.pages);
  double max_io;
  double min_io;
  if (loop_count > 1) {
    double pages_fetched =
        IndexPagesFetched(root, tuples_fetched * loop_count, baserel.pages, index.pages);
    if (indexonly) pages_fetched = std::ceil(pages_fetched * (1.0 - baserel.allvisfrac));
    max_io = pages_fetched * g_random_page_cost / loop_count;
    pages_fetched =
        IndexPagesFetched(root, heap_pages_read * loop_count, baserel.pages, index.pages);
    if (indexonly) pages_fetched = std::ceil(pages_fetched * (1.0 - baserel.allvisfrac));
    min_io = pages_fetched * g_random_page_cost / loop_count;
  } else {
    double pages_fetched = IndexPagesFetched(root, tuples_fetched, baserel.pages, index.pages);
    if (indexonly) pages_fetched = std::ceil(pages_fetched * (1.0 - baserel.allvisfrac));
    max_io = pages_fetched * g_random_page_cost;
    pages_fetched = heap_pages_read;
    if (indexonly) pages_fetched = std::ceil(pages_fetched * (1.0 - baserel.allvisfrac));
    min_io = 0;
    if (pages_fetched > 0) {
      min_io = g_random_page_cost;
      if (pages_fetched > 1) min_io += (pages_fetched - 1) * g_seq_page_cost;
    }
  }
  const double correlation = IndexCorrelation(root, index, baserel);
  run_cost += max_io + correlation * correlation * (min_io - max_io);
  QualCost qp = CostQualEval(qpquals);
  startup += qp.startup;
  double cpu_run = (g_cpu_tuple_cost + qp.per_tuple) * tuples_fetched;
  startup += path->pathtarget->cost.startup;
  cpu_run += path->pathtarget->cost.per_tuple * path->rows;
  run_cost += cpu_run;
  path->startup_cost = startup;
  path->total_cost = startup + run_cost;
}

}  // namespace hyrax::planner
