// Virtual tuple slots and tuple-descriptor helpers (see tuple_slot.h). The heap-tuple slot
// lives in heap_tuple_slot.cpp.
#include "executor/exec/tuple_slot.h"

#include <cstring>

#include "common/assert.h"
#include "common/error.h"
#include "common/varlena.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

TupleSlot::TupleSlot(storage::TupleDescPtr desc)
    : desc_(std::move(desc)),
      values_(desc_->natts(), 0),
      isnull_(new bool[desc_->natts() > 0 ? desc_->natts() : 1]()) {}

Datum TupleSlot::GetSystemAttr(nodes::AttrNumber attnum, bool* isnull) {
  throw Error(errcode::kFeatureNotSupported, "cannot retrieve a system column in this context");
}

void TupleSlot::Clear() {
  ClearStorage();
  if (memory_) memory_->Reset();
  nvalid_ = 0;
  empty_ = true;
  tid = storage::ItemPointerData();
  table_oid = kInvalidOid;
}

void TupleSlot::StoreVirtual() {
  nvalid_ = natts();
  empty_ = false;
}

void TupleSlot::DeformUpTo(int n) {
  // A virtual slot is always fully valid; reaching here means the caller read past natts.
  HYRAX_CHECK(n <= nvalid_, "attribute number out of range for virtual tuple slot");
}

void TupleSlot::CopyFrom(TupleSlot& other) {
  HYRAX_CHECK(other.natts() == natts(), "slot column count mismatch");
  Clear();
  other.GetAllAttrs();
  std::memcpy(values_.data(), other.values_.data(), sizeof(Datum) * natts());
  std::memcpy(isnull_.get(), other.isnull_.get(), sizeof(bool) * natts());
  tid = other.tid;
  table_oid = other.table_oid;
  StoreVirtual();
}

MemoryContext* TupleSlot::OwnMemory() {
  if (!memory_) memory_ = std::make_unique<MemoryContext>("TupleSlot", 1024);
  return memory_.get();
}

void TupleSlot::Materialize() {
  GetAllAttrs();
  // Copy first into a fresh context, then swap: values may point into our own memory.
  auto fresh = std::make_unique<MemoryContext>("TupleSlot", 1024);
  for (int i = 0; i < natts(); ++i) {
    const auto& attr = desc_->attr(i);
    if (isnull_[i] || attr.byval) continue;
    values_[i] = DatumCopy(values_[i], attr.byval, attr.len, fresh.get());
  }
  ClearStorage();
  memory_ = std::move(fresh);
  nvalid_ = natts();
}

Datum DatumCopy(Datum value, bool byval, int16_t len, MemoryContext* context) {
  if (byval) return value;
  const char* src = DatumGetPointer<const char>(value);
  size_t size;
  if (len > 0) {
    size = static_cast<size_t>(len);
  } else if (len == -1) {
    size = VarSize(src);
  } else {
    size = std::strlen(src) + 1;
  }
  void* dst = context->Alloc(size);
  std::memcpy(dst, src, size);
  return PointerGetDatum(dst);
}

storage::TupleDescPtr MakeTupleDesc(const std::vector<Oid>& types,
                                    const std::vector<int32_t>& typmods,
                                    const std::vector<std::string>& names) {
  std::vector<storage::AttributeDesc> attrs;
  attrs.reserve(types.size());
  for (size_t i = 0; i < types.size(); ++i) {
    storage::AttributeDesc a;
    a.type_oid = types[i];
    a.typmod = i < typmods.size() ? typmods[i] : -1;
    a.attnum = static_cast<int16_t>(i + 1);
    if (i < names.size()) a.name = names[i];
    auto type = catalog::Syscache().TypeByOid(types[i]);
    if (type) {
      a.len = type->typlen;
      a.byval = type->typbyval;
      a.align = type->typalign;
      a.storage = type->typstorage;
      a.collation = type->typcollation;
    } else {
      // Pseudo values with no catalog row (never stored): treat as a by-value word.
      a.len = 8;
      a.byval = true;
      a.align = 'd';
    }
    attrs.push_back(std::move(a));
  }
  return std::make_shared<storage::TupleDesc>(std::move(attrs));
}

storage::TupleDescPtr TupleDescFromTargetList(const nodes::TargetList& tlist, bool include_junk) {
  std::vector<Oid> types;
  std::vector<int32_t> typmods;
  std::vector<std::string> names;
  for (const auto& tle : tlist) {
    if (tle.resjunk && !include_junk) continue;
    types.push_back(tle.expr->result_type);
    typmods.push_back(tle.expr->result_typmod);
    names.push_back(tle.resname);
  }
  return MakeTupleDesc(types, typmods, names);
}

}  // namespace hyrax::executor
