// Index tuples (PostgreSQL's IndexTupleData, itup.h, and nbtree's pivot conventions): an
// 8-byte header (t_tid + t_info), a 4-byte null bitmap when some attribute is NULL, then
// the attributes aligned like heap attributes. Leaf tuples carry the heap TID in t_tid;
// pivot tuples (high keys, internal items) carry the downlink and their attribute count
// there, may be suffix-truncated, and keep a heap TID at their end only when needed.
// README "Tuple format".
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/datum.h"
#include "storage/btree/btree.h"
#include "storage/heap/heap_tuple.h"

namespace hyrax::storage::btree {

struct IndexTupleData {
  ItemPointerData t_tid;  // leaf: heap TID; pivot: downlink block + attribute count
  uint16_t t_info;        // size, flags
};
static_assert(sizeof(IndexTupleData) == 8);

inline constexpr uint16_t kIndexSizeMask = 0x1FFF;
inline constexpr uint16_t kIndexAltTidMask = 0x2000;  // nbtree: this is a pivot tuple
inline constexpr uint16_t kIndexVarMask = 0x4000;     // some attribute is variable-width
inline constexpr uint16_t kIndexNullMask = 0x8000;    // a null bitmap follows the header
// In a pivot's t_tid offset field (PostgreSQL's BT_OFFSET_MASK, BT_PIVOT_HEAP_TID_ATTR).
inline constexpr uint16_t kPivotNattsMask = 0x0FFF;
inline constexpr uint16_t kPivotHeapTidAttr = 0x1000;
inline constexpr size_t kIndexNullBitmapSize = (kIndexMaxKeys + 7) / 8;

// An owned, 8-byte aligned copy of one index tuple.
class IndexTupleBuf {
 public:
  IndexTupleBuf() = default;
  explicit IndexTupleBuf(size_t size) : words_((size + 7) / 8, 0), size_(size) {}
  IndexTupleBuf(const char* bytes, size_t size);
  char* data() { return reinterpret_cast<char*>(words_.data()); }
  const char* data() const { return reinterpret_cast<const char*>(words_.data()); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  std::vector<uint64_t> words_;
  size_t size_ = 0;
};

inline const IndexTupleData* TupleHeader(const char* tuple) {
  return reinterpret_cast<const IndexTupleData*>(tuple);
}
inline IndexTupleData* TupleHeader(char* tuple) {
  return reinterpret_cast<IndexTupleData*>(tuple);
}
inline size_t IndexTupleSize(const char* tuple) {
  return TupleHeader(tuple)->t_info & kIndexSizeMask;
}
inline bool IsPivot(const char* tuple) {
  return (TupleHeader(tuple)->t_info & kIndexAltTidMask) != 0;
}
// Attributes present: all of them for a leaf tuple, the untruncated prefix for a pivot.
int TupleNatts(const IndexRelationInfo& index, const char* tuple);
// The heap TID a tuple sorts by: t_tid of a leaf tuple, the trailing TID of a pivot that
// kept one, nullptr for a pivot whose heap TID was truncated away (minus infinity).
const ItemPointerData* TupleHeapTid(const char* tuple);
inline BlockNumber Downlink(const char* tuple) {
  return TupleHeader(tuple)->t_tid.block();
}
void SetDownlink(char* tuple, BlockNumber block);

// Builds a leaf tuple from natts() values. Throws 54000 ("index row size N exceeds btree
// version 4 maximum 2704 for index ...", PostgreSQL's wording) when it is too large.
IndexTupleBuf FormLeafTuple(const IndexRelationInfo& index, const Datum* values, const bool* isnull,
                            ItemPointerData heap_tid);
// Builds a pivot from the first `natts` attributes of `source` (a leaf or pivot tuple),
// with `heap_tid` appended when non-null, pointing to `downlink`.
IndexTupleBuf FormPivot(const IndexRelationInfo& index, const char* source, int natts,
                        const ItemPointerData* heap_tid, BlockNumber downlink);
// The first item of an internal page: no attributes at all (minus infinity).
IndexTupleBuf MinusInfinityPivot(BlockNumber downlink);
// A copy of `tuple` as a pivot for `downlink` (same attributes and heap TID).
IndexTupleBuf CopyAsPivot(const IndexRelationInfo& index, const char* tuple, BlockNumber downlink);

// Suffix truncation (PostgreSQL's _bt_truncate): the shortest pivot that sorts after
// `lastleft` and at or before `firstright` (both leaf tuples, lastleft < firstright):
// key attributes up to the first that differs; when all are equal, every key attribute
// plus lastleft's heap TID. INCLUDE columns never survive.
IndexTupleBuf TruncateForHighKey(const IndexRelationInfo& index, const char* lastleft,
                                 const char* firstright);

// Extracts the TupleNatts() present attributes into values/isnull (index positions).
// By-reference values point into `tuple`.
void DeformIndexTuple(const IndexRelationInfo& index, const char* tuple, Datum* values,
                      bool* isnull);

}  // namespace hyrax::storage::btree
