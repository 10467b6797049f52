// The XLOG resource manager: logging and redo of checkpoint, NEXTOID and image-only
// records. Redo follows PostgreSQL's xlog_redo: a shutdown checkpoint sets the counters,
// an online checkpoint only advances the xid counter (OIDs are tracked through NEXTOID).
#include "wal/rmgr/xlog_rmgr.h"

#include <cstring>

#include "common/assert.h"
#include "common/error.h"
#include "wal/record/decoded_record.h"
#include "wal/record/record_format.h"
#include "wal/recovery/recovery_internal.h"

namespace hyrax::wal {

namespace {

constexpr size_t kCheckpointPayloadSize = 32;

FullPageImageRedoFn g_fpi_redo_hook = nullptr;

void RedoCheckpoint(const DecodedRecord& record) {
  std::optional<CheckpointData> cp = DecodeCheckpoint(record.main_data());
  HYRAX_CHECK(cp.has_value(), "invalid checkpoint record");
  ReplayCounters& counters = CurrentReplayCounters();
  if (record.info() == kXlogCheckpointShutdown) {
    counters.next_xid = cp->next_xid;
    counters.next_oid = cp->next_oid;
  } else if (TransactionIdPrecedes(counters.next_xid, cp->next_xid)) {
    counters.next_xid = cp->next_xid;
  }
}

void RedoNextOid(const DecodedRecord& record) {
  HYRAX_CHECK(record.main_data().size() == sizeof(Oid), "invalid NEXTOID record");
  Oid next_oid;
  std::memcpy(&next_oid, record.main_data().data(), sizeof(next_oid));
  CurrentReplayCounters().next_oid = next_oid;
}

void RedoFpi(const DecodedRecord& record) {
  HYRAX_CHECK(g_fpi_redo_hook != nullptr, "no redo routine for full-page image records");
  for (int block_id = 0; block_id <= record.max_block_id(); ++block_id) {
    if (record.HasBlock(block_id) && record.block(block_id).has_image) {
      g_fpi_redo_hook(record, block_id);
    }
  }
}

void XlogRedo(const DecodedRecord& record) {
  switch (record.info()) {
    case kXlogCheckpointShutdown:
    case kXlogCheckpointOnline:
      RedoCheckpoint(record);
      return;
    case kXlogNextOid:
      RedoNextOid(record);
      return;
    case kXlogFpi:
      RedoFpi(record);
      return;
    default:
      ThrowInternalError(__FILE__, __LINE__,
                         fmt::format("xlog_redo: unknown op code {}", record.info()));
  }
}

std::string XlogDescribe(const DecodedRecord& record) {
  switch (record.info()) {
    case kXlogCheckpointShutdown:
    case kXlogCheckpointOnline: {
      std::optional<CheckpointData> cp = DecodeCheckpoint(record.main_data());
      if (!cp) return "CHECKPOINT (invalid)";
      return fmt::format("CHECKPOINT_{} redo {}; next xid {}; next oid {}; oldest xid {}",
                         record.info() == kXlogCheckpointShutdown ? "SHUTDOWN" : "ONLINE",
                         FormatLsn(cp->redo), cp->next_xid, cp->next_oid, cp->oldest_xid);
    }
    case kXlogNextOid: {
      Oid next_oid = 0;
      if (record.main_data().size() == sizeof(Oid)) {
        std::memcpy(&next_oid, record.main_data().data(), sizeof(next_oid));
      }
      return fmt::format("NEXTOID {}", next_oid);
    }
    case kXlogFpi:
      return fmt::format("FPI blocks {}", record.max_block_id() + 1);
    default:
      return fmt::format("UNKNOWN info {}", record.info());
  }
}

}  // namespace

void LogNextOid(Oid next_oid) {
  XLogBeginInsert();
  XLogRegisterData(&next_oid, sizeof(next_oid));
  XLogInsert(RmgrId::kXlog, kXlogNextOid);
}

Lsn LogPageImage(const BlockRef& ref, const char* page, bool standard) {
  XLogBeginInsert();
  uint8_t flags = kRegbufForceImage | (standard ? kRegbufStandard : kRegbufNonStandard);
  XLogRegisterBlock(0, ref, page, flags);
  return XLogInsert(RmgrId::kXlog, kXlogFpi);
}

void SetFullPageImageRedoHook(FullPageImageRedoFn fn) {
  g_fpi_redo_hook = fn;
}

std::string EncodeCheckpoint(const CheckpointData& data) {
  std::string out(kCheckpointPayloadSize, '\0');
  char* p = out.data();
  StoreAt<uint64_t>(p, 0, data.redo);
  StoreAt<uint32_t>(p, 8, data.next_xid);
  StoreAt<uint32_t>(p, 12, data.next_oid);
  StoreAt<uint32_t>(p, 16, data.oldest_xid);
  StoreAt<uint32_t>(p, 20, data.is_shutdown ? 1 : 0);
  StoreAt<int64_t>(p, 24, data.time);
  return out;
}

std::optional<CheckpointData> DecodeCheckpoint(std::string_view bytes) {
  if (bytes.size() != kCheckpointPayloadSize) return std::nullopt;
  const char* p = bytes.data();
  CheckpointData data;
  data.redo = LoadAt<uint64_t>(p, 0);
  data.next_xid = LoadAt<uint32_t>(p, 8);
  data.next_oid = LoadAt<uint32_t>(p, 12);
  data.oldest_xid = LoadAt<uint32_t>(p, 16);
  data.is_shutdown = LoadAt<uint32_t>(p, 20) != 0;
  data.time = LoadAt<int64_t>(p, 24);
  return data;
}

bool IsCheckpointRecord(const DecodedRecord& record) {
  return record.rmid() == RmgrId::kXlog &&
         (record.info() == kXlogCheckpointShutdown || record.info() == kXlogCheckpointOnline) &&
         DecodeCheckpoint(record.main_data()).has_value();
}

RmgrOps XlogRmgrOps() {
  RmgrOps ops;
  ops.name = "XLOG";
  ops.redo = XlogRedo;
  ops.describe = XlogDescribe;
  return ops;
}

}  // namespace hyrax::wal
