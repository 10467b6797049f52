// The heap toaster (see heap_toast.h): PostgreSQL's heap_toast_insert_or_update phases,
// reimplemented. Each phase picks the largest eligible value (over MAXALIGN of a TOAST
// pointer), compresses or moves it out, and repeats while the row's data is over the
// target. storage/toast/README.md "The algorithm".
#include "storage/toast/heap_toast.h"

#include <cstring>
#include <memory>
#include <vector>

#include "common/error.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "storage/page/page.h"
#include "storage/toast/toast_compression.h"
#include "storage/toast/toast_format.h"
#include "storage/toast/toast_relation.h"
#include "storage/toast/toast_value.h"

namespace hyrax::storage {
namespace {

// Per-attribute state (PostgreSQL's ToastAttrInfo).
struct ToastAttr {
  bool ignore = false;          // leave the value as it is (not toastable, done, or reused)
  bool incompressible = false;  // compression was tried and did not pay (or storage 'e')
  size_t size = 0;              // stored size of the current value
};

// The value bytes of the stored varlena `p`, decompressed if needed, compared with `other`
// (a plain or short varlena).
bool SameBytes(const char* stored, const char* other) {
  const char* bytes = stored;
  if (VarIsCompressed(bytes)) bytes = reinterpret_cast<const char*>(ToastDecompressDatum(bytes));
  size_t len = VarSizeAnyExhdr(bytes);
  return len == VarSizeAnyExhdr(other) &&
         std::memcmp(VarDataAny(bytes), VarDataAny(other), len) == 0;
}

// Whether the new column value equals the old TOAST value `old_external`, so the row can keep
// the old pointer. The executor hands us detoasted values, so the bytes are compared
// (fetching the old value only when the sizes agree); a TOAST pointer (a row copied raw)
// must be the same pointer, as in PostgreSQL.
bool SameAsOldValue(const char* old_external, const char* value) {
  if (VarIsExternal(value)) return std::memcmp(old_external, value, kToastPointerSize) == 0;
  if (VarIsCompressed(value)) return false;
  ToastPointer ptr = ReadToastPointer(old_external);
  if (static_cast<size_t>(ptr.va_rawsize) - kVarHeaderSize != VarSizeAnyExhdr(value)) return false;
  MemoryContext tmp("toast compare");
  MemoryContextScope scope(&tmp);
  Varlena* old_value = ToastFetchDatum(ptr);
  return SameBytes(reinterpret_cast<const char*>(old_value), value);
}

class TupleToaster {
 public:
  TupleToaster(const HeapRelation& rel, const HeapTuple& newtup, CommandId cid)
      : rel_(rel),
        desc_(*rel.desc),
        newtup_(newtup),
        cid_(cid),
        values_(desc_.natts()),
        isnull_(new bool[desc_.natts()]),
        attrs_(desc_.natts()) {
    HeapDeformTupleRaw(newtup, desc_, values_.data(), isnull_.get());
  }

  HeapTuple Run(const HeapTuple* oldtup) {
    Init(oldtup);
    bool has_nulls = false;
    for (int i = 0; i < desc_.natts(); ++i) has_nulls |= isnull_[i];
    size_t hoff = MaxAlign(kHeapTupleHeaderSize + (has_nulls ? HeapBitmapLen(desc_.natts()) : 0));
    bool has_toast = rel_.toast_oid != kInvalidOid;
    size_t max_data = kToastTupleTarget - hoff;
    // 1: compress 'x' values (an 'e' value is marked incompressible), moving a value out at
    //    once when even compressed it exceeds the target by itself.
    while (DataSize() > max_data) {
      int i = FindBiggest(/*for_compression=*/true, /*check_main=*/false);
      if (i < 0) break;
      if (desc_.attr(i).storage == 'x') {
        TryCompress(i);
      } else {
        attrs_[i].incompressible = true;
      }
      if (attrs_[i].size > max_data && has_toast) Externalize(i);
    }
    // 2: move 'x' and 'e' values out of line.
    while (has_toast && DataSize() > max_data) {
      int i = FindBiggest(/*for_compression=*/false, /*check_main=*/false);
      if (i < 0) break;
      Externalize(i);
    }
    // 3: compress 'm' values.
    while (DataSize() > max_data) {
      int i = FindBiggest(/*for_compression=*/true, /*check_main=*/true);
      if (i < 0) break;
      TryCompress(i);
    }
    // 4: as a last resort move 'm' values out, aiming only at a page's worth.
    max_data = kToastTupleTargetMain - hoff;
    while (has_toast && DataSize() > max_data) {
      int i = FindBiggest(/*for_compression=*/false, /*check_main=*/true);
      if (i < 0) break;
      Externalize(i);
    }
    HeapTuple result = changed_ ? Reform() : newtup_;
    for (const ToastPointer& ptr : to_delete_) ToastDeleteDatum(ptr, cid_);
    return result;
  }

