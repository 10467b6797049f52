// Heap tuple format, byte-compatible with PostgreSQL's HeapTupleHeaderData (htup_details.h):
// xmin, xmax, cid (or combo cid), ctid, infomask2 (natts + flags), infomask (hint and lock
// bits), t_hoff, null bitmap, then attributes aligned per attalign. Forming and deforming
// tuples from Datum arrays. storage/heap/README.md documents every bit.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/datum.h"
#include "common/ids.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::storage {

// Tuple id (ctid): block + line pointer, stored as 6 bytes with 2-byte alignment.
struct ItemPointerData {
  uint16_t bi_hi = 0xFFFF;
  uint16_t bi_lo = 0xFFFF;
  uint16_t ip_posid = kInvalidOffsetNumber;

  static ItemPointerData Make(BlockNumber block, OffsetNumber offset) {
    return {static_cast<uint16_t>(block >> 16), static_cast<uint16_t>(block & 0xFFFF), offset};
  }
  BlockNumber block() const { return (BlockNumber{bi_hi} << 16) | bi_lo; }
  OffsetNumber offset() const { return ip_posid; }
  bool valid() const { return ip_posid != kInvalidOffsetNumber; }
  bool operator==(const ItemPointerData& o) const {
    return bi_hi == o.bi_hi && bi_lo == o.bi_lo && ip_posid == o.ip_posid;
  }
  bool operator!=(const ItemPointerData& o) const { return !(*this == o); }
};
static_assert(sizeof(ItemPointerData) == 6);

struct HeapTupleHeaderData {
  TransactionId t_xmin;
  TransactionId t_xmax;
  uint32_t t_cid;          // cmin, cmax or combo cid
  ItemPointerData t_ctid;  // this tuple or its newer version
  uint16_t t_infomask2;    // number of attributes + flags
  uint16_t t_infomask;
  uint8_t t_hoff;     // offset to user data
  uint8_t t_bits[1];  // null bitmap (variable length)
};
inline constexpr size_t kHeapTupleHeaderSize = 23;  // offsetof(t_bits)

// t_infomask bits (PostgreSQL's values).
inline constexpr uint16_t kHeapHasNull = 0x0001;
inline constexpr uint16_t kHeapHasVarWidth = 0x0002;
inline constexpr uint16_t kHeapHasExternal = 0x0004;
inline constexpr uint16_t kHeapXmaxKeyshrLock = 0x0010;
inline constexpr uint16_t kHeapComboCid = 0x0020;
inline constexpr uint16_t kHeapXmaxExclLock = 0x0040;
inline constexpr uint16_t kHeapXmaxLockOnly = 0x0080;
inline constexpr uint16_t kHeapXmaxShrLock = kHeapXmaxExclLock | kHeapXmaxKeyshrLock;
inline constexpr uint16_t kHeapLockMask =
    kHeapXmaxShrLock | kHeapXmaxExclLock | kHeapXmaxKeyshrLock;
inline constexpr uint16_t kHeapXminCommitted = 0x0100;
inline constexpr uint16_t kHeapXminInvalid = 0x0200;
inline constexpr uint16_t kHeapXminFrozen = kHeapXminCommitted | kHeapXminInvalid;
inline constexpr uint16_t kHeapXmaxCommitted = 0x0400;
inline constexpr uint16_t kHeapXmaxInvalid = 0x0800;
inline constexpr uint16_t kHeapXmaxIsMulti = 0x1000;
inline constexpr uint16_t kHeapUpdated = 0x2000;
inline constexpr uint16_t kHeapMovedOff = 0x4000;  // pre-9.0 VACUUM FULL; never set by Hyrax
inline constexpr uint16_t kHeapMovedIn = 0x8000;
inline constexpr uint16_t kHeapMoved = kHeapMovedOff | kHeapMovedIn;
// Visibility-related bits (cleared when a tuple is (re)stamped by insert/update).
inline constexpr uint16_t kHeapXactMask = 0xFFF0;
// Everything describing xmax (cleared before a new xmax is stored).
inline constexpr uint16_t kHeapXmaxBits =
    kHeapXmaxCommitted | kHeapXmaxInvalid | kHeapXmaxIsMulti | kHeapLockMask | kHeapXmaxLockOnly;
