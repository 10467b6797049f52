// Heap WAL record formats (resource manager kHeap): record types in the `info` byte, the
// main-data structs and the per-block tuple data. Written by heap_insert/delete/update/
// lock/prune.cpp and read by heap_redo.cpp. Structs have no implicit padding (their bytes
// go to WAL as they are). storage/heap/README.md "WAL records" documents each one.
#pragma once

#include <cstdint>

#include "common/ids.h"
#include "storage/heap/heap_tuple.h"
#include "storage/vm/vm_wal.h"

namespace hyrax::storage::heapwal {

// Record types (info & kOpMask), with kInitPage when block 0 is rebuilt from scratch.
inline constexpr uint8_t kInsert = 0x00;
inline constexpr uint8_t kDelete = 0x10;
inline constexpr uint8_t kUpdate = 0x20;
inline constexpr uint8_t kMultiInsert = 0x30;
inline constexpr uint8_t kLock = 0x40;
inline constexpr uint8_t kPrune = 0x50;
inline constexpr uint8_t kFreezePage = 0x60;  // VACUUM freezing tuples (heap_vacuum_page.cpp)
inline constexpr uint8_t kVisible = vmwal::kHeapVisible;  // 0x70, owned by storage/vm
inline constexpr uint8_t kOpMask = 0x70;
inline constexpr uint8_t kInitPage = 0x80;

// Flags.
inline constexpr uint8_t kAllVisibleCleared = 0x01;     // block 0 (or the old page) lost it
inline constexpr uint8_t kNewAllVisibleCleared = 0x02;  // update: the new page lost it
// Lock: the page stays all-visible but lost its visibility map ALL_FROZEN bit.
inline constexpr uint8_t kAllFrozenCleared = 0x04;
// Update: a HOT update (old version HEAP_HOT_UPDATED; the new one, on the same page, is
// heap-only: its logged infomask2 says so). PostgreSQL uses a separate record type.
inline constexpr uint8_t kHotUpdate = 0x08;
// Delete: a "super-delete" of a speculatively inserted tuple (HeapAbortSpeculative): xmin
// becomes invalid instead of xmax being set (PostgreSQL's XLH_DELETE_IS_SUPER).
inline constexpr uint8_t kSuperDelete = 0x10;

// Infobits: the xmax-describing infomask bits carried by delete/update/lock records
// (PostgreSQL's XLHL_* values).
inline constexpr uint8_t kXlhlXmaxIsMulti = 0x01;
inline constexpr uint8_t kXlhlXmaxLockOnly = 0x02;
inline constexpr uint8_t kXlhlXmaxExclLock = 0x04;
inline constexpr uint8_t kXlhlXmaxKeyshrLock = 0x08;
inline constexpr uint8_t kXlhlKeysUpdated = 0x10;

uint8_t ComputeInfobits(uint16_t infomask, uint16_t infomask2);
void FixInfomaskFromInfobits(uint8_t infobits, uint16_t* infomask, uint16_t* infomask2);

// Main data of kInsert. Block 0: TupleHeader + the tuple bytes after its 23-byte header.
struct Insert {
  OffsetNumber offnum;
  uint8_t flags;
  uint8_t pad;
};
static_assert(sizeof(Insert) == 4);

// The header fields redo cannot derive (xmin = record xid, cid = kFirstCommandId, ctid =
// the tuple's own location, xmax from the record).
struct TupleHeader {
  uint16_t t_infomask2;
  uint16_t t_infomask;
  uint8_t t_hoff;
  uint8_t pad;
};
static_assert(sizeof(TupleHeader) == 6);

// Main data of kMultiInsert, followed by `ntuples` OffsetNumbers. Block 0 data: for each
// tuple a MultiInsertTuple then its bytes after the 23-byte header.
struct MultiInsert {
  uint8_t flags;
  uint8_t pad;
  uint16_t ntuples;
};
static_assert(sizeof(MultiInsert) == 4);
struct MultiInsertTuple {
  uint16_t datalen;  // bytes after the 23-byte header
  TupleHeader header;
};
static_assert(sizeof(MultiInsertTuple) == 8);

// Main data of kDelete (block 0: the page).
struct Delete {
  TransactionId xmax;
  OffsetNumber offnum;
  uint8_t infobits_set;
  uint8_t flags;
};
static_assert(sizeof(Delete) == 8);

// Main data of kUpdate. Block 0: the new page, data TupleHeader + tuple bytes; block 1:
// the old page when different.
struct Update {
  TransactionId old_xmax;
  OffsetNumber old_offnum;
  uint8_t old_infobits_set;
  uint8_t flags;
  TransactionId new_xmax;
  OffsetNumber new_offnum;
  uint16_t pad;
};
static_assert(sizeof(Update) == 16);

// Main data of kLock (block 0: the page).
struct Lock {
  TransactionId locking_xid;
  OffsetNumber offnum;
  uint8_t infobits_set;
  uint8_t flags;
};
static_assert(sizeof(Lock) == 8);

// Main data of kPrune. Block 0 data: `nredirected` (root, target) OffsetNumber pairs whose
// root becomes LP_REDIRECT to target, then `ndead` OffsetNumbers set LP_DEAD, then `nunused`
// set LP_UNUSED; redo then repairs fragmentation exactly as the original did.
struct Prune {
  TransactionId new_prune_xid;
  uint16_t nredirected;
  uint16_t ndead;
  uint16_t nunused;
  uint16_t pad;
};
static_assert(sizeof(Prune) == 12);

// Main data of kFreezePage (PostgreSQL's xl_heap_freeze_page). Block 0 data: `ntuples`
// FreezeTuple entries, each the new xmax and infomask words of one tuple.
struct FreezePage {
  TransactionId cutoff_xid;  // the freeze limit used (for a future hot standby)
  uint16_t ntuples;
  uint16_t pad;
};
static_assert(sizeof(FreezePage) == 8);
struct FreezeTuple {
  TransactionId xmax;
  OffsetNumber offnum;
  uint16_t t_infomask2;
  uint16_t t_infomask;
  uint16_t pad;
};
static_assert(sizeof(FreezeTuple) == 12);

}  // namespace hyrax::storage::heapwal
