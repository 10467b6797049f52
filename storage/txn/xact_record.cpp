// Commit / abort records: building, parsing, redo and rmgr registration (see
// storage/txn/xact_record.h). Redo repeats what commit/abort did to shared state: clog
// statuses (children first, as the original commit) and pending file removals.
#include "storage/txn/xact_record.h"

#include <cstring>
#include <string>

#include "common/assert.h"
#include "common/error.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/smgr/smgr.h"
#include "storage/txn/clog.h"
#include "storage/txn/txn_internal.h"
#include "storage/txn/xact_redo.h"
#include "wal/insert/xlog_insert.h"
#include "wal/record/decoded_record.h"
#include "wal/rmgr/rmgr.h"

namespace hyrax::storage {

Lsn LogXactRecord(uint8_t info, TransactionId xid, const XactRecord& record) {
  XactRecordHeader header{record.xact_time, static_cast<uint32_t>(record.subxids.size()),
                          static_cast<uint32_t>(record.rels.size())};
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&header, sizeof(header));
  if (!record.subxids.empty()) {
    wal::XLogRegisterData(record.subxids.data(), record.subxids.size() * sizeof(TransactionId));
  }
  if (!record.rels.empty()) {
    wal::XLogRegisterData(record.rels.data(), record.rels.size() * sizeof(RelFileLocator));
  }
  return wal::XLogInsert(wal::RmgrId::kXact, info, xid);
}

std::optional<XactRecord> DecodeXactRecord(std::string_view data) {
  XactRecordHeader header;
  if (data.size() < sizeof(header)) return std::nullopt;
  std::memcpy(&header, data.data(), sizeof(header));
  size_t need = sizeof(header) + size_t{header.nsubxacts} * sizeof(TransactionId) +
                size_t{header.nrels} * sizeof(RelFileLocator);
  if (data.size() != need) return std::nullopt;
  XactRecord record;
  record.xact_time = header.xact_time;
  record.subxids.resize(header.nsubxacts);
  record.rels.resize(header.nrels);
  const char* p = data.data() + sizeof(header);
  if (header.nsubxacts > 0) {
    std::memcpy(record.subxids.data(), p, header.nsubxacts * sizeof(TransactionId));
    p += header.nsubxacts * sizeof(TransactionId);
  }
  if (header.nrels > 0) std::memcpy(record.rels.data(), p, header.nrels * sizeof(RelFileLocator));
  return record;
}

void XactRedo(const wal::DecodedRecord& rec) {
  std::optional<XactRecord> record = DecodeXactRecord(rec.main_data());
  HYRAX_CHECK(record.has_value(), "malformed transaction commit/abort record");
  const bool commit = (rec.info() & kXlogXactOpMask) == kXlogXactCommit;
  const TransactionId xid = rec.xid();
  for (TransactionId sub : record->subxids) {
    Clog::SetStatus(sub, commit ? XidStatus::kSubCommitted : XidStatus::kAborted);
    txn_internal::AdvanceNextXidPast(sub);
  }
  Clog::SetStatus(xid, commit ? XidStatus::kCommitted : XidStatus::kAborted);
  for (TransactionId sub : record->subxids) {
    if (commit) Clog::SetStatus(sub, XidStatus::kCommitted);
  }
  txn_internal::AdvanceNextXidPast(xid);
  for (const RelFileLocator& locator : record->rels) {
    BufferManager::DropRelation(locator);
    Smgr::UnlinkAllForks(locator);
  }
}

namespace {

std::string DescribeXact(const wal::DecodedRecord& rec) {
  std::optional<XactRecord> record = DecodeXactRecord(rec.main_data());
  const bool commit = (rec.info() & kXlogXactOpMask) == kXlogXactCommit;
  std::string out = fmt::format("{} xid {}", commit ? "COMMIT" : "ABORT", rec.xid());
  if (!record) return out + " (malformed)";
  if (!record->subxids.empty()) {
    out += "; subxacts:";
    for (TransactionId sub : record->subxids) out += fmt::format(" {}", sub);
  }
  if (!record->rels.empty()) {
    out += "; rels:";
    for (const RelFileLocator& r : record->rels) {
      out += fmt::format(" {}/{}/{}", r.spc_oid, r.db_oid, r.rel_number);
    }
  }
  return out;
}

}  // namespace

void RegisterXactRmgr() {
  wal::RmgrOps ops;
  ops.name = "Transaction";
  ops.redo = &XactRedo;
  ops.describe = &DescribeXact;
  wal::RegisterRmgr(wal::RmgrId::kXact, ops);
}

}  // namespace hyrax::storage
