// Expression steps with more state than ExprStep's union holds: CoerceViaIO, arrays,
// ScalarArrayOpExpr, GREATEST/LEAST, ROW(...), SQL value functions, SubPlan, NextValueExpr. Each
// reads its inputs from cells the compiler evaluated its arguments into.
#pragma once

#include <memory>
#include <vector>

#include "common/array_layout.h"
#include "executor/expr/expr_state.h"
#include "executor/types/array_type.h"
#include "nodes/primnodes.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::executor {

// Storage facts of a type (typlen/typbyval/typalign) from pg_type.
ElementLayout LookupElementLayout(Oid type);

// Creates the step for `expr` (one of the kinds below) with `ninputs` input cells, which
// the compiler fills before the step runs.
struct ComplexInputs {
  std::vector<Datum> values;
  std::unique_ptr<bool[]> nulls;
  void Resize(size_t n) {
    values.assign(n, 0);
    nulls.reset(new bool[n > 0 ? n : 1]());
  }
};

// GROUPING(a, b, ...) in an Agg's output: bit i (from the right, last argument lowest) is
// set when argument i is not grouped in the current grouping set.
class GroupingFuncStep : public ComplexStep {
 public:
  explicit GroupingFuncStep(std::vector<uint32_t> refs) : refs_(std::move(refs)) {}
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;

 private:
  std::vector<uint32_t> refs_;
};

class IoCoerceStep : public ComplexStep {
 public:
  IoCoerceStep(Oid source_type, Oid target_type, int32_t target_typmod);
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  ComplexInputs in;  // 1 input

 private:
  Oid source_type_;
  Oid target_type_;
  int32_t typmod_;
};

class ArrayBuildStep : public ComplexStep {
 public:
  ArrayBuildStep(Oid element_type, size_t nelems);
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  ComplexInputs in;  // one per element

 private:
  Oid elem_type_;
  ElementLayout elem_;
};

// array::type (ArrayCoerceExpr): each element through `elem_state`, which reads the element
// from `elem_value`/`elem_null` (its CaseTestExpr); without an element program the elements
// are binary-compatible and only the element type changes (int2vector -> int2[]).
class ArrayCoerceStep : public ComplexStep {
 public:
  ArrayCoerceStep(Oid result_element_type, std::unique_ptr<ExprState> elem_state, Datum* elem_value,
                  bool* elem_null);
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  ComplexInputs in;  // the array

 private:
  Oid result_elem_type_;
  ElementLayout result_elem_;
  std::unique_ptr<ExprState> elem_state_;  // nullptr: relabel only
  Datum* elem_value_;
  bool* elem_null_;
};

// container[subscripts] (SubscriptingRef) on arrays: fetch one element, or, with an
// assigned value, a copy of the array with that element replaced. Slices are 0A000.
class SubscriptStep : public ComplexStep {
 public:
  explicit SubscriptStep(const nodes::SubscriptingRef& ref);
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  // The array, then one int4 subscript per dimension, then the assigned value if any.
  ComplexInputs in;

 private:
  ElementType elem_;
  int nsubs_;
  bool is_assignment_;
};

class ScalarArrayOpStep : public ComplexStep {
 public:
  explicit ScalarArrayOpStep(const nodes::ScalarArrayOpExpr& expr);
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  ComplexInputs in;  // scalar, array

 private:
  bool use_or_;
  FmgrInfo flinfo_;
  LocalFunctionCallInfo<2> call_;
};

class MinMaxStep : public ComplexStep {
 public:
  MinMaxStep(const nodes::MinMaxExpr& expr);
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  ComplexInputs in;

 private:
  bool greatest_;
  FmgrInfo cmp_;
  LocalFunctionCallInfo<2> call_;
};

class RowBuildStep : public ComplexStep {
 public:
  explicit RowBuildStep(const nodes::RowExpr& expr);
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  ComplexInputs in;

 private:
  std::shared_ptr<const storage::TupleDesc> desc_;
  Oid row_type_;
  int32_t typmod_ = -1;  // registered layout of an anonymous record (record_type.h)
};

class SqlValueFunctionStep : public ComplexStep {
 public:
  explicit SqlValueFunctionStep(const nodes::SQLValueFunction& expr);
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;

 private:
  nodes::SQLValueFunctionOp op_;
  int32_t typmod_;
};

// NextValueExpr: nextval of an identity column's sequence, as the column's type.
class NextValueStep : public ComplexStep {
 public:
  explicit NextValueStep(const nodes::NextValueExpr& expr)
      : seqid_(expr.seqid), type_(expr.result_type) {}
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;

 private:
  Oid seqid_;
  Oid type_;
};

}  // namespace hyrax::executor
