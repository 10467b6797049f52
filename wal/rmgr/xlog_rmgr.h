// The XLOG resource manager (RmgrId::kXlog), owned by wal/: checkpoint records, NEXTOID
// records and records that carry only full-page images. Also the registration point
// through which storage restores those images during redo, since wal/ cannot touch
// buffers. Info values follow PostgreSQL's XLOG_* codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/ids.h"
#include "wal/control/control_file.h"
#include "wal/insert/xlog_insert.h"
#include "wal/rmgr/rmgr.h"

namespace hyrax::wal {

inline constexpr uint8_t kXlogCheckpointShutdown = 0x00;
inline constexpr uint8_t kXlogCheckpointOnline = 0x10;
inline constexpr uint8_t kXlogNextOid = 0x30;
inline constexpr uint8_t kXlogFpi = 0xB0;

// Logs that OIDs below `next_oid` may have been handed out, so recovery never reissues
// them (PostgreSQL's XLogPutNextOid). Not flushed: any use of such an OID writes WAL
// that is flushed later. Requires: WAL insertion allowed. Throws like XLogInsert.
void LogNextOid(Oid next_oid);

// Logs a full image of `page` (a block of `ref`) with no other change, e.g. for pages
// written outside shared buffers by an index build (PostgreSQL's log_newpage). `standard`
// pages get their pd_lower..pd_upper hole cut out. Returns the record's end LSN, which the
// caller stores as the page LSN. Requires: WAL insertion allowed.
Lsn LogPageImage(const BlockRef& ref, const char* page, bool standard = true);

// Redo of an image-only record calls `fn(record, block_id)` for every block that carries
// an image; storage installs a routine that reads the buffer, calls
// DecodedRecord::RestoreBlockImage, sets the page LSN to record.end_lsn() and marks the
// buffer dirty. Per process: set it before StartupXLog (with the other redo routines).
// Replaying an image-only record with no hook installed is an internal error.
using FullPageImageRedoFn = void (*)(const DecodedRecord& record, int block_id);
void SetFullPageImageRedoHook(FullPageImageRedoFn fn);

// The checkpoint record's main data (32 bytes: redo, next_xid, next_oid, oldest_xid,
// is_shutdown, time). Used by checkpoint/ to write it and recovery/ to read it back.
std::string EncodeCheckpoint(const CheckpointData& data);
// nullopt when `bytes` is not a checkpoint payload.
std::optional<CheckpointData> DecodeCheckpoint(std::string_view bytes);
bool IsCheckpointRecord(const DecodedRecord& record);

// The routines registered for RmgrId::kXlog (wal/rmgr/rmgr.cpp installs them).
RmgrOps XlogRmgrOps();

}  // namespace hyrax::wal
