// GUC table, planner section: the enable_* switches and cost constants with PostgreSQL's
// names, defaults and ranges, bound to the planner's globals (planner/cost/costsize.h);
// switches the planner has no use for yet stay registry-owned.
#include <cfloat>
#include <climits>
#include <tuple>

#include "common/guc/guc.h"
#include "executor/commands/analyze.h"
#include "planner/cost/costsize.h"
#include "server/config/guc_table.h"

namespace hyrax::server::config {

namespace {

using guc::GucContext;
using guc::GucGroup;
namespace flag = guc::flag;

struct Switch {
  std::string_view name;
  std::string_view description;
  bool boot;
  bool* variable = nullptr;
};

constexpr Switch kSwitches[] = {
    {"enable_seqscan", "Enables the planner's use of sequential-scan plans.", true,
     &planner::g_enable_seqscan},
    {"enable_indexscan", "Enables the planner's use of index-scan plans.", true,
     &planner::g_enable_indexscan},
    {"enable_indexonlyscan", "Enables the planner's use of index-only-scan plans.", true,
     &planner::g_enable_indexonlyscan},
    {"enable_bitmapscan", "Enables the planner's use of bitmap-scan plans.", true,
     &planner::g_enable_bitmapscan},
    {"enable_tidscan", "Enables the planner's use of TID scan plans.", true,
     &planner::g_enable_tidscan},
    {"enable_sort", "Enables the planner's use of explicit sort steps.", true,
     &planner::g_enable_sort},
    {"enable_incremental_sort", "Enables the planner's use of incremental sort steps.", true,
     &planner::g_enable_incremental_sort},
    {"enable_hashagg", "Enables the planner's use of hashed aggregation plans.", true,
     &planner::g_enable_hashagg},
    {"enable_material", "Enables the planner's use of materialization.", true,
     &planner::g_enable_material},
    {"enable_memoize", "Enables the planner's use of memoization.", true,
     &planner::g_enable_memoize},
    {"enable_nestloop", "Enables the planner's use of nested-loop join plans.", true,
     &planner::g_enable_nestloop},
    {"enable_mergejoin", "Enables the planner's use of merge join plans.", true,
     &planner::g_enable_mergejoin},
    {"enable_hashjoin", "Enables the planner's use of hash join plans.", true,
     &planner::g_enable_hashjoin},
    {"enable_gathermerge", "Enables the planner's use of gather merge plans.", true,
     &planner::g_enable_gathermerge},
    {"enable_partitionwise_join", "Enables partitionwise join.", false,
     &planner::g_enable_partitionwise_join},
    {"enable_partitionwise_aggregate", "Enables partitionwise aggregation and grouping.", false,
     &planner::g_enable_partitionwise_aggregate},
    {"enable_parallel_append", "Enables the planner's use of parallel append plans.", true,
     &planner::g_enable_parallel_append},
    {"enable_parallel_hash", "Enables the planner's use of parallel hash plans.", true,
     &planner::g_enable_parallel_hash},
    {"enable_partition_pruning", "Enables plan-time and execution-time partition pruning.", true,
     &planner::g_enable_partition_pruning},
    {"enable_async_append", "Enables the planner's use of async append plans.", true,
     &planner::g_enable_async_append},
};

struct Cost {
  std::string_view name;
  std::string_view description;
  double boot;
  double* variable = nullptr;
};

constexpr Cost kCosts[] = {
    {"seq_page_cost",
     "Sets the planner's estimate of the cost of a sequentially fetched disk page.", 1.0,
     &planner::g_seq_page_cost},
    {"random_page_cost",
     "Sets the planner's estimate of the cost of a nonsequentially fetched disk page.", 4.0,
     &planner::g_random_page_cost},
    {"cpu_tuple_cost", "Sets the planner's estimate of the cost of processing each tuple (row).",
     0.01, &planner::g_cpu_tuple_cost},
    {"cpu_index_tuple_cost",
     "Sets the planner's estimate of the cost of processing each index entry during an index "
     "scan.",
     0.005, &planner::g_cpu_index_tuple_cost},
    {"cpu_operator_cost",
     "Sets the planner's estimate of the cost of processing each operator or function call.",
     0.0025, &planner::g_cpu_operator_cost},
    {"parallel_tuple_cost",
     "Sets the planner's estimate of the cost of passing each tuple (row) from worker to "
     "leader backend.",
     0.1, &planner::g_parallel_tuple_cost},
    {"parallel_setup_cost",
     "Sets the planner's estimate of the cost of starting up worker processes for parallel "
     "query.",
     1000.0, &planner::g_parallel_setup_cost},
};

constexpr guc::EnumEntry kPlanCacheModes[] = {
    {"auto", 0}, {"force_generic_plan", 1}, {"force_custom_plan", 2}};
constexpr guc::EnumEntry kConstraintExclusion[] = {
    {"partition", 2}, {"on", 1},       {"off", 0},     {"true", 1, true}, {"false", 0, true},
    {"yes", 1, true}, {"no", 0, true}, {"1", 1, true}, {"0", 0, true}};

void DefineLimit(std::string_view name, std::string_view description, int boot, int min, int max,
                 GucGroup group = GucGroup::kQueryTuningOther) {
  guc::DefineInt({.name = name,
                  .context = GucContext::kUser,
                  .group = group,
                  .short_desc = description,
                  .boot = boot,
                  .min = min,
                  .max = max,
                  .flags = flag::kExplain});
}

}  // namespace

void RegisterPlannerGucs() {
  for (const Switch& entry : kSwitches) {
    guc::DefineBool({.name = entry.name,
                     .context = GucContext::kUser,
                     .group = GucGroup::kQueryTuningMethod,
                     .short_desc = entry.description,
                     .variable = entry.variable,
                     .boot = entry.boot,
                     .flags = flag::kExplain});
  }
  for (const Cost& entry : kCosts) {
    guc::DefineReal({.name = entry.name,
                     .context = GucContext::kUser,
                     .group = GucGroup::kQueryTuningCost,
                     .short_desc = entry.description,
                     .variable = entry.variable,
                     .boot = entry.boot,
                     .min = 0,
                     .max = DBL_MAX,
                     .flags = flag::kExplain});
  }
  guc::DefineInt({.name = "effective_cache_size",
                  .context = GucContext::kUser,
                  .group = GucGroup::kQueryTuningCost,
                  .short_desc = "Sets the planner's assumption about the total size of the data "
                                "caches.",
                  .variable = &planner::g_effective_cache_size,
                  .boot = 524288,
                  .min = 1,
                  .max = INT_MAX,
                  .unit = guc::GucUnit::kBlocks,
                  .flags = flag::kExplain});
  // Accepted and shown as in PostgreSQL; Hyrax has no JIT compilation and no parallel query,
  // so they change no plan.
  for (const auto& [name, description, boot] :
       {std::tuple{"jit_above_cost", "Perform JIT compilation if query is more expensive.",
                   100000.0},
        std::tuple{"jit_inline_above_cost", "Perform JIT inlining if query is more expensive.",
                   500000.0},
        std::tuple{"jit_optimize_above_cost",
                   "Optimize JIT-compiled functions if query is more expensive.", 500000.0}}) {
    guc::DefineReal({.name = name,
                     .context = GucContext::kUser,
                     .group = GucGroup::kQueryTuningCost,
                     .short_desc = description,
                     .boot = boot,
                     .min = -1,
                     .max = DBL_MAX,
                     .flags = flag::kExplain});
  }
  for (const auto& [name, description, boot] :
       {std::tuple{"min_parallel_table_scan_size",
                   "Sets the minimum amount of table data for a parallel scan.", 1024},
        std::tuple{"min_parallel_index_scan_size",
                   "Sets the minimum amount of index data for a parallel scan.", 64}}) {
    guc::DefineInt({.name = name,
                    .context = GucContext::kUser,
                    .group = GucGroup::kQueryTuningCost,
                    .short_desc = description,
                    .boot = boot,
                    .min = 0,
                    .max = INT_MAX / 3,
                    .unit = guc::GucUnit::kBlocks,
                    .flags = flag::kExplain});
  }
  guc::DefineInt({.name = "default_statistics_target",
                  .context = GucContext::kUser,
                  .group = GucGroup::kQueryTuningOther,
                  .short_desc = "Sets the default statistics target.",
                  .variable = &executor::g_default_statistics_target,
                  .boot = 100,
                  .min = 1,
                  .max = 10000,
                  .flags = flag::kExplain});
  DefineLimit("from_collapse_limit",
              "Sets the FROM-list size beyond which subqueries are not collapsed.", 8, 1, INT_MAX);
  DefineLimit("join_collapse_limit",
              "Sets the FROM-list size beyond which JOIN constructs are not flattened.", 8, 1,
              INT_MAX);
  DefineLimit("geqo_threshold", "Sets the threshold of FROM items beyond which GEQO is used.", 12,
              2, INT_MAX, GucGroup::kQueryTuningGeqo);
  guc::DefineBool({.name = "geqo",
                   .context = GucContext::kUser,
                   .group = GucGroup::kQueryTuningGeqo,
                   .short_desc = "Enables genetic query optimization.",
                   .boot = true,
                   .flags = flag::kExplain});
  guc::DefineBool({.name = "jit",
                   .context = GucContext::kUser,
                   .group = GucGroup::kQueryTuningOther,
                   .short_desc = "Allow JIT compilation.",
                   .boot = true,
                   .flags = flag::kExplain});
  guc::DefineReal({.name = "cursor_tuple_fraction",
                   .context = GucContext::kUser,
                   .group = GucGroup::kQueryTuningOther,
                   .short_desc = "Sets the planner's estimate of the fraction of a cursor's rows "
                                 "that will be retrieved.",
                   .boot = 0.1,
                   .min = 0.0,
                   .max = 1.0,
                   .flags = flag::kExplain});
  guc::DefineEnum({.name = "plan_cache_mode",
                   .context = GucContext::kUser,
                   .group = GucGroup::kQueryTuningOther,
                   .short_desc = "Controls the planner's selection of custom or generic plan.",
                   .boot = 0,
                   .flags = flag::kExplain,
                   .options = kPlanCacheModes});
  guc::DefineEnum({.name = "constraint_exclusion",
                   .context = GucContext::kUser,
                   .group = GucGroup::kQueryTuningOther,
                   .short_desc = "Enables the planner to use constraints to optimize queries.",
                   .boot = 2,
                   .flags = flag::kExplain,
                   .options = kConstraintExclusion});
}

}  // namespace hyrax::server::config