 private:
  // PostgreSQL's toast_tuple_init: decide per attribute, reuse or schedule deletion of the
  // old TOAST values, and bring foreign TOAST pointers back inline.
  void Init(const HeapTuple* oldtup) {
    std::vector<Datum> old_values;
    std::unique_ptr<bool[]> old_isnull;
    if (oldtup != nullptr) {
      old_values.resize(desc_.natts());
      old_isnull.reset(new bool[desc_.natts()]);
      HeapDeformTupleRaw(*oldtup, desc_, old_values.data(), old_isnull.get());
    }
    for (int i = 0; i < desc_.natts(); ++i) {
      const AttributeDesc& att = desc_.attr(i);
      ToastAttr& attr = attrs_[i];
      if (oldtup != nullptr && !old_isnull[i] && att.len == -1) {
        const char* old = DatumGetPointer<const char>(old_values[i]);
        if (VarIsExternalOnDisk(old)) {
          if (!isnull_[i] && SameAsOldValue(old, DatumGetPointer<const char>(values_[i]))) {
            values_[i] = old_values[i];
            attr.ignore = true;
            changed_ = true;
            continue;
          }
          to_delete_.push_back(ReadToastPointer(old));
        }
      }
      if (isnull_[i] || att.len != -1) {
        attr.ignore = true;
        continue;
      }
      const char* value = DatumGetPointer<const char>(values_[i]);
      if (VarIsExternal(value)) value = FetchForeign(i, value);
      if (att.storage == 'p') attr.ignore = true;
      attr.size = VarSizeAny(value);
    }
  }

  // A TOAST pointer we cannot reuse (not the old row's): fetched back, still compressed if it
  // was, unless the column is plain.
  const char* FetchForeign(int i, const char* value) {
    if (!VarIsExternalOnDisk(value)) {
      throw MakeError(errcode::kDataCorrupted, "unexpected external value with tag {} in a row",
                      static_cast<int>(static_cast<uint8_t>(value[1])));
    }
    const char* fetched = reinterpret_cast<const char*>(ToastFetchDatum(ReadToastPointer(value)));
    if (desc_.attr(i).storage == 'p' && VarIsCompressed(fetched)) {
      fetched = reinterpret_cast<const char*>(ToastDecompressDatum(fetched));
    }
    values_[i] = PointerGetDatum(fetched);
    changed_ = true;
    return fetched;
  }

  size_t DataSize() const { return HeapComputeDataSize(desc_, values_.data(), isnull_.get()); }

  // PostgreSQL's toast_tuple_find_biggest_attribute: the largest value still eligible for
  // compression (`for_compression`) or moving out, among storage 'm' (`check_main`) or
  // storage 'x' / 'e' columns; -1 when none is larger than a TOAST pointer.
  int FindBiggest(bool for_compression, bool check_main) const {
    int biggest = -1;
    size_t biggest_size = MaxAlign(kToastPointerSize);
    for (int i = 0; i < desc_.natts(); ++i) {
      const ToastAttr& attr = attrs_[i];
      if (attr.ignore || (for_compression && attr.incompressible)) continue;
      const char* value = DatumGetPointer<const char>(values_[i]);
      if (VarIsExternal(value) || (for_compression && VarIsCompressed(value))) continue;
      char storage = desc_.attr(i).storage;
      if (check_main ? storage != 'm' : storage != 'x' && storage != 'e') continue;
      if (attr.size > biggest_size) {
        biggest = i;
        biggest_size = attr.size;
      }
    }
    return biggest;
  }

