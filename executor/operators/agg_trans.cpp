// Aggregate transition and final calls (see agg_trans.h).
#include "executor/operators/agg_trans.h"

#include <cstring>

#include "common/assert.h"
#include "common/error.h"
#include "common/varlena.h"
#include "executor/expr/function_lookup.h"
#include "executor/functions/type_io.h"
#include "executor/operators/agg_ordered_input.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {
constexpr Oid kInternalTypeOid = 2281;

// nodes::Aggref has no inputcollid yet; the result collation equals the input collation
// for the collation-sensitive built-ins (min/max/string_agg of text).
// TODO(#nodes-aggref-inputcollid): use Aggref::inputcollid once the node carries it.
Oid AggInputCollation(const nodes::Aggref& aggref) {
  return aggref.result_collation;
}
}  // namespace

AggTransInfo::AggTransInfo(const nodes::Aggref& aggref, ExecState* estate) : aggref_(aggref) {
  auto& cache = catalog::Syscache();
  auto agg = cache.AggregateByFnOid(aggref.aggfnoid);
  if (!agg) {
    throw MakeError(errcode::kUndefinedFunction, "cache lookup failed for aggregate {}",
                    aggref.aggfnoid);
  }
  if (agg->aggkind != 'n') {
    throw Error(errcode::kFeatureNotSupported, "ordered-set aggregates are not supported yet");
  }
  FmgrInfoForFunction(agg->aggtransfn, &transfn_);
  if (agg->aggfinalfn != kInvalidOid) {
    FmgrInfoForFunction(agg->aggfinalfn, &finalfn_);
    has_final_ = true;
    final_extra_ = agg->aggfinalextra;
  }
  transtype_ = agg->aggtranstype;
  auto type = cache.TypeByOid(transtype_);
  HYRAX_CHECK(type.has_value(), "cache lookup failed for aggregate transition type");
  translen_ = type->typlen;
  transbyval_ = type->typbyval;
  internal_state_ = transtype_ == kInternalTypeOid;
  if (agg->agginitval) {
    MemoryContextScope scope(&init_memory_);
    initval_ = InputByType(transtype_, agg->agginitval->c_str(), -1);
    initval_isnull_ = false;
  }
  if (AggOrderedInput::Needed(aggref)) {
    ordered_input_ = std::make_unique<AggOrderedInput>(aggref, estate);
  } else if (aggref.args) {
    for (const auto& tle : *aggref.args) {
      if (!tle.resjunk) args_.push_back(ExecInitExpr(*tle.expr, estate));
    }
  }
  // Polymorphic transition functions (array_agg's anynonarray) learn the actual input types
  // from the call, as PostgreSQL's get_fn_expr_argtype.
  transfn_.fn_argtypes.assign(1, transtype_);
  if (aggref.args) {
    for (const auto& tle : *aggref.args) {
      if (!tle.resjunk) transfn_.fn_argtypes.push_back(tle.expr->result_type);
    }
  }
  if (aggref.aggfilter) filter_ = ExecInitQual(nodes::ExprList{aggref.aggfilter}, estate);
  int nargs = static_cast<int>(transfn_.fn_argtypes.size()) - 1;
  trans_call_ =
      MakeFunctionCallInfo(&call_memory_, &transfn_, nargs + 1, AggInputCollation(aggref));
}

AggTransInfo::~AggTransInfo() = default;

void AggTransInfo::StoreByRef(AggTransValue* state, Datum value) const {
  const char* src = DatumGetPointer<const char>(value);
  size_t size = translen_ > 0     ? static_cast<size_t>(translen_)
                : translen_ == -1 ? VarSize(src)
                                  : std::strlen(src) + 1;
  size_t words = (size + 7) / 8;
  if (words > state->capacity) {
    state->buffer.reset(new uint64_t[words]);
    state->capacity = words;
  }
  std::memmove(state->buffer.get(), src, size);
  state->value = PointerGetDatum(state->buffer.get());
}

