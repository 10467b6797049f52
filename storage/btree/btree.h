// The B+tree index access method (PostgreSQL's nbtree): what the executor and planner call
// to build, insert into, vacuum and check a btree index. Scans are in btree_scan.h. The
// index is described by an IndexRelationInfo the caller fills from pg_class, pg_index,
// pg_attribute/pg_type and pg_amproc (comparison support function 1), so storage never
// calls the function manager. Algorithm, locking and formats: storage/btree/README.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/datum.h"
#include "common/ids.h"
#include "common/relfile.h"
#include "storage/heap/heap_am.h"
#include "storage/heap/heap_tuple.h"

namespace hyrax::storage {

// Three-way comparison of two values: < 0, 0, > 0 as a sorts before, equal to, after b in
// the operator class's ASC order (btint4cmp, bttextcmp with the column's collation, ...).
// For key columns it compares two values of the column's type; a scan key may bring a
// cross-type one (index value first, scan argument second). Must not throw for valid
// values and must be deterministic (the tree's order depends on it).
using BtreeCompareFn = std::function<int(Datum a, Datum b)>;

// pg_index.indoption bits (per column).
inline constexpr int16_t kIndexOptionDesc = 0x0001;
inline constexpr int16_t kIndexOptionNullsFirst = 0x0002;
// Most columns an index may have (PostgreSQL's INDEX_MAX_KEYS).
inline constexpr int kIndexMaxKeys = 32;

struct IndexColumn {
  Oid type_oid = kInvalidOid;
  int16_t len = -1;  // typlen: > 0 fixed width, -1 varlena (4-byte header), -2 cstring
  bool byval = false;
  char align = 'i';          // typalign: 'c', 's', 'i', 'd'
  bool desc = false;         // indoption & kIndexOptionDesc
  bool nulls_first = false;  // indoption & kIndexOptionNullsFirst
  Oid collation = kInvalidOid;
  BtreeCompareFn compare;  // required for key columns; unused for INCLUDE columns
};

// Everything the btree needs to know about one index. Owned by the caller (relcache
// entry); must outlive every call and scan that uses it.
struct IndexRelationInfo {
  Oid oid = kInvalidOid;
  std::string name;  // for error messages
  RelFileLocator locator;
  Oid heap_oid = kInvalidOid;
  std::string heap_name;             // table name, for error messages and Error::Table
  std::string schema_name;           // for Error::Schema
  int nkeyatts = 0;                  // key columns come first in `columns`
  std::vector<IndexColumn> columns;  // key columns, then INCLUDE columns (pg_index order)
  bool unique = false;
  bool nulls_not_distinct = false;  // pg_index.indnullsnotdistinct
  int fillfactor = 90;              // leaf fillfactor for builds and rightmost splits

