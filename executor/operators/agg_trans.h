// Per-aggregate transition machinery of the Agg operator (PostgreSQL's nodeAgg.c
// advance_transition_function / finalize_aggregate): transition and final functions from
// pg_aggregate called through fmgr, strict-transition semantics (NULL inputs skipped; with
// a NULL initial value the first non-NULL input becomes the state), initial values from
// agginitval, by-reference states kept in per-group buffers. Aggregates with DISTINCT or
// ORDER BY collect their input per group and feed it sorted at Finalize
// (agg_ordered_input.h).
#pragma once

#include <memory>
#include <vector>

#include "common/memory_context.h"
#include "executor/exec/tuplesort.h"
#include "executor/expr/expr_state.h"
#include "executor/functions/call_context.h"
#include "executor/functions/fmgr.h"
#include "nodes/primnodes.h"

namespace hyrax::executor {

// The transition value of one aggregate for one group.
struct AggTransValue {
  Datum value = 0;
  bool isnull = true;
  bool no_value = true;  // strict transfn with NULL initval: no input seen yet
  // Backing store of a by-reference (non-internal) state.
  std::unique_ptr<uint64_t[]> buffer;
  size_t capacity = 0;
  // DISTINCT / ORDER BY aggregates: the group's argument rows, fed to the transition
  // function in order at Finalize (agg_ordered_input.h).
  std::unique_ptr<Tuplesort> sorted_input;
};

class AggOrderedInput;

class AggTransInfo {
 public:
  // Looks up pg_aggregate for `aggref` and compiles its arguments and FILTER (Vars of the
  // input row are OUTER_VAR references). Throws 0A000 for ordered-set aggregates.
  AggTransInfo(const nodes::Aggref& aggref, ExecState* estate);
  ~AggTransInfo();

  // Sets `state` to the initial value. `group_memory` holds internal-typed states.
  void Initialize(AggTransValue* state) const;
  // Feeds the current input row of `econtext` (outertuple) into `state`.
  void Advance(AggTransValue* state, ExprContext* econtext, MemoryContext* group_memory);
  // Computes the aggregate's result into value/isnull (allocated in the current context).
  void Finalize(AggTransValue* state, MemoryContext* group_memory, Datum* value, bool* isnull);

 private:
  void StoreByRef(AggTransValue* state, Datum value) const;
  // Calls the transition function on trans_call_'s arguments (1..nargs already set).
  void Transition(AggTransValue* state, MemoryContext* group_memory);

  const nodes::Aggref& aggref_;
  FmgrInfo transfn_;
  FmgrInfo finalfn_;
  bool has_final_ = false;
  bool final_extra_ = false;
  Oid transtype_ = kInvalidOid;
  int16_t translen_ = 0;
  bool transbyval_ = true;
  bool internal_state_ = false;
  Datum initval_ = 0;
  bool initval_isnull_ = true;
  MemoryContext init_memory_{"AggInitValue", 256};
  std::vector<std::unique_ptr<ExprState>> args_;
  std::unique_ptr<ExprState> filter_;
  std::unique_ptr<AggOrderedInput> ordered_input_;  // DISTINCT / ORDER BY only
  FunctionCallInfo* trans_call_ = nullptr;
  MemoryContext call_memory_{"AggCallInfo", 512};
};

}  // namespace hyrax::executor
