// Expression steps over composite values: a whole-row Var (the current row of a scan, inner
// or outer slot as one composite Datum, PostgreSQL's ExecEvalWholeRowVar), IS [NOT] NULL of a
// composite value (every field NULL / every field non-NULL) and the CHECK / NOT NULL test of
// a domain (CoerceToDomain). See executor/README.md "Expressions".
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "executor/expr/complex_steps.h"
#include "nodes/primnodes.h"

namespace hyrax::executor {

enum class SlotKind { kScan, kInner, kOuter };

class WholeRowStep : public ComplexStep {
 public:
  WholeRowStep(const nodes::Var& var, SlotKind slot);
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;

 private:
  SlotKind slot_;
  Oid row_type_;
  storage::TupleDescPtr desc_;  // the named row type's columns; null for `record`
  int32_t typmod_ = -1;         // `record`: registered on first use from the slot's layout
};

class RowNullTestStep : public ComplexStep {
 public:
  explicit RowNullTestStep(bool is_null) : is_null_(is_null) { in.Resize(1); }
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  ComplexInputs in;  // the composite value

 private:
  bool is_null_;
};

// (composite).field: the field's value, NULL when the composite value is NULL.
class FieldSelectStep : public ComplexStep {
 public:
  explicit FieldSelectStep(const nodes::FieldSelect& expr) : fieldnum_(expr.fieldnum) {
    in.Resize(1);
  }
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  ComplexInputs in;  // the composite value

 private:
  nodes::AttrNumber fieldnum_;
};

// Assignment to fields of a composite value (UPDATE t SET c.f = ..., INSERT INTO t (c.f)):
// a copy of the value (all NULL fields when it is NULL) with the given fields replaced.
class FieldStoreStep : public ComplexStep {
 public:
  explicit FieldStoreStep(const nodes::FieldStore& expr);
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  ComplexInputs in;  // the old value, then one new value per field

 private:
  Oid row_type_;
  std::vector<nodes::AttrNumber> fieldnums_;
};

// ROW(a, b) < ROW(c, d) and the other ordering comparisons, PostgreSQL's RowCompareExpr:
// the first column pair that is not equal decides; a NULL in the pairs compared gives NULL.
class RowCompareStep : public ComplexStep {
 public:
  explicit RowCompareStep(const nodes::RowCompareExpr& expr);
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  ComplexInputs left, right;

 private:
  nodes::RowCompareType rctype_;
  std::vector<FmgrInfo> cmp_;
  std::vector<Oid> collations_;
};

}  // namespace hyrax::executor
