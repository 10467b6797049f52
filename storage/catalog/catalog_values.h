// Values of catalog columns: the handful of types system catalogs use (integers, oid and
// reg*, bool, "char", name, text/pg_node_tree, float4, oidvector, int2vector, aclitem and
// 1-D arrays of those), converted between PostgreSQL's text form (the bootstrap data
// files), Datums (catalog heap tuples) and C++ values (catalog_rows.h fields). The storage
// layer cannot call the executor's type functions, and needs only these.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/array_layout.h"
#include "common/datum.h"
#include "common/ids.h"

namespace hyrax::catalog {

// Type OIDs that appear in catalog columns.
namespace typeoid {
inline constexpr Oid kBool = 16, kBytea = 17, kChar = 18, kName = 19, kInt8 = 20, kInt2 = 21,
                     kInt2Vector = 22, kInt4 = 23, kRegproc = 24, kText = 25, kOid = 26, kXid = 28,
                     kOidVector = 30, kPgNodeTree = 194, kFloat4 = 700, kFloat8 = 701,
                     kInt2Array = 1005, kTextArray = 1009, kCharArray = 1002, kFloat4Array = 1021,
                     kOidArray = 1028, kAclItem = 1033, kAclItemArray = 1034, kTimestampTz = 1184,
                     kAnyArray = 2277, kPgLsn = 3220;
}  // namespace typeoid

inline constexpr int kNameDataLen = 64;  // NAMEDATALEN

// aclitem (PostgreSQL 15 layout: 12 bytes).
struct AclItem {
  Oid grantee;  // 0 = PUBLIC
  Oid grantor;
  uint32_t privs;  // privilege bits; grant options in the high 16 bits
};

// Resolves role names appearing in aclitem text ("postgres=arwd/postgres").
using RoleNameResolver = std::function<Oid(std::string_view)>;

// Parses PostgreSQL's text form of a value of catalog column type `type` (allocating in
// the current memory context). Throws XX000 for a type catalogs do not use.
Datum CatalogTextToDatum(Oid type, std::string_view text, const RoleNameResolver& roles);

// Element layout of an array column's element type, and the element type of an array type.
ElementLayout CatalogElementLayout(Oid elem_type);
Oid CatalogArrayElementType(Oid array_type);

// Datum -> C++.
std::string NameDatumToString(Datum d);
Datum StringToNameDatum(std::string_view s);                 // truncates to 63 bytes, NUL-padded
std::vector<int64_t> IntVectorFromDatum(Datum d, Oid type);  // oidvector/int2vector/_oid/_int2
std::vector<std::string> TextArrayFromDatum(Datum d);
std::vector<char> CharArrayFromDatum(Datum d);

// C++ -> Datum.
Datum OidVectorDatum(const std::vector<Oid>& v);
Datum Int2VectorDatum(const std::vector<int16_t>& v);
Datum OidArrayDatum(const std::vector<Oid>& v);
Datum Int2ArrayDatum(const std::vector<int16_t>& v);
Datum TextArrayDatum(const std::vector<std::string>& v);
Datum CharArrayDatum(const std::vector<char>& v);

// aclitem text form, for output functions and tests ("=r/postgres").
std::string AclItemToText(const AclItem& item, const std::function<std::string(Oid)>& role_name);

}  // namespace hyrax::catalog
