// The writes of the referential actions (ON DELETE/UPDATE CASCADE, SET NULL, SET DEFAULT):
// deleting or changing rows of the referencing table as an UPDATE or DELETE statement
// would (PostgreSQL runs such statements through SPI): NOT NULL and CHECK constraints,
// index entries (HOT when possible), READ COMMITTED re-checks of rows changed
// concurrently, 40001 under REPEATABLE READ, and the row events of the changed table, so
// cascades continue to further tables.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "executor/exec/hot_update.h"
#include "executor/exec/index_relation.h"
#include "executor/exec/row_constraints.h"
#include "executor/ri/ri_event_queue.h"

namespace hyrax::executor::ri {

class RiRowWriter {
 public:
  // `still_matches` tells whether a newer version of a row (after a concurrent update)
  // still references the key being acted on.
  using RowPredicate = std::function<bool(TupleSlot& row)>;

  // Requires: RowExclusiveLock on `rel`; `estate` outlives the writer.
  RiRowWriter(catalog::RelationPtr rel, ExecState* estate);
  ~RiRowWriter();

  void Delete(storage::ItemPointerData tid, const RowPredicate& still_matches);
  // Sets the 0-based columns `cols` to `values` (NULL where values.nulls says so).
  void Update(storage::ItemPointerData tid, const std::vector<int>& cols, const RiKey& values,
              const RowPredicate& still_matches);
  // The default of column `col` (0-based) for SET DEFAULT; NULL when it has none.
  void DefaultValue(int col, Datum* value, bool* isnull);

 private:
  // Loads the row version at `tid` into old_slot_.
  void LoadOld(storage::ItemPointerData tid);
  // After a failed write: the newest version to retry on, or an invalid tid to skip the row.
  storage::ItemPointerData Retry(storage::TmResult result, const storage::TmFailureData& tmfd,
                                 const RowPredicate& still_matches);

  catalog::RelationPtr rel_;
  ExecState* estate_;
  ExprContext econtext_;
  RowConstraints constraints_;
  std::vector<OpenIndexPtr> indexes_;
  HotUpdateCheck hot_check_;
  RiRowEvents events_;
  HeapTupleSlot old_slot_;
  HeapTupleSlot new_slot_;
  storage::SnapshotData any_snapshot_;
};

}  // namespace hyrax::executor::ri