void AggTransInfo::Initialize(AggTransValue* state) const {
  state->isnull = initval_isnull_;
  state->no_value = initval_isnull_;
  state->value = 0;
  if (!initval_isnull_) {
    if (transbyval_) {
      state->value = initval_;
    } else {
      StoreByRef(state, initval_);
    }
  }
  if (ordered_input_) ordered_input_->Begin(&state->sorted_input);
}

void AggTransInfo::Advance(AggTransValue* state, ExprContext* econtext,
                           MemoryContext* group_memory) {
  if (filter_ && !ExecQual(filter_.get(), econtext)) return;
  if (ordered_input_) {
    ordered_input_->Add(state->sorted_input.get(), econtext);
    return;
  }
  MemoryContextScope scope(&econtext->per_tuple_memory);
  int nargs = static_cast<int>(args_.size());
  for (int i = 0; i < nargs; ++i) {
    trans_call_->args[i + 1].value =
        ExecInterpExpr(args_[i].get(), econtext, &trans_call_->args[i + 1].isnull);
  }
  Transition(state, group_memory);
}

void AggTransInfo::Transition(AggTransValue* state, MemoryContext* group_memory) {
  int nargs = trans_call_->nargs - 1;
  if (transfn_.fn_strict) {
    // NULL inputs are skipped; the first non-NULL input of a NULL-initialised state becomes
    // the state itself (PostgreSQL: it must be binary-compatible with the transition type).
    for (int i = 1; i <= nargs; ++i) {
      if (trans_call_->args[i].isnull) return;
    }
    if (state->no_value) {
      Datum first = trans_call_->args[1].value;
      if (transbyval_) {
        state->value = first;
      } else {
        StoreByRef(state, first);
      }
      state->isnull = false;
      state->no_value = false;
      return;
    }
    if (state->isnull) return;  // a strict transfn returned NULL earlier: stays NULL
  }
  AggregateCallContext call_context(group_memory);
  trans_call_->context = &call_context;
  trans_call_->args[0].value = state->value;
  trans_call_->args[0].isnull = state->isnull;
  Datum result = FunctionCallInvoke(trans_call_);
  bool isnull = trans_call_->isnull;
  trans_call_->context = nullptr;
  if (!isnull && !transbyval_ && !internal_state_ && result != state->value) {
    StoreByRef(state, result);
  } else {
    state->value = result;
  }
  state->isnull = isnull;
}

void AggTransInfo::Finalize(AggTransValue* state, MemoryContext* group_memory, Datum* value,
                            bool* isnull) {
  if (ordered_input_) {
    const std::vector<int>& columns = ordered_input_->argument_columns();
    ordered_input_->Drain(state->sorted_input.get(), [&](TupleSlot* row) {
      for (size_t i = 0; i < columns.size(); ++i) {
        trans_call_->args[i + 1].value = row->values()[columns[i]];
        trans_call_->args[i + 1].isnull = row->nulls()[columns[i]];
      }
      Transition(state, group_memory);
    });
  }
  if (!has_final_) {
    *value = state->value;
    *isnull = state->isnull;
    return;
  }
  int nargs = final_extra_ ? trans_call_->nargs : 1;
  if (finalfn_.fn_strict && state->isnull) {
    *value = 0;
    *isnull = true;
    return;
  }
  AggregateCallContext call_context(group_memory);
  LocalFunctionCallInfo<kFuncMaxArgs> call(&finalfn_, AggInputCollation(aggref_));
  call.fcinfo.nargs = static_cast<int16_t>(nargs);
  call.fcinfo.context = &call_context;
  call.SetArg(0, state->value, state->isnull);
  for (int i = 1; i < nargs; ++i) call.SetArg(i, 0, true);
  *value = FunctionCallInvoke(&call.fcinfo);
  *isnull = call.fcinfo.isnull;
}

}  // namespace hyrax::executor
