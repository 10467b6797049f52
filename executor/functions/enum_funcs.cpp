// Enum types (CREATE TYPE ... AS ENUM): a value is the OID of its pg_enum row. Input and
// output map labels to OIDs (22P02 "invalid input value for enum x: \"y\""), comparisons
// follow enumsortorder, hashing hashes the OID, and enum_first / enum_last / enum_range list
// the labels (PostgreSQL's enum.c). The labels of a type are cached per backend: they never
// change once created (ALTER TYPE ... ADD VALUE is not supported).
#include <algorithm>
#include <map>
#include <vector>

#include "common/error.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/type_families.h"
#include "executor/types/array_type.h"
#include "executor/types/binary_io.h"
#include "executor/types/format_type.h"
#include "executor/types/hash_bytes.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/pg_enum.h"

namespace hyrax::executor {

namespace {

struct EnumLabel {
  Oid oid;
  Oid type;
  float sortorder;
  std::string label;
};

struct EnumCache {
  std::map<Oid, std::vector<EnumLabel>> by_type;  // labels in sort order
  std::map<Oid, EnumLabel> by_oid;
};

EnumCache& Cache() {
  static EnumCache cache;
  return cache;
}

// Loads every label of every enum (pg_enum is small) into the cache.
void LoadLabels() {
  EnumCache& cache = Cache();
  cache.by_type.clear();
  cache.by_oid.clear();
  for (const auto& ref : catalog::ScanCatalog<catalog::PgEnum>()) {
    const auto& e = ref.row;
    EnumLabel label{e.oid, e.enumtypid, e.enumsortorder, e.enumlabel};
    cache.by_type[e.enumtypid].push_back(label);
    cache.by_oid.emplace(e.oid, std::move(label));
  }
  for (auto& [type, labels] : cache.by_type) {
    std::sort(labels.begin(), labels.end(),
              [](const EnumLabel& a, const EnumLabel& b) { return a.sortorder < b.sortorder; });
  }
}

const std::vector<EnumLabel>& LabelsOf(Oid type) {
  auto it = Cache().by_type.find(type);
  if (it == Cache().by_type.end()) {
    LoadLabels();
    it = Cache().by_type.find(type);
  }
  static const std::vector<EnumLabel> none;
  return it == Cache().by_type.end() ? none : it->second;
}

const EnumLabel& LabelOf(Oid value) {
  auto it = Cache().by_oid.find(value);
  if (it == Cache().by_oid.end()) {
    LoadLabels();
    it = Cache().by_oid.find(value);
    if (it == Cache().by_oid.end()) {
      throw MakeError(errcode::kInvalidBinaryRepresentation, "invalid internal value for enum: {}",
                      value);
    }
  }
  return it->second;
}

Datum LabelToValue(Oid type, std::string_view text) {
  for (const auto& label : LabelsOf(type)) {
    if (label.label == text) return ObjectIdGetDatum(label.oid);
  }
  throw MakeError(errcode::kInvalidTextRepresentation, "invalid input value for enum {}: \"{}\"",
                  FormatTypeName(type), text);
}

Datum EnumIn(FunctionCallInfo* f) {
  return LabelToValue(f->ArgOid(1), f->ArgCString(0));
}

Datum EnumOut(FunctionCallInfo* f) {
  return CStringDatum(LabelOf(f->ArgOid(0)).label);
}

Datum EnumRecv(FunctionCallInfo* f) {
  RecvBuffer* buf = RecvArg(f, 0);
  std::string text(buf->data + buf->cursor, buf->Remaining());
  buf->cursor = buf->len;
  return LabelToValue(f->ArgOid(1), text);
}

Datum EnumSend(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutBytes(LabelOf(f->ArgOid(0)).label);
  return buf.Finish();
}

int CompareEnums(Oid a, Oid b) {
  if (a == b) return 0;
  float x = LabelOf(a).sortorder, y = LabelOf(b).sortorder;
  return x < y ? -1 : x > y ? 1 : 0;
}

int Cmp(FunctionCallInfo* f) {
  return CompareEnums(f->ArgOid(0), f->ArgOid(1));
}

Datum EnumEq(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgOid(0) == f->ArgOid(1));
}
Datum EnumNe(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgOid(0) != f->ArgOid(1));
}
Datum EnumLt(FunctionCallInfo* f) {
  return BoolGetDatum(Cmp(f) < 0);
}
Datum EnumLe(FunctionCallInfo* f) {
  return BoolGetDatum(Cmp(f) <= 0);
}
Datum EnumGt(FunctionCallInfo* f) {
  return BoolGetDatum(Cmp(f) > 0);
}
Datum EnumGe(FunctionCallInfo* f) {
  return BoolGetDatum(Cmp(f) >= 0);
}
Datum EnumCmp(FunctionCallInfo* f) {
  return Int32GetDatum(Cmp(f));
}
Datum EnumSmaller(FunctionCallInfo* f) {
  return Cmp(f) < 0 ? f->Arg(0) : f->Arg(1);
}
Datum EnumLarger(FunctionCallInfo* f) {
  return Cmp(f) > 0 ? f->Arg(0) : f->Arg(1);
}
Datum HashEnum(FunctionCallInfo* f) {
  return UInt32GetDatum(HashUInt32(f->ArgOid(0)));
}

