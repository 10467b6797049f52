// Crash recovery around VACUUM: after a completed VACUUM and after one cancelled in the
// middle of an index pass (some pages already cleaned, some index entries gone, dead line
// pointers still waiting), replaying the WAL gives a heap and indexes that agree: sound
// trees, every live row reachable through every index, no dead row visible. A later VACUUM
// then finishes the job.
#include "common/interrupts.h"
#include "tests/unit/storage/vacuum/vacuum_test_env.h"

namespace hyrax::storage::testing {
namespace {

class VacuumCrashTest : public VacuumTest {
 protected:
  // 3000 rows; even ids deleted, every fifth odd id updated (a new version to index).
  std::map<int32_t, ItemPointerData> Workload(std::multiset<int32_t>* live) {
    std::map<int32_t, ItemPointerData> tids = InsertRows(0, 3000);
    Checkpoint();
    Transaction([&] {
      for (auto& [id, tid] : tids) {
        if (id % 2 == 0) {
          DeleteRow(tid);
        } else if (id % 5 == 1) {
          tid = UpdateRow(tid, id);
        }
      }
    });
    for (int32_t id = 0; id < 3000; ++id) {
      if (id % 2 != 0) live->insert(id);
    }
    return tids;
  }
};

TEST_F(VacuumCrashTest, CrashAfterVacuumRecoversConsistentHeapAndIndexes) {
  AddIndex();
  AddIndex();
  std::multiset<int32_t> live;
  const std::map<int32_t, ItemPointerData> tids = Workload(&live);
  const VacuumResult r = Vacuum();
  ASSERT_GT(r.lpdead_items, 0);
  CrashAndRecover();
  EXPECT_EQ(ScanIds(), live);
  ExpectIndexesMatchHeap(live);
  for (const auto& [id, tid] : tids) {
    if (id % 2 == 0) {
      EXPECT_EQ(ItemFlags(tid), kLpUnused) << id;
    }
  }
  const VacuumResult again = Vacuum();
  EXPECT_EQ(again.tuples_deleted, 0);
  EXPECT_EQ(again.lpdead_items, 0);
}

TEST_F(VacuumCrashTest, CrashInTheMiddleOfVacuumRecoversConsistentHeapAndIndexes) {
  AddIndex();
  std::multiset<int32_t> live;
  const std::map<int32_t, ItemPointerData> tids = Workload(&live);

  // Cancel during the second index pass, after part of the index was cleaned.
  VacuumIndexes indexes = Indexes();
  int pass = 0;
  int calls = 0;
  indexes.bulk_delete = [&](const IndexRelationInfo& index,
                            const std::function<bool(ItemPointerData)>& is_dead) {
    ++pass;
    return BtreeBulkDelete(index, [&](ItemPointerData tid) {
      if (pass == 2 && ++calls == 300) {
        g_query_cancel_pending = 1;
        g_interrupt_pending = 1;
      }
      return is_dead(tid);
    });
  };
  VacuumOptions options;
  options.max_dead_items = 600;
  StartTransactionCommand();
  LockRelationOid(relid_, LockMode::kShareUpdateExclusive);
  try {
    VacuumRelation(relid_, options, indexes);
    ADD_FAILURE() << "VACUUM was not cancelled";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kQueryCanceled);
  }
  AbortCurrentTransaction();
  ASSERT_EQ(pass, 2);

  CrashAndRecover();
  int unused = 0;
  int dead = 0;
  for (const auto& [id, tid] : tids) {
    if (id % 2 != 0) continue;
    const uint32_t flags = ItemFlags(tid);
    unused += flags == kLpUnused;
    dead += flags == kLpDead;
  }
  EXPECT_GT(unused, 0) << "the first pass's heap work was lost";
  EXPECT_GT(dead, 0) << "VACUUM did not stop in the middle";
  EXPECT_EQ(ScanIds(), live);
  ExpectIndexesMatchHeap(live);

  const VacuumResult finish = Vacuum();
  EXPECT_GE(finish.lpdead_items, dead);  // the leftovers plus what the first run never reached
  for (const auto& [id, tid] : tids) {
    if (id % 2 == 0) {
      EXPECT_EQ(ItemFlags(tid), kLpUnused) << id;
    }
  }
  EXPECT_EQ(ScanIds(), live);
  ExpectIndexesMatchHeap(live);
}

}  // namespace
}  // namespace hyrax::storage::testing
