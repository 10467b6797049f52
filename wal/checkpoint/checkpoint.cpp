// The checkpoint sequence (PostgreSQL's CreateCheckPoint, wal/README.md "Checkpoints"):
// set the redo pointer under the insert lock, let storage flush everything through the
// hooks, write and flush the checkpoint record, update pg_control, then remove segments
// wholly before the new redo pointer. Non-forced checkpoints are skipped when no WAL was
// written since the previous one.
#include "wal/checkpoint/checkpoint.h"

#include <ctime>
#include <optional>
#include <string>
#include <utility>

#include "common/logging.h"
#include "wal/checkpoint/checkpoint_internal.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/insert_internal.h"
#include "wal/insert/xlog_insert.h"
#include "wal/record/record_format.h"
#include "wal/rmgr/xlog_rmgr.h"
#include "wal/segment/segment_file.h"
#include "wal/wal_shared.h"

namespace hyrax::wal {

int g_checkpoint_timeout_s = 300;
int g_max_wal_size_mb = 1024;

namespace {

// PostgreSQL spreads checkpoints over checkpoint_completion_target (0.9) of the interval
// and so triggers one after max_wal_size / (1 + 0.9) of WAL (CalculateCheckpointSegments).
constexpr double kCheckpointCompletionTarget = 0.9;

CheckpointHooks g_hooks;

// Sets the new redo pointer = the current insert position. Under the insert lock, so an
// inserter that assembled its record against the old pointer notices and re-checks its
// full-page-image decisions.
Lsn AdvanceRedoPointer(WalShared& sh) {
  // No commit may sit between its commit record and its clog update while the redo
  // pointer is chosen: its record would fall before the pointer (never replayed) while
  // its clog change could miss this checkpoint's clog flush.
  LWLockGuard delay_guard(sh.commit_delay_lock, LWLockMode::kExclusive);
  LWLockGuard guard(sh.insert_lock, LWLockMode::kExclusive);
  Lsn redo = sh.cur_insert_pos;
  sh.redo_rec_ptr.store(redo, std::memory_order_release);
  return redo;
}

// True when nothing was inserted since the last checkpoint record; restarts the timeout
// clock so the checkpointer does not retry at once.
bool SystemIsIdle(WalShared& sh, std::time_t now, Lsn* last_checkpoint) {
  Lsn insert = GetXLogInsertRecPtr();
  SpinLockGuard guard(sh.info_lock);
  if (insert != sh.last_checkpoint_end) return false;
  sh.last_checkpoint_time = now;
  *last_checkpoint = sh.last_checkpoint_lsn;
  return true;
}

}  // namespace

CheckpointStartDelay::CheckpointStartDelay() {
  Shared().commit_delay_lock.Acquire(LWLockMode::kShared);
}

CheckpointStartDelay::~CheckpointStartDelay() {
  Shared().commit_delay_lock.Release();
}

void SetCheckpointHooks(CheckpointHooks hooks) {
  g_hooks = std::move(hooks);
}

Lsn CreateCheckpoint(int flags) {
  return RunCheckpoint(flags, nullptr);
}

Lsn RunCheckpoint(int flags, const CheckpointData* counters) {
  WalShared& sh = Shared();
  LWLockGuard checkpoint_guard(sh.checkpoint_lock, LWLockMode::kExclusive);
  const bool end_of_recovery = (flags & kCheckpointEndOfRecovery) != 0;
  const bool shutdown = (flags & (kCheckpointShutdown | kCheckpointEndOfRecovery)) != 0;
  const std::time_t now = std::time(nullptr);
  Lsn last_checkpoint = kInvalidLsn;
  if (!shutdown && (flags & kCheckpointForce) == 0 && SystemIsIdle(sh, now, &last_checkpoint)) {
    log::Debug("checkpoint skipped because the system is idle");
    return last_checkpoint;
  }
  std::optional<LocalInsertAllowed> allow_insert;
  if (end_of_recovery) allow_insert.emplace();

  // Counters default to the previous checkpoint's, for processes without storage hooks.
  CheckpointData cp = counters != nullptr ? *counters : sh.control.checkpoint;
  cp.redo = AdvanceRedoPointer(sh);
  if (g_hooks.flush_all) g_hooks.flush_all(shutdown);
  if (counters == nullptr && g_hooks.fill_counters) g_hooks.fill_counters(cp);
  cp.time = static_cast<int64_t>(now);
  cp.is_shutdown = shutdown;

  std::string payload = EncodeCheckpoint(cp);
  XLogBeginInsert();
  XLogRegisterData(payload.data(), payload.size());
  Lsn end = XLogInsert(RmgrId::kXlog, shutdown ? kXlogCheckpointShutdown : kXlogCheckpointOnline);
  Lsn start = GetProcLastRecPtr();
  XLogFlush(end);

  // Like PostgreSQL, a shutdown-like checkpoint (also end of recovery) leaves the state
  // "shut down"; StartupXLog moves it to "in production" afterwards.
  ControlFileData control = sh.control;
  control.state = shutdown ? DbState::kShutdowned : DbState::kInProduction;
  control.checkpoint_lsn = start;
  control.checkpoint = cp;
  control.time = static_cast<int64_t>(now);
  WriteControlFile(control);
  sh.control = control;
  NoteStartupCheckpoint(start, end, cp.redo, now);

  RemoveSegmentsBefore(SegmentOf(cp.redo));
  PreallocateNextSegment(end);
  log::Debug("checkpoint complete at {}, redo {}", FormatLsn(start), FormatLsn(cp.redo));
  return start;
}

void NoteStartupCheckpoint(Lsn checkpoint_lsn, Lsn checkpoint_end, Lsn redo, std::time_t now) {
  WalShared& sh = Shared();
  SpinLockGuard guard(sh.info_lock);
  sh.last_checkpoint_lsn = checkpoint_lsn;
  sh.last_checkpoint_end = checkpoint_end;
  sh.last_checkpoint_redo = redo;
  sh.last_checkpoint_time = static_cast<int64_t>(now);
}

bool CheckpointIsDue() {
  WalShared& sh = Shared();
  if (!sh.insert_allowed.load(std::memory_order_acquire)) return false;
  Lsn last_redo;
  int64_t last_time;
  {
    SpinLockGuard guard(sh.info_lock);
    last_redo = sh.last_checkpoint_redo;
    last_time = sh.last_checkpoint_time;
  }
  if (static_cast<int64_t>(std::time(nullptr)) - last_time >= g_checkpoint_timeout_s) return true;
  auto budget = static_cast<uint64_t>(static_cast<double>(g_max_wal_size_mb) * 1024 * 1024 /
                                      (1.0 + kCheckpointCompletionTarget));
  Lsn inserted = sh.inserted_upto.load(std::memory_order_acquire);
  return inserted > last_redo && inserted - last_redo >= budget;
}

}  // namespace hyrax::wal
