// Tuple slots (PostgreSQL's TupleTableSlot): the unit of data passed between operators and
// read by expressions. A slot has a tuple descriptor and parallel values/isnull arrays that
// are filled lazily (GetSomeAttrs) from whatever the slot holds: a virtual row (values set
// directly) or, in HeapTupleSlot, a heap tuple. See executor/README.md "Tuple slots".
//
// Lifetime: by-reference values may point into memory the slot does not own (an input
// operator's per-tuple context, a pinned heap page). They stay valid until the producing
// operator's next Next() call. Materialize() copies them into the slot's own context.
#pragma once

#include <memory>
#include <vector>

#include "common/datum.h"
#include "common/memory_context.h"
#include "nodes/primnodes.h"
#include "storage/heap/heap_tuple.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::executor {

class TupleSlot {
 public:
  explicit TupleSlot(storage::TupleDescPtr desc);
  virtual ~TupleSlot() = default;
  TupleSlot(const TupleSlot&) = delete;
  TupleSlot& operator=(const TupleSlot&) = delete;

  const storage::TupleDesc& desc() const { return *desc_; }
  const storage::TupleDescPtr& desc_ptr() const { return desc_; }
  int natts() const { return desc_->natts(); }
  bool empty() const { return empty_; }

  // Makes values()/nulls() valid for attributes [0, n). Requires: !empty().
  void GetSomeAttrs(int n) {
    if (n > nvalid_) DeformUpTo(n);
  }
  void GetAllAttrs() { GetSomeAttrs(natts()); }
  // 1-based attribute access (deforms as needed).
  Datum GetAttr(int attnum, bool* isnull) {
    GetSomeAttrs(attnum);
    *isnull = isnull_[attnum - 1];
    return values_[attnum - 1];
  }
  Datum* values() { return values_.data(); }
  bool* nulls() { return isnull_.get(); }

  // System column (attnum < 0). The virtual slot has none: throws XX000 "cannot retrieve a
  // system column in this context" as PostgreSQL.
  virtual Datum GetSystemAttr(nodes::AttrNumber attnum, bool* isnull);

  // Empties the slot and forgets materialised memory.
  void Clear();
  // Declares values()/nulls() filled by the caller for all attributes.
  void StoreVirtual();
  // Copies every value of `other` (same column count); by-reference values still point to
  // `other`'s memory until Materialize().
  void CopyFrom(TupleSlot& other);
  // Copies by-reference values into memory owned by the slot (valid until Clear()).
  void Materialize();
  // Builds a heap tuple of the current values in the current memory context.
  storage::HeapTuple FormHeapTuple();

  // Where the row came from, when it is a stored heap row (ctid, tableoid).
  storage::ItemPointerData tid;
  Oid table_oid = kInvalidOid;

 protected:
  virtual void DeformUpTo(int n);
  virtual void ClearStorage() {}
  MemoryContext* OwnMemory();

  storage::TupleDescPtr desc_;
  std::vector<Datum> values_;
  std::unique_ptr<bool[]> isnull_;
  int nvalid_ = 0;
  bool empty_ = true;

 private:
  std::unique_ptr<MemoryContext> memory_;  // created on first Materialize()
};

// Holds a heap tuple (from a scan, a fetch or a freshly formed tuple) and deforms it lazily;
// answers the system columns ctid, xmin, cmin, xmax, cmax, tableoid.
class HeapTupleSlot : public TupleSlot {
 public:
  explicit HeapTupleSlot(storage::TupleDescPtr desc) : TupleSlot(std::move(desc)) {}

  // Stores `tuple` without copying when `copy` is false (the caller keeps its bytes valid
  // while the slot holds it, e.g. a pinned scan page); with `copy` the bytes are copied into
  // the slot's memory.
  void StoreHeapTuple(const storage::HeapTuple& tuple, bool copy);
  const storage::HeapTuple& heap_tuple() const { return tuple_; }

  Datum GetSystemAttr(nodes::AttrNumber attnum, bool* isnull) override;

 protected:
  void DeformUpTo(int n) override;
  void ClearStorage() override { tuple_ = storage::HeapTuple(); }

 private:
  storage::HeapTuple tuple_;
  storage::ItemPointerData ctid_copy_;  // backing store of the ctid Datum
};

// Builds a tuple descriptor for `types` (type OID and typmod per column, names optional),
// reading typlen/typbyval/typalign from the syscache.
storage::TupleDescPtr MakeTupleDesc(const std::vector<Oid>& types,
                                    const std::vector<int32_t>& typmods,
                                    const std::vector<std::string>& names = {});
// The descriptor of a target list's non-junk (or all, with `include_junk`) entries.
storage::TupleDescPtr TupleDescFromTargetList(const nodes::TargetList& tlist, bool include_junk);

// Copies a by-reference Datum of a column with `len` (attlen) into `context`.
Datum DatumCopy(Datum value, bool byval, int16_t len, MemoryContext* context);

}  // namespace hyrax::executor