// Hint bits: derived from clog, settable without WAL (storage/heap/README.md).
inline constexpr uint16_t kHeapHintBits =
    kHeapXminCommitted | kHeapXminInvalid | kHeapXmaxCommitted | kHeapXmaxInvalid;
// t_infomask2 bits.
inline constexpr uint16_t kHeapNattsMask = 0x07FF;
inline constexpr uint16_t kHeapKeysUpdated = 0x2000;
inline constexpr uint16_t kHeapHotUpdated = 0x4000;
inline constexpr uint16_t kHeapOnlyTuple = 0x8000;
inline constexpr uint16_t kHeap2XactMask = 0xE000;

// Largest tuple that fits on a heap page (PostgreSQL's MaxHeapTupleSize).
inline constexpr size_t kMaxHeapTupleSize = 8160;
inline constexpr int kMaxHeapAttributeNumber = 1600;

// A tuple in memory: header pointer plus where it came from.
struct HeapTuple {
  uint32_t len = 0;
  ItemPointerData self;         // its ctid (invalid for a tuple not yet stored)
  Oid table_oid = kInvalidOid;  // tableoid system column
  HeapTupleHeaderData* data = nullptr;
};

// Builds a tuple in the current memory context (t_hoff MAXALIGNed, attributes aligned by
// attalign, varlenas copied in the form given: plain and compressed values aligned, short
// ones and TOAST pointers unaligned, the latter setting HEAP_HASEXTERNAL; the header's
// xmin/xmax/cid words hold PostgreSQL's composite-Datum length, typmod and type id until the tuple
// is stored). Requires: values/isnull have desc.natts() entries; by-reference values are varlenas,
// fixed-length blocks or C strings as the attribute's len says.
// Throws 54011 "number of columns (N) exceeds limit (1600)".
HeapTuple HeapFormTuple(const TupleDesc& desc, const Datum* values, const bool* isnull);
// Extracts all attributes. By-reference values point into the tuple's bytes (valid while
// they are), except varlenas not stored as plain 4-byte-header values: short headers are
// expanded, compressed values decompressed and TOAST pointers fetched (with the rules of
// storage/toast/README.md "MVCC") into the current memory context, so callers only ever see
// plain varlenas. Attributes missing from an older, shorter tuple read as NULL (after ALTER
// TABLE ADD COLUMN) unless the descriptor supplies a default later. Throws XX001 for
// corrupt compressed data or missing TOAST chunks, 0A000 for LZ4-compressed values.
void HeapDeformTuple(const HeapTuple& tuple, const TupleDesc& desc, Datum* values, bool* isnull);
// Storage-internal (the toaster): like HeapDeformTuple but every varlena is returned in its
// stored form (short header, compressed, TOAST pointer), pointing into the tuple. Never
// allocates or throws. Executor code must use HeapDeformTuple.
void HeapDeformTupleRaw(const HeapTuple& tuple, const TupleDesc& desc, Datum* values, bool* isnull);
// One attribute (1-based attnum), detoasted as in HeapDeformTuple, or a system attribute
// (nodes::kSelfItemPointerAttributeNumber ... kTableOidAttributeNumber; ctid is returned as a
// pointer to a copy in the current memory context).
Datum HeapGetAttr(const HeapTuple& tuple, int attnum, const TupleDesc& desc, bool* isnull);
// Bytes the data area of a tuple formed from these values takes, alignment included, with
// varlenas in whatever form they are given (PostgreSQL's heap_compute_data_size).
size_t HeapComputeDataSize(const TupleDesc& desc, const Datum* values, const bool* isnull);
// Copies the tuple bytes into the current memory context.
HeapTuple HeapCopyTuple(const HeapTuple& tuple);

// ---- Header accessors (PostgreSQL's htup_details.h macros) ----

