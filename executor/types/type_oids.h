// Well-known OIDs of PostgreSQL 15's built-in types (pg_type.oid), used where code needs a
// type by identity (type I/O dispatch, polymorphic functions, tests). They are facts of the
// catalog data in storage/catalog/data/pg_type.tsv; see executor/types/README.md.
#pragma once

#include "common/ids.h"

namespace hyrax::executor {

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
inline constexpr Oid kNumericOid = 1700;
inline constexpr Oid kRegprocedureOid = 2202;
inline constexpr Oid kRegoperOid = 2203;
inline constexpr Oid kRegoperatorOid = 2204;
inline constexpr Oid kRegclassOid = 2205;
inline constexpr Oid kRegtypeOid = 2206;
inline constexpr Oid kRecordOid = 2249;
inline constexpr Oid kCStringOid = 2275;
inline constexpr Oid kAnyOid = 2276;
inline constexpr Oid kAnyArrayOid = 2277;
inline constexpr Oid kVoidOid = 2278;
inline constexpr Oid kInternalOid = 2281;
inline constexpr Oid kAnyElementOid = 2283;
inline constexpr Oid kUuidOid = 2950;
inline constexpr Oid kJsonbOid = 3802;
inline constexpr Oid kRegnamespaceOid = 4089;
inline constexpr Oid kRegroleOid = 4096;
inline constexpr Oid kRegcollationOid = 4191;
inline constexpr Oid kXid8Oid = 5069;

// Array types of the above (pg_type.typarray).
inline constexpr Oid kBoolArrayOid = 1000;
inline constexpr Oid kByteaArrayOid = 1001;
inline constexpr Oid kCharArrayOid = 1002;
inline constexpr Oid kNameArrayOid = 1003;
inline constexpr Oid kInt2ArrayOid = 1005;
inline constexpr Oid kInt4ArrayOid = 1007;
inline constexpr Oid kTextArrayOid = 1009;
inline constexpr Oid kOidArrayOid = 1028;
inline constexpr Oid kBpcharArrayOid = 1014;
inline constexpr Oid kVarcharArrayOid = 1015;
inline constexpr Oid kInt8ArrayOid = 1016;
inline constexpr Oid kFloat4ArrayOid = 1021;
inline constexpr Oid kFloat8ArrayOid = 1022;
inline constexpr Oid kTimestampArrayOid = 1115;
inline constexpr Oid kDateArrayOid = 1182;
inline constexpr Oid kTimeArrayOid = 1183;
inline constexpr Oid kTimestampTzArrayOid = 1185;
inline constexpr Oid kIntervalArrayOid = 1187;
inline constexpr Oid kNumericArrayOid = 1231;
inline constexpr Oid kCStringArrayOid = 1263;
inline constexpr Oid kTimeTzArrayOid = 1270;
inline constexpr Oid kUuidArrayOid = 2951;

// pg_collation OIDs (also in storage/catalog/catalog_rows.h).
inline constexpr Oid kDefaultCollationOid = 100;
inline constexpr Oid kCCollationOid = 950;

}  // namespace hyrax::executor
