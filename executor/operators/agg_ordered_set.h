// Ordered-set and hypothetical-set aggregates (`agg(direct args) WITHIN GROUP (ORDER BY
// ...)`, PostgreSQL's orderedsetaggs.c): percentile_cont (float8, interval; scalar or array
// of fractions), percentile_disc (any sortable type), mode(), and the hypothetical rank,
// dense_rank, percent_rank and cume_dist. The group's ORDER BY rows are collected and
// sorted by AggOrderedInput like any aggregate with ORDER BY; instead of a transition
// function, the result is computed here from the sorted rows, with the direct arguments
// evaluated once per group over the group's row.
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/tuplesort.h"
#include "executor/expr/expr_state.h"
#include "executor/operators/agg_ordered_input.h"
#include "nodes/primnodes.h"

namespace hyrax::executor {

class OrderedSetAggregate {
 public:
  // Identifies the aggregate by its pg_proc name; 0A000 for ordered-set aggregates not
  // built in here.
  OrderedSetAggregate(const nodes::Aggref& aggref, const AggOrderedInput& input, ExecState* estate);
  ~OrderedSetAggregate();

  // The result for the group whose rows `sort` holds; `econtext->outertuple` is the group's
  // row (the direct arguments read it). Leaves `sort` empty.
  void Finalize(AggOrderedInput* input, Tuplesort* sort, ExprContext* econtext, Datum* value,
                bool* isnull);

 private:
  enum class Kind {
    kPercentileCont,
    kPercentileDisc,
    kMode,
    kRank,
    kDenseRank,
    kPercentRank,
    kCumeDist
  };
  // The non-NULL values of the single ORDER BY column, in order (copied into memory_).
  std::vector<Datum> SortedValues(AggOrderedInput* input, Tuplesort* sort);
  // percentile_cont / percentile_disc of one fraction over `values`.
  Datum Percentile(const std::vector<Datum>& values, double fraction);
  void Hypothetical(AggOrderedInput* input, Tuplesort* sort, ExprContext* econtext, Datum* value);

  Kind kind_;
  bool array_fractions_ = false;  // percentile_*(float8[])
  Oid value_type_;                // the ORDER BY column's type
  int16_t value_len_;
  bool value_byval_;
  std::vector<std::unique_ptr<ExprState>> direct_args_;
  std::unique_ptr<RowComparator> comparator_;  // over AggOrderedInput's rows
  MemoryContext memory_{"OrderedSetAggregate"};
};

}  // namespace hyrax::executor
