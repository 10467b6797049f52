// Multi-input expression steps (see complex_steps.h). NULL semantics follow PostgreSQL's
// execExprInterp.c: ScalarArrayOpExpr as ExecEvalScalarArrayOp, GREATEST/LEAST ignore NULLs.
#include "executor/expr/complex_steps.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "common/assert.h"
#include "common/error.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/function_lookup.h"
#include "executor/functions/array_support.h"
#include "executor/functions/builtin_registry.h"
#include "executor/functions/type_io.h"
#include "executor/types/record_type.h"
#include "storage/catalog/syscache.h"
#include "storage/sequence/sequence.h"
#include "storage/txn/xact.h"

namespace hyrax::executor {

ElementLayout LookupElementLayout(Oid type) {
  auto t = catalog::Syscache().TypeByOid(type);
  HYRAX_CHECK(t.has_value(), "cache lookup failed for type");
  return ElementLayout{t->typlen, t->typbyval, t->typalign};
}

// ---- CoerceViaIO ----

IoCoerceStep::IoCoerceStep(Oid source_type, Oid target_type, int32_t target_typmod)
    : source_type_(source_type), target_type_(target_type), typmod_(target_typmod) {
  // Resolve both now so a missing I/O function fails at compile time, not per row.
  LookupTypeIo(source_type);
  LookupTypeIo(target_type);
  in.Resize(1);
}

void IoCoerceStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  if (in.nulls[0]) {
    *resvalue = 0;
    *resnull = true;
    return;
  }
  TypeIoInfo& src = LookupTypeIo(source_type_);
  char* text = OutputFunctionCall(&src.output, in.values[0]);
  TypeIoInfo& dst = LookupTypeIo(target_type_);
  *resvalue = InputFunctionCall(&dst.input, text, dst.typioparam, typmod_);
  *resnull = false;
}

// ---- ARRAY[...] ----

ArrayBuildStep::ArrayBuildStep(Oid element_type, size_t nelems)
    : elem_type_(element_type), elem_(LookupElementLayout(element_type)) {
  in.Resize(nelems);
}

void ArrayBuildStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  *resvalue = ConstructArray1D(in.values.data(), in.nulls.get(), static_cast<int>(in.values.size()),
                               elem_type_, elem_);
  *resnull = false;
}

// ---- array::type ----

ArrayCoerceStep::ArrayCoerceStep(Oid result_element_type, std::unique_ptr<ExprState> elem_state,
                                 Datum* elem_value, bool* elem_null)
    : result_elem_type_(result_element_type),
      result_elem_(LookupElementLayout(result_element_type)),
      elem_state_(std::move(elem_state)),
      elem_value_(elem_value),
      elem_null_(elem_null) {
  in.Resize(1);
}

void ArrayCoerceStep::Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) {
  if (in.nulls[0]) {
    *resvalue = 0;
    *resnull = true;
    return;
  }
  const void* array = DatumGetPointer<const void>(in.values[0]);
  std::vector<Datum> elems;
  std::vector<bool> elem_nulls;
  DeconstructArray(array, LookupElementLayout(ArrayElemType(array)), &elems, &elem_nulls);
  std::unique_ptr<bool[]> nulls(new bool[elems.size() + 1]());
  for (size_t i = 0; i < elems.size(); ++i) {
    nulls[i] = elem_nulls[i];
    if (elem_state_ == nullptr) continue;
    *elem_value_ = elems[i];
    *elem_null_ = elem_nulls[i];
    elems[i] = ExecInterpExpr(elem_state_.get(), econtext, &nulls[i]);
  }
  int ndim = ArrayNdim(array);
  *resvalue = ConstructArray(elems.data(), nulls.get(), ndim, ArrayDims(array), ArrayLbounds(array),
                             result_elem_type_, result_elem_);
  *resnull = false;
}

// ---- array[subscripts] ----

SubscriptStep::SubscriptStep(const nodes::SubscriptingRef& ref)
    : nsubs_(static_cast<int>(ref.refupperindexpr.size())),
      is_assignment_(ref.refassgnexpr != nullptr) {
  if (!ref.reflowerindexpr.empty()) {
    throw Error(errcode::kFeatureNotSupported, "array slices are not supported yet");
  }
  auto type = catalog::Syscache().TypeByOid(ref.refelemtype);
  HYRAX_CHECK(type.has_value(), "cache lookup failed for array element type");
  elem_.oid = type->oid;
  elem_.typlen = type->typlen;
  elem_.typbyval = type->typbyval;
  elem_.typalign = type->typalign;
  elem_.typdelim = type->typdelim;
  in.Resize(1 + nsubs_ + (is_assignment_ ? 1 : 0));
}

void SubscriptStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  std::vector<int> subscripts(nsubs_);
  bool null_subscript = false;
  for (int i = 0; i < nsubs_; ++i) {
    null_subscript |= in.nulls[1 + i];
    subscripts[i] = DatumGetInt32(in.values[1 + i]);
  }
  if (!is_assignment_) {
    // A NULL array or subscript fetches NULL (PostgreSQL's array_subscript_fetch).
    if (in.nulls[0] || null_subscript) {
      *resvalue = 0;
      *resnull = true;
      return;
    }
    NullableDatum elem = ArrayGetElement(in.values[0], subscripts.data(), nsubs_, elem_);
    *resvalue = elem.value;
    *resnull = elem.isnull;
    return;
  }
  if (null_subscript) {
    throw Error(errcode::kNullValueNotAllowed, "array subscript in assignment must not be null");
  }
  Datum array = in.nulls[0] ? ConstructEmptyArray(elem_.oid) : in.values[0];
  NullableDatum value{in.values[1 + nsubs_], in.nulls[1 + nsubs_]};
  *resvalue = ArraySetElement(array, subscripts.data(), nsubs_, value, elem_);
  *resnull = false;
}

// ---- scalar op ANY/ALL (array) ----

ScalarArrayOpStep::ScalarArrayOpStep(const nodes::ScalarArrayOpExpr& expr)
    : use_or_(expr.useOr), call_(&flinfo_, expr.inputcollid) {
  Oid func = expr.opfuncid != kInvalidOid ? expr.opfuncid : OperatorFunction(expr.opno);
  FmgrInfoForFunction(func, &flinfo_);
  in.Resize(2);
}

void ScalarArrayOpStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  if (in.nulls[1]) {  // NULL array: NULL result
    *resvalue = 0;
    *resnull = true;
    return;
  }
  const void* array = DatumGetPointer<const void>(in.values[1]);
  std::vector<Datum> elems;
  std::vector<bool> elem_nulls;
  DeconstructArray(array, LookupElementLayout(ArrayElemType(array)), &elems, &elem_nulls);
  if (elems.empty()) {  // ANY of nothing is false, ALL of nothing is true
    *resvalue = BoolGetDatum(!use_or_);
    *resnull = false;
    return;
  }
  if (in.nulls[0] && flinfo_.fn_strict) {
    *resvalue = 0;
    *resnull = true;
    return;
  }
  bool result = !use_or_;
  bool result_null = false;
  for (size_t i = 0; i < elems.size(); ++i) {
    Datum this_value;
    bool this_null;
    if (flinfo_.fn_strict && elem_nulls[i]) {
      this_value = 0;
      this_null = true;
    } else {
      call_.SetArg(0, in.values[0], in.nulls[0]);
      call_.SetArg(1, elems[i], elem_nulls[i]);
      this_value = FunctionCallInvoke(&call_.fcinfo);
      this_null = call_.fcinfo.isnull;
    }
    if (this_null) {
      result_null = true;
    } else if (use_or_ && DatumGetBool(this_value)) {
      result = true;
      result_null = false;
      break;
    } else if (!use_or_ && !DatumGetBool(this_value)) {
      result = false;
      result_null = false;
      break;
    }
  }
  *resvalue = BoolGetDatum(result);
  *resnull = result_null;
}

// ---- GREATEST / LEAST ----

MinMaxStep::MinMaxStep(const nodes::MinMaxExpr& expr)
    : greatest_(expr.op == nodes::MinMaxOp::kGreatest), call_(&cmp_, expr.inputcollid) {
  ComparisonFunctionForType(expr.result_type, &cmp_);
  in.Resize(expr.args.size());
}

void GroupingFuncStep::Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) {
  int32_t mask = 0;
  for (uint32_t ref : refs_) {
    mask <<= 1;
    const auto* grouped = econtext->grouped_refs;
    if (grouped != nullptr && std::find(grouped->begin(), grouped->end(), ref) == grouped->end()) {
      mask |= 1;
    }
  }
  *resvalue = Int32GetDatum(mask);
  *resnull = false;
}

void MinMaxStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  *resnull = true;
  for (size_t i = 0; i < in.values.size(); ++i) {
    if (in.nulls[i]) continue;  // NULL inputs are ignored
    if (*resnull) {
      *resvalue = in.values[i];
      *resnull = false;
      continue;
    }
    call_.SetArg(0, in.values[i]);
    call_.SetArg(1, *resvalue);
    int32_t cmp = DatumGetInt32(FunctionCallInvoke(&call_.fcinfo));
    if ((greatest_ && cmp > 0) || (!greatest_ && cmp < 0)) *resvalue = in.values[i];
  }
}

// ---- ROW(...) ----

