// Construction and deconstruction of PostgreSQL-layout arrays (see array_layout.h).
#include "common/array_layout.h"

#include <cstring>

#include "common/error.h"
#include "common/memory_context.h"
#include "common/varlena.h"

namespace hyrax {

namespace {

constexpr size_t kMaxAlign = 8;
size_t MaxAlign(size_t n) {
  return (n + kMaxAlign - 1) & ~(kMaxAlign - 1);
}

size_t OverheadNoNulls(int ndim) {
  return MaxAlign(sizeof(ArrayHeader) + 2 * sizeof(int32_t) * ndim);
}
size_t OverheadWithNulls(int ndim, int nitems) {
  return MaxAlign(sizeof(ArrayHeader) + 2 * sizeof(int32_t) * ndim + (nitems + 7) / 8);
}

size_t ElementSize(Datum d, const ElementLayout& layout) {
  if (layout.len > 0) return static_cast<size_t>(layout.len);
  if (layout.len == -1) return VarSize(DatumGetPointer<const void>(d));
  return std::strlen(DatumGetPointer<const char>(d)) + 1;
}

void StoreElement(char* dst, Datum d, const ElementLayout& layout, size_t size) {
  if (layout.byval) {
    switch (layout.len) {
      case 1:
        *dst = static_cast<char>(d);
        break;
      case 2: {
        int16_t v = static_cast<int16_t>(d);
        std::memcpy(dst, &v, 2);
        break;
      }
      case 4: {
        int32_t v = static_cast<int32_t>(d);
        std::memcpy(dst, &v, 4);
        break;
      }
      default:
        std::memcpy(dst, &d, 8);
        break;
    }
  } else {
    std::memcpy(dst, DatumGetPointer<const char>(d), size);
  }
}

Datum FetchElement(const char* src, const ElementLayout& layout) {
  if (!layout.byval) return PointerGetDatum(src);
  switch (layout.len) {
    case 1:
      return static_cast<Datum>(static_cast<uint8_t>(*src));
    case 2: {
      int16_t v;
      std::memcpy(&v, src, 2);
      return Int16GetDatum(v);
    }
    case 4: {
      int32_t v;
      std::memcpy(&v, src, 4);
      return Int32GetDatum(v);
    }
    default: {
      Datum v;
      std::memcpy(&v, src, 8);
      return v;
    }
  }
}

}  // namespace

size_t AlignByCode(size_t offset, char align) {
  size_t a = align == 'c' ? 1 : align == 's' ? 2 : align == 'i' ? 4 : 8;
  return (offset + a - 1) & ~(a - 1);
}

const int32_t* ArrayDims(const void* array) {
  return reinterpret_cast<const int32_t*>(static_cast<const char*>(array) + sizeof(ArrayHeader));
}

const int32_t* ArrayLbounds(const void* array) {
  return ArrayDims(array) + ArrayNdim(array);
}

int32_t ArrayNumElements(const void* array) {
  int ndim = ArrayNdim(array);
  if (ndim == 0) return 0;
  int64_t n = 1;
  const int32_t* dims = ArrayDims(array);
  for (int i = 0; i < ndim; ++i) n *= dims[i];
  return static_cast<int32_t>(n);
}

Datum ConstructArray(const Datum* elems, const bool* isnull, int ndim, const int32_t* dims,
                     const int32_t* lbounds, Oid elemtype, const ElementLayout& layout) {
  int64_t nitems = ndim == 0 ? 0 : 1;
  for (int i = 0; i < ndim; ++i) nitems *= dims[i];
  bool has_nulls = false;
  for (int64_t i = 0; isnull != nullptr && i < nitems; ++i) has_nulls |= isnull[i];
  size_t data_offset =
      has_nulls ? OverheadWithNulls(ndim, static_cast<int>(nitems)) : OverheadNoNulls(ndim);
  size_t data_len = 0;
  for (int64_t i = 0; i < nitems; ++i) {
    if (has_nulls && isnull[i]) continue;
    data_len = AlignByCode(data_len, layout.align) + ElementSize(elems[i], layout);
  }
  size_t total = data_offset + data_len;
  if (total > kMaxVarlenaSize) {
    throw Error(errcode::kProgramLimitExceeded,
                "array size exceeds the maximum allowed (1073741823)");
  }
  char* p = static_cast<char*>(Palloc0(total));
  auto* header = reinterpret_cast<ArrayHeader*>(p);
  SetVarSize(p, static_cast<uint32_t>(total));
  header->ndim = ndim;
  header->dataoffset = has_nulls ? static_cast<int32_t>(data_offset) : 0;
  header->elemtype = elemtype;
  auto* dim_out = reinterpret_cast<int32_t*>(p + sizeof(ArrayHeader));
  for (int i = 0; i < ndim; ++i) {
    dim_out[i] = dims[i];
    dim_out[ndim + i] = lbounds[i];
  }
  auto* bitmap = reinterpret_cast<uint8_t*>(dim_out + 2 * ndim);
  size_t off = 0;
  char* data = p + data_offset;
  for (int64_t i = 0; i < nitems; ++i) {
    if (has_nulls && isnull[i]) continue;  // bitmap bit stays 0 = NULL
    if (has_nulls) bitmap[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
    off = AlignByCode(off, layout.align);
    size_t size = ElementSize(elems[i], layout);
    StoreElement(data + off, elems[i], layout, size);
    off += size;
  }
  return PointerGetDatum(p);
}

Datum ConstructArray1D(const Datum* elems, const bool* isnull, int n, Oid elemtype,
                       const ElementLayout& layout) {
  int32_t dims[1] = {n};
  int32_t lbounds[1] = {1};
  return ConstructArray(elems, isnull, n == 0 ? 0 : 1, dims, lbounds, elemtype, layout);
}

void DeconstructArray(const void* array, const ElementLayout& layout, std::vector<Datum>* elems,
                      std::vector<bool>* nulls) {
  const auto* header = static_cast<const ArrayHeader*>(array);
  int32_t nitems = ArrayNumElements(array);
  elems->clear();
  nulls->clear();
  elems->reserve(nitems);
  nulls->reserve(nitems);
  const auto* bitmap = reinterpret_cast<const uint8_t*>(ArrayLbounds(array) + header->ndim);
  const char* data = static_cast<const char*>(array) +
                     (header->dataoffset != 0 ? static_cast<size_t>(header->dataoffset)
                                              : OverheadNoNulls(header->ndim));
  size_t off = 0;
  for (int32_t i = 0; i < nitems; ++i) {
    bool is_null = header->dataoffset != 0 && (bitmap[i / 8] & (1u << (i % 8))) == 0;
    if (is_null) {
      elems->push_back(0);
      nulls->push_back(true);
      continue;
    }
    off = AlignByCode(off, layout.align);
    Datum d = FetchElement(data + off, layout);
    elems->push_back(d);
    nulls->push_back(false);
    off += ElementSize(d, layout);
  }
}

}  // namespace hyrax
