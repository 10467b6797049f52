// Forming and deforming heap tuples in PostgreSQL's layout (heaptuple.c semantics): null
// bitmap, MAXALIGNed t_hoff, attributes aligned by typalign, attcacheoff-style fast paths.
// Varlenas are written as given (4-byte headers, or the toaster's compressed values and TOAST
// pointers); deforming expands short headers, compressed and external values through
// storage/toast/detoast.h. storage/heap/README.md "Tuple format" has the layout.
#include "storage/heap/heap_tuple.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "nodes/primnodes.h"
#include "storage/page/page.h"
#include "storage/toast/detoast.h"
#include "storage/toast/toast_format.h"

namespace hyrax::storage {
namespace {

bool AttIsNull(int att_idx, const uint8_t* bits) {
  return (bits[att_idx >> 3] & (1 << (att_idx & 7))) == 0;
}

// Where a varlena attribute starts when the previous attribute ended at `off`: a short
// header is never preceded by padding, and padding bytes are zero (att_align_pointer).
size_t AlignVarlenaPointer(size_t off, char align, const char* data) {
  if (data[off] != 0) return off;
  return AlignForAttribute(off, align);
}

// `detoast`: the executor sees only plain 4-byte headers (common/varlena.h), so short,
// compressed and external values are expanded; the toaster itself reads the stored forms.
Datum FetchAttribute(const AttributeDesc& att, const char* p, bool detoast) {
  if (att.byval) {
    switch (att.len) {
      case 1:
        return CharGetDatum(*p);
      case 2: {
        int16_t v;
        std::memcpy(&v, p, sizeof(v));
        return Int16GetDatum(v);
      }
      case 4: {
        int32_t v;
        std::memcpy(&v, p, sizeof(v));
        return Int32GetDatum(v);
      }
      default: {
        int64_t v;
        std::memcpy(&v, p, sizeof(v));
        return Int64GetDatum(v);
      }
    }
  }
  if (att.len == -1 && detoast) return DetoastStoredVarlena(p);
  return PointerGetDatum(p);
}

// Bytes the stored attribute at `p` occupies (att_addlength_pointer).
size_t StoredLength(const AttributeDesc& att, const char* p) {
  if (att.len > 0) return static_cast<size_t>(att.len);
  if (att.len == -1) return VarSizeAny(p);
  return std::strlen(p) + 1;
}

// Data-area size and alignment of one non-null value being formed (heap_compute_data_size).
size_t AddValueSize(size_t off, const AttributeDesc& att, Datum value) {
  if (att.len > 0) return AlignForAttribute(off, att.align) + static_cast<size_t>(att.len);
  const char* p = DatumGetPointer<const char>(value);
  if (att.len == -1) {
    if (VarIsShort(p) || VarIsExternal(p)) return off + VarSizeAny(p);
    return AlignForAttribute(off, att.align) + VarSize(p);
  }
  return AlignForAttribute(off, att.align) + std::strlen(p) + 1;
}

void StoreByValue(char* dest, int16_t len, Datum value) {
  switch (len) {
    case 1:
      *dest = DatumGetChar(value);
      break;
    case 2: {
      int16_t v = DatumGetInt16(value);
      std::memcpy(dest, &v, sizeof(v));
      break;
    }
    case 4: {
      int32_t v = DatumGetInt32(value);
      std::memcpy(dest, &v, sizeof(v));
      break;
    }
    default: {
      int64_t v = DatumGetInt64(value);
      std::memcpy(dest, &v, sizeof(v));
      break;
    }
  }
}

// Writes the data area and null bitmap (heap_fill_tuple). `data` is zeroed, so padding
// bytes stay zero (readers of short varlenas rely on it).
void FillTuple(const TupleDesc& desc, const Datum* values, const bool* isnull, char* data,
               uint16_t* infomask, uint8_t* bits) {
  size_t off = 0;
  for (int att_idx = 0; att_idx < desc.natts(); ++att_idx) {
    const AttributeDesc& att = desc.attr(att_idx);
    if (isnull[att_idx]) {
      *infomask |= kHeapHasNull;
      continue;
    }
    if (bits != nullptr) bits[att_idx >> 3] |= static_cast<uint8_t>(1 << (att_idx & 7));
    size_t start = AddValueSize(off, att, values[att_idx]);
    size_t len;
    if (att.byval) {
      len = static_cast<size_t>(att.len);
      start -= len;
      StoreByValue(data + start, att.len, values[att_idx]);
    } else {
      const char* p = DatumGetPointer<const char>(values[att_idx]);
      len = att.len > 0 ? static_cast<size_t>(att.len)
                        : (att.len == -1 ? VarSizeAny(p) : std::strlen(p) + 1);
      start -= len;
      std::memcpy(data + start, p, len);
      if (att.len < 0) *infomask |= kHeapHasVarWidth;
      if (att.len == -1 && VarIsExternal(p)) *infomask |= kHeapHasExternal;
    }
    off = start + len;
  }
}

// Offset of attribute `target` (0-based) in the data area, walking from the start
// (nocachegetattr). Requires: the attribute is not null and target < tuple natts.
size_t WalkToAttribute(const HeapTupleHeaderData* tup, const TupleDesc& desc, int target) {
  const char* data = reinterpret_cast<const char*>(tup) + tup->t_hoff;
  bool has_nulls = HeapTupleHasNulls(tup);
  size_t off = 0;
  bool slow = false;
  for (int att_idx = 0;; ++att_idx) {
    if (has_nulls && AttIsNull(att_idx, tup->t_bits)) {
      slow = true;
      continue;
    }
    const AttributeDesc& att = desc.attr(att_idx);
    int32_t cached = desc.CachedOffset(att_idx);
    if (!slow && cached >= 0) {
      off = static_cast<size_t>(cached);
    } else if (att.len == -1) {
      off = AlignVarlenaPointer(off, att.align, data);
    } else {
      off = AlignForAttribute(off, att.align);
    }
    if (att_idx == target) return off;
    off += StoredLength(att, data + off);
    if (att.len <= 0) slow = true;
  }
}

Datum GetSystemAttribute(const HeapTuple& tuple, int attnum, bool* isnull) {
  const HeapTupleHeaderData* tup = tuple.data;
  *isnull = false;
  switch (attnum) {
    case nodes::kSelfItemPointerAttributeNumber: {
      auto* copy = static_cast<ItemPointerData*>(Palloc(sizeof(ItemPointerData)));
      *copy = tuple.self;
      return PointerGetDatum(copy);
    }
    case nodes::kMinTransactionIdAttributeNumber:
      return TransactionIdGetDatum(HeapTupleHeaderGetRawXmin(tup));
    case nodes::kMaxTransactionIdAttributeNumber:
      return TransactionIdGetDatum(HeapTupleHeaderGetRawXmax(tup));
    case nodes::kMinCommandIdAttributeNumber:
    case nodes::kMaxCommandIdAttributeNumber:
      // PostgreSQL shows the raw field (possibly a combo cid) for both.
      return UInt32GetDatum(HeapTupleHeaderGetRawCommandId(tup));
    case nodes::kTableOidAttributeNumber:
      return ObjectIdGetDatum(tuple.table_oid);
    default:
      throw MakeError(errcode::kInternalError, "invalid attnum: {}", attnum);
  }
}

}  // namespace

size_t HeapComputeDataSize(const TupleDesc& desc, const Datum* values, const bool* isnull) {
  size_t data_len = 0;
  for (int att_idx = 0; att_idx < desc.natts(); ++att_idx) {
    if (!isnull[att_idx]) data_len = AddValueSize(data_len, desc.attr(att_idx), values[att_idx]);
  }
  return data_len;
}

HeapTuple HeapFormTuple(const TupleDesc& desc, const Datum* values, const bool* isnull) {
  int natts = desc.natts();
  if (natts > kMaxHeapAttributeNumber) {
    throw MakeError(errcode::kTooManyColumns, "number of columns ({}) exceeds limit ({})", natts,
                    kMaxHeapAttributeNumber);
  }
  bool has_null = std::any_of(isnull, isnull + natts, [](bool b) { return b; });
  size_t header_len = kHeapTupleHeaderSize + (has_null ? HeapBitmapLen(natts) : 0);
  size_t hoff = MaxAlign(header_len);
  size_t len = hoff + HeapComputeDataSize(desc, values, isnull);

  auto* tup =
      static_cast<HeapTupleHeaderData*>(Palloc0(std::max(len, sizeof(HeapTupleHeaderData))));
  // Until the tuple is stored, the xmin/xmax/cid words are a composite Datum's header:
  // varlena length, typmod, type OID (HeapTupleHeaderSetDatumLength & co.).
  tup->t_xmin = static_cast<uint32_t>(len << 2);
  tup->t_xmax = static_cast<uint32_t>(-1);
  tup->t_cid = desc.composite_type();
  tup->t_ctid = ItemPointerData::Make(0, 0);
  HeapTupleHeaderSetNatts(tup, natts);
  tup->t_hoff = static_cast<uint8_t>(hoff);
  FillTuple(desc, values, isnull, reinterpret_cast<char*>(tup) + hoff, &tup->t_infomask,
            has_null ? tup->t_bits : nullptr);

  HeapTuple tuple;
  tuple.len = static_cast<uint32_t>(len);
  tuple.data = tup;
  return tuple;
}

namespace {

// heap_deform_tuple; `detoast` as in FetchAttribute.
void DeformTuple(const HeapTuple& tuple, const TupleDesc& desc, Datum* values, bool* isnull,
                 bool detoast) {
  const HeapTupleHeaderData* tup = tuple.data;
  const char* data = reinterpret_cast<const char*>(tup) + tup->t_hoff;
  bool has_nulls = HeapTupleHasNulls(tup);
  int desc_natts = desc.natts();
  int natts = std::min(HeapTupleNatts(tup), desc_natts);

  if (!has_nulls && natts == desc_natts && desc.AllFixedNotNull()) {
    // Every offset is known in advance.
    for (int att_idx = 0; att_idx < natts; ++att_idx) {
      values[att_idx] =
          FetchAttribute(desc.attr(att_idx), data + desc.CachedOffset(att_idx), detoast);
      isnull[att_idx] = false;
    }
    return;
  }

  size_t off = 0;
  bool slow = false;  // true once an offset can no longer come from the cache
  for (int att_idx = 0; att_idx < natts; ++att_idx) {
    const AttributeDesc& att = desc.attr(att_idx);
    if (has_nulls && AttIsNull(att_idx, tup->t_bits)) {
      values[att_idx] = 0;
      isnull[att_idx] = true;
      slow = true;
      continue;
    }
    isnull[att_idx] = false;
    int32_t cached = desc.CachedOffset(att_idx);
    if (!slow && cached >= 0) {
      off = static_cast<size_t>(cached);
    } else if (att.len == -1) {
      off = AlignVarlenaPointer(off, att.align, data);
    } else {
      off = AlignForAttribute(off, att.align);
    }
    values[att_idx] = FetchAttribute(att, data + off, detoast);
    off += StoredLength(att, data + off);
    if (att.len <= 0) slow = true;
  }
  // Columns added after this tuple was written read their missing value, or NULL.
  for (int att_idx = natts; att_idx < desc_natts; ++att_idx) {
    const AttributeDesc& att = desc.attr(att_idx);
    values[att_idx] = att.has_missing ? att.missing_value : 0;
    isnull[att_idx] = !att.has_missing;
  }
}

}  // namespace

void HeapDeformTuple(const HeapTuple& tuple, const TupleDesc& desc, Datum* values, bool* isnull) {
  DeformTuple(tuple, desc, values, isnull, /*detoast=*/true);
}

void HeapDeformTupleRaw(const HeapTuple& tuple, const TupleDesc& desc, Datum* values,
                        bool* isnull) {
  DeformTuple(tuple, desc, values, isnull, /*detoast=*/false);
}

Datum HeapGetAttr(const HeapTuple& tuple, int attnum, const TupleDesc& desc, bool* isnull) {
  if (attnum <= 0) return GetSystemAttribute(tuple, attnum, isnull);
  const HeapTupleHeaderData* tup = tuple.data;
  int att_idx = attnum - 1;
  if (attnum > desc.natts()) {
    *isnull = true;
    return 0;
  }
  if (attnum > HeapTupleNatts(tup)) {
    const AttributeDesc& missing = desc.attr(attnum - 1);
    *isnull = !missing.has_missing;
    return missing.has_missing ? missing.missing_value : 0;
  }
  const char* data = reinterpret_cast<const char*>(tup) + tup->t_hoff;
  const AttributeDesc& att = desc.attr(att_idx);
  if (!HeapTupleHasNulls(tup)) {
    int32_t cached = desc.CachedOffset(att_idx);
    if (cached >= 0) {
      *isnull = false;
      return FetchAttribute(att, data + cached, /*detoast=*/true);
    }
  } else if (AttIsNull(att_idx, tup->t_bits)) {
    *isnull = true;
    return 0;
  }
  *isnull = false;
  return FetchAttribute(att, data + WalkToAttribute(tup, desc, att_idx), /*detoast=*/true);
}

HeapTuple HeapCopyTuple(const HeapTuple& tuple) {
  HeapTuple copy = tuple;
  auto* bytes = static_cast<HeapTupleHeaderData*>(
      Palloc(std::max<size_t>(tuple.len, sizeof(HeapTupleHeaderData))));
  std::memcpy(bytes, tuple.data, tuple.len);
  copy.data = bytes;
  return copy;
}

}  // namespace hyrax::storage
