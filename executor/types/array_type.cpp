// Executor array helpers over common/array_layout (see array_type.h).
#include "executor/types/array_type.h"

#include <memory>

#include "common/error.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "executor/types/type_oids.h"

namespace hyrax::executor {

namespace {

constexpr int kMaxArraySize = 0x3FFFFFFF / 8;  // PostgreSQL's MaxArraySize

[[noreturn]] void ThrowTooLarge() {
  throw MakeError(errcode::kProgramLimitExceeded, "array size exceeds the maximum allowed ({})",
                  kMaxArraySize);
}

}  // namespace

bool BuiltinElementType(Oid type_oid, ElementType* out) {
  struct Row {
    Oid oid;
    int16_t typlen;
    bool byval;
    char align;
  };
  static constexpr Row kRows[] = {
      {kBoolOid, 1, true, 'c'},         {kByteaOid, -1, false, 'i'},
      {kCharOid, 1, true, 'c'},         {kNameOid, 64, false, 'c'},
      {kInt8Oid, 8, true, 'd'},         {kInt2Oid, 2, true, 's'},
      {kInt2VectorOid, -1, false, 'i'}, {kInt4Oid, 4, true, 'i'},
      {kRegprocOid, 4, true, 'i'},      {kTextOid, -1, false, 'i'},
      {kOidOid, 4, true, 'i'},          {kTidOid, 6, false, 's'},
      {kXidOid, 4, true, 'i'},          {kCidOid, 4, true, 'i'},
      {kOidVectorOid, -1, false, 'i'},  {kJsonOid, -1, false, 'i'},
      {kFloat4Oid, 4, true, 'i'},       {kFloat8Oid, 8, true, 'd'},
      {kUnknownOid, -2, false, 'c'},    {kBpcharOid, -1, false, 'i'},
      {kVarcharOid, -1, false, 'i'},    {kDateOid, 4, true, 'i'},
      {kTimeOid, 8, true, 'd'},         {kTimestampOid, 8, true, 'd'},
      {kTimestampTzOid, 8, true, 'd'},  {kIntervalOid, 16, false, 'd'},
      {kTimeTzOid, 12, false, 'd'},     {kNumericOid, -1, false, 'i'},
      {kRegprocedureOid, 4, true, 'i'}, {kRegoperOid, 4, true, 'i'},
      {kRegoperatorOid, 4, true, 'i'},  {kRegclassOid, 4, true, 'i'},
      {kRegtypeOid, 4, true, 'i'},      {kCStringOid, -2, false, 'c'},
      {kUuidOid, 16, false, 'c'},       {kJsonbOid, -1, false, 'i'},
      {kRegnamespaceOid, 4, true, 'i'}, {kRegroleOid, 4, true, 'i'},
      {kRegcollationOid, 4, true, 'i'}, {kXid8Oid, 8, true, 'd'},
  };
  for (const Row& row : kRows) {
    if (row.oid == type_oid) {
      *out = ElementType{row.oid, row.typlen, row.byval, row.align, ','};
      return true;
    }
  }
  return false;
}

int ArrayItemCount(int ndim, const int* dims) {
  if (ndim <= 0) return 0;
  int64_t count = 1;
  for (int i = 0; i < ndim; ++i) {
    if (dims[i] < 0) ThrowTooLarge();
    count *= dims[i];
    if (count > kMaxArraySize) ThrowTooLarge();
  }
  return static_cast<int>(count);
}

ArrayView::ArrayView(Datum array) : base_(DatumGetPointer<const char>(array)) {
  nitems_ = ArrayItemCount(ndim(), ArrayDims(base_));
}

uint32_t ArrayView::TotalSize() const {
  return VarSize(base_);
}

bool ArrayView::IsNull(int index) const {
  if (!HasNulls()) return false;
  const auto* bitmap = reinterpret_cast<const uint8_t*>(ArrayLbounds(base_) + ndim());
  return (bitmap[index / 8] & (1u << (index % 8))) == 0;
}

void ArrayView::Deconstruct(const ElementType& elem, std::vector<Datum>* values,
                            std::vector<bool>* nulls) const {
  DeconstructArray(base_, elem.layout(), values, nulls);
}

Datum ConstructArray(const Datum* values, const bool* nulls, int ndims, const int* dims,
                     const int* lbounds, const ElementType& elem) {
  int nitems = ArrayItemCount(ndims, dims);
  if (nitems == 0) return ConstructEmptyArray(elem.oid);
  return hyrax::ConstructArray(values, nulls, ndims, dims, lbounds, elem.oid, elem.layout());
}

Datum ConstructArray1D(const std::vector<Datum>& values, const std::vector<bool>* nulls,
                       const ElementType& elem) {
  int dims[1] = {static_cast<int>(values.size())};
  int lbounds[1] = {1};
  std::unique_ptr<bool[]> null_flags;
  if (nulls != nullptr) {
    null_flags = std::make_unique<bool[]>(values.size() + 1);
    for (size_t i = 0; i < values.size(); ++i) null_flags[i] = (*nulls)[i];
  }
  return ConstructArray(values.data(), null_flags.get(), 1, dims, lbounds, elem);
}

Datum ConstructEmptyArray(Oid elemtype) {
  return hyrax::ConstructArray(nullptr, nullptr, 0, nullptr, nullptr, elemtype, ElementLayout());
}

}  // namespace hyrax::executor
