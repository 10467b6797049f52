// Whole-row Vars and composite NULL tests (see row_steps.h).
#include "executor/expr/row_steps.h"

#include <fmt/format.h>

#include "common/error.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/expr_context.h"
#include "executor/expr/support_lookup.h"
#include "executor/types/record_type.h"

namespace hyrax::executor {

WholeRowStep::WholeRowStep(const nodes::Var& var, SlotKind slot)
    : slot_(slot), row_type_(var.result_type) {
  if (row_type_ != kRecordTypeOid) desc_ = LookupRowTypeDesc(row_type_, -1);
}

void WholeRowStep::Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) {
  TupleSlot* slot = slot_ == SlotKind::kScan    ? econtext->scantuple
                    : slot_ == SlotKind::kInner ? econtext->innertuple
                                                : econtext->outertuple;
  slot->GetAllAttrs();
  const storage::TupleDesc* desc = desc_.get();
  if (desc == nullptr) {
    if (typmod_ < 0) typmod_ = AssignRecordTypmod(slot->desc());
    desc = &slot->desc();
  } else if (desc->natts() != slot->natts()) {
    // PostgreSQL's ExecEvalWholeRowVar check of the row it is given.
    throw MakeError(errcode::kDatatypeMismatch,
                    "table row type and query-specified row type do not match")
        .Detail(fmt::format("Table row contains {} attributes, but query expects {}.",
                            slot->natts(), desc->natts()));
  }
  *resvalue = MakeCompositeDatum(*desc, slot->values(), slot->nulls(), row_type_, typmod_);
  *resnull = false;
}

void RowNullTestStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  *resnull = false;
  if (in.nulls[0]) {
    *resvalue = BoolGetDatum(is_null_);
    return;
  }
  CompositeFields row = DeformComposite(in.values[0]);
  for (int i = 0; i < row.desc->natts(); ++i) {
    if (row.desc->attr(i).dropped) continue;
    // IS NULL needs every field NULL, IS NOT NULL every field non-NULL.
    if (row.isnull[i] != is_null_) {
      *resvalue = BoolGetDatum(false);
      return;
    }
  }
  *resvalue = BoolGetDatum(true);
}

void FieldSelectStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  *resnull = true;
  *resvalue = 0;
  if (in.nulls[0]) return;
  CompositeFields row = DeformComposite(in.values[0]);
  if (fieldnum_ < 1 || fieldnum_ > row.desc->natts() || row.desc->attr(fieldnum_ - 1).dropped) {
    return;  // a field the stored value lacks (dropped since) reads as NULL
  }
  *resvalue = row.values[fieldnum_ - 1];
  *resnull = row.isnull[fieldnum_ - 1];
}

FieldStoreStep::FieldStoreStep(const nodes::FieldStore& expr)
    : row_type_(expr.result_type), fieldnums_(expr.fieldnums) {
  in.Resize(1 + expr.newvals.size());
}

void FieldStoreStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  storage::TupleDescPtr desc = LookupRowTypeDesc(row_type_, -1);
  int natts = desc->natts();
  std::vector<Datum> values(natts, 0);
  auto isnull = std::make_unique<bool[]>(natts > 0 ? natts : 1);
  for (int i = 0; i < natts; ++i) isnull[i] = true;
  if (!in.nulls[0]) {
    CompositeFields old = DeformComposite(in.values[0]);
    for (int i = 0; i < natts && i < old.desc->natts(); ++i) {
      values[i] = old.values[i];
      isnull[i] = old.isnull[i];
    }
  }
  for (size_t k = 0; k < fieldnums_.size(); ++k) {
    int index = fieldnums_[k] - 1;
    values[index] = in.values[k + 1];
    isnull[index] = in.nulls[k + 1];
  }
  *resvalue = MakeCompositeDatum(*desc, values.data(), isnull.get(), row_type_, -1);
  *resnull = false;
}

RowCompareStep::RowCompareStep(const nodes::RowCompareExpr& expr)
    : rctype_(expr.rctype), cmp_(expr.opnos.size()), collations_(expr.inputcollids) {
  left.Resize(expr.largs.size());
  right.Resize(expr.rargs.size());
  for (size_t i = 0; i < expr.opnos.size(); ++i) {
    ComparisonFunctionForOperator(expr.opnos[i], expr.opfamilies.at(i), &cmp_[i]);
  }
  collations_.resize(expr.opnos.size(), kInvalidOid);
}

void RowCompareStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  int32_t cmp = 0;
  for (size_t i = 0; i < cmp_.size(); ++i) {
    if (left.nulls[i] || right.nulls[i]) {
      *resnull = true;
      *resvalue = 0;
      return;
    }
    LocalFunctionCallInfo<2> call(&cmp_[i], collations_[i]);
    call.SetArg(0, left.values[i]);
    call.SetArg(1, right.values[i]);
    cmp = DatumGetInt32(FunctionCallInvoke(&call.fcinfo));
    if (cmp != 0) break;
  }
  bool result = false;
  switch (rctype_) {
    case nodes::RowCompareType::kLt:
      result = cmp < 0;
      break;
    case nodes::RowCompareType::kLe:
      result = cmp <= 0;
      break;
    case nodes::RowCompareType::kGe:
      result = cmp >= 0;
      break;
    case nodes::RowCompareType::kGt:
      result = cmp > 0;
      break;
    default:
      throw Error(errcode::kInternalError, "unexpected row comparison type");
  }
  *resnull = false;
  *resvalue = BoolGetDatum(result);
}

}  // namespace hyrax::executor
