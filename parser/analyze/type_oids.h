// Well-known OIDs of PostgreSQL 15's built-in types, functions and operators that the
// analyzer needs by identity (literal typing, boolean contexts, the unknown pseudo-type,
// array subscripting). Facts of the catalog data (storage/catalog/data/*.tsv); names match
// executor/types/type_oids.h, which replaces the type entries when it lands on main.
#pragma once

#include "common/ids.h"

namespace hyrax::parser {

inline constexpr Oid kBoolOid = 16;
inline constexpr Oid kByteaOid = 17;
inline constexpr Oid kCharOid = 18;
inline constexpr Oid kNameOid = 19;
inline constexpr Oid kInt8Oid = 20;
inline constexpr Oid kInt2Oid = 21;
inline constexpr Oid kInt2VectorOid = 22;
inline constexpr Oid kInt4Oid = 23;
inline constexpr Oid kRegprocOid = 24;
inline constexpr Oid kTextOid = 25;
inline constexpr Oid kOidOid = 26;
inline constexpr Oid kTidOid = 27;
inline constexpr Oid kXidOid = 28;
inline constexpr Oid kCidOid = 29;
inline constexpr Oid kOidVectorOid = 30;
inline constexpr Oid kJsonOid = 114;
inline constexpr Oid kFloat4Oid = 700;
inline constexpr Oid kFloat8Oid = 701;
inline constexpr Oid kUnknownOid = 705;
inline constexpr Oid kBpcharOid = 1042;
inline constexpr Oid kVarcharOid = 1043;
inline constexpr Oid kDateOid = 1082;
inline constexpr Oid kTimeOid = 1083;
inline constexpr Oid kTimestampOid = 1114;
inline constexpr Oid kTimestampTzOid = 1184;
inline constexpr Oid kIntervalOid = 1186;
inline constexpr Oid kTimeTzOid = 1266;
inline constexpr Oid kBitOid = 1560;
inline constexpr Oid kVarbitOid = 1562;
inline constexpr Oid kNumericOid = 1700;
inline constexpr Oid kRegclassOid = 2205;
inline constexpr Oid kRecordOid = 2249;
inline constexpr Oid kCStringOid = 2275;
inline constexpr Oid kAnyOid = 2276;
inline constexpr Oid kAnyArrayOid = 2277;
inline constexpr Oid kVoidOid = 2278;
inline constexpr Oid kTriggerOid = 2279;
inline constexpr Oid kInternalOid = 2281;
inline constexpr Oid kAnyElementOid = 2283;
inline constexpr Oid kAnyNonArrayOid = 2776;
inline constexpr Oid kAnyEnumOid = 3500;
inline constexpr Oid kAnyRangeOid = 3831;
inline constexpr Oid kAnyMultirangeOid = 4537;
inline constexpr Oid kAnyCompatibleOid = 5077;
inline constexpr Oid kAnyCompatibleArrayOid = 5078;
inline constexpr Oid kAnyCompatibleNonArrayOid = 5079;
inline constexpr Oid kAnyCompatibleRangeOid = 5080;
inline constexpr Oid kAnyCompatibleMultirangeOid = 4538;
inline constexpr Oid kRecordArrayOid = 2287;
inline constexpr Oid kTextArrayOid = 1009;
inline constexpr Oid kInt4ArrayOid = 1007;

// pg_type.typsubscript of true arrays (array_subscript_handler).
inline constexpr Oid kArraySubscriptHandlerOid = 6179;

// Functions.
inline constexpr Oid kCountStarFuncOid = 2803;  // count()
inline constexpr Oid kNextvalFuncOid = 1574;    // nextval(regclass)

}  // namespace hyrax::parser
