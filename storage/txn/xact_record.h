// WAL records of the transaction resource manager (RmgrId::kXact). Main data of both kinds:
//   XactRecordHeader | TransactionId subxids[nsubxacts] | RelFileLocator rels[nrels]
// The record's xid (header field) is the transaction that ended: the top-level xid for a
// commit or abort, the subtransaction's xid for ROLLBACK TO. `subxids` are its committed
// children, `rels` the relation files to remove. README.md ("Commit and abort records").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/ids.h"
#include "common/relfile.h"

namespace hyrax::wal {
class DecodedRecord;
}  // namespace hyrax::wal

namespace hyrax::storage {

inline constexpr uint8_t kXlogXactCommit = 0x00;
inline constexpr uint8_t kXlogXactAbort = 0x20;
inline constexpr uint8_t kXlogXactOpMask = 0x70;

struct XactRecordHeader {
  int64_t xact_time;  // TimestampTz of the commit / abort
  uint32_t nsubxacts;
  uint32_t nrels;
};

struct XactRecord {
  int64_t xact_time = 0;
  std::vector<TransactionId> subxids;
  std::vector<RelFileLocator> rels;
};

// Builds and inserts a commit (kXlogXactCommit) or abort record for `xid`; returns its end
// LSN. Requires: inside a CriticalSection (WAL insertion failures are PANICs).
Lsn LogXactRecord(uint8_t info, TransactionId xid, const XactRecord& record);
// Parses main data; nullopt when it is malformed.
std::optional<XactRecord> DecodeXactRecord(std::string_view main_data);

// The redo routine and description for RmgrId::kXact.
void XactRedo(const wal::DecodedRecord& record);

}  // namespace hyrax::storage
