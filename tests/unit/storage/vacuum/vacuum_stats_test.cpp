// What VACUUM reports and records: the shared dead-tuple counters that decide NeedsVacuum
// (committed deletes and updates, aborted inserts; reset by VACUUM), pg_class statistics,
// PostgreSQL 15's VERBOSE wording, and VACUUM of a system catalog.
#include "storage/catalog/relcache.h"
#include "storage/vacuum/relation_stats.h"
#include "tests/unit/storage/vacuum/vacuum_test_env.h"

namespace hyrax::storage::testing {
namespace {

class VacuumStatsTest : public VacuumTest {
 protected:
  bool Needs() {
    bool needs = false;
    Transaction([&] { needs = NeedsVacuum(relid_); });
    return needs;
  }
  RelationCounts Counts() {
    std::optional<RelationCounts> counts = RelationStats::Get(rel_.locator.db_oid, relid_);
    EXPECT_TRUE(counts.has_value());
    return counts.value_or(RelationCounts{});
  }
};

TEST_F(VacuumStatsTest, DeadTupleCountsDecideWhetherVacuumIsNeeded) {
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 1000);
  EXPECT_EQ(Counts().live_tuples, 1000);
  EXPECT_EQ(Counts().inserted_since_vacuum, 1000);
  Vacuum();  // reltuples = 1000: the threshold becomes 50 + 0.2 * 1000 = 250 dead tuples
  EXPECT_EQ(Counts().dead_tuples, 0);
  EXPECT_EQ(Counts().inserted_since_vacuum, 0);
  EXPECT_EQ(Counts().vacuum_count, 1);
  EXPECT_FALSE(Needs());

  auto it = tids.begin();
  Transaction([&] {
    for (int n = 0; n < 200; ++n, ++it) DeleteRow(it->second);
  });
  EXPECT_EQ(Counts().dead_tuples, 200);
  EXPECT_FALSE(Needs());
  // An update leaves one dead version; a rolled-back delete leaves none.
  StartTransactionCommand();
  for (int n = 0; n < 100; ++n, ++it) DeleteRow(it->second);
  AbortCurrentTransaction();
  EXPECT_EQ(Counts().dead_tuples, 200);
  Transaction([&] {
    for (int n = 0; n < 51; ++n, ++it) UpdateRow(it->second, it->first);
  });
  EXPECT_EQ(Counts().dead_tuples, 251);
  EXPECT_TRUE(Needs());

  const VacuumResult r = Vacuum();
  EXPECT_EQ(r.tuples_deleted, 251);
  EXPECT_EQ(Counts().dead_tuples, 0);
  EXPECT_EQ(Counts().live_tuples, 800);
  EXPECT_FALSE(Needs());

  // Rows of an aborted transaction are dead too.
  StartTransactionCommand();
  for (int32_t id = 9000; id < 9300; ++id) InsertRow(id);
  AbortCurrentTransaction();
  EXPECT_EQ(Counts().dead_tuples, 300);
  EXPECT_TRUE(Needs());
}

TEST_F(VacuumStatsTest, ManyInsertsSinceTheLastVacuumNeedOne) {
  InsertRows(0, 500);
  Vacuum();  // threshold: 1000 + 0.2 * 500 = 1100 inserts
  InsertRows(500, 1100);
  EXPECT_FALSE(Needs());
  InsertRows(1600, 1);
  EXPECT_TRUE(Needs());
}

TEST_F(VacuumStatsTest, VerboseReportUsesPostgres15Wording) {
  AddIndex();
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 100);
  ASSERT_EQ(NumBlocks(), 2u);
  Transaction([&] {
    for (int32_t id = 0; id < 10; ++id) DeleteRow(tids[id]);
  });
  const VacuumResult r = Vacuum();
  const std::string report = VacuumReport(r, "template1.public.t");
  const std::string expected_start =
      "finished vacuuming \"template1.public.t\": index scans: 1\n"
      "pages: 0 removed, 2 remain, 2 scanned (100.00% of total)\n"
      "tuples: 10 removed, 90 remain, 0 are dead but not yet removable\n"
      "removable cutoff: " +
      std::to_string(r.oldest_xmin) + ", which was ";
  EXPECT_EQ(report.substr(0, expected_start.size()), expected_start) << report;
  EXPECT_NE(report.find("index scan needed: 1 pages from table (50.00% of total) had 10 dead "
                        "item identifiers removed\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("index \"t_id_idx0\": pages: " + std::to_string(r.indexes[0].num_pages) +
                        " in total, 0 newly deleted, 0 currently deleted, 0 reusable\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("buffer usage: "), std::string::npos) << report;
}

TEST_F(VacuumStatsTest, PgClassGetsPagesTuplesAllVisibleAndFrozenXid) {
  InsertRows(0, 700);
  const catalog::PgClass before = PgClassRow();
  EXPECT_EQ(before.relpages, 0);
  VacuumOptions freeze;
  freeze.freeze = true;
  const VacuumResult r = Vacuum(freeze);
  const catalog::PgClass after = PgClassRow();
  EXPECT_EQ(after.relpages, static_cast<int32_t>(NumBlocks()));
  EXPECT_EQ(after.reltuples, 700.0f);
  EXPECT_EQ(after.relallvisible, static_cast<int32_t>(NumBlocks()));
  EXPECT_TRUE(TransactionIdPrecedes(before.relfrozenxid, after.relfrozenxid));
  EXPECT_EQ(after.relfrozenxid, r.new_relfrozenxid);
  // The relcache sees the new values once the update is visible.
  Transaction([&] {
    EXPECT_EQ(catalog::RelationIdGetRelation(relid_)->rel.relpages,
              static_cast<int32_t>(NumBlocks()));
  });
}

TEST_F(VacuumStatsTest, SystemCatalogCanBeVacuumed) {
  // Dead pg_class / pg_attribute / pg_type rows from a created and dropped table.
  for (int n = 0; n < 3; ++n) {
    Transaction([&] {
      catalog::NewRelation spec;
      spec.name = "scratch";
      spec.columns = {{"a", 23, -1}};
      Oid scratch = catalog::CreateHeapRelation(spec);
      CommandCounterIncrement();
      LockRelationOid(scratch, LockMode::kAccessExclusive);
      catalog::DropHeapRelation(scratch);
    });
  }
  for (Oid catalog_oid : {catalog::kAttributeRelationId, catalog::kRelationRelationId}) {
    StartTransactionCommand();
    LockRelationOid(catalog_oid, LockMode::kShareUpdateExclusive);
    const VacuumResult r = VacuumRelation(catalog_oid, VacuumOptions{}, VacuumIndexes{});
    CommitTransactionCommand();
    // Scans of the catalog may have pruned the dead rows already (leaving dead line
    // pointers); either way VACUUM makes their line pointers reusable.
    EXPECT_GT(r.lpdead_items, 0) << catalog_oid;
  }
  // The catalog still works.
  Transaction([&] {
    catalog::NewRelation spec;
    spec.name = "after_vacuum";
    spec.columns = {{"a", 23, -1}};
    Oid relid = catalog::CreateHeapRelation(spec);
    CommandCounterIncrement();
    ASSERT_NE(catalog::RelationIdGetRelation(relid), nullptr);
    EXPECT_EQ(catalog::RelationIdGetRelation(relid)->desc->natts(), 1);
    EXPECT_TRUE(catalog::Syscache().RelationByName("t", catalog::kPublicNamespace).has_value());
  });
}

}  // namespace
}  // namespace hyrax::storage::testing
