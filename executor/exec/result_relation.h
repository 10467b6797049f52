// What ModifyTable keeps per relation it writes (PostgreSQL's ResultRelInfo): the open
// relation, slots in its row layout, its NOT NULL/CHECK constraints, indexes and foreign
// keys, and the column
// maps between it and the statement's named (root) relation, whose layout the plan's rows
// and RETURNING use. Children of an inheritance parent and partitions may number their
// columns differently from the root; columns are matched by name.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "executor/exec/hot_update.h"
#include "executor/exec/row_constraints.h"
#include "executor/exec/tuple_slot.h"
#include "executor/ri/ri_event_queue.h"
#include "storage/catalog/relcache.h"

namespace hyrax::executor {

struct OpenIndex;  // executor/exec/index_relation.h
struct ExecState;

struct ResultRelation {
  // Opens `rel` for `operation`s writes (CHECK constraints and indexes only for INSERT and
  // UPDATE); `root` is the statement's named relation.
  ResultRelation(catalog::RelationPtr rel, const catalog::RelationData& root, bool writes_rows,
                 ExecState* estate);

  catalog::RelationPtr rel;
  std::unique_ptr<HeapTupleSlot> new_slot;                // the row being written
  std::unique_ptr<HeapTupleSlot> old_slot;                // the row being replaced / deleted
  std::unique_ptr<RowConstraints> constraints;            // INSERT/UPDATE: NOT NULL and CHECK
  std::vector<std::shared_ptr<const OpenIndex>> indexes;  // INSERT/UPDATE: all indexes
  HotUpdateCheck hot_check;
  ri::RiRowEvents ri_events;  // foreign keys in either direction
  // root_of[i]: 0-based root column of this relation's column i (-1: none, or dropped).
  std::vector<int> root_of;
  // child_of[j]: 0-based column of this relation for root column j (-1: none).
  std::vector<int> child_of;
  bool same_layout = true;  // the maps are the identity
};

// Copies a row in the root's layout (`values`/`nulls`) into `out` (this relation's
// layout), columns the root lacks as NULL; `out` is stored virtual.
void RootRowToRelation(const ResultRelation& rr, const Datum* values, const bool* nulls,
                       TupleSlot* out);
// The reverse, for RETURNING and for routing a moved row: `row` in the root's layout.
void RelationRowToRoot(const ResultRelation& rr, TupleSlot* row, TupleSlot* out);

}  // namespace hyrax::executor
