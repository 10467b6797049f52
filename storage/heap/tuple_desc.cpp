// Tuple descriptor helpers: the attcacheoff-style offset cache behind fast tuple deforming
// (storage/heap/README.md "Tuple format").
#include "storage/heap/tuple_desc.h"

namespace hyrax::storage {

bool TupleDesc::AllFixedNotNull() const {
  if (!offsets_ready_) ComputeOffsets();
  return all_fixed_not_null_;
}

void TupleDesc::ComputeOffsets() const {
  cached_offsets_.assign(attrs_.size(), -1);
  all_fixed_not_null_ = true;
  size_t off = 0;
  for (size_t att_idx = 0; att_idx < attrs_.size(); ++att_idx) {
    const AttributeDesc& att = attrs_[att_idx];
    if (!att.not_null || att.len <= 0) all_fixed_not_null_ = false;
    if (att.len > 0) {
      off = AlignForAttribute(off, att.align);
      cached_offsets_[att_idx] = static_cast<int32_t>(off);
      off += static_cast<size_t>(att.len);
      continue;
    }
    // A varlena right after fixed-width attributes has a known offset only when no padding
    // could precede it: a short (1-byte header) value is stored unaligned, so when `off` is
    // not already aligned the reader must look at the byte (heap_deform_tuple does too).
    if (att.len == -1 && AlignForAttribute(off, att.align) == off) {
      cached_offsets_[att_idx] = static_cast<int32_t>(off);
    }
    break;
  }
  offsets_ready_ = true;
}

}  // namespace hyrax::storage
