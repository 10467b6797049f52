// Lazy VACUUM removes what no snapshot can see: deleted rows, old row versions and aborted
// inserts disappear from the heap and from every index, their line pointers and space are
// reused by later inserts, rows another process's snapshot may still see are kept, and a
// small dead-TID store makes VACUUM run several index passes with the same outcome.
#include <random>
#include <set>

#include "tests/unit/storage/vacuum/vacuum_test_env.h"

namespace hyrax::storage::testing {
namespace {

std::multiset<int32_t> IdsWhere(int32_t first, int32_t count,
                                const std::function<bool(int32_t)>& keep) {
  std::multiset<int32_t> ids;
  for (int32_t id = first; id < first + count; ++id) {
    if (keep(id)) ids.insert(id);
  }
  return ids;
}

TEST_F(VacuumTest, DeletedRowsAndTheirIndexEntriesAreRemoved) {
  const IndexRelationInfo& index = AddIndex();
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 2000);
  Transaction([&] {
    for (const auto& [id, tid] : tids) {
      if (id % 2 == 0) DeleteRow(tid);
    }
  });
  const BlockNumber pages = NumBlocks();

  const VacuumResult r = Vacuum();
  EXPECT_EQ(r.rel_pages, pages);
  EXPECT_EQ(r.scanned_pages, pages);
  EXPECT_EQ(r.tuples_deleted, 1000);
  EXPECT_EQ(r.lpdead_items, 1000);
  EXPECT_EQ(r.live_tuples, 1000);
  EXPECT_EQ(r.recently_dead_tuples, 0);
  EXPECT_EQ(r.num_index_scans, 1);
  ASSERT_EQ(r.indexes.size(), 1u);
  EXPECT_EQ(r.indexes[0].tuples_removed, 1000.0);
  EXPECT_EQ(r.indexes[0].num_index_tuples, 1000.0);
  EXPECT_EQ(r.new_rel_tuples, 1000.0);

  std::set<std::pair<BlockNumber, OffsetNumber>> dead;
  for (const auto& [id, tid] : tids) {
    EXPECT_EQ(ItemFlags(tid), id % 2 == 0 ? kLpUnused : kLpNormal) << id;
    if (id % 2 == 0) dead.insert({tid.block(), tid.offset()});
  }
  for (const ItemPointerData& tid : IndexTids(index)) {
    EXPECT_EQ(dead.count({tid.block(), tid.offset()}), 0u) << "index still points at a dead row";
  }
  const std::multiset<int32_t> odd = IdsWhere(0, 2000, [](int32_t id) { return id % 2 != 0; });
  EXPECT_EQ(ScanIds(), odd);
  ExpectIndexesMatchHeap(odd);

  const catalog::PgClass row = PgClassRow();
  EXPECT_EQ(row.relpages, static_cast<int32_t>(pages));
  EXPECT_EQ(row.reltuples, 1000.0f);
  EXPECT_EQ(row.relallvisible, static_cast<int32_t>(pages));
}

TEST_F(VacuumTest, FreedSpaceAndLinePointersAreReusedByLaterInserts) {
  AddIndex();
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 2000);
  Transaction([&] {
    for (const auto& [id, tid] : tids) {
      if (id % 2 == 0) DeleteRow(tid);
    }
  });
  Vacuum();
  const BlockNumber pages = NumBlocks();

  std::map<int32_t, ItemPointerData> added = InsertRows(10000, 1000);
  EXPECT_EQ(NumBlocks(), pages) << "the relation grew although half of it was free";
  std::set<std::pair<BlockNumber, OffsetNumber>> old_dead;
  for (const auto& [id, tid] : tids) {
    if (id % 2 == 0) old_dead.insert({tid.block(), tid.offset()});
  }
  int reused = 0;
  for (const auto& [id, tid] : added) reused += old_dead.count({tid.block(), tid.offset()});
  EXPECT_GT(reused, 500) << "freed line pointers were not reused";

  std::multiset<int32_t> expected = IdsWhere(0, 2000, [](int32_t id) { return id % 2 != 0; });
  for (int32_t id = 10000; id < 11000; ++id) expected.insert(id);
  EXPECT_EQ(ScanIds(), expected);
  ExpectIndexesMatchHeap(expected);
}

