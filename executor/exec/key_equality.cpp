// Key-column row equality (see key_equality.h).
#include "executor/exec/key_equality.h"

#include "executor/expr/function_lookup.h"

namespace hyrax::executor {

KeyEquality::KeyEquality(const nodes::GroupColumns& keys) {
  for (int i = 0; i < keys.numCols(); ++i) {
    columns_.push_back(keys.colIdx[i] - 1);
    FmgrInfo eq;
    FmgrInfoForFunction(OperatorFunction(keys.eqOperators[i]), &eq);
    eq_fns_.push_back(eq);
    collations_.push_back(i < static_cast<int>(keys.collations.size()) ? keys.collations[i]
                                                                       : kInvalidOid);
  }
}

bool KeyEquality::Equal(const Datum* a_values, const bool* a_nulls, const Datum* b_values,
                        const bool* b_nulls) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    int col = columns_[i];
    if (a_nulls[col] || b_nulls[col]) {
      if (a_nulls[col] && b_nulls[col]) continue;
      return false;
    }
    LocalFunctionCallInfo<2> call(&eq_fns_[i], collations_[i]);
    call.SetArg(0, a_values[col]);
    call.SetArg(1, b_values[col]);
    Datum eq = FunctionCallInvoke(&call.fcinfo);
    if (call.fcinfo.isnull || !DatumGetBool(eq)) return false;
  }
  return true;
}

}  // namespace hyrax::executor
