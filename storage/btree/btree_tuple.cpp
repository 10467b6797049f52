// Forming, deforming and truncating index tuples. The attribute layout follows
// PostgreSQL's index_form_tuple/heap_fill_tuple (typalign padding from the tuple start),
// except that varlenas always keep their 4-byte header (README "Deviations").
#include "storage/btree/btree_tuple.h"

#include <cstring>

#include "common/assert.h"
#include "common/error.h"
#include "common/varlena.h"
#include "storage/btree/btree_page.h"

namespace hyrax::storage::btree {

namespace {

size_t AlignFor(size_t off, char align) {
  size_t a = 1;
  switch (align) {
    case 's':
      a = 2;
      break;
    case 'i':
      a = 4;
      break;
    case 'd':
      a = 8;
      break;
    default:
      a = 1;
  }
  return (off + a - 1) & ~(a - 1);
}

size_t ValueLength(const IndexColumn& col, Datum value) {
  if (col.len > 0) return static_cast<size_t>(col.len);
  const char* p = DatumGetPointer<const char>(value);
  if (col.len == -1) return VarSize(p);
  return std::strlen(p) + 1;
}

size_t StoredLength(const IndexColumn& col, const char* p) {
  if (col.len > 0) return static_cast<size_t>(col.len);
  if (col.len == -1) return VarSize(p);
  return std::strlen(p) + 1;
}

void StoreValue(char* dest, const IndexColumn& col, Datum value) {
  if (!col.byval) {
    std::memcpy(dest, DatumGetPointer<const char>(value), ValueLength(col, value));
    return;
  }
  switch (col.len) {
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
    }
  }
}

Datum FetchValue(const IndexColumn& col, const char* p) {
  if (!col.byval) return PointerGetDatum(p);
  switch (col.len) {
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

bool AttIsNull(const char* tuple, int att_idx) {
  if ((TupleHeader(tuple)->t_info & kIndexNullMask) == 0) return false;
  const auto* bits = reinterpret_cast<const uint8_t*>(tuple + sizeof(IndexTupleData));
  return (bits[att_idx >> 3] & (1 << (att_idx & 7))) == 0;
}

size_t DataOffset(bool has_nulls) {
  return MaxAlign(sizeof(IndexTupleData) + (has_nulls ? kIndexNullBitmapSize : 0));
}

// Builds a tuple from `natts` values; the caller sets t_tid (and the pivot bits).
// `extra` bytes are reserved at the end (a pivot's heap TID).
IndexTupleBuf FormTuple(const IndexRelationInfo& index, int natts, const Datum* values,
                        const bool* isnull, size_t extra) {
  bool has_nulls = false;
  bool has_var = false;
  for (int att_idx = 0; att_idx < natts; ++att_idx) {
    has_nulls |= isnull[att_idx];
    has_var |= index.columns[att_idx].len < 0;
  }
  const size_t hoff = DataOffset(has_nulls);
  size_t off = hoff;
  for (int att_idx = 0; att_idx < natts; ++att_idx) {
    if (isnull[att_idx]) continue;
    const IndexColumn& col = index.columns[att_idx];
    off = AlignFor(off, col.align) + ValueLength(col, values[att_idx]);
  }
  const size_t size = MaxAlign(off) + extra;
  if (size > kIndexSizeMask) {
    throw MakeError(errcode::kProgramLimitExceeded,
                    "index row requires {} bytes, maximum size is {}", size, kIndexSizeMask);
  }
  IndexTupleBuf buf(size);
  char* tuple = buf.data();
  TupleHeader(tuple)->t_info = static_cast<uint16_t>(size | (has_nulls ? kIndexNullMask : 0) |
                                                     (has_var ? kIndexVarMask : 0));
  auto* bits = reinterpret_cast<uint8_t*>(tuple + sizeof(IndexTupleData));
  off = hoff;
  for (int att_idx = 0; att_idx < natts; ++att_idx) {
    if (isnull[att_idx]) continue;
    if (has_nulls) bits[att_idx >> 3] |= static_cast<uint8_t>(1 << (att_idx & 7));
    const IndexColumn& col = index.columns[att_idx];
    off = AlignFor(off, col.align);
    StoreValue(tuple + off, col, values[att_idx]);
    off += ValueLength(col, values[att_idx]);
  }
  return buf;
}

}  // namespace

IndexTupleBuf::IndexTupleBuf(const char* bytes, size_t size) : IndexTupleBuf(size) {
  if (size > 0) std::memcpy(data(), bytes, size);
}

int TupleNatts(const IndexRelationInfo& index, const char* tuple) {
  if (!IsPivot(tuple)) return index.natts();
  return TupleHeader(tuple)->t_tid.ip_posid & kPivotNattsMask;
}

const ItemPointerData* TupleHeapTid(const char* tuple) {
  const IndexTupleData* header = TupleHeader(tuple);
  if (!IsPivot(tuple)) return &header->t_tid;
  if ((header->t_tid.ip_posid & kPivotHeapTidAttr) == 0) return nullptr;
  return reinterpret_cast<const ItemPointerData*>(tuple + IndexTupleSize(tuple) -
                                                  sizeof(ItemPointerData));
}

void SetDownlink(char* tuple, BlockNumber block) {
  IndexTupleData* header = TupleHeader(tuple);
  header->t_tid.bi_hi = static_cast<uint16_t>(block >> 16);
  header->t_tid.bi_lo = static_cast<uint16_t>(block & 0xFFFF);
}

IndexTupleBuf FormLeafTuple(const IndexRelationInfo& index, const Datum* values, const bool* isnull,
                            ItemPointerData heap_tid) {
  IndexTupleBuf buf = FormTuple(index, index.natts(), values, isnull, 0);
  TupleHeader(buf.data())->t_tid = heap_tid;
  if (buf.size() > kMaxItemSize) {
    throw MakeError(errcode::kProgramLimitExceeded,
                    "index row size {} exceeds btree version {} maximum {} for index \"{}\"",
                    buf.size(), kBtreeVersion, kMaxItemSize, index.name)
        .Detail(fmt::format("Index row references tuple ({},{}) in relation \"{}\".",
                            heap_tid.block(), heap_tid.offset(), index.heap_name))
        .Hint(
            "Values larger than 1/3 of a buffer page cannot be indexed.\n"
            "Consider a function index of an MD5 hash of the value, or use full text "
            "indexing.")
        .Schema(index.schema_name)
        .Table(index.heap_name)
        .Constraint(index.name);
  }
  return buf;
}

IndexTupleBuf FormPivot(const IndexRelationInfo& index, const char* source, int natts,
                        const ItemPointerData* heap_tid, BlockNumber downlink) {
  HYRAX_ASSERT(natts <= TupleNatts(index, source));
  Datum values[kIndexMaxKeys];
  bool isnull[kIndexMaxKeys];
  DeformIndexTuple(index, source, values, isnull);
  const size_t extra = heap_tid != nullptr ? MaxAlign(sizeof(ItemPointerData)) : 0;
  IndexTupleBuf buf = FormTuple(index, natts, values, isnull, extra);
  char* tuple = buf.data();
  IndexTupleData* header = TupleHeader(tuple);
  header->t_info |= kIndexAltTidMask;
  SetDownlink(tuple, downlink);
  header->t_tid.ip_posid =
      static_cast<uint16_t>(natts | (heap_tid != nullptr ? kPivotHeapTidAttr : 0));
  if (heap_tid != nullptr) {
    std::memcpy(tuple + buf.size() - sizeof(ItemPointerData), heap_tid, sizeof(*heap_tid));
  }
  return buf;
}

IndexTupleBuf MinusInfinityPivot(BlockNumber downlink) {
  IndexTupleBuf buf(sizeof(IndexTupleData));
  IndexTupleData* header = TupleHeader(buf.data());
  header->t_info = static_cast<uint16_t>(sizeof(IndexTupleData) | kIndexAltTidMask);
  SetDownlink(buf.data(), downlink);
  header->t_tid.ip_posid = 0;
  return buf;
}

IndexTupleBuf CopyAsPivot(const IndexRelationInfo& index, const char* tuple, BlockNumber downlink) {
  if (IsPivot(tuple)) {
    IndexTupleBuf buf(tuple, IndexTupleSize(tuple));
    SetDownlink(buf.data(), downlink);
    return buf;
  }
  return FormPivot(index, tuple, index.nkeyatts, TupleHeapTid(tuple), downlink);
}

IndexTupleBuf TruncateForHighKey(const IndexRelationInfo& index, const char* lastleft,
                                 const char* firstright) {
  Datum left_values[kIndexMaxKeys];
  bool left_null[kIndexMaxKeys];
  Datum right_values[kIndexMaxKeys];
  bool right_null[kIndexMaxKeys];
  DeformIndexTuple(index, lastleft, left_values, left_null);
  DeformIndexTuple(index, firstright, right_values, right_null);
  // Keep attributes up to and including the first one that tells the two apart.
  for (int att_idx = 0; att_idx < index.nkeyatts; ++att_idx) {
    bool equal;
    if (left_null[att_idx] || right_null[att_idx]) {
      equal = left_null[att_idx] && right_null[att_idx];
    } else {
      equal = index.columns[att_idx].compare(left_values[att_idx], right_values[att_idx]) == 0;
    }
    if (!equal) return FormPivot(index, firstright, att_idx + 1, nullptr, kNoBlock);
  }
  // All key attributes equal: only the heap TID separates them. Lehman and Yao's high key
  // is lastleft itself, so keep lastleft's TID (PostgreSQL does the same).
  return FormPivot(index, firstright, index.nkeyatts, TupleHeapTid(lastleft), kNoBlock);
}

void DeformIndexTuple(const IndexRelationInfo& index, const char* tuple, Datum* values,
                      bool* isnull) {
  const int natts = TupleNatts(index, tuple);
  const bool has_nulls = (TupleHeader(tuple)->t_info & kIndexNullMask) != 0;
  size_t off = DataOffset(has_nulls);
  for (int att_idx = 0; att_idx < natts; ++att_idx) {
    if (AttIsNull(tuple, att_idx)) {
      values[att_idx] = 0;
      isnull[att_idx] = true;
      continue;
    }
    const IndexColumn& col = index.columns[att_idx];
    off = AlignFor(off, col.align);
    values[att_idx] = FetchValue(col, tuple + off);
    isnull[att_idx] = false;
    off += StoredLength(col, tuple + off);
  }
}

}  // namespace hyrax::storage::btree
