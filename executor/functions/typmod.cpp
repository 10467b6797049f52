// Typmod array parsing (see typmod.h).
#include "executor/functions/typmod.h"

#include <string>

#include "common/error.h"
#include "executor/types/array_type.h"
#include "executor/types/int_io.h"
#include "executor/types/type_oids.h"

namespace hyrax::executor {

std::vector<int32_t> IntegerTypmods(Datum cstring_array) {
  ArrayView view(cstring_array);
  if (view.elemtype() != kCStringOid) {
    throw Error(errcode::kArraySubscriptError, "typmod array must be type cstring[]");
  }
  if (view.ndim() != 1) {
    throw Error(errcode::kArraySubscriptError, "typmod array must be one-dimensional");
  }
  if (view.HasNulls()) {
    throw Error(errcode::kNullValueNotAllowed, "typmod array must not contain nulls");
  }
  ElementType elem;
  BuiltinElementType(kCStringOid, &elem);
  std::vector<Datum> values;
  std::vector<bool> nulls;
  view.Deconstruct(elem, &values, &nulls);
  std::vector<int32_t> result;
  for (Datum d : values) result.push_back(ParseInt32(DatumGetPointer<const char>(d)));
  return result;
}

int32_t CharLengthTypmodIn(Datum cstring_array, const char* type_name) {
  std::vector<int32_t> mods = IntegerTypmods(cstring_array);
  if (mods.size() != 1) throw Error(errcode::kInvalidParameterValue, "invalid type modifier");
  constexpr int32_t kMaxAttrSize = 10 * 1024 * 1024;
  if (mods[0] < 1) {
    throw MakeError(errcode::kInvalidParameterValue, "length for type {} must be at least 1",
                    type_name);
  }
  if (mods[0] > kMaxAttrSize) {
    throw MakeError(errcode::kInvalidParameterValue, "length for type {} cannot exceed {}",
                    type_name, kMaxAttrSize);
  }
  return mods[0] + 4;
}

}  // namespace hyrax::executor