  void TryCompress(int i) {
    Varlena* compressed = ToastCompressDatum(DatumGetPointer<const char>(values_[i]));
    if (compressed == nullptr) {
      attrs_[i].incompressible = true;
      return;
    }
    values_[i] = PointerGetDatum(compressed);
    attrs_[i].size = VarSize(compressed);
    changed_ = true;
  }

  void Externalize(int i) {
    values_[i] = ToastSaveDatum(ToastHeapOf(rel_), DatumGetPointer<const char>(values_[i]), cid_);
    attrs_[i].ignore = true;
    attrs_[i].size = kToastPointerSize;
    changed_ = true;
  }

  // The new tuple, with the original's header words and flags (the HASNULL / HASVARWIDTH /
  // HASEXTERNAL bits come from forming it).
  HeapTuple Reform() const {
    HeapTuple result = HeapFormTuple(desc_, values_.data(), isnull_.get());
    const HeapTupleHeaderData* src = newtup_.data;
    HeapTupleHeaderData* dst = result.data;
    constexpr uint16_t kFormBits = kHeapHasNull | kHeapHasVarWidth | kHeapHasExternal;
    dst->t_xmin = src->t_xmin;
    dst->t_xmax = src->t_xmax;
    dst->t_cid = src->t_cid;
    dst->t_ctid = src->t_ctid;
    dst->t_infomask =
        static_cast<uint16_t>((dst->t_infomask & kFormBits) | (src->t_infomask & ~kFormBits));
    dst->t_infomask2 = static_cast<uint16_t>((dst->t_infomask2 & kHeapNattsMask) |
                                             (src->t_infomask2 & ~kHeapNattsMask));
    result.self = newtup_.self;
    result.table_oid = newtup_.table_oid;
    return result;
  }

  const HeapRelation& rel_;
  const TupleDesc& desc_;
  const HeapTuple& newtup_;
  CommandId cid_;
  std::vector<Datum> values_;
  std::unique_ptr<bool[]> isnull_;
  std::vector<ToastAttr> attrs_;
  std::vector<ToastPointer> to_delete_;  // old values the new row does not keep
  bool changed_ = false;                 // values_ differ from newtup_'s stored values
};

}  // namespace

bool HeapTupleNeedsToast(const HeapRelation& rel, const HeapTuple& tuple) {
  return rel.desc != nullptr &&
         ((tuple.data->t_infomask & kHeapHasExternal) != 0 || tuple.len > kToastTupleThreshold);
}

HeapTuple HeapToastInsertOrUpdate(const HeapRelation& rel, const HeapTuple& newtup,
                                  const HeapTuple* oldtup, CommandId cid) {
  return TupleToaster(rel, newtup, cid).Run(oldtup);
}

void HeapToastDelete(const HeapRelation& rel, const HeapTuple& oldtup, CommandId cid) {
  if ((oldtup.data->t_infomask & kHeapHasExternal) == 0) return;
  const TupleDesc& desc = *rel.desc;
  std::vector<Datum> values(desc.natts());
  std::unique_ptr<bool[]> isnull(new bool[desc.natts()]);
  HeapDeformTupleRaw(oldtup, desc, values.data(), isnull.get());
  for (int i = 0; i < desc.natts(); ++i) {
    if (isnull[i] || desc.attr(i).len != -1) continue;
    const char* value = DatumGetPointer<const char>(values[i]);
    if (VarIsExternalOnDisk(value)) ToastDeleteDatum(ReadToastPointer(value), cid);
  }
}

}  // namespace hyrax::storage
