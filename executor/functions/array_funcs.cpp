// Array functions: comparisons (element-wise with the element type's btree support; NULL
// elements sort last; then by size, dimensions and lower bounds), hashing, @> <@ &&,
// dimension info, array_position(s), array_to_string / string_to_array, array_cat,
// array_append/prepend/remove/replace, array_fill, trim_array. Behaviour and messages are
// PostgreSQL 15's. See README.md "Arrays".
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "executor/functions/array_support.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/type_io.h"
#include "executor/types/format_type.h"
#include "executor/types/multibyte.h"
#include "executor/types/type_oids.h"

namespace hyrax::executor {

namespace {

// An array argument, deconstructed.
struct Elements {
  explicit Elements(Datum array) : view(array), ops(&LookupElementOps(view.elemtype())) {
    view.Deconstruct(ops->elem, &values, &nulls);
  }
  ArrayView view;
  ArrayElementOps* ops;
  std::vector<Datum> values;
  std::vector<bool> nulls;
};

Datum Build(const std::vector<Datum>& values, const std::vector<bool>& nulls, int ndim,
            const int* dims, const int* lbs, const ElementType& elem) {
  std::unique_ptr<bool[]> flags(new bool[values.size() + 1]);
  for (size_t i = 0; i < values.size(); ++i) flags[i] = nulls[i];
  return ConstructArray(values.data(), flags.get(), ndim, dims, lbs, elem);
}

int ArrayCompare(FunctionCallInfo* f) {
  Elements a(f->Arg(0)), b(f->Arg(1));
  CheckSameElementType(a.view.elemtype(), b.view.elemtype(), "compare");
  size_t n = std::min(a.values.size(), b.values.size());
  for (size_t i = 0; i < n; ++i) {
    if (a.nulls[i] && b.nulls[i]) continue;
    if (a.nulls[i]) return 1;
    if (b.nulls[i]) return -1;
    int c = CompareElements(*a.ops, a.values[i], b.values[i], f->fncollation);
    if (c != 0) return c;
  }
  if (a.values.size() != b.values.size()) return a.values.size() < b.values.size() ? -1 : 1;
  if (a.view.ndim() != b.view.ndim()) return a.view.ndim() < b.view.ndim() ? -1 : 1;
  for (int d = 0; d < a.view.ndim(); ++d) {
    if (a.view.dim(d) != b.view.dim(d)) return a.view.dim(d) < b.view.dim(d) ? -1 : 1;
  }
  for (int d = 0; d < a.view.ndim(); ++d) {
    if (a.view.lbound(d) != b.view.lbound(d)) return a.view.lbound(d) < b.view.lbound(d) ? -1 : 1;
  }
  return 0;
}

// Equality also requires equal dimensions and lower bounds.
bool ArrayEquals(FunctionCallInfo* f) {
  Elements a(f->Arg(0)), b(f->Arg(1));
  CheckSameElementType(a.view.elemtype(), b.view.elemtype(), "compare");
  if (a.view.ndim() != b.view.ndim()) return false;
  for (int d = 0; d < a.view.ndim(); ++d) {
    if (a.view.dim(d) != b.view.dim(d) || a.view.lbound(d) != b.view.lbound(d)) return false;
  }
  for (size_t i = 0; i < a.values.size(); ++i) {
    if (a.nulls[i] != b.nulls[i]) return false;
    if (!a.nulls[i] && CompareElements(*a.ops, a.values[i], b.values[i], f->fncollation) != 0) {
      return false;
    }
  }
  return true;
}

Datum ArrayEq(FunctionCallInfo* f) {
  return BoolGetDatum(ArrayEquals(f));
}
Datum ArrayNe(FunctionCallInfo* f) {
  return BoolGetDatum(!ArrayEquals(f));
}
Datum ArrayLt(FunctionCallInfo* f) {
  return BoolGetDatum(ArrayCompare(f) < 0);
}
Datum ArrayLe(FunctionCallInfo* f) {
  return BoolGetDatum(ArrayCompare(f) <= 0);
}
Datum ArrayGt(FunctionCallInfo* f) {
  return BoolGetDatum(ArrayCompare(f) > 0);
}
Datum ArrayGe(FunctionCallInfo* f) {
  return BoolGetDatum(ArrayCompare(f) >= 0);
}
Datum BtArrayCmp(FunctionCallInfo* f) {
  return Int32GetDatum(ArrayCompare(f));
}
Datum ArrayLarger(FunctionCallInfo* f) {
  return ArrayCompare(f) > 0 ? f->Arg(0) : f->Arg(1);
}
Datum ArraySmaller(FunctionCallInfo* f) {
  return ArrayCompare(f) < 0 ? f->Arg(0) : f->Arg(1);
}

// result = result * 31 + element hash, starting from 1 (PostgreSQL's hash_array).
Datum HashArray(FunctionCallInfo* f) {
  Elements a(f->Arg(0));
  uint32_t result = 1;
  for (size_t i = 0; i < a.values.size(); ++i) {
    uint32_t h = a.nulls[i] ? 0 : HashElement(*a.ops, a.values[i], f->fncollation);
    result = (result << 5) - result + h;
  }
  return UInt32GetDatum(result);
}
Datum HashArrayExtended(FunctionCallInfo* f) {
  Elements a(f->Arg(0));
  uint64_t seed = static_cast<uint64_t>(f->ArgInt64(1));
  uint64_t result = 1;
  for (size_t i = 0; i < a.values.size(); ++i) {
    uint64_t h = a.nulls[i] ? 0 : HashElementExtended(*a.ops, a.values[i], seed, f->fncollation);
    result = (result << 5) - result + h;
  }
  return Int64GetDatum(static_cast<int64_t>(result));
}

// Whether every non-null element of `needles` is in `hay` (match_all) or any is.
bool ContainCompare(FunctionCallInfo* f, Datum hay_array, Datum needle_array, bool match_all) {
  Elements hay(hay_array), needles(needle_array);
  CheckSameElementType(hay.view.elemtype(), needles.view.elemtype(), "compare");
  for (size_t i = 0; i < needles.values.size(); ++i) {
    if (needles.nulls[i]) {
      if (match_all) return false;
      continue;
    }
    bool found = false;
    for (size_t j = 0; j < hay.values.size() && !found; ++j) {
      found = !hay.nulls[j] &&
              CompareElements(*hay.ops, needles.values[i], hay.values[j], f->fncollation) == 0;
    }
    if (found && !match_all) return true;
    if (!found && match_all) return false;
  }
  return match_all;
}
Datum ArrayContains(FunctionCallInfo* f) {
  return BoolGetDatum(ContainCompare(f, f->Arg(0), f->Arg(1), true));
}
Datum ArrayContained(FunctionCallInfo* f) {
  return BoolGetDatum(ContainCompare(f, f->Arg(1), f->Arg(0), true));
}
Datum ArrayOverlap(FunctionCallInfo* f) {
  return BoolGetDatum(ContainCompare(f, f->Arg(1), f->Arg(0), false));
}

Datum ArrayNdims(FunctionCallInfo* f) {
  ArrayView v(f->Arg(0));
  if (v.ndim() <= 0 || v.ndim() > kMaxArrayDims) return f->ReturnNull();
  return Int32GetDatum(v.ndim());
}
Datum ArrayDims(FunctionCallInfo* f) {
  ArrayView v(f->Arg(0));
  if (v.ndim() <= 0 || v.ndim() > kMaxArrayDims) return f->ReturnNull();
  std::string out;
  for (int d = 0; d < v.ndim(); ++d) {
    out +=
        "[" + std::to_string(v.lbound(d)) + ":" + std::to_string(v.lbound(d) + v.dim(d) - 1) + "]";
  }
  return TextDatum(out);
}
template <int kWhat>  // 0 length, 1 lower, 2 upper
Datum ArrayDimInfo(FunctionCallInfo* f) {
  ArrayView v(f->Arg(0));
  int d = f->ArgInt32(1);
  if (v.ndim() <= 0 || v.ndim() > kMaxArrayDims || d <= 0 || d > v.ndim()) {
    return f->ReturnNull();
  }
  int value = kWhat == 0   ? v.dim(d - 1)
              : kWhat == 1 ? v.lbound(d - 1)
                           : v.lbound(d - 1) + v.dim(d - 1) - 1;
  return Int32GetDatum(value);
}
Datum ArrayCardinality(FunctionCallInfo* f) {
  return Int32GetDatum(ArrayView(f->Arg(0)).ItemCount());
}

// array_position(s): 1-D only; NULL finds the first NULL (IS NOT DISTINCT FROM).
std::vector<int32_t> Positions(FunctionCallInfo* f, bool first_only, int32_t start) {
  Elements a(f->Arg(0));
  if (a.view.ndim() > 1) {
    throw Error(errcode::kFeatureNotSupported,
                "searching for elements in multidimensional arrays is not supported");
  }
  std::vector<int32_t> out;
  if (a.view.ndim() == 0) return out;
  bool want_null = f->ArgIsNull(1);
  int32_t lb = a.view.lbound(0);
  for (size_t i = 0; i < a.values.size(); ++i) {
    int32_t subscript = lb + static_cast<int32_t>(i);
    if (subscript < start) continue;
    bool match = want_null ? a.nulls[i]
                           : !a.nulls[i] && CompareElements(*a.ops, a.values[i], f->Arg(1),
                                                            f->fncollation) == 0;
    if (match) {
      out.push_back(subscript);
      if (first_only) break;
    }
  }
  return out;
}
Datum ArrayPosition(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  int32_t start = INT32_MIN;
  if (f->nargs > 2) {
    if (f->ArgIsNull(2)) {
      throw Error(errcode::kNullValueNotAllowed, "initial position must not be null");
    }
    start = f->ArgInt32(2);
  }
  std::vector<int32_t> pos = Positions(f, true, start);
  if (pos.empty()) return f->ReturnNull();
  return Int32GetDatum(pos[0]);
}
Datum ArrayPositions(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  std::vector<int32_t> pos = Positions(f, false, INT32_MIN);
  std::vector<Datum> values;
  for (int32_t p : pos) values.push_back(Int32GetDatum(p));
  ElementType elem;
  BuiltinElementType(kInt4Oid, &elem);
  return ConstructArray1D(values, nullptr, elem);
}

Datum ArrayToText(FunctionCallInfo* f) {
  if (f->ArgIsNull(0) || f->ArgIsNull(1)) return f->ReturnNull();
  bool have_null_string = f->nargs > 2 && !f->ArgIsNull(2);
  Elements a(f->Arg(0));
  TypeIoInfo& io = LookupTypeIo(a.view.elemtype());
  std::string_view delim = f->ArgText(1);
  std::string out;
  bool first = true;
  for (size_t i = 0; i < a.values.size(); ++i) {
    std::string item;
    if (a.nulls[i]) {
      if (!have_null_string) continue;
      item = std::string(f->ArgText(2));
    } else {
      item = OutputFunctionCall(&io.output, a.values[i]);
    }
    if (!first) out.append(delim);
    first = false;
    out += item;
  }
  return TextDatum(out);
}

Datum TextToArray(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  std::string_view s = f->ArgText(0);
  bool have_null = f->nargs > 2 && !f->ArgIsNull(2);
  std::string_view null_string = have_null ? f->ArgText(2) : std::string_view();
  std::vector<std::string_view> fields;
  if (!s.empty()) {
    if (f->ArgIsNull(1)) {
      for (size_t i = 0; i < s.size();) {
        size_t n = std::min<size_t>(Utf8CharLen(static_cast<unsigned char>(s[i])), s.size() - i);
        fields.push_back(s.substr(i, n));
        i += n;
      }
    } else if (f->ArgText(1).empty()) {
      fields.push_back(s);
    } else {
      std::string_view sep = f->ArgText(1);
      size_t pos = 0;
      while (true) {
        size_t hit = s.find(sep, pos);
        fields.push_back(s.substr(pos, hit == std::string_view::npos ? hit : hit - pos));
        if (hit == std::string_view::npos) break;
        pos = hit + sep.size();
      }
    }
  }
  std::vector<Datum> values;
  std::vector<bool> nulls;
  for (std::string_view field : fields) {
    bool is_null = have_null && field == null_string;
    values.push_back(is_null ? 0 : TextDatum(field));
    nulls.push_back(is_null);
  }
  ElementType elem;
  BuiltinElementType(kTextOid, &elem);
  if (values.empty()) return ConstructEmptyArray(kTextOid);
  return ConstructArray1D(values, &nulls, elem);
}

// The element type of a polymorphic call: from the array when present, else from the
// call site's declared argument type.
ElementType ElementOf(FunctionCallInfo* f, int array_arg, int elem_arg) {
  Oid elemtype = kInvalidOid;
  if (array_arg >= 0 && !f->ArgIsNull(array_arg)) {
    elemtype = ArrayView(f->Arg(array_arg)).elemtype();
  } else if (elem_arg >= 0) {
    elemtype = f->ArgType(elem_arg);
  }
  if (elemtype == kInvalidOid) {
    throw Error(errcode::kInternalError, "could not determine input data type");
  }
  return LookupTypeIo(elemtype).storage;
}

[[noreturn]] void ThrowIncompatible(const std::string& detail) {
  throw Error(errcode::kArraySubscriptError, "cannot concatenate incompatible arrays")
      .Detail(detail);
}

Datum ArrayCat(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ArgIsNull(1) ? f->ReturnNull() : f->Arg(1);
  if (f->ArgIsNull(1)) return f->Arg(0);
  Elements a(f->Arg(0)), b(f->Arg(1));
  if (a.view.elemtype() != b.view.elemtype()) {
    ThrowIncompatible("Arrays with element types " + FormatTypeName(a.view.elemtype()) + " and " +
                      FormatTypeName(b.view.elemtype()) + " are not compatible for concatenation.");
  }
  int na = a.view.ndim(), nb = b.view.ndim();
  if (na == 0 && nb > 0) return f->Arg(1);
  if (nb == 0) return f->Arg(0);
  if (na != nb && na != nb - 1 && na != nb + 1) {
    ThrowIncompatible("Arrays of " + std::to_string(na) + " and " + std::to_string(nb) +
                      " dimensions are not compatible for concatenation.");
  }
  int dims[kMaxArrayDims], lbs[kMaxArrayDims];
  const ArrayView& outer = na >= nb ? a.view : b.view;
  const ArrayView& inner = na >= nb ? b.view : a.view;
  int ndim = std::max(na, nb);
  for (int d = 0; d < ndim; ++d) {
    dims[d] = outer.dim(d);
    lbs[d] = outer.lbound(d);
  }
  if (na == nb) {
    dims[0] = a.view.dim(0) + b.view.dim(0);
    lbs[0] = a.view.lbound(0);
    for (int d = 1; d < ndim; ++d) {
      if (a.view.dim(d) != b.view.dim(d) || a.view.lbound(d) != b.view.lbound(d)) {
        ThrowIncompatible(
            "Arrays with differing element dimensions are not compatible for concatenation.");
      }
    }
  } else {
    dims[0] += 1;
    for (int d = 0; d < inner.ndim(); ++d) {
      if (inner.dim(d) != dims[d + 1] || inner.lbound(d) != lbs[d + 1]) {
        ThrowIncompatible("Arrays with differing dimensions are not compatible for concatenation.");
      }
    }
  }
  std::vector<Datum> values(a.values);
  std::vector<bool> nulls(a.nulls);
  values.insert(values.end(), b.values.begin(), b.values.end());
  nulls.insert(nulls.end(), b.nulls.begin(), b.nulls.end());
  return Build(values, nulls, ndim, dims, lbs, a.ops->elem);
}

Datum ArrayAppendPrepend(FunctionCallInfo* f, bool append) {
  int array_arg = append ? 0 : 1, elem_arg = append ? 1 : 0;
  ElementType elem = ElementOf(f, array_arg, elem_arg);
  NullableDatum value{f->ArgIsNull(elem_arg) ? 0 : f->Arg(elem_arg), f->ArgIsNull(elem_arg)};
  if (f->ArgIsNull(array_arg)) {
    return Build({value.value}, {value.isnull}, 1, std::array<int, 1>{1}.data(),
                 std::array<int, 1>{1}.data(), elem);
  }
  Elements a(f->Arg(array_arg));
  if (a.view.ndim() == 0) {
    int one[1] = {1};
    return Build({value.value}, {value.isnull}, 1, one, one, elem);
  }
  if (a.view.ndim() != 1) {
    throw Error(errcode::kDataException, "argument must be empty or one-dimensional array");
  }
  int dims[1] = {a.view.dim(0) + 1};
  int lbs[1] = {a.view.lbound(0)};
  if (append && int64_t{lbs[0]} + a.view.dim(0) > INT32_MAX) {
    throw Error(errcode::kNumericValueOutOfRange, "integer out of range");
  }
  std::vector<Datum> values(a.values);
  std::vector<bool> nulls(a.nulls);
  if (append) {
    values.push_back(value.value);
    nulls.push_back(value.isnull);
  } else {
    values.insert(values.begin(), value.value);
    nulls.insert(nulls.begin(), value.isnull);
  }
  return Build(values, nulls, 1, dims, lbs, a.ops->elem);
}
Datum ArrayAppend(FunctionCallInfo* f) {
  return ArrayAppendPrepend(f, true);
}
Datum ArrayPrepend(FunctionCallInfo* f) {
  return ArrayAppendPrepend(f, false);
}

// array_remove / array_replace (PostgreSQL's array_replace_internal).
Datum ReplaceInternal(FunctionCallInfo* f, bool remove) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  Elements a(f->Arg(0));
  if (remove && a.view.ndim() > 1) {
    throw Error(errcode::kFeatureNotSupported,
                "removing elements from multidimensional arrays is not supported");
  }
  bool search_null = f->ArgIsNull(1);
  std::vector<Datum> values;
  std::vector<bool> nulls;
  for (size_t i = 0; i < a.values.size(); ++i) {
    bool match = search_null ? a.nulls[i]
                             : !a.nulls[i] && CompareElements(*a.ops, a.values[i], f->Arg(1),
                                                              f->fncollation) == 0;
    if (!match) {
      values.push_back(a.values[i]);
      nulls.push_back(a.nulls[i]);
    } else if (!remove) {
      values.push_back(f->ArgIsNull(2) ? 0 : f->Arg(2));
      nulls.push_back(f->ArgIsNull(2));
    }
  }
  if (a.view.ndim() == 0) return f->Arg(0);
  if (values.empty()) return ConstructEmptyArray(a.view.elemtype());
  int dims[kMaxArrayDims], lbs[kMaxArrayDims];
  for (int d = 0; d < a.view.ndim(); ++d) {
    dims[d] = a.view.dim(d);
    lbs[d] = a.view.lbound(d);
  }
  if (remove) dims[0] = static_cast<int>(values.size());
  return Build(values, nulls, a.view.ndim(), dims, lbs, a.ops->elem);
}
Datum ArrayRemove(FunctionCallInfo* f) {
  return ReplaceInternal(f, true);
}
Datum ArrayReplace(FunctionCallInfo* f) {
  return ReplaceInternal(f, false);
}

// int4[] of dimensions / lower bounds for array_fill.
std::vector<int> IntArray(Datum d) {
  ArrayView v(d);
  if (v.ndim() > 1) {
    throw Error(errcode::kArraySubscriptError, "wrong number of array subscripts")
        .Detail("Dimension array must be one dimensional.");
  }
  if (v.HasNulls()) throw Error(errcode::kNullValueNotAllowed, "dimension values cannot be null");
  ElementType elem;
  BuiltinElementType(kInt4Oid, &elem);
  std::vector<Datum> values;
  std::vector<bool> nulls;
  v.Deconstruct(elem, &values, &nulls);
  std::vector<int> out;
  for (Datum x : values) out.push_back(DatumGetInt32(x));
  return out;
}

Datum ArrayFill(FunctionCallInfo* f) {
  if (f->ArgIsNull(1) || (f->nargs > 2 && f->ArgIsNull(2))) {
    throw Error(errcode::kNullValueNotAllowed, "dimension array or low bound array cannot be null");
  }
  std::vector<int> dims = IntArray(f->Arg(1));
  std::vector<int> lbs = f->nargs > 2 ? IntArray(f->Arg(2)) : std::vector<int>(dims.size(), 1);
  if (f->nargs > 2 && lbs.size() != dims.size()) {
    throw Error(errcode::kArraySubscriptError, "wrong number of array subscripts")
        .Detail("Low bound array has different size than dimensions array.");
  }
  if (dims.size() > kMaxArrayDims) {
    throw MakeError(errcode::kProgramLimitExceeded,
                    "number of array dimensions ({}) exceeds the maximum allowed ({})", dims.size(),
                    kMaxArrayDims);
  }
  ElementType elem = ElementOf(f, -1, 0);
  int n = ArrayItemCount(static_cast<int>(dims.size()), dims.data());
  if (dims.empty() || n == 0) return ConstructEmptyArray(elem.oid);
  std::vector<Datum> values(n, f->ArgIsNull(0) ? 0 : f->Arg(0));
  std::vector<bool> nulls(n, f->ArgIsNull(0));
  return Build(values, nulls, static_cast<int>(dims.size()), dims.data(), lbs.data(), elem);
}

Datum TrimArray(FunctionCallInfo* f) {
  Elements a(f->Arg(0));
  int32_t n = f->ArgInt32(1);
  int first_dim = a.view.ndim() > 0 ? a.view.dim(0) : 0;
  if (n < 0 || n > first_dim) {
    throw MakeError(errcode::kArraySubscriptError,
                    "number of elements to trim must be between 0 and {}", first_dim);
  }
  if (a.view.ndim() == 0) return f->Arg(0);
  int dims[kMaxArrayDims], lbs[kMaxArrayDims];
  int64_t inner = 1;
  for (int d = 0; d < a.view.ndim(); ++d) {
    dims[d] = a.view.dim(d);
    lbs[d] = a.view.lbound(d);
    if (d > 0) inner *= dims[d];
  }
  dims[0] -= n;
  size_t keep = static_cast<size_t>(inner * dims[0]);
  if (keep == 0) return ConstructEmptyArray(a.view.elemtype());
  std::vector<Datum> values(a.values.begin(), a.values.begin() + keep);
  std::vector<bool> nulls(a.nulls.begin(), a.nulls.begin() + keep);
  return Build(values, nulls, a.view.ndim(), dims, lbs, a.ops->elem);
}

const BuiltinFunction kArrayFuncBuiltins[] = {
    {"array_eq", ArrayEq, 2},
    {"array_ne", ArrayNe, 2},
    {"array_lt", ArrayLt, 2},
    {"array_le", ArrayLe, 2},
    {"array_gt", ArrayGt, 2},
    {"array_ge", ArrayGe, 2},
    {"btarraycmp", BtArrayCmp, 2},
    {"array_larger", ArrayLarger, 2},
    {"array_smaller", ArraySmaller, 2},
    {"hash_array", HashArray, 1},
    {"hash_array_extended", HashArrayExtended, 2},
    {"arraycontains", ArrayContains, 2},
    {"arraycontained", ArrayContained, 2},
    {"arrayoverlap", ArrayOverlap, 2},
    {"array_ndims", ArrayNdims, 1},
    {"array_dims", ArrayDims, 1},
    {"array_length", ArrayDimInfo<0>, 2},
    {"array_lower", ArrayDimInfo<1>, 2},
    {"array_upper", ArrayDimInfo<2>, 2},
    {"array_cardinality", ArrayCardinality, 1},
    {"array_position", ArrayPosition, 2},
    {"array_position_start", ArrayPosition, 3},
    {"array_positions", ArrayPositions, 2},
    {"array_to_text", ArrayToText, 2},
    {"array_to_text_null", ArrayToText, 3},
    {"text_to_array", TextToArray, 2},
    {"text_to_array_null", TextToArray, 3},
    {"array_cat", ArrayCat, 2},
    {"array_append", ArrayAppend, 2},
    {"array_prepend", ArrayPrepend, 2},
    {"array_remove", ArrayRemove, 2},
    {"array_replace", ArrayReplace, 3},
    {"array_fill", ArrayFill, 2},
    {"array_fill_with_lower_bounds", ArrayFill, 3},
    {"trim_array", TrimArray, 2},
};

}  // namespace

std::span<const BuiltinFunction> ArrayFuncBuiltins() {
  return kArrayFuncBuiltins;
}

}  // namespace hyrax::executor
