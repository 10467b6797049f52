// Extended-protocol objects of one session (PostgreSQL's CachedPlanSource and Portal):
// a PreparedStatement is an analyzed statement with its parameter types, created by Parse;
// a Portal is a statement bound to parameter values and result formats, created by Bind
// and run (possibly in several steps) by Execute. Portals belong to the transaction
// that created them and are dropped when it ends.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/memory_context.h"
#include "executor/exec/executor.h"
#include "executor/exec/params.h"
#include "nodes/parsenodes.h"
#include "server/backend/engine.h"
#include "server/engine/cursor_fetch.h"
#include "storage/txn/snapshot.h"

namespace hyrax::server::engine {

// A relation a prepared statement reads and its relcache invalidation count at analysis
// (catalog::RelationInvalidationCount; server/engine/plan_cache.h).
struct RelationStamp {
  Oid relid = kInvalidOid;
  uint64_t count = 0;
};

struct PreparedStatement {
  // Holds the by-reference constants of the analyzed tree; destroyed last.
  std::unique_ptr<MemoryContext> memory;
  std::string source_text;
  nodes::QueryPtr query;  // null for an empty query string
  std::vector<Oid> param_types;
  bool is_transaction_stmt = false;
  bool is_transaction_exit = false;
  // Keeps alive whatever holds the constants when `memory` is not set (a statement made by
  // PREPARE or DECLARE inside another prepared statement).
  std::shared_ptr<const void> owner;
  // What `query` was analyzed against; a changed stamp means analyzing source_text again.
  std::vector<RelationStamp> relation_stamps;
};

struct Portal {
  // Holds the decoded parameter values; destroyed last.
  std::unique_ptr<MemoryContext> memory;
  std::shared_ptr<PreparedStatement> statement;
  std::vector<int16_t> result_formats;  // as sent in Bind
  executor::ParamListInfo params;
  // Running plannable statement (after the first Execute); empty until then.
  std::unique_ptr<executor::QueryDesc> query_desc;
  bool done = false;
  // A cursor (DECLARE): its snapshot, taken at DECLARE, and its position and rows.
  bool is_cursor = false;
  std::unique_ptr<storage::SnapshotData> snapshot;
  CursorState cursor;

  Portal() = default;
  Portal(const Portal&) = delete;
  Portal& operator=(const Portal&) = delete;
  ~Portal();
};

}  // namespace hyrax::server::engine
