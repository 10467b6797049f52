// The per-rollup state of a grouping-sets Agg (agg_grouping_sets.cpp explains the
// algorithm); a header of its own so that agg.cpp, which owns the phases, sees the type.
#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "executor/exec/tuplesort.h"
#include "executor/operators/agg.h"

namespace hyrax::executor {

struct AggOperator::RollupPhase {
  const nodes::AggRollup* rollup = nullptr;
  std::vector<FmgrInfo> eq_fns;
  std::unique_ptr<Tuplesort> sort;  // nullptr: reads the Agg's input directly
  std::unique_ptr<TupleSlot> sorted_row;
  bool sorted = false;
  std::vector<TransValues> trans;                      // per set
  std::vector<std::unique_ptr<MemoryContext>> memory;  // per set
  std::vector<std::vector<uint32_t>> set_refs;         // per set: the refs it groups
  std::unique_ptr<TupleSlot> first;                    // the current group's first row
  std::unique_ptr<TupleSlot> pending;                  // the row that ended the group
  bool has_group = false;
  bool input_done = false;
  bool restart_after_emit = false;  // start the emitted sets again with `pending`
  int emit_next = 0, emit_end = 0;  // sets being emitted

  // Hashed rollups (one set each): the groups met while the input is read, in a hash
  // table. Once the tables hold hash_mem, rows of groups not in the table go to `sort`
  // instead and are grouped by sorting after the table's groups are returned, so no group
  // is split between the two.
  struct HashedGroup {
    uint32_t hash = 0;
    std::unique_ptr<TupleSlot> row;  // the group's first row
    TransValues trans;
  };
  bool hashed = false;
  std::vector<FmgrInfo> hash_fns;
  std::vector<HashedGroup> hash_groups;                  // in insertion order
  std::unordered_multimap<uint32_t, size_t> hash_index;  // hash -> hash_groups index
  std::unique_ptr<MemoryContext> hash_memory;            // the groups' transition states
  size_t hash_bytes = 0;                                 // rows and states, estimated
  bool hash_full = false;
  bool sort_used = false;  // some rows went to `sort`
  size_t hash_emit_next = 0;
};

}  // namespace hyrax::executor
