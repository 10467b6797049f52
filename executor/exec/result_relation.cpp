// Per-relation state of ModifyTable (see result_relation.h).
#include "executor/exec/result_relation.h"

#include "executor/exec/index_relation.h"

namespace hyrax::executor {

ResultRelation::ResultRelation(catalog::RelationPtr relation, const catalog::RelationData& root,
                               bool writes_rows, ExecState* estate)
    : rel(std::move(relation)), hot_check(*rel), ri_events(*rel, estate) {
  new_slot = std::make_unique<HeapTupleSlot>(rel->desc);
  old_slot = std::make_unique<HeapTupleSlot>(rel->desc);
  const auto& desc = *rel->desc;
  const auto& root_desc = *root.desc;
  root_of.assign(desc.natts(), -1);
  child_of.assign(root_desc.natts(), -1);
  for (int i = 0; i < desc.natts(); ++i) {
    if (desc.attr(i).dropped) continue;
    for (int j = 0; j < root_desc.natts(); ++j) {
      if (!root_desc.attr(j).dropped && root_desc.attr(j).name == desc.attr(i).name) {
        root_of[i] = j;
        child_of[j] = i;
      }
    }
  }
  same_layout = rel->oid == root.oid;
  if (!writes_rows) return;
  // New row versions get entries in every index, except HOT updates' heap-only ones.
  if (rel->relkind() != 'p') indexes = OpenTableIndexes(*rel);
  constraints = std::make_unique<RowConstraints>(*rel, estate);
}

void RootRowToRelation(const ResultRelation& rr, const Datum* values, const bool* nulls,
                       TupleSlot* out) {
  int n = rr.rel->desc->natts();
  for (int i = 0; i < n; ++i) {
    int j = rr.same_layout ? i : rr.root_of[i];
    out->values()[i] = j >= 0 ? values[j] : 0;
    out->nulls()[i] = j >= 0 ? nulls[j] : true;
  }
  out->StoreVirtual();
}

void RelationRowToRoot(const ResultRelation& rr, TupleSlot* row, TupleSlot* out) {
  row->GetAllAttrs();
  int n = static_cast<int>(rr.child_of.size());
  for (int j = 0; j < n; ++j) {
    int i = rr.same_layout ? j : rr.child_of[j];
    out->values()[j] = i >= 0 ? row->values()[i] : 0;
    out->nulls()[j] = i >= 0 ? row->nulls()[i] : true;
  }
  out->StoreVirtual();
  out->table_oid = rr.rel->oid;
  out->tid = row->tid;
}

}  // namespace hyrax::executor
