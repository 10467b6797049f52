// FETCH and MOVE on a DECLAREd cursor (PostgreSQL's DoPortalRunFetch and PortalRunSelect).
// The cursor position is 0 before the first row, k on row k, and N+1 after the last of N
// rows. Hyrax never runs a plan backward: a scrollable cursor keeps every row it has read in
// an executor::ScrollStore and moves over it; a cursor that cannot scroll reads its plan
// forward only and keeps nothing. PostgreSQL's rules decide which cursors scroll (SCROLL, or
// neither SCROLL nor NO SCROLL and a plan that could run backward) and raise 55000 "cursor
// can only scan forward" for the others' backward moves.
#pragma once

#include <cstdint>
#include <memory>

#include "executor/exec/dest_receiver.h"
#include "executor/exec/executor.h"
#include "executor/exec/scroll_store.h"
#include "nodes/utility_stmts.h"

namespace hyrax::server::engine {

// Where a cursor is, and the rows it has read so far.
struct CursorState {
  bool scrollable = false;
  uint64_t position = 0;  // 0 = before the first row; rows_read + 1 = after the last
  uint64_t rows_read = 0;
  bool plan_done = false;                        // the plan has returned its last row
  std::unique_ptr<executor::ScrollStore> store;  // scrollable cursors: rows 1..rows_read
};

// Whether a cursor declared with `options` (kCursorOpt* bits) over `plan` may move
// backward (PostgreSQL's PerformCursorOpen).
bool CursorIsScrollable(int options, const nodes::PlannedStmt& plan);

// Runs FETCH/MOVE `stmt` on the cursor whose plan runs in `desc`, sending rows to `dest`
// (which gets Startup once). Returns the count of the command tag.
// Throws 55000 for a backward move of a cursor that cannot scroll, and whatever the plan
// throws.
uint64_t RunCursorFetch(CursorState* cursor, executor::QueryDesc* desc,
                        const nodes::FetchStmt& stmt, executor::DestReceiver* dest);

}  // namespace hyrax::server::engine