TEST_F(VacuumTest, OldVersionsOfUpdatedRowsAndAbortedInsertsAreRemoved) {
  AddIndex();
  AddIndex();
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 600);
  Transaction([&] {
    for (const auto& [id, tid] : tids) {
      if (id % 3 == 0) UpdateRow(tid, id);
    }
  });
  StartTransactionCommand();
  for (int32_t id = 5000; id < 5300; ++id) InsertRow(id);
  AbortCurrentTransaction();

  const VacuumResult r = Vacuum();
  EXPECT_EQ(r.tuples_deleted, 200 + 300);
  EXPECT_EQ(r.num_index_scans, 1);
  ASSERT_EQ(r.indexes.size(), 2u);
  EXPECT_EQ(r.indexes[0].tuples_removed, 500.0);
  EXPECT_EQ(r.indexes[1].tuples_removed, 500.0);
  const std::multiset<int32_t> all = IdsWhere(0, 600, [](int32_t) { return true; });
  EXPECT_EQ(ScanIds(), all);
  ExpectIndexesMatchHeap(all);
  for (const auto& [id, tid] : tids) {
    EXPECT_EQ(ItemFlags(tid), id % 3 == 0 ? kLpUnused : kLpNormal) << id;
  }
}

TEST_F(VacuumTest, TableWithoutIndexesIsCleanedInOnePass) {
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 1000);
  Transaction([&] {
    for (const auto& [id, tid] : tids) {
      if (id % 3 == 0) DeleteRow(tid);
    }
  });
  const VacuumResult r = Vacuum();
  EXPECT_EQ(r.num_index_scans, 0);
  EXPECT_EQ(r.tuples_deleted, 334);
  EXPECT_EQ(r.lpdead_items, 334);
  for (const auto& [id, tid] : tids) {
    EXPECT_EQ(ItemFlags(tid), id % 3 == 0 ? kLpUnused : kLpNormal) << id;
  }
  EXPECT_EQ(ScanIds(), IdsWhere(0, 1000, [](int32_t id) { return id % 3 != 0; }));
  EXPECT_EQ(r.pages_set_all_visible, NumBlocks());
}

TEST_F(VacuumTest, SmallDeadTidStoreRunsSeveralIndexPasses) {
  AddIndex();
  AddIndex();
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 3000);
  Transaction([&] {
    for (const auto& [id, tid] : tids) {
      if (id % 2 == 0) DeleteRow(tid);
    }
  });
  VacuumOptions options;
  options.max_dead_items = 600;
  const VacuumResult r = Vacuum(options);
  EXPECT_GE(r.num_index_scans, 3);
  EXPECT_EQ(r.lpdead_items, 1500);
  for (const IndexVacuumStats& stats : r.indexes) EXPECT_EQ(stats.tuples_removed, 1500.0);
  const std::multiset<int32_t> odd = IdsWhere(0, 3000, [](int32_t id) { return id % 2 != 0; });
  EXPECT_EQ(ScanIds(), odd);
  ExpectIndexesMatchHeap(odd);
  for (const auto& [id, tid] : tids) {
    ASSERT_EQ(ItemFlags(tid), id % 2 == 0 ? kLpUnused : kLpNormal) << id;
  }
}

TEST_F(VacuumTest, RowsAnotherProcessesSnapshotMaySeeAreKept) {
  AddIndex();
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 500);
  const pid_t child = ForkChild([&] {
    StartTransactionCommand();
    Snapshot snapshot = GetTransactionSnapshot();  // held until this transaction ends
    auto count_rows = [&] {
      int n = 0;
      HeapScan scan(rel_, snapshot);
      HeapTuple tuple;
      while (scan.Next(&tuple)) ++n;
      return n;
    };
    EXPECT_EQ(count_rows(), 500);
    scratch_->step[0].Post();
    while (!scratch_->step[1].Wait()) {
    }
    EXPECT_EQ(count_rows(), 500) << "VACUUM removed rows this snapshot can see";
    CommitTransactionCommand();
  });
  while (!scratch_->step[0].Wait()) {
  }
  Transaction([&] {
    for (const auto& [id, tid] : tids) {
      if (id % 2 == 0) DeleteRow(tid);
    }
  });
  const VacuumResult kept = Vacuum();
  EXPECT_EQ(kept.tuples_deleted, 0);
  EXPECT_EQ(kept.recently_dead_tuples, 250);
  EXPECT_EQ(kept.lpdead_items, 0);
  EXPECT_EQ(kept.num_index_scans, 0);
  EXPECT_EQ(kept.pages_set_all_visible, 0u) << "pages with recently dead rows are not all-visible";
  EXPECT_EQ(IndexTids(*indexes_[0]).size(), 500u);
  for (const auto& [id, tid] : tids) EXPECT_EQ(ItemFlags(tid), kLpNormal);
  scratch_->step[1].Post();
  ASSERT_EQ(WaitChild(child), 0);

  const VacuumResult removed = Vacuum();
  EXPECT_EQ(removed.tuples_deleted, 250);
  EXPECT_EQ(removed.recently_dead_tuples, 0);
  const std::multiset<int32_t> odd = IdsWhere(0, 500, [](int32_t id) { return id % 2 != 0; });
  EXPECT_EQ(ScanIds(), odd);
  ExpectIndexesMatchHeap(odd);
}

