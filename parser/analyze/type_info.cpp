// Cached type facts (see type_info.h).
#include "parser/analyze/type_info.h"

#include <memory>
#include <unordered_map>

#include "common/error.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

// Built-in rows never change, so they are kept for the life of the process. Rows of user
// types are fetched per call (a CREATE/DROP TYPE must be seen at once) and kept in a small
// ring so the returned reference outlives the call that produced it.
std::unordered_map<Oid, std::unique_ptr<catalog::PgType>>& BuiltinCache() {
  static std::unordered_map<Oid, std::unique_ptr<catalog::PgType>> cache;
  return cache;
}

const catalog::PgType* Remember(catalog::PgType row) {
  static std::unique_ptr<catalog::PgType> ring[64];
  static size_t next = 0;
  auto& slot = ring[next++ % 64];
  slot = std::make_unique<catalog::PgType>(std::move(row));
  return slot.get();
}

}  // namespace

const catalog::PgType* FindType(Oid type) {
  if (type == kInvalidOid) return nullptr;
  if (type < kFirstNormalObjectId) {
    auto& cache = BuiltinCache();
    auto it = cache.find(type);
    if (it != cache.end()) return it->second.get();
    auto row = catalog::Syscache().TypeByOid(type);
    if (!row) return nullptr;
    auto* ptr = new catalog::PgType(std::move(*row));
    cache.emplace(type, std::unique_ptr<catalog::PgType>(ptr));
    return ptr;
  }
  auto row = catalog::Syscache().TypeByOid(type);
  if (!row) return nullptr;
  return Remember(std::move(*row));
}

const catalog::PgType& LookupType(Oid type) {
  const catalog::PgType* row = FindType(type);
  if (row == nullptr) {
    throw MakeError(errcode::kInternalError, "cache lookup failed for type {}", type);
  }
  return *row;
}

char TypeCategory(Oid type) {
  const catalog::PgType* row = FindType(type);
  return row ? row->typcategory : 'X';
}

bool IsPreferredType(char category, Oid type) {
  const catalog::PgType* row = FindType(type);
  return row && row->typcategory == category && row->typispreferred;
}

int16_t TypeLength(Oid type) {
  return LookupType(type).typlen;
}

bool TypeByValue(Oid type) {
  return LookupType(type).typbyval;
}

Oid TypeCollation(Oid type) {
  const catalog::PgType* row = FindType(type);
  return row ? row->typcollation : kInvalidOid;
}

Oid ArrayTypeOf(Oid elem) {
  const catalog::PgType* row = FindType(elem);
  return row ? row->typarray : kInvalidOid;
}

Oid ElementTypeOf(Oid array) {
  const catalog::PgType* row = FindType(array);
  if (row == nullptr || row->typlen != -1 || row->typsubscript != kArraySubscriptHandlerOid) {
    return kInvalidOid;
  }
  return row->typelem;
}

Oid BaseType(Oid type) {
  int32_t typmod = -1;
  return BaseTypeAndTypmod(type, &typmod);
}

Oid BaseTypeAndTypmod(Oid type, int32_t* typmod) {
  for (;;) {
    const catalog::PgType* row = FindType(type);
    if (row == nullptr || row->typtype != 'd') return type;
    *typmod = row->typtypmod;
    type = row->typbasetype;
  }
}

bool IsDomain(Oid type) {
  const catalog::PgType* row = FindType(type);
  return row && row->typtype == 'd';
}

bool IsComplexType(Oid type) {
  if (type == kRecordOid) return true;
  const catalog::PgType* row = FindType(BaseType(type));
  return row && row->typtype == 'c';
}

std::optional<catalog::PgOpclass> DefaultOpclassFor(Oid am, Oid type) {
  Oid base = BaseType(type);
  auto& cache = catalog::Syscache();
  if (auto opc = cache.DefaultOpclass(am, base)) return opc;
  if (base != kRecordOid && IsComplexType(base)) return cache.DefaultOpclass(am, kRecordOid);
  if (ElementTypeOf(base) != kInvalidOid) return cache.DefaultOpclass(am, kAnyArrayOid);
  return std::nullopt;
}

bool IsPseudoType(Oid type) {
  const catalog::PgType* row = FindType(type);
  return row && row->typtype == 'p';
}

bool IsPolymorphicType(Oid type) {
  switch (type) {
    case kAnyElementOid:
    case kAnyArrayOid:
    case kAnyNonArrayOid:
    case kAnyEnumOid:
    case kAnyRangeOid:
    case kAnyMultirangeOid:
    case kAnyCompatibleOid:
    case kAnyCompatibleArrayOid:
    case kAnyCompatibleNonArrayOid:
    case kAnyCompatibleRangeOid:
    case kAnyCompatibleMultirangeOid:
      return true;
    default:
      return false;
  }
}

}  // namespace hyrax::parser
