// Element operations and element access for arrays (see array_support.h).
#include "executor/functions/array_support.h"

#include <memory>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "executor/functions/fmgr_catalog.h"
#include "executor/functions/type_io.h"
#include "executor/types/format_type.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

// Support procedure `procnum` of the default opclass of `am` for `type`, if any.
void FindSupport(Oid am, Oid type, int16_t procnum, FmgrInfo* out) {
  catalog::SysCache& cache = catalog::Syscache();
  std::optional<catalog::PgOpclass> opclass = cache.DefaultOpclass(am, type);
  if (!opclass) return;
  for (const catalog::PgAmproc& p : cache.AmprocsOfFamily(opclass->opcfamily)) {
    if (p.amproclefttype == opclass->opcintype && p.amprocrighttype == opclass->opcintype &&
        p.amprocnum == procnum) {
      FmgrInfoForOid(p.amproc, out, TopMemoryContext());
      return;
    }
  }
}

}  // namespace

ArrayElementOps& LookupElementOps(Oid elemtype) {
  static std::unordered_map<Oid, std::unique_ptr<ArrayElementOps>> cache;
  auto it = cache.find(elemtype);
  if (it != cache.end()) return *it->second;
  auto ops = std::make_unique<ArrayElementOps>();
  ops->elem = LookupTypeIo(elemtype).storage;
  FindSupport(catalog::kBtreeAmOid, elemtype, 1, &ops->cmp);
  FindSupport(catalog::kHashAmOid, elemtype, 1, &ops->hash);
  FindSupport(catalog::kHashAmOid, elemtype, 2, &ops->hash_extended);
  ArrayElementOps& ref = *ops;
  cache.emplace(elemtype, std::move(ops));
  return ref;
}

int CompareElements(ArrayElementOps& ops, Datum a, Datum b, Oid collation) {
  if (ops.cmp.fn_addr == nullptr) {
    throw MakeError(errcode::kUndefinedFunction,
                    "could not identify a comparison function for type {}",
                    FormatTypeName(ops.elem.oid));
  }
  int32_t c = DatumGetInt32(FunctionCall(&ops.cmp, collation, a, b));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

uint32_t HashElement(ArrayElementOps& ops, Datum a, Oid collation) {
  if (ops.hash.fn_addr == nullptr) {
    throw MakeError(errcode::kUndefinedFunction, "could not identify a hash function for type {}",
                    FormatTypeName(ops.elem.oid));
  }
  return DatumGetUInt32(FunctionCall(&ops.hash, collation, a));
}

uint64_t HashElementExtended(ArrayElementOps& ops, Datum a, uint64_t seed, Oid collation) {
  if (ops.hash_extended.fn_addr == nullptr) {
    throw MakeError(errcode::kUndefinedFunction,
                    "could not identify an extended hash function for type {}",
                    FormatTypeName(ops.elem.oid));
  }
  return static_cast<uint64_t>(
      DatumGetInt64(FunctionCall(&ops.hash_extended, collation, a, Int64GetDatum(seed))));
}

void CheckSameElementType(Oid a, Oid b, const char* what) {
  if (a != b) {
    throw MakeError(errcode::kDatatypeMismatch, "cannot {} arrays of different element types",
                    what);
  }
}

// Row-major index of `subscripts`, or -1 when out of bounds.
static int64_t Offset(const ArrayView& view, const int* subscripts) {
  int64_t offset = 0;
  for (int d = 0; d < view.ndim(); ++d) {
    int64_t i = int64_t{subscripts[d]} - view.lbound(d);
    if (i < 0 || i >= view.dim(d)) return -1;
    offset = offset * view.dim(d) + i;
  }
  return offset;
}

NullableDatum ArrayGetElement(Datum array, const int* subscripts, int nsubs,
                              const ElementType& elem) {
  ArrayView view(array);
  if (nsubs != view.ndim() || view.ndim() == 0) return {0, true};
  int64_t offset = Offset(view, subscripts);
  if (offset < 0) return {0, true};
  std::vector<Datum> values;
  std::vector<bool> nulls;
  view.Deconstruct(elem, &values, &nulls);
  return {values[offset], static_cast<bool>(nulls[offset])};
}

Datum ArraySetElement(Datum array, const int* subscripts, int nsubs, NullableDatum value,
                      const ElementType& elem) {
  ArrayView view(array);
  std::vector<Datum> values;
  std::vector<bool> nulls;
  view.Deconstruct(elem, &values, &nulls);
  if (view.ndim() == 0) {
    if (nsubs != 1) {
      throw Error(errcode::kArraySubscriptError, "wrong number of array subscripts");
    }
    int dims[1] = {1}, lbs[1] = {subscripts[0]};
    bool null_flag[1] = {value.isnull};
    return ConstructArray(&value.value, null_flag, 1, dims, lbs, elem);
  }
  if (nsubs != view.ndim()) {
    throw Error(errcode::kArraySubscriptError, "wrong number of array subscripts");
  }
  int dims[kMaxArrayDims], lbs[kMaxArrayDims];
  for (int d = 0; d < view.ndim(); ++d) {
    dims[d] = view.dim(d);
    lbs[d] = view.lbound(d);
  }
  int64_t offset = Offset(view, subscripts);
  if (offset < 0) {
    if (view.ndim() != 1)
      throw Error(errcode::kArraySubscriptError, "array subscript out of range");
    // Extend a one-dimensional array, padding with NULLs.
    int64_t lo = std::min<int64_t>(lbs[0], subscripts[0]);
    int64_t hi = std::max<int64_t>(int64_t{lbs[0]} + dims[0] - 1, subscripts[0]);
    std::vector<Datum> nv(hi - lo + 1, 0);
    std::vector<bool> nn(hi - lo + 1, true);
    for (int64_t i = 0; i < dims[0]; ++i) {
      nv[lbs[0] - lo + i] = values[i];
      nn[lbs[0] - lo + i] = nulls[i];
    }
    values.swap(nv);
    nulls.swap(nn);
    lbs[0] = static_cast<int>(lo);
    dims[0] = static_cast<int>(hi - lo + 1);
    offset = subscripts[0] - lo;
  }
  values[offset] = value.value;
  nulls[offset] = value.isnull;
  std::unique_ptr<bool[]> flags(new bool[values.size() + 1]);
  for (size_t i = 0; i < values.size(); ++i) flags[i] = nulls[i];
  return ConstructArray(values.data(), flags.get(), view.ndim(), dims, lbs, elem);
}

}  // namespace hyrax::executor
