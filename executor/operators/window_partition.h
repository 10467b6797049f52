// The rows of one window partition, copied into memory as WindowAgg reads them, with their
// peer groups. The whole partition is held in memory (no spilling to a temporary file yet:
// memory grows with the largest partition; README "What does not work yet").
#pragma once

#include <memory>
#include <vector>

#include "common/memory_context.h"
#include "executor/exec/tuple_slot.h"
#include "executor/operators/window_frame.h"

namespace hyrax::executor {

class WindowPartition {
 public:
  explicit WindowPartition(storage::TupleDescPtr desc);

  // Forgets every row and frees their memory.
  void Clear();
  // Copies the row in `slot` (all columns) to the end of the partition; `new_peer_group`
  // says whether it starts a new peer group.
  void Append(TupleSlot* slot, bool new_peer_group);

  int64_t num_rows() const { return static_cast<int64_t>(rows_.size()); }
  const Datum* values(int64_t row) const { return rows_[row].values; }
  const bool* nulls(int64_t row) const { return rows_[row].nulls; }
  const PeerGroups& peers() const { return peers_; }
  // Makes `slot` a virtual row holding row `row`; its values point into the partition and
  // stay valid until Clear().
  void LoadRow(int64_t row, TupleSlot* slot) const;

 private:
  struct Row {
    Datum* values;
    bool* nulls;
  };
  storage::TupleDescPtr desc_;
  std::unique_ptr<MemoryContext> memory_;
  std::vector<Row> rows_;
  PeerGroups peers_;
};

}  // namespace hyrax::executor
