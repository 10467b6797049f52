// StartupXLog (PostgreSQL's StartupXLOG + PerformWalRecovery, crash recovery only):
// read pg_control and the checkpoint record, decide whether replay is needed, replay from
// the redo pointer to the end of valid WAL, clean the tail so stale bytes never follow the
// last valid record, position insertion there and write the end-of-recovery checkpoint.
// See wal/README.md "Recovery".
#include "wal/recovery/recovery.h"

#include <ctime>
#include <optional>

#include "common/error.h"
#include "common/logging.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/checkpoint/checkpoint_internal.h"
#include "wal/control/control_file.h"
#include "wal/record/record_format.h"
#include "wal/record/wal_reader.h"
#include "wal/recovery/recovery_internal.h"
#include "wal/rmgr/rmgr.h"
#include "wal/rmgr/xlog_rmgr.h"
#include "wal/segment/segment_file.h"
#include "wal/wal_shared.h"

namespace hyrax::wal {

namespace {

bool g_in_recovery = false;
ReplayCounters g_replay_counters;

class ReplayScope {
 public:
  ReplayScope() { g_in_recovery = true; }
  ~ReplayScope() { g_in_recovery = false; }
  ReplayScope(const ReplayScope&) = delete;
  ReplayScope& operator=(const ReplayScope&) = delete;
};

struct CheckpointLocation {
  CheckpointData cp;
  Lsn end = kInvalidLsn;  // end of the checkpoint record
  bool is_last_record = false;
};

Error NoCheckpoint(const std::string& detail) {
  return Error(errcode::kDataCorrupted, "could not locate a valid checkpoint record",
               Severity::kFatal)
      .Detail(detail);
}

CheckpointLocation ReadCheckpoint(const ControlFileData& control) {
  WalReader reader;
  const DecodedRecord* record = reader.ReadRecord(control.checkpoint_lsn);
  if (record == nullptr) throw NoCheckpoint(reader.end_reason() + ".");
  if (!IsCheckpointRecord(*record)) {
    throw NoCheckpoint(fmt::format("The record at {} is not a checkpoint record.",
                                   FormatLsn(control.checkpoint_lsn)));
  }
  CheckpointLocation loc;
  loc.cp = *DecodeCheckpoint(record->main_data());
  loc.end = reader.next_lsn();
  if (loc.cp.redo > control.checkpoint_lsn || loc.cp.redo < kFirstRecordLsn) {
    throw NoCheckpoint(fmt::format("Invalid redo pointer {} in checkpoint record at {}.",
                                   FormatLsn(loc.cp.redo), FormatLsn(control.checkpoint_lsn)));
  }
  loc.is_last_record = reader.ReadNext() == nullptr;
  return loc;
}

struct ReplayOutcome {
  Lsn end_of_wal = kInvalidLsn;
  Lsn last_record = kInvalidLsn;
  int records = 0;
  std::optional<TransactionId> max_xid;
};

void Redo(const DecodedRecord& record) {
  const RmgrOps* ops = GetRmgr(record.rmid());
  if (ops == nullptr || ops->redo == nullptr) {
    ThrowInternalError(__FILE__, __LINE__,
                       fmt::format("no redo routine for resource manager {} (record at {})",
                                   static_cast<int>(record.rmid()), FormatLsn(record.start_lsn())));
  }
  ops->redo(record);
}

ReplayOutcome Replay(Lsn redo) {
  ReplayScope scope;
  ReplayOutcome out;
  WalReader reader;
  const DecodedRecord* record = reader.ReadRecord(redo);
  if (record == nullptr) {
    throw Error(errcode::kDataCorrupted,
                "could not find redo location referenced by checkpoint "
                "record",
                Severity::kFatal)
        .Detail(reader.end_reason() + ".");
  }
  log::Log("redo starts at {}", FormatLsn(redo));
  while (record != nullptr) {
    TransactionId xid = record->xid();
    if (TransactionIdIsNormal(xid) && (!out.max_xid || TransactionIdFollows(xid, *out.max_xid))) {
      out.max_xid = xid;
    }
    Redo(*record);
    ++out.records;
    out.last_record = record->start_lsn();
    record = reader.ReadNext();
  }
  out.end_of_wal = reader.next_lsn();
  log::Log("redo done at {}: {}", FormatLsn(out.last_record), reader.end_reason());
  return out;
}

// Positions insertion, writing and flushing at `end_of_wal`.
void PositionInsertion(WalShared& sh, Lsn end_of_wal, Lsn last_record, Lsn redo) {
  LWLockGuard guard(sh.insert_lock, LWLockMode::kExclusive);
  sh.cur_insert_pos = end_of_wal;
  sh.prev_record = last_record;
  sh.redo_rec_ptr.store(redo, std::memory_order_release);
  sh.inserted_upto.store(end_of_wal, std::memory_order_release);
  sh.written_upto.store(end_of_wal, std::memory_order_release);
  sh.flushed_upto.store(end_of_wal, std::memory_order_release);
}

void SetState(WalShared& sh, DbState state) {
  ControlFileData control = sh.control;
  control.state = state;
  control.time = static_cast<int64_t>(std::time(nullptr));
  WriteControlFile(control);
  sh.control = control;
}

}  // namespace

bool InRecovery() {
  return g_in_recovery;
}

ReplayCounters& CurrentReplayCounters() {
  return g_replay_counters;
}

StartupResult StartupXLog() {
  WalShared& sh = Shared();
  CloseCachedSegment();
  sh.insert_allowed.store(false, std::memory_order_release);
  sh.control = ReadControlFile();
  CheckpointLocation loc = ReadCheckpoint(sh.control);
  const Lsn checkpoint_lsn = sh.control.checkpoint_lsn;

  StartupResult result;
  result.redo_start = loc.cp.redo;
  result.performed_recovery = sh.control.state != DbState::kShutdowned || !loc.cp.is_shutdown ||
                              loc.cp.redo != checkpoint_lsn || !loc.is_last_record;
  g_replay_counters = ReplayCounters{loc.cp.next_xid, loc.cp.next_oid};
  Lsn end_of_wal = loc.end;
  Lsn last_record = checkpoint_lsn;
  if (result.performed_recovery) {
    log::Log("database system was not properly shut down; automatic recovery in progress");
    SetState(sh, DbState::kInCrashRecovery);
    ReplayOutcome replay = Replay(loc.cp.redo);
    end_of_wal = replay.end_of_wal;
    if (end_of_wal < loc.end) {
      // Everything up to the checkpoint record was flushed before pg_control named it.
      throw Error(errcode::kDataCorrupted, "WAL ends before the last checkpoint record",
                  Severity::kFatal)
          .Detail(fmt::format("Replay stopped at {}; the checkpoint record is at {}.",
                              FormatLsn(end_of_wal), FormatLsn(checkpoint_lsn)));
    }
    last_record = replay.last_record;
    result.records_replayed = replay.records;
    if (replay.max_xid) {
      TransactionId after_max = TransactionIdAdvance(*replay.max_xid);
      if (TransactionIdFollows(after_max, g_replay_counters.next_xid)) {
        g_replay_counters.next_xid = after_max;
      }
    }
  }
  result.next_xid = g_replay_counters.next_xid;
  result.next_oid = g_replay_counters.next_oid;
  result.end_of_wal = end_of_wal;

  // Nothing valid can follow end-of-WAL: zero the rest of its segment and drop later ones,
  // so a stale record can never be mistaken for the successor of a new one.
  ZeroSegmentTail(end_of_wal);
  RemoveSegmentsAfter(SegmentOf(end_of_wal));
  PositionInsertion(sh, end_of_wal, last_record, loc.cp.redo);
  NoteStartupCheckpoint(checkpoint_lsn, loc.end, loc.cp.redo, std::time(nullptr));

  if (result.performed_recovery) {
    CheckpointData counters = loc.cp;
    counters.next_xid = result.next_xid;
    counters.next_oid = result.next_oid;
    RunCheckpoint(kCheckpointEndOfRecovery | kCheckpointImmediate, &counters);
  }
  SetState(sh, DbState::kInProduction);
  sh.insert_allowed.store(true, std::memory_order_release);
  PreallocateNextSegment(end_of_wal);
  return result;
}

}  // namespace hyrax::wal
