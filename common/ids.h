// Identifier types shared by every layer: Oid, TransactionId, CommandId, BlockNumber,
// OffsetNumber and Lsn, with PostgreSQL's special values and modulo-2^32 xid comparison.
#pragma once

#include <cstdint>
#include <string>

namespace hyrax {

using Oid = uint32_t;
inline constexpr Oid kInvalidOid = 0;
// OIDs below this are assigned at init (catalog data); user objects start here (as PostgreSQL).
inline constexpr Oid kFirstNormalObjectId = 16384;

using TransactionId = uint32_t;
inline constexpr TransactionId kInvalidTransactionId = 0;
inline constexpr TransactionId kBootstrapTransactionId = 1;
inline constexpr TransactionId kFrozenTransactionId = 2;
inline constexpr TransactionId kFirstNormalTransactionId = 3;
inline constexpr TransactionId kMaxTransactionId = 0xFFFFFFFF;

inline bool TransactionIdIsValid(TransactionId xid) {
  return xid != kInvalidTransactionId;
}
inline bool TransactionIdIsNormal(TransactionId xid) {
  return xid >= kFirstNormalTransactionId;
}
// a < b in the circular xid space (PostgreSQL's TransactionIdPrecedes); special xids compare
// by plain value.
inline bool TransactionIdPrecedes(TransactionId a, TransactionId b) {
  if (!TransactionIdIsNormal(a) || !TransactionIdIsNormal(b)) return a < b;
  return static_cast<int32_t>(a - b) < 0;
}
inline bool TransactionIdPrecedesOrEquals(TransactionId a, TransactionId b) {
  return a == b || TransactionIdPrecedes(a, b);
}
inline bool TransactionIdFollows(TransactionId a, TransactionId b) {
  return TransactionIdPrecedes(b, a);
}
inline bool TransactionIdFollowsOrEquals(TransactionId a, TransactionId b) {
  return a == b || TransactionIdPrecedes(b, a);
}
// Next normal xid after `xid`, skipping the special values on wraparound.
inline TransactionId TransactionIdAdvance(TransactionId xid) {
  ++xid;
  if (xid < kFirstNormalTransactionId) xid = kFirstNormalTransactionId;
  return xid;
}

using CommandId = uint32_t;
inline constexpr CommandId kFirstCommandId = 0;
inline constexpr CommandId kInvalidCommandId = 0xFFFFFFFF;

using BlockNumber = uint32_t;
inline constexpr BlockNumber kInvalidBlockNumber = 0xFFFFFFFF;
inline constexpr BlockNumber kMaxBlockNumber = 0xFFFFFFFE;

// Line pointer number within a page, 1-based.
using OffsetNumber = uint16_t;
inline constexpr OffsetNumber kInvalidOffsetNumber = 0;
inline constexpr OffsetNumber kFirstOffsetNumber = 1;

// Log sequence number: a byte position in the write-ahead log.
using Lsn = uint64_t;
inline constexpr Lsn kInvalidLsn = 0;
// PostgreSQL's "X/X" notation (high and low 32 bits in upper-case hex).
std::string FormatLsn(Lsn lsn);

// Page size for heap, index, FSM, VM and clog pages.
inline constexpr int kBlockSize = 8192;

}  // namespace hyrax