inline int HeapTupleNatts(const HeapTupleHeaderData* t) {
  return t->t_infomask2 & kHeapNattsMask;
}
inline bool HeapTupleHasNulls(const HeapTupleHeaderData* t) {
  return (t->t_infomask & kHeapHasNull) != 0;
}
// Bytes of a null bitmap for `natts` attributes.
inline constexpr size_t HeapBitmapLen(int natts) {
  return (static_cast<size_t>(natts) + 7) / 8;
}
inline bool HeapXminCommitted(const HeapTupleHeaderData* t) {
  return (t->t_infomask & kHeapXminCommitted) != 0;
}
inline bool HeapXminInvalid(const HeapTupleHeaderData* t) {
  return (t->t_infomask & kHeapXminFrozen) == kHeapXminInvalid;
}
inline bool HeapXminFrozen(const HeapTupleHeaderData* t) {
  return (t->t_infomask & kHeapXminFrozen) == kHeapXminFrozen;
}
// HOT chains (storage/heap/README.md "HOT"): a heap-only tuple has no index entry of its
// own; it is reached from its chain's root line pointer through HOT-updated versions.
inline bool HeapTupleHeaderIsHeapOnly(const HeapTupleHeaderData* t) {
  return (t->t_infomask2 & kHeapOnlyTuple) != 0;
}
// The version was replaced by a HOT update (its t_ctid names the next chain member on the
// same page) and that link may still count: xmax set, the version itself not aborted
// (PostgreSQL's HeapTupleHeaderIsHotUpdated). Chain walkers also check that the next
// member's raw xmin equals this version's xmax.
inline bool HeapTupleHeaderIsHotUpdated(const HeapTupleHeaderData* t) {
  return (t->t_infomask2 & kHeapHotUpdated) != 0 && (t->t_infomask & kHeapXmaxInvalid) == 0 &&
         !HeapXminInvalid(t);
}
// Xmax only locks the tuple (FOR SHARE/UPDATE), it never deleted it (HEAP_XMAX_IS_LOCKED_ONLY).
inline bool HeapXmaxIsLockedOnly(uint16_t infomask) {
  return (infomask & kHeapXmaxLockOnly) != 0 ||
         (infomask & (kHeapXmaxIsMulti | kHeapLockMask)) == kHeapXmaxExclLock;
}
inline TransactionId HeapTupleHeaderGetRawXmin(const HeapTupleHeaderData* t) {
  return t->t_xmin;
}
// Xmin, reading a frozen tuple's as kFrozenTransactionId.
inline TransactionId HeapTupleHeaderGetXmin(const HeapTupleHeaderData* t) {
  return HeapXminFrozen(t) ? kFrozenTransactionId : t->t_xmin;
}
inline TransactionId HeapTupleHeaderGetRawXmax(const HeapTupleHeaderData* t) {
  return t->t_xmax;
}
// The updating/deleting xid (no multixacts in Hyrax: the raw xmax).
inline TransactionId HeapTupleHeaderGetUpdateXid(const HeapTupleHeaderData* t) {
  return t->t_xmax;
}
inline CommandId HeapTupleHeaderGetRawCommandId(const HeapTupleHeaderData* t) {
  return t->t_cid;
}
inline void HeapTupleHeaderSetCmin(HeapTupleHeaderData* t, CommandId cid) {
  t->t_cid = cid;
  t->t_infomask &= static_cast<uint16_t>(~kHeapComboCid);
}
inline void HeapTupleHeaderSetCmax(HeapTupleHeaderData* t, CommandId cid, bool is_combo) {
  t->t_cid = cid;
  if (is_combo) {
    t->t_infomask |= kHeapComboCid;
  } else {
    t->t_infomask &= static_cast<uint16_t>(~kHeapComboCid);
  }
}
inline void HeapTupleHeaderSetNatts(HeapTupleHeaderData* t, int natts) {
  t->t_infomask2 =
      static_cast<uint16_t>((t->t_infomask2 & ~kHeapNattsMask) | (natts & kHeapNattsMask));
}

}  // namespace hyrax::storage
