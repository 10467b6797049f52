// FETCH / MOVE over a cursor's rows (see cursor_fetch.h).
#include "server/engine/cursor_fetch.h"

#include <limits>

#include "common/error.h"
#include "executor/exec/backward_scan.h"
#include "executor/exec/tuple_slot.h"

namespace hyrax::server::engine {

namespace {

constexpr uint64_t kAll = std::numeric_limits<uint64_t>::max();

// Rows read from the plan go to the cursor's store (if it keeps rows) and on to the
// FETCH's receiver (if the rows are wanted).
class StoringDest : public executor::DestReceiver {
 public:
  StoringDest(executor::ScrollStore* store, executor::DestReceiver* next)
      : store_(store), next_(next) {}
  void Startup(nodes::CmdType operation, const executor::ResultDesc& desc) override {
    if (next_ != nullptr) next_->Startup(operation, desc);
  }
  bool Receive(executor::TupleSlot* slot) override {
    if (store_ != nullptr) store_->Append(slot);
    return next_ == nullptr || next_->Receive(slot);
  }
  void Shutdown() override {}

 private:
  executor::ScrollStore* store_;
  executor::DestReceiver* next_;
};

[[noreturn]] void ThrowForwardOnly() {
  throw Error(errcode::kObjectNotInPrerequisiteState, "cursor can only scan forward")
      .Hint("Declare it with SCROLL option to enable backward scan.");
}

// One FETCH or MOVE: moves `cursor`, sending the rows it lands on to `dest_` (none for
// MOVE). Each step method returns the rows it passed or landed on.
class CursorMover {
 public:
  CursorMover(CursorState* cursor, executor::QueryDesc* desc, executor::DestReceiver* dest)
      : cursor_(*cursor), desc_(desc), dest_(dest) {}

  // Up to `count` rows after the position (kAll: to the end).
  uint64_t Forward(uint64_t count, bool send);
  // Up to `count` rows before the position, nearest first.
  uint64_t Backward(uint64_t count, bool send);
  // Row `target` (1-based); past the end leaves the cursor after the last row.
  uint64_t GoTo(int64_t target, bool send);
  // FETCH 0 / RELATIVE 0: the current row again.
  uint64_t Current(bool send);

  void RequireScroll() const {
    if (!cursor_.scrollable) ThrowForwardOnly();
  }
  uint64_t position() const { return cursor_.position; }
  bool at_end() const { return cursor_.plan_done && cursor_.position > cursor_.rows_read; }

 private:
  void SendStored(uint64_t row);
  uint64_t ReadPlan(uint64_t count, bool send);

