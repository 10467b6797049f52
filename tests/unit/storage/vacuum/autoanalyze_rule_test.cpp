// Automatic ANALYZE's decision (storage/vacuum/autovacuum.h): the modification counter the
// heap keeps per table, relation_needs_vacanalyze's analyze rule (threshold + scale factor
// * reltuples), the databases the launcher would send a worker to, ANALYZE's report
// restarting the count, and the launcher-to-worker request slot.
#include <algorithm>

#include "storage/vacuum/autovacuum.h"
#include "storage/vacuum/relation_stats.h"
#include "tests/unit/storage/vacuum/vacuum_test_env.h"

namespace hyrax::storage::testing {
namespace {

class AutoanalyzeRuleTest : public VacuumTest {
 protected:
  RelationCounts Counts() {
    std::optional<RelationCounts> counts = RelationStats::Get(rel_.locator.db_oid, relid_);
    EXPECT_TRUE(counts.has_value());
    return counts.value_or(RelationCounts{});
  }
  // The launcher's rule for this table (other tables of the test database, such as the
  // catalogs written at set-up, have counters of their own).
  bool OverThreshold() {
    for (const RelationCountsEntry& e : RelationStats::Snapshot()) {
      if (e.db_oid == rel_.locator.db_oid && e.relid == relid_) {
        return AnalyzeThresholdExceeded(static_cast<double>(e.counts.modified_since_analyze),
                                        e.counts.reltuples);
      }
    }
    return false;
  }
  bool DatabaseListed() {
    const std::vector<Oid> dbs = DatabasesNeedingAnalyze();
    return std::find(dbs.begin(), dbs.end(), rel_.locator.db_oid) != dbs.end();
  }
};

TEST(AutoanalyzeRule, ThresholdPlusScaleFactorTimesReltuples) {
  // Defaults: 50 + 0.1 * reltuples; a never-analyzed table (-1) counts as empty.
  EXPECT_FALSE(AnalyzeThresholdExceeded(50, -1));
  EXPECT_TRUE(AnalyzeThresholdExceeded(51, -1));
  EXPECT_FALSE(AnalyzeThresholdExceeded(150, 1000));
  EXPECT_TRUE(AnalyzeThresholdExceeded(151, 1000));
  const int saved_threshold = g_autovacuum_analyze_threshold;
  const double saved_scale = g_autovacuum_analyze_scale_factor;
  g_autovacuum_analyze_threshold = 0;
  g_autovacuum_analyze_scale_factor = 0.5;
  EXPECT_FALSE(AnalyzeThresholdExceeded(500, 1000));
  EXPECT_TRUE(AnalyzeThresholdExceeded(501, 1000));
  g_autovacuum_analyze_threshold = saved_threshold;
  g_autovacuum_analyze_scale_factor = saved_scale;
}

TEST_F(AutoanalyzeRuleTest, ChangesCountUntilAnalyzeReportsAndTheDatabaseIsListed) {
  Transaction([&] {
    for (int32_t id = 0; id < 40; ++id) InsertRow(id);
  });
  EXPECT_EQ(Counts().modified_since_analyze, 40);
  EXPECT_FALSE(OverThreshold());
  // Aborted inserts count too (pgstat counts them as changes).
  StartTransactionCommand();
  for (int32_t id = 100; id < 120; ++id) InsertRow(id);
  AbortCurrentTransaction();
  EXPECT_EQ(Counts().modified_since_analyze, 60);
  EXPECT_TRUE(OverThreshold());
  EXPECT_TRUE(DatabaseListed());

  RelationStats::ReportAnalyze(rel_.locator.db_oid, relid_, 40, /*autovacuum=*/true,
                               /*all_columns=*/true);
  EXPECT_EQ(Counts().modified_since_analyze, 0);
  EXPECT_EQ(Counts().autoanalyze_count, 1);
  EXPECT_EQ(Counts().analyze_count, 0);
  EXPECT_NE(Counts().last_autoanalyze, 0);
  EXPECT_EQ(Counts().last_analyze, 0);
  EXPECT_EQ(Counts().reltuples, 40);
  EXPECT_FALSE(OverThreshold());

  // reltuples 40: the threshold is now 54.
  Transaction([&] {
    for (int32_t id = 200; id < 254; ++id) InsertRow(id);
  });
  EXPECT_FALSE(OverThreshold());
  Transaction([&] { InsertRow(300); });
  EXPECT_TRUE(OverThreshold());
  RelationStats::ReportAnalyze(rel_.locator.db_oid, relid_, 95, /*autovacuum=*/false,
                               /*all_columns=*/true);
  EXPECT_EQ(Counts().analyze_count, 1);
  EXPECT_NE(Counts().last_analyze, 0);
  EXPECT_FALSE(OverThreshold());
  // ANALYZE of some columns only counts as an analyze but keeps the changes.
  Transaction([&] { InsertRow(400); });
  RelationStats::ReportAnalyze(rel_.locator.db_oid, relid_, 96, /*autovacuum=*/false,
                               /*all_columns=*/false);
  EXPECT_EQ(Counts().analyze_count, 2);
  EXPECT_EQ(Counts().modified_since_analyze, 1);
}

TEST_F(AutoanalyzeRuleTest, RequestIsTakenOnce) {
  AutovacuumRequest::Set(1234);
  AutovacuumRequest::Set(5);  // an unclaimed request is replaced
  EXPECT_EQ(AutovacuumRequest::Take(), 5u);
  EXPECT_EQ(AutovacuumRequest::Take(), kInvalidOid);
}

}  // namespace
}  // namespace hyrax::storage::testing
