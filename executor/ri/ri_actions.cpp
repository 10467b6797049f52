// ON DELETE / ON UPDATE of a referenced key (PostgreSQL's RI_FKey_noaction_*, _restrict_*,
// _cascade_*, _setnull_*, _setdefault_* triggers): the checks run on the referencing table
// through RiKeyScan, the writes through RiRowWriter (see ri_event_queue.h).
#include "executor/ri/ri_event_queue.h"
#include "executor/ri/ri_key_scan.h"
#include "executor/ri/ri_row_writer.h"

namespace hyrax::executor::ri {

void RiEventQueue::ReferencedKeyGone(const RiEvent& event) {
  const RiConstraint& ri = *event.ri;
  bool is_update = event.kind == RiEventKind::kReferencedUpdated;
  char action = is_update ? ri.con.confupdtype : ri.con.confdeltype;
  Scans& scans = ScansOf(ri);
  const RiKey& old_key = event.old_key;
  auto still_referenced = [&]() {
    // Inserters of referencing rows still running are waited for: their rows may already
    // have passed their own check against the row that is going away.
    return !scans.referencing->FindLive(old_key, RiInsertersPolicy::kWait, 1).empty();
  };
  // NO ACTION passes when another row now has the old key (PostgreSQL's
  // ri_Check_Pk_Match); RESTRICT does not look.
  auto no_action = [&]() {
    if (!scans.referenced_self->FindLive(old_key, RiInsertersPolicy::kIgnore, 1).empty()) return;
    if (still_referenced()) ri.ReportStillReferenced(old_key);
  };
  if (action == 'a') return no_action();
  if (action == 'r') {
    if (still_referenced()) ri.ReportStillReferenced(old_key);
    return;
  }
  NextCommand();
  std::vector<storage::ItemPointerData> rows =
      scans.referencing->FindLive(old_key, RiInsertersPolicy::kWait, 0);
  if (rows.empty()) return;
  RiRowWriter& writer = WriterFor(ri.fk_rel);
  RiKeyScan& referencing = *scans.referencing;
  auto still_matches = [&](TupleSlot& row) { return referencing.Matches(row, old_key); };
  if (action == 'c') {
    for (const auto& tid : rows) {
      if (is_update) {
        writer.Update(tid, ri.fk_cols, event.new_key, still_matches);
      } else {
        writer.Delete(tid, still_matches);
      }
    }
    return;
  }
  // SET NULL / SET DEFAULT: every key column, or the ON DELETE SET ... (columns) list.
  std::vector<int> cols = ri.fk_cols;
  if (!is_update && !ri.con.confdelsetcols.empty()) {
    cols.clear();
    for (int16_t attnum : ri.con.confdelsetcols) cols.push_back(attnum - 1);
  }
  RiKey values;
  for (int col : cols) {
    Datum value = 0;
    bool isnull = true;
    if (action == 'd') writer.DefaultValue(col, &value, &isnull);
    values.values.push_back(value);
    values.nulls.push_back(isnull);
  }
  for (const auto& tid : rows) writer.Update(tid, cols, values, still_matches);
  // A default equal to the old key leaves rows referencing it with an unchanged key, which
  // queues no check: PostgreSQL's ri_set runs the NO ACTION check for SET DEFAULT.
  if (action == 'd') no_action();
}

}  // namespace hyrax::executor::ri
