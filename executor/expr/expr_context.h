// The run-time inputs of expression evaluation (PostgreSQL's ExprContext): the scan, outer
// and inner tuples Vars read from, the aggregate values Aggrefs read, parameters, and the
// per-tuple memory context results are allocated in. Each operator owns one and resets
// its per-tuple memory once per output row (executor/README.md "Memory contexts").
#pragma once

#include <cstdint>
#include <vector>

#include "common/datum.h"
#include "common/memory_context.h"
#include "executor/exec/params.h"

namespace hyrax::executor {

class TupleSlot;
struct ExecState;

struct ExprContext {
  explicit ExprContext(ExecState* state) : estate(state) {}
  ExprContext(const ExprContext&) = delete;
  ExprContext& operator=(const ExprContext&) = delete;

  // Frees everything allocated for the previous row.
  void ResetPerTuple() { per_tuple_memory.Reset(); }

  ExecState* estate;
  TupleSlot* scantuple = nullptr;
  TupleSlot* outertuple = nullptr;
  TupleSlot* innertuple = nullptr;
  // Aggregate results of the current group (Agg operator), indexed by Aggref::aggno.
  const Datum* aggvalues = nullptr;
  const bool* aggnulls = nullptr;
  // GROUPING SETS: the sortgrouprefs grouped in the current output row's set (GROUPING()
  // reads them); nullptr when every grouping column is grouped.
  const std::vector<uint32_t>* grouped_refs = nullptr;
  MemoryContext per_tuple_memory{"ExprContext", 1024};
};

}  // namespace hyrax::executor