RowBuildStep::RowBuildStep(const nodes::RowExpr& expr) : row_type_(expr.result_type) {
  in.Resize(expr.args.size());
  if (row_type_ != kRecordTypeOid) {
    // A named row type is laid out as its catalog says (dropped columns included).
    desc_ = LookupRowTypeDesc(row_type_, -1);
    if (static_cast<size_t>(desc_->natts()) == expr.args.size()) return;
  }
  std::vector<Oid> types;
  std::vector<int32_t> typmods;
  for (const auto& arg : expr.args) {
    types.push_back(arg->result_type);
    typmods.push_back(arg->result_typmod);
  }
  std::vector<std::string> names = expr.colnames;
  for (size_t i = names.size(); i < types.size(); ++i) names.push_back(fmt::format("f{}", i + 1));
  desc_ = MakeTupleDesc(types, typmods, names);
  row_type_ = kRecordTypeOid;
  typmod_ = AssignRecordTypmod(*desc_);
}

void RowBuildStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  *resvalue = MakeCompositeDatum(*desc_, in.values.data(), in.nulls.get(), row_type_, typmod_);
  *resnull = false;
}

// ---- CURRENT_TIMESTAMP and friends ----

SqlValueFunctionStep::SqlValueFunctionStep(const nodes::SQLValueFunction& expr)
    : op_(expr.op), typmod_(expr.typmod) {}

namespace {

Datum CallBuiltin(const char* prosrc, Datum arg) {
  PGFunction fn = BuiltinByName(prosrc);
  return DirectFunctionCall(fn, arg);
}

// Calls a built-in without arguments that may return NULL (current_schema).
Datum CallBuiltinNoArgs(const char* prosrc, bool* isnull) {
  FunctionCallInfo fcinfo;
  fcinfo.nargs = 0;
  Datum result = BuiltinByName(prosrc)(&fcinfo);
  *isnull = fcinfo.isnull;
  return result;
}

}  // namespace

void SqlValueFunctionStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  using Op = nodes::SQLValueFunctionOp;
  Datum now = Int64GetDatum(storage::GetCurrentTransactionStartTimestamp());
  *resnull = false;
  switch (op_) {
    case Op::kCurrentTimestamp:
      *resvalue = now;
      return;
    case Op::kCurrentTimestampN:
      *resvalue =
          DirectFunctionCall(BuiltinByName("timestamptz_scale"), now, Int32GetDatum(typmod_));
      return;
    case Op::kCurrentDate:
      *resvalue = CallBuiltin("timestamptz_date", now);
      return;
    case Op::kCurrentTime:
      *resvalue = CallBuiltin("timestamptz_timetz", now);
      return;
    case Op::kCurrentTimeN:
      *resvalue =
          DirectFunctionCall(BuiltinByName("timetz_scale"), CallBuiltin("timestamptz_timetz", now),
                             Int32GetDatum(typmod_));
      return;
    case Op::kLocaltime:
      *resvalue = CallBuiltin("timestamptz_time", now);
      return;
    case Op::kLocaltimeN:
      *resvalue = DirectFunctionCall(BuiltinByName("time_scale"),
                                     CallBuiltin("timestamptz_time", now), Int32GetDatum(typmod_));
      return;
    case Op::kLocaltimestamp:
      *resvalue = CallBuiltin("timestamptz_timestamp", now);
      return;
    case Op::kLocaltimestampN:
      *resvalue =
          DirectFunctionCall(BuiltinByName("timestamp_scale"),
                             CallBuiltin("timestamptz_timestamp", now), Int32GetDatum(typmod_));
      return;
    case Op::kCurrentRole:
    case Op::kCurrentUser:
    case Op::kUser:
      *resvalue = CallBuiltinNoArgs("current_user", resnull);
      return;
    case Op::kSessionUser:
      *resvalue = CallBuiltinNoArgs("session_user", resnull);
      return;
    case Op::kCurrentCatalog:
      *resvalue = CallBuiltinNoArgs("current_database", resnull);
      return;
    case Op::kCurrentSchema:
      *resvalue = CallBuiltinNoArgs("current_schema", resnull);
      return;
  }
}

// ---- NextValueExpr ----

void NextValueStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  int64_t value = storage::SequenceNextValue(seqid_);
  *resnull = false;
  // The sequence's range is the column type's (identity sequences are AS the column type).
  switch (type_) {
    case 21:  // int2
      *resvalue = Int16GetDatum(static_cast<int16_t>(value));
      return;
    case 23:  // int4
      *resvalue = Int32GetDatum(static_cast<int32_t>(value));
      return;
    default:
      *resvalue = Int64GetDatum(value);
      return;
  }
}

}  // namespace hyrax::executor