  CursorState& cursor_;
  executor::QueryDesc* desc_;
  executor::DestReceiver* dest_;
  std::unique_ptr<executor::TupleSlot> slot_;  // row loaded from the store
};

void CursorMover::SendStored(uint64_t row) {
  if (slot_ == nullptr) slot_ = std::make_unique<executor::TupleSlot>(cursor_.store->desc());
  cursor_.store->Load(row - 1, slot_.get());
  dest_->Receive(slot_.get());
}

// Reads up to `count` new rows from the plan (0 = all), storing them when the cursor keeps
// rows; sets plan_done when the plan ends first.
uint64_t CursorMover::ReadPlan(uint64_t count, bool send) {
  if (cursor_.plan_done || desc_->finished) {
    cursor_.plan_done = true;
    return 0;
  }
  StoringDest storing(cursor_.store.get(), send ? dest_ : nullptr);
  desc_->dest = &storing;
  uint64_t got = executor::ExecutorRun(desc_, count);
  desc_->dest = nullptr;
  cursor_.rows_read += got;
  if (desc_->finished) cursor_.plan_done = true;
  return got;
}

uint64_t CursorMover::Forward(uint64_t count, bool send) {
  uint64_t passed = 0;
  // Rows already read (a scrollable cursor that moved back) come from the store.
  while (passed < count && cursor_.position < cursor_.rows_read) {
    ++cursor_.position;
    if (send) SendStored(cursor_.position);
    ++passed;
  }
  if (passed == count || at_end()) return passed;
  uint64_t want = count == kAll ? 0 : count - passed;
  uint64_t got = ReadPlan(want, send);
  cursor_.position += got;
  passed += got;
  if (cursor_.plan_done && (want == 0 || got < want)) cursor_.position = cursor_.rows_read + 1;
  return passed;
}

uint64_t CursorMover::Backward(uint64_t count, bool send) {
  uint64_t passed = 0;
  while (passed < count) {
    if (cursor_.position <= 1) {
      cursor_.position = 0;
      break;
    }
    --cursor_.position;
    if (send) SendStored(cursor_.position);
    ++passed;
  }
  return passed;
}

uint64_t CursorMover::GoTo(int64_t target, bool send) {
  if (target < 1) {
    cursor_.position = 0;
    return 0;
  }
  auto row = static_cast<uint64_t>(target);
  if (row <= cursor_.rows_read) {
    cursor_.position = row;
    if (send) SendStored(row);
    return 1;
  }
  // Read up to the row before, then the row itself (sent).
  if (cursor_.position + 1 < row) Forward(row - 1 - cursor_.position, false);
  if (cursor_.position + 1 != row) return 0;  // the plan ended first
  return Forward(1, send);
}

uint64_t CursorMover::Current(bool send) {
  bool on_row = cursor_.position >= 1 && cursor_.position <= cursor_.rows_read;
  if (!on_row || !send) return on_row ? 1 : 0;
  RequireScroll();  // PostgreSQL re-reads the row by stepping back
  SendStored(cursor_.position);
  return 1;
}

// ABSOLUTE n > 0 on a cursor that cannot scroll: PostgreSQL rewinds when the row is nearer
// the start than the current position (allowed only before the first row) and steps back
// when it lies at or before the position (DoPortalRunFetch).
void CheckAbsoluteForwardOnly(const CursorMover& mover, uint64_t row) {
  uint64_t pos = mover.position();
  uint64_t pg_pos = mover.at_end() ? pos - 1 : pos;  // PostgreSQL's portalPos
  if ((row - 1 <= pg_pos / 2 && pos != 0) || row <= pos) ThrowForwardOnly();
}

}  // namespace

bool CursorIsScrollable(int options, const nodes::PlannedStmt& plan) {
  if (options & nodes::kCursorOptScroll) return true;
  if (options & nodes::kCursorOptNoScroll) return false;
  return plan.rowMarks.empty() && plan.planTree != nullptr &&
         executor::ExecSupportsBackwardScan(*plan.planTree);
}

uint64_t RunCursorFetch(CursorState* cursor, executor::QueryDesc* desc,
                        const nodes::FetchStmt& stmt, executor::DestReceiver* dest) {
  dest->Startup(nodes::CmdType::kSelect, desc->result_desc);
  CursorMover mover(cursor, desc, dest);
  bool send = !stmt.ismove;
  int64_t n = stmt.how_many;
  switch (stmt.direction) {
    case nodes::FetchDirection::kForward:
    case nodes::FetchDirection::kBackward: {
      bool forward = stmt.direction == nodes::FetchDirection::kForward;
      if (n == nodes::kFetchAll) {
        if (!forward) mover.RequireScroll();
        return forward ? mover.Forward(kAll, send) : mover.Backward(kAll, send);
      }
      if (n < 0) {
        forward = !forward;
        n = -n;
      }
      if (n == 0) return mover.Current(send);
      if (!forward) mover.RequireScroll();
      auto count = static_cast<uint64_t>(n);
      return forward ? mover.Forward(count, send) : mover.Backward(count, send);
    }
    case nodes::FetchDirection::kAbsolute:
      if (n > 0) {
        if (!cursor->scrollable) CheckAbsoluteForwardOnly(mover, static_cast<uint64_t>(n));
        return mover.GoTo(n, send);
      }
      if (n == 0) {
        if (mover.position() != 0) mover.RequireScroll();
        return mover.GoTo(0, send);
      }
      // From the end: read everything, then count back.
      mover.Forward(kAll, false);
      mover.RequireScroll();
      return mover.GoTo(static_cast<int64_t>(mover.position()) + n, send);
    case nodes::FetchDirection::kRelative:
      if (n == 0) return mover.Current(send);
      if (n < 0) mover.RequireScroll();
      return mover.GoTo(static_cast<int64_t>(mover.position()) + n, send);
  }
  return 0;
}

}  // namespace hyrax::server::engine