// The enum type of the (possibly NULL) argument of enum_first / enum_last / enum_range.
Oid ArgumentEnumType(FunctionCallInfo* f) {
  Oid type = f->ArgType(0);
  if (type == kInvalidOid) {
    throw Error(errcode::kInvalidParameterValue, "could not determine actual enum type");
  }
  return type;
}

const EnumLabel& EndLabel(FunctionCallInfo* f, bool first) {
  const auto& labels = LabelsOf(ArgumentEnumType(f));
  if (labels.empty()) {
    throw MakeError(errcode::kObjectNotInPrerequisiteState, "enum {} contains no values",
                    FormatTypeName(ArgumentEnumType(f)));
  }
  return first ? labels.front() : labels.back();
}

Datum EnumFirst(FunctionCallInfo* f) {
  return ObjectIdGetDatum(EndLabel(f, true).oid);
}
Datum EnumLast(FunctionCallInfo* f) {
  return ObjectIdGetDatum(EndLabel(f, false).oid);
}

// enum_range(x) and enum_range(lower, upper): the labels between the bounds (NULL = open).
Datum EnumRange(FunctionCallInfo* f) {
  Oid type = ArgumentEnumType(f);
  bool two = f->nargs == 2;
  std::vector<Datum> values;
  for (const auto& label : LabelsOf(type)) {
    if (two && !f->ArgIsNull(0) && CompareEnums(label.oid, f->ArgOid(0)) < 0) continue;
    if (two && !f->ArgIsNull(1) && CompareEnums(label.oid, f->ArgOid(1)) > 0) continue;
    values.push_back(ObjectIdGetDatum(label.oid));
  }
  ElementType elem{type, 4, true, 'i', ','};
  return ConstructArray1D(values, nullptr, elem);
}

const BuiltinFunction kEnumBuiltins[] = {
    {"enum_in", EnumIn, 2},           {"enum_out", EnumOut, 1},
    {"enum_recv", EnumRecv, 2},       {"enum_send", EnumSend, 1},
    {"enum_eq", EnumEq, 2},           {"enum_ne", EnumNe, 2},
    {"enum_lt", EnumLt, 2},           {"enum_le", EnumLe, 2},
    {"enum_gt", EnumGt, 2},           {"enum_ge", EnumGe, 2},
    {"enum_cmp", EnumCmp, 2},         {"enum_smaller", EnumSmaller, 2},
    {"enum_larger", EnumLarger, 2},   {"hashenum", HashEnum, 1},
    {"enum_first", EnumFirst, 1},     {"enum_last", EnumLast, 1},
    {"enum_range_all", EnumRange, 1}, {"enum_range_bounds", EnumRange, 2},
};

}  // namespace

std::span<const BuiltinFunction> EnumBuiltins() {
  return kEnumBuiltins;
}

}  // namespace hyrax::executor