  int natts() const { return static_cast<int>(columns.size()); }
};

// ---- Unique checks (PostgreSQL's IndexUniqueCheck and _bt_check_unique) ----

enum class IndexUniqueCheck : uint8_t {
  kNo,        // no check (non-unique index, or a unique index being built)
  kYes,       // raise 23505 on a conflict, waiting for in-progress writers first
  kPartial,   // deferrable constraint: never raise or wait; report a possible conflict
  kExisting,  // deferred re-check of an entry already inserted: check only, don't insert
};

// What the heap says about the tuple an equal index entry points to, seen through a dirty
// snapshot (PostgreSQL's SnapshotDirty).
enum class HeapProbeStatus : uint8_t {
  kNoMatch,     // dead, or invisible even to a dirty snapshot: not a conflict
  kLive,        // committed (or our own) and not deleted: a conflict
  kInProgress,  // inserted or deleted by a transaction still running: wait for `xid`
};
struct HeapProbeResult {
  HeapProbeStatus status = HeapProbeStatus::kNoMatch;
  TransactionId xid = kInvalidTransactionId;  // kInProgress: the transaction to wait for
  // kNoMatch only: every version the entry leads to is dead to every snapshot, so the
  // entry may get an LP_DEAD hint.
  bool all_dead = false;
};
// Called with the index leaf page locked (like PostgreSQL's heap_hot_search under the
// leaf lock); may take heap buffer locks but must not touch this index.
using HeapProbeFn = std::function<HeapProbeResult(ItemPointerData heap_tid)>;
// The key's output form for messages, "(id)=(1)" (PostgreSQL's BuildIndexValueDescription),
// or nullopt to omit the detail (e.g. no SELECT privilege). Called with no locks held.
using KeyFormatFn =
    std::function<std::optional<std::string>(const Datum* values, const bool* isnull)>;

struct UniqueCheckContext {
  HeapProbeFn probe_heap;  // required for every check mode but kNo
  KeyFormatFn format_key;  // optional
};

// The probe every executor caller wants: follows the entry's HOT chain with a dirty
// snapshot (HeapHotFetch) and reports the visible member's inserter/deleter when in
// progress, or whether the whole chain is dead. `heap` is copied.
HeapProbeFn MakeHeapUniqueProbe(const HeapRelation& heap);

// ---- Operations ----

// Inserts the entry (values/isnull: natts() entries, key columns first; heap_tid: the heap
// tuple). With a unique check (and no NULL key column, unless nulls_not_distinct), equal
// entries are probed: a live one raises 23505 "duplicate key value violates unique
// constraint \"<name>\"" with detail "Key (...)=(...) already exists."; one whose writer is
// in progress makes us release every buffer lock, XactLockTableWait(xid) and start over.
// Returns false only for kPartial when a conflict is possible, true otherwise.
// Requires: a transaction is open; the caller holds RowExclusiveLock (or stronger) on the
// heap; `unique` is non-null unless check == kNo. Throws 54000 when the entry exceeds
// 1/3 of a page ("index row size ... exceeds btree version 4 maximum 2704 ..."), 23505,
// XX000 "failed to re-find tuple within index" for kExisting without our entry, the
// waits' errors (40P01, 55P03, 57014), XX002 on a corrupt metapage, I/O errors.
bool BtreeInsert(const IndexRelationInfo& index, const Datum* values, const bool* isnull,
                 ItemPointerData heap_tid, IndexUniqueCheck check,
                 const UniqueCheckContext* unique);

struct IndexBuildResult {
  double index_tuples = 0;  // entries written
  BlockNumber num_pages = 0;
  uint32_t levels = 0;  // tree height (0 = empty index, metapage only)
};

// Sorted bulk load (PostgreSQL's nbtsort.c): Add() every heap tuple, then Finish() sorts
// the entries in memory, writes leaf pages left to right and the upper levels as they fill,
// and finally the metapage. Every page goes through shared buffers and is WAL-logged as a
// full-page image (wal::LogPageImage), so no fsync is needed and crash recovery restores
// the index from WAL (README "Build"). Requires: the index's main fork exists and is empty,
// and nobody else can see the index yet (CREATE INDEX holds ShareLock on the heap and the
// index is new).
class BtreeBuilder {
 public:
  // `format_key` describes a duplicate for the unique-build error (may be empty).
  explicit BtreeBuilder(const IndexRelationInfo& index, KeyFormatFn format_key = {});
  ~BtreeBuilder();
  BtreeBuilder(const BtreeBuilder&) = delete;
  BtreeBuilder& operator=(const BtreeBuilder&) = delete;

  // Copies one entry. `tuple_is_alive` false marks a recently-dead heap tuple: indexed but
  // ignored by the unique check (PostgreSQL's spool2). Throws 54000 like BtreeInsert.
  void Add(const Datum* values, const bool* isnull, ItemPointerData heap_tid,
           bool tuple_is_alive = true);
  // Writes the index. For a unique index, two live entries with equal keys raise 23505
  // "could not create unique index \"<name>\"" with detail "Key (...)=(...) is duplicated."
  // Call once.
  IndexBuildResult Finish();

 private:
  struct State;
  void CheckDuplicates();
  std::unique_ptr<State> state_;
};

struct IndexBulkDeleteResult {
  BlockNumber num_pages = 0;    // pages in the index
  double num_index_tuples = 0;  // entries left
  double tuples_removed = 0;    // entries deleted
};

// VACUUM's index pass (PostgreSQL's btbulkdelete): visits every page in physical order and
// deletes the leaf entries whose heap TID `is_dead` reports, page at a time, WAL-logged.
// Empty pages stay in the tree (no page deletion; README "Deviations"). `is_dead` runs
// with the leaf page exclusively locked and must not touch this index.
// Requires: the caller holds ShareUpdateExclusiveLock on the heap. Throws 57014 when
// cancelled (between pages), I/O errors.
IndexBulkDeleteResult BtreeBulkDelete(const IndexRelationInfo& index,
                                      const std::function<bool(ItemPointerData)>& is_dead);

// amcheck-style verification (bt_index_parent_check): every level from the root down,
// key order within pages, high keys bounding their pages, sibling links agreeing, parent
// downlinks matching the children's bounds, every level complete. Returns one line per
// problem ("block N: ..."); empty means the index is sound. Requires: no concurrent
// writers. BtreeCheck (btree_check.h) has the options and structured problems.
std::vector<std::string> BtreeVerify(const IndexRelationInfo& index);

// Number of levels above the leaves (0 for a single leaf page or an empty index), for the
// planner's cost model (PostgreSQL's _bt_getrootheight).
uint32_t BtreeTreeHeight(const IndexRelationInfo& index);

// Registers RmgrId::kBtree's redo and describe routines. Call before recovery starts, in
// every process that may run StartupXLog.
void RegisterBtreeRmgr();

// Overwrites what redo may legitimately reproduce differently (LSN, checksum, hint-only
// flags, LP_DEAD hints, unused space, vacuum cycle id) so a replayed page can be compared
// with the original (PostgreSQL's btree_mask). Requires: a private 8 KB copy of a btree page.
void BtreeMaskPage(char* page);

}  // namespace hyrax::storage