TEST_F(VacuumTest, ToastTableIsVacuumedAndItsSpaceReused) {
  // Letters in random order: pglz cannot shrink them, so each value goes out of line.
  auto big_value = [](int32_t id) {
    std::mt19937 rng(static_cast<uint32_t>(id));
    std::string out(5000, ' ');
    for (char& c : out) c = static_cast<char>('a' + rng() % 26);
    return out;
  };
  const Oid toast_relid = PgClassRow().reltoastrelid;
  ASSERT_NE(toast_relid, kInvalidOid);
  std::map<int32_t, ItemPointerData> tids;
  Transaction([&] {
    for (int32_t id = 0; id < 40; ++id) tids[id] = InsertRowWithPayload(id, big_value(id));
  });
  Transaction([&] {
    for (int32_t id = 0; id < 40; id += 2) DeleteRow(tids[id]);  // deletes their chunks too
  });
  Vacuum();
  StartTransactionCommand();
  LockRelationOid(toast_relid, LockMode::kShareUpdateExclusive);
  const HeapRelation toast = catalog::RelationIdGetRelation(toast_relid)->heap;
  const VacuumResult r = VacuumRelation(toast_relid, VacuumOptions{}, VacuumIndexes{});
  CommitTransactionCommand();
  EXPECT_EQ(r.lpdead_items, 20 * 3) << "three chunks per deleted value";
  const BlockNumber toast_pages = BufferManager::NumBlocks(toast.locator, ForkNumber::kMain);

  Transaction([&] {
    for (int32_t id = 100; id < 120; ++id) InsertRowWithPayload(id, big_value(id));
  });
  // 60 new chunk rows would need 15 more pages; the freed space takes all but a few
  // (chunk rows do not always fit the holes left by others).
  EXPECT_LE(BufferManager::NumBlocks(toast.locator, ForkNumber::kMain), toast_pages + 1)
      << "new chunks did not reuse the freed space";
  int rows = 0;
  Transaction([&] {
    const TupleDesc& desc = *catalog::RelationIdGetRelation(relid_)->desc;
    HeapScan scan(rel_, GetTransactionSnapshot());
    HeapTuple tuple;
    while (scan.Next(&tuple)) {
      bool isnull = false;
      const int32_t id = DatumGetInt32(HeapGetAttr(tuple, 1, desc, &isnull));
      EXPECT_EQ(DatumGetString(HeapGetAttr(tuple, 2, desc, &isnull)), big_value(id)) << id;
      EXPECT_TRUE(id % 2 == 1 || id >= 100) << id;
      ++rows;
    }
  });
  EXPECT_EQ(rows, 40);
}

TEST_F(VacuumTest, PinnedPageIsNotPrunedButTheRestIs) {
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 300);
  ASSERT_GT(NumBlocks(), 2u);
  // The child stops a scan on block 0, holding its pin (and no snapshot: SnapshotAny).
  const pid_t child = ForkChild([&] {
    StartTransactionCommand();
    SnapshotData any;
    any.kind = SnapshotKind::kAny;
    HeapScan scan(rel_, &any);
    HeapTuple tuple;
    EXPECT_TRUE(scan.Next(&tuple));
    scratch_->step[0].Post();
    while (!scratch_->step[1].Wait()) {
    }
    CommitTransactionCommand();
  });
  while (!scratch_->step[0].Wait()) {
  }
  int on_first_page = 0;
  Transaction([&] {
    for (const auto& [id, tid] : tids) {
      if (id % 2 != 0) continue;
      DeleteRow(tid);
      if (tid.block() == 0) ++on_first_page;
    }
  });
  const VacuumResult r = Vacuum();
  scratch_->step[1].Post();
  ASSERT_EQ(WaitChild(child), 0);
  EXPECT_EQ(r.missed_dead_pages, 1u);
  EXPECT_EQ(r.missed_dead_tuples, on_first_page);
  EXPECT_EQ(r.tuples_deleted, 150 - on_first_page);
  for (const auto& [id, tid] : tids) {
    if (id % 2 != 0) continue;
    EXPECT_EQ(ItemFlags(tid), tid.block() == 0 ? kLpNormal : kLpUnused) << id;
  }
  // Once the pin is gone the next VACUUM finishes the job.
  const VacuumResult again = Vacuum();
  EXPECT_EQ(again.tuples_deleted, on_first_page);
  EXPECT_EQ(ScanIds(), IdsWhere(0, 300, [](int32_t id) { return id % 2 != 0; }));
}

}  // namespace
}  // namespace hyrax::storage::testing
