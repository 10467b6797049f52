// Composite values: row type descriptors, the record typmod registry and composite Datum
// construction (see record_type.h).
#include "executor/types/record_type.h"

#include <cstring>

#include "common/assert.h"
#include "common/error.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "executor/types/format_type.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

// Anonymous record layouts of this backend, indexed by typmod.
std::vector<storage::TupleDescPtr>& RecordRegistry() {
  static std::vector<storage::TupleDescPtr> registry;
  return registry;
}

bool SameLayout(const storage::TupleDesc& a, const storage::TupleDesc& b) {
  if (a.natts() != b.natts()) return false;
  for (int i = 0; i < a.natts(); ++i) {
    const auto& x = a.attr(i);
    const auto& y = b.attr(i);
    if (x.type_oid != y.type_oid || x.typmod != y.typmod || x.name != y.name ||
        x.dropped != y.dropped) {
      return false;
    }
  }
  return true;
}

const storage::HeapTupleHeaderData* Header(Datum value) {
  return DatumGetPointer<const storage::HeapTupleHeaderData>(value);
}

}  // namespace

storage::TupleDescPtr LookupRowTypeDesc(Oid type_oid, int32_t typmod) {
  if (type_oid == kRecordTypeOid) {
    auto& registry = RecordRegistry();
    if (typmod < 0 || static_cast<size_t>(typmod) >= registry.size()) {
      throw Error(errcode::kDatatypeMismatch, "record type has not been registered");
    }
    return registry[typmod];
  }
  auto type = catalog::Syscache().TypeByOid(type_oid);
  // A domain over a composite type reads as its base type.
  while (type && type->typtype == 'd') type = catalog::Syscache().TypeByOid(type->typbasetype);
  if (!type || type->typtype != 'c' || type->typrelid == kInvalidOid) {
    throw MakeError(errcode::kWrongObjectType, "type {} is not composite",
                    FormatTypeName(type_oid));
  }
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(type->typrelid);
  HYRAX_CHECK(rel != nullptr, "cache lookup failed for relation of type");
  if (rel->desc->composite_type() == type->oid) return rel->desc;
  // Relation descriptors do not always carry their row type; hand out one that does.
  std::vector<storage::AttributeDesc> attrs = rel->desc->attrs();
  return std::make_shared<storage::TupleDesc>(std::move(attrs), type->oid);
}

int32_t AssignRecordTypmod(const storage::TupleDesc& desc) {
  auto& registry = RecordRegistry();
  for (size_t i = 0; i < registry.size(); ++i) {
    if (SameLayout(*registry[i], desc)) return static_cast<int32_t>(i);
  }
  std::vector<storage::AttributeDesc> attrs = desc.attrs();
  for (auto& a : attrs) {
    a.has_missing = false;
    a.missing_storage.reset();
  }
  registry.push_back(std::make_shared<storage::TupleDesc>(std::move(attrs), kRecordTypeOid));
  return static_cast<int32_t>(registry.size() - 1);
}

Datum MakeCompositeDatum(const storage::TupleDesc& desc, const Datum* values, const bool* isnull,
                         Oid type_oid, int32_t typmod) {
  storage::HeapTuple tuple = storage::HeapFormTuple(desc, values, isnull);
  auto* header = tuple.data;
  SetVarSize(header, tuple.len);
  header->t_xmax = static_cast<TransactionId>(typmod);
  header->t_cid = type_oid;
  return PointerGetDatum(header);
}

Oid CompositeDatumType(Datum value) {
  return Header(value)->t_cid;
}

int32_t CompositeDatumTypmod(Datum value) {
  return static_cast<int32_t>(Header(value)->t_xmax);
}

CompositeFields DeformComposite(Datum value) {
  CompositeFields out;
  out.desc = LookupRowTypeDesc(CompositeDatumType(value), CompositeDatumTypmod(value));
  storage::HeapTuple tuple;
  tuple.len = VarSize(DatumGetPointer<const void>(value));
  tuple.data = const_cast<storage::HeapTupleHeaderData*>(Header(value));
  int natts = out.desc->natts();
  out.values.resize(natts);
  out.isnull = std::make_unique<bool[]>(natts > 0 ? natts : 1);
  storage::HeapDeformTuple(tuple, *out.desc, out.values.data(), out.isnull.get());
  return out;
}

}  // namespace hyrax::executor
