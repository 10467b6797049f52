// Validation of existing rows against a foreign key (see ri_validate.h).
#include "executor/ri/ri_validate.h"

#include "executor/exec/tuple_slot.h"
#include "executor/ri/ri_constraint.h"
#include "executor/ri/ri_key_scan.h"
#include "storage/heap/heap_am.h"

namespace hyrax::executor::ri {

void ValidateForeignKey(const catalog::PgConstraint& con) {
  RiConstraintPtr ri = LoadRiConstraint(con);
  std::vector<RiColumnMatch> by_fk_key;
  for (int i = 0; i < ri->nkeys(); ++i) {
    Oid fk_type = ri->fk_rel->desc->attr(ri->fk_cols[i]).type_oid;
    by_fk_key.push_back({ri->pk_cols[i], fk_type, &ri->pf_eq[i], ri->collations[i], false});
  }
  RiKeyScan referenced(ri->pk_rel, by_fk_key, con.conindid);
  bool match_full = con.confmatchtype == 'f';
  MemoryContext row_memory("RiValidate");
  HeapTupleSlot slot(ri->fk_rel->desc);
  storage::HeapScan scan(ri->fk_rel->heap, storage::GetLatestSnapshot());
  storage::HeapTuple tuple;
  while (scan.Next(&tuple)) {
    MemoryContextScope scope(&row_memory);
    slot.StoreHeapTuple(tuple, /*copy=*/false);
    slot.GetAllAttrs();
    RiKey key = ri->FkKeyOf(slot.values(), slot.nulls());
    if (match_full ? key.AllNull() : key.AnyNull()) continue;
    if (key.AnyNull()) ri->ReportMissingKey(key, /*mixed_nulls=*/true);
    if (referenced.FindLive(key, RiInsertersPolicy::kIgnore, 1).empty()) {
      ri->ReportMissingKey(key, /*mixed_nulls=*/false);
    }
    slot.Clear();
    row_memory.Reset();
  }
}

}  // namespace hyrax::executor::ri
