// HotUpdateCheck (see hot_update.h).
#include "executor/exec/hot_update.h"

#include <algorithm>
#include <cstring>

#include "common/varlena.h"

namespace hyrax::executor {

bool DatumsBinaryEqual(Datum a, Datum b, const storage::AttributeDesc& attr) {
  if (attr.byval) return a == b;
  const char* pa = DatumGetPointer<const char>(a);
  const char* pb = DatumGetPointer<const char>(b);
  if (attr.len > 0) return std::memcmp(pa, pb, static_cast<size_t>(attr.len)) == 0;
  if (attr.len == -2) return std::strcmp(pa, pb) == 0;
  const uint32_t size = VarSize(pa);
  return size == VarSize(pb) && std::memcmp(pa, pb, size) == 0;
}

HotUpdateCheck::HotUpdateCheck(const catalog::RelationData& rel) {
  for (const auto& index : rel.indexes) {
    if (index.indexprs.has_value() || index.indpred.has_value()) never_hot_ = true;
    for (int16_t attnum : index.indkey) {
      if (attnum <= 0) {
        never_hot_ = true;
        continue;
      }
      if (std::find(indexed_columns_.begin(), indexed_columns_.end(), attnum - 1) ==
          indexed_columns_.end()) {
        indexed_columns_.push_back(attnum - 1);
      }
    }
  }
}

bool HotUpdateCheck::IndexedColumnsUnchanged(TupleSlot& old_row, TupleSlot& new_row) const {
  if (never_hot_) return false;
  const storage::TupleDesc& desc = new_row.desc();
  for (int col : indexed_columns_) {
    const bool old_null = old_row.nulls()[col];
    if (old_null != new_row.nulls()[col]) return false;
    if (old_null) continue;
    if (!DatumsBinaryEqual(old_row.values()[col], new_row.values()[col], desc.attr(col))) {
      return false;
    }
  }
  return true;
}

}  // namespace hyrax::executor
