// Sorted input of one aggregate with DISTINCT and/or ORDER BY (PostgreSQL's nodeAgg.c
// per-transition sort: process_ordered_aggregate_single/_multi). Each group's argument
// rows are collected in a Tuplesort (so a large group spills past work_mem like any sort),
// sorted on the aggregate's ORDER BY (or DISTINCT) keys when the group ends, and handed to
// the transition function in order, consecutive equal rows skipped for DISTINCT.
// The planner never hashes a grouping that has such aggregates (PostgreSQL's
// numOrderedAggs rule), so one group per grouping level is collected at a time.
#pragma once

#include <functional>
#include <memory>

#include "executor/exec/key_equality.h"
#include "executor/exec/tuplesort.h"
#include "executor/expr/expr_state.h"
#include "nodes/primnodes.h"

namespace hyrax::executor {

class AggOrderedInput {
 public:
  // Compiles the aggregate's argument list (Vars are OUTER_VAR references of the Agg's
  // input) and its sort and DISTINCT keys. Requires: aggref has aggorder or aggdistinct.
  AggOrderedInput(const nodes::Aggref& aggref, ExecState* estate);

  // True when the aggregate needs sorted input.
  static bool Needed(const nodes::Aggref& aggref) {
    return !aggref.aggorder.empty() || !aggref.aggdistinct.empty();
  }

  // Makes `*sort` an empty sort for a new group (created on first use, reset afterwards).
  void Begin(std::unique_ptr<Tuplesort>* sort) const;
  // Evaluates the arguments of econtext's current input row and adds them to `sort`.
  void Add(Tuplesort* sort, ExprContext* econtext);
  // Sorts the group's rows and calls `feed` with each in order (DISTINCT: the first of each
  // run of equal rows). The slot's values stay valid until `feed` returns. Leaves `sort`
  // empty.
  void Drain(Tuplesort* sort, const std::function<void(TupleSlot*)>& feed);

  // 0-based columns of the sorted rows that are the aggregate's arguments (ORDER BY
  // expressions that are not arguments come after them).
  const std::vector<int>& argument_columns() const { return argument_columns_; }

 private:
  storage::TupleDescPtr desc_;
  nodes::SortColumns sort_columns_;
  std::unique_ptr<KeyEquality> distinct_;  // nullptr without DISTINCT
  std::vector<int> argument_columns_;
  std::unique_ptr<TupleSlot> input_slot_;
  std::unique_ptr<ExprState> projection_;
  std::unique_ptr<TupleSlot> sorted_slot_;
  std::unique_ptr<TupleSlot> previous_slot_;         // DISTINCT: the last row handed on
  MemoryContext row_memory_{"AggOrderedInput row"};  // reset per sorted row
};

}  // namespace hyrax::executor
