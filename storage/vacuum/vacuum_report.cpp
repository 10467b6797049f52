// VACUUM VERBOSE's closing report in PostgreSQL 15's wording (heap_vacuum_rel's "finished
// vacuuming" message). Lines PostgreSQL prints that Hyrax cannot fill honestly (WAL usage)
// are left out. storage/vacuum/README.md "VERBOSE".
#include <string>

#include <fmt/format.h>

#include "storage/vacuum/vacuum.h"

namespace hyrax::storage {
namespace {

double Percent(BlockNumber part, BlockNumber total) {
  return total == 0 ? 100.0 : 100.0 * part / total;
}

}  // namespace

std::string VacuumReport(const VacuumResult& r, const std::string& qualified_name) {
  std::string out = fmt::format("finished vacuuming \"{}\": index scans: {}\n", qualified_name,
                                r.num_index_scans);
  out +=
      fmt::format("pages: {} removed, {} remain, {} scanned ({:.2f}% of total)\n", r.removed_pages,
                  r.new_rel_pages, r.scanned_pages, Percent(r.scanned_pages, r.rel_pages));
  // "remain" counts every tuple left: live ones plus the dead ones that had to stay.
  const int64_t remain =
      static_cast<int64_t>(r.new_rel_tuples) + r.recently_dead_tuples + r.missed_dead_tuples;
  out += fmt::format("tuples: {} removed, {} remain, {} are dead but not yet removable\n",
                     r.tuples_deleted, remain, r.recently_dead_tuples);
  if (r.missed_dead_tuples > 0) {
    out += fmt::format(
        "tuples missed: {} dead from {} pages not removed due to cleanup lock contention\n",
        r.missed_dead_tuples, r.missed_dead_pages);
  }
  out += fmt::format("removable cutoff: {}, which was {} XIDs old when operation ended\n",
                     r.oldest_xmin, static_cast<int32_t>(r.next_xid_at_end - r.oldest_xmin));
  if (TransactionIdIsValid(r.new_relfrozenxid)) {
    out += fmt::format("new relfrozenxid: {}, which is {} XIDs ahead of previous value\n",
                       r.new_relfrozenxid,
                       static_cast<int32_t>(r.new_relfrozenxid - r.old_relfrozenxid));
  }
  out += r.num_index_scans == 0 ? "index scan not needed: " : "index scan needed: ";
  out +=
      fmt::format("{} pages from table ({:.2f}% of total) had {} dead item identifiers removed\n",
                  r.lpdead_item_pages, Percent(r.lpdead_item_pages, r.rel_pages), r.lpdead_items);
  for (const IndexVacuumStats& index : r.indexes) {
    // Hyrax's btree never deletes pages, so only the total is ever non-zero.
    out += fmt::format(
        "index \"{}\": pages: {} in total, 0 newly deleted, 0 currently deleted, 0 reusable\n",
        index.name, index.num_pages);
  }
  const double seconds = r.elapsed_seconds > 0 ? r.elapsed_seconds : 0;
  const double mb = static_cast<double>(kBlockSize) / (1024 * 1024);
  const double read_rate = seconds > 0 ? r.buffer_misses * mb / seconds : 0;
  const double write_rate = seconds > 0 ? r.buffer_dirtied * mb / seconds : 0;
  out += fmt::format("avg read rate: {:.3f} MB/s, avg write rate: {:.3f} MB/s\n", read_rate,
                     write_rate);
  out += fmt::format("buffer usage: {} hits, {} misses, {} dirtied\n", r.buffer_hits,
                     r.buffer_misses, r.buffer_dirtied);
  out += fmt::format("system usage: elapsed: {:.2f} s", seconds);
  return out;
}

}  // namespace hyrax::storage
