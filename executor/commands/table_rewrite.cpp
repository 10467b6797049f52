// Row checks and table rewrites of ALTER TABLE (see table_rewrite.h). Both read the table
// with a fresh snapshot: under AccessExclusiveLock no other transaction can be changing it,
// and this transaction's earlier commands are visible.
#include "executor/commands/table_rewrite.h"

#include <memory>

#include "common/error.h"
#include "executor/commands/alter_table_internal.h"
#include "executor/commands/index_commands.h"
#include "executor/exec/exec_state.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/expr_context.h"
#include "executor/expr/expr_state.h"
#include "storage/catalog/storage_create.h"
#include "storage/heap/heap_am.h"
#include "storage/toast/toast_chunk_index.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

// Calls fn(slot) for every row of `heap` visible to a fresh snapshot, with the row in
// `slot` (descriptor `desc`) and a per-row memory context current.
template <typename Fn>
void ForEachRow(const storage::HeapRelation& heap, HeapTupleSlot& slot, Fn&& fn) {
  storage::SnapshotData snapshot = *storage::GetLatestSnapshot();
  storage::HeapScan scan(heap, &snapshot);
  MemoryContext per_row("ALTER TABLE row");
  storage::HeapTuple tuple;
  while (scan.Next(&tuple)) {
    per_row.Reset();
    MemoryContextScope scope(&per_row);
    slot.StoreHeapTuple(tuple, /*copy=*/false);
    fn(slot);
    slot.Clear();
  }
}

// A new, empty file for a relation's main fork (removed if the transaction aborts).
RelFileLocator NewRelfilenode(RelFileLocator locator) {
  locator.rel_number = storage::GetNewObjectId();
  catalog::RelationCreateStorage(locator);
  return locator;
}

// Points relation `relid` at `locator` and schedules `old_locator` for removal at commit.
void SwitchRelfilenode(Oid relid, const RelFileLocator& old_locator,
                       const RelFileLocator& locator) {
  EditClass(relid, [&](catalog::PgClass& c) {
    c.relfilenode = locator.rel_number;
    c.relpages = 0;
    c.reltuples = -1;
    c.relallvisible = 0;
  });
  catalog::RelationDropStorage(old_locator);
}

}  // namespace

void VerifyTableRows(Oid relid, const std::vector<int16_t>& not_null,
                     const std::vector<RowCheck>& checks) {
  if (not_null.empty() && checks.empty()) return;
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  if (rel->relkind() == 'p') return;  // a partitioned table stores no rows
  ExecState estate;
  ExprContext econtext(&estate);
  std::vector<std::unique_ptr<ExprState>> states;
  for (const auto& check : checks) states.push_back(ExecInitExpr(*check.expr, &estate));
  HeapTupleSlot slot(rel->desc);
  ForEachRow(rel->heap, slot, [&](HeapTupleSlot& row) {
    for (int16_t attnum : not_null) {
      bool isnull = false;
      row.GetAttr(attnum, &isnull);
      if (!isnull) continue;
      const std::string& column = rel->desc->attr(attnum - 1).name;
      throw MakeError(errcode::kNotNullViolation,
                      "column \"{}\" of relation \"{}\" contains null values", column, rel->name())
          .Schema(rel->namespace_name)
          .Table(rel->name())
          .Column(column);
    }
    econtext.scantuple = &row;
    for (size_t i = 0; i < checks.size(); ++i) {
      bool isnull = false;
      Datum ok = ExecEvalExpr(states[i].get(), &econtext, &isnull);
      if (isnull || DatumGetBool(ok)) continue;
      throw MakeError(errcode::kCheckViolation,
                      "check constraint \"{}\" of relation \"{}\" is violated by some row",
                      checks[i].name, rel->name())
          .Schema(rel->namespace_name)
          .Table(rel->name())
          .Constraint(checks[i].name);
    }
  });
}

void RewriteTable(const catalog::RelationPtr& old_rel,
                  const std::vector<ColumnTransform>& transforms) {
  const Oid relid = old_rel->oid;
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  const storage::TupleDesc& desc = *rel->desc;
  storage::HeapRelation target = rel->heap;
  target.locator = NewRelfilenode(rel->heap.locator);
  if (target.toast_oid != kInvalidOid)
    target.toast_locator = NewRelfilenode(rel->heap.toast_locator);

  ExecState estate;
  estate.output_cid = storage::GetCurrentCommandId(true);
  estate.snapshot = storage::GetTransactionSnapshot();
  ExprContext econtext(&estate);
  std::vector<std::unique_ptr<ExprState>> states;
  for (const auto& t : transforms) states.push_back(ExecInitExpr(*t.expr, &estate));
  const int natts = desc.natts();
  const int old_natts = old_rel->desc->natts();
  std::vector<Datum> values(natts);
  std::unique_ptr<bool[]> nulls(new bool[natts]);
  HeapTupleSlot old_row(old_rel->desc);
  // The old TOAST values are read through the relcache's (unchanged) TOAST entry while the
  // copies go to the new TOAST file: nothing here may run CommandCounterIncrement.
  ForEachRow(old_rel->heap, old_row, [&](HeapTupleSlot& row) {
    row.GetAllAttrs();
    for (int i = 0; i < natts; ++i) {
      bool keep = i < old_natts && !desc.attr(i).dropped;
      values[i] = keep ? row.values()[i] : 0;
      nulls[i] = keep ? row.nulls()[i] : true;
    }
    econtext.scantuple = &row;
    for (size_t i = 0; i < transforms.size(); ++i) {
      const int index = transforms[i].attnum - 1;
      values[index] = ExecEvalExpr(states[i].get(), &econtext, &nulls[index]);
    }
    storage::HeapTuple tuple = storage::HeapFormTuple(desc, values.data(), nulls.get());
    storage::HeapInsert(target, &tuple, estate.output_cid);
  });

  SwitchRelfilenode(relid, rel->heap.locator, target.locator);
  if (target.toast_oid != kInvalidOid) {
    storage::ToastForgetChunkIndex(rel->heap.toast_locator);
    SwitchRelfilenode(target.toast_oid, rel->heap.toast_locator, target.toast_locator);
  }
  // Every row now stores every column: missing values have done their job.
  for (int i = 0; i < natts; ++i) {
    if (!desc.attr(i).has_missing) continue;
    EditAttribute(relid, static_cast<int16_t>(i + 1), [](catalog::PgAttribute& a) {
      a.atthasmissing = false;
      a.attmissingval.reset();
    });
  }
  storage::CommandCounterIncrement();
  RebuildIndexes(relid);
}

}  // namespace hyrax::executor::commands
