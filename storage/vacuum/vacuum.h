// Lazy VACUUM of one heap relation (PostgreSQL's vacuumlazy.c and vacuum.c's per-relation
// part): scan the heap, prune, collect dead TIDs, remove their index entries through the
// caller's bulk-delete function, make their line pointers reusable, freeze old xids, set the
// visibility map, truncate an empty tail and update pg_class. Also the autovacuum threshold
// test. The executor's VACUUM command and (later) autovacuum workers call this.
// storage/vacuum/README.md describes the phases, locking and deviations.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/ids.h"
#include "storage/btree/btree.h"
#include "storage/heap/heap_am.h"

namespace hyrax::storage {

// GUCs (PostgreSQL's names and defaults), to be bound by the server's GUC table.
extern int g_vacuum_freeze_min_age;                     // 50000000
extern int g_vacuum_freeze_table_age;                   // 150000000
extern int g_autovacuum_freeze_max_age;                 // 200000000
extern int g_maintenance_work_mem_kb;                   // 65536 (64MB): the dead-TID store
extern int g_autovacuum_vacuum_threshold;               // 50
extern double g_autovacuum_vacuum_scale_factor;         // 0.2
extern int g_autovacuum_vacuum_insert_threshold;        // 1000 (-1 disables)
extern double g_autovacuum_vacuum_insert_scale_factor;  // 0.2

struct VacuumOptions {
  bool freeze = false;                 // VACUUM (FREEZE): freeze everything older than the horizon
  bool disable_page_skipping = false;  // VACUUM (DISABLE_PAGE_SKIPPING)
  bool truncate = true;                // VACUUM (TRUNCATE) / the vacuum_truncate reloption
  int freeze_min_age = -1;             // -1: g_vacuum_freeze_min_age
  int freeze_table_age = -1;           // -1: g_vacuum_freeze_table_age
  size_t max_dead_items = 0;           // 0: from g_maintenance_work_mem_kb (tests set it)
};

// Removes the entries of `index` whose heap TID `is_dead` reports (BtreeBulkDelete for
// btree indexes; the executor passes the function matching each index's access method).
using IndexBulkDeleteFn = std::function<IndexBulkDeleteResult(
    const IndexRelationInfo& index, const std::function<bool(ItemPointerData)>& is_dead)>;

// The relation's indexes (from the relcache's index list, described by the caller) and the
// function that vacuums one of them. Every pointer must stay valid during the call.
struct VacuumIndexes {
  std::vector<const IndexRelationInfo*> indexes;
  IndexBulkDeleteFn bulk_delete = BtreeBulkDelete;
};

struct IndexVacuumStats {
  std::string name;
  BlockNumber num_pages = 0;
  double num_index_tuples = 0;
  double tuples_removed = 0;  // over all index passes
};

// What one VACUUM did, for VACUUM VERBOSE (VacuumReport) and tests.
struct VacuumResult {
  bool aggressive = false;
  BlockNumber rel_pages = 0;      // when the scan started
  BlockNumber scanned_pages = 0;  // examined (the rest was skipped through the VM)
  BlockNumber removed_pages = 0;  // cut off by truncation
  BlockNumber new_rel_pages = 0;
  BlockNumber lpdead_item_pages = 0;  // pages with dead line pointers to remove
  BlockNumber missed_dead_pages = 0;  // pages whose dead tuples stayed (no cleanup lock)
  BlockNumber pages_set_all_visible = 0;
  BlockNumber pages_set_all_frozen = 0;
  int64_t tuples_deleted = 0;        // tuples this run pruned away
  int64_t lpdead_items = 0;          // dead line pointers made reusable (index entries removed)
  int64_t live_tuples = 0;           // live tuples on scanned pages
  int64_t recently_dead_tuples = 0;  // dead, but some snapshot may still see them
  int64_t missed_dead_tuples = 0;
  int64_t tuples_frozen = 0;
  double new_rel_tuples = 0;  // live-tuple estimate stored as pg_class.reltuples
  BlockNumber new_rel_allvisible = 0;
  int num_index_scans = 0;
  std::vector<IndexVacuumStats> indexes;
  TransactionId oldest_xmin = kInvalidTransactionId;   // removable cutoff
  TransactionId freeze_limit = kInvalidTransactionId;  // xids before it were frozen
  TransactionId next_xid_at_end = kInvalidTransactionId;
  TransactionId old_relfrozenxid = kInvalidTransactionId;
  TransactionId new_relfrozenxid = kInvalidTransactionId;  // invalid: not advanced
  // Buffer activity of this run (PostgreSQL's VacuumPageHit/Miss/Dirty) and its duration.
  uint64_t buffer_hits = 0, buffer_misses = 0, buffer_dirtied = 0;
  double elapsed_seconds = 0;
};

// Lazy-vacuums relation `relid` (a table, TOAST table or materialized view) and stores
// relpages, reltuples, relallvisible and an advanced relfrozenxid in its pg_class row (a
// transactional update in the current transaction, unlike PostgreSQL's in-place update:
// README "pg_class"). Indexes: `indexes` must list every index of the relation.
// Requires: an open transaction that has not written anything (so its own xid does not hold
// back the horizon); the caller holds ShareUpdateExclusiveLock on the relation for the whole
// call (PostgreSQL's vacuum_rel takes it); the relation is a heap (relkind r, t or m).
// Throws 42P01 when the relation does not exist, 57014 when cancelled (checked per page;
// work done so far stays done and is consistent), I/O errors, XX001 on corrupt tuples.
VacuumResult VacuumRelation(Oid relid, const VacuumOptions& options, const VacuumIndexes& indexes);

// The heap work of VacuumRelation without catalog access: `relfrozenxid`, `old_rel_pages`
// and `old_rel_tuples` come from the caller's pg_class row (reltuples -1 = unknown), and
// nothing is written to pg_class. `relid` (rel.oid) names the relation for the truncation
// lock. Same requirements and errors as VacuumRelation.
VacuumResult LazyVacuumHeap(const HeapRelation& rel, TransactionId relfrozenxid,
                            BlockNumber old_rel_pages, double old_rel_tuples,
                            const VacuumOptions& options, const VacuumIndexes& indexes);

// PostgreSQL 15's VACUUM VERBOSE report ("finished vacuuming \"db.schema.rel\": index
// scans: N" and the following lines, without the WAL usage line), for an INFO message.
// `qualified_name` is "db.schema.rel".
std::string VacuumReport(const VacuumResult& result, const std::string& qualified_name);

// Autovacuum's test (PostgreSQL's relation_needs_vacanalyze, vacuum part): dead tuples over
// autovacuum_vacuum_threshold + scale_factor * reltuples, inserts since the last VACUUM over
// the insert threshold, or relfrozenxid older than autovacuum_freeze_max_age. Counts come
// from RelationStats (storage/vacuum/relation_stats.h). Requires: an open transaction
// (pg_class is read through the relcache). False for a relation that does not exist.
bool NeedsVacuum(Oid relid);

}  // namespace hyrax::storage
