// External sort (executor/exec/tuplesort.h, sort_runs.h): past work_mem the rows go to sorted
// runs on disk and come back merged in the right order (several merge passes at 64kB, NULLs
// and DESC), with random access (mark/restore, rescan) when asked for; a bound keeps a
// top-N heap instead; the temporary files are gone once the sort is reset or destroyed.
#include "executor/exec/tuplesort.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

#include "executor/exec/work_mem.h"
#include "storage/file/temp_file.h"
#include "tests/unit/executor/executor_test_support.h"
#include "tests/unit/storage/buffer/storage_test_env.h"

namespace hyrax::executor {
namespace {

using namespace testing;  // NOLINT
using Value = std::optional<int32_t>;

class TuplesortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Catalog();
    g_work_mem_kb = 64;
    desc_ = MakeTupleDesc({kInt4, kInt4}, {-1, -1});
    slot_ = std::make_unique<TupleSlot>(desc_);
  }
  void TearDown() override { g_work_mem_kb = 4096; }

  // ORDER BY a <direction> [NULLS FIRST], b.
  nodes::SortColumns SortOn(bool desc, bool nulls_first) {
    nodes::SortColumns s;
    s.sortColIdx = {1, 2};
    s.sortOperators = {FindOperator(desc ? ">" : "<", kInt4, kInt4).oid,
                       FindOperator("<", kInt4, kInt4).oid};
    s.collations = {kInvalidOid, kInvalidOid};
    s.nullsFirst = {nulls_first, false};
    return s;
  }
  // Rows (a, b) with a in a scrambled order, some NULL, b unique.
  std::vector<std::pair<Value, int32_t>> Input(int n) {
    std::vector<std::pair<Value, int32_t>> rows;
    for (int i = 0; i < n; ++i) {
      Value a = i % 9 == 0 ? std::nullopt : Value((i * 7919) % 10007);
      rows.emplace_back(a, i);
    }
    return rows;
  }
  void Put(Tuplesort* sort, const std::vector<std::pair<Value, int32_t>>& rows) {
    for (const auto& [a, b] : rows) {
      slot_->Clear();
      slot_->nulls()[0] = !a.has_value();
      slot_->values()[0] = a ? Int32GetDatum(*a) : 0;
      slot_->nulls()[1] = false;
      slot_->values()[1] = Int32GetDatum(b);
      slot_->StoreVirtual();
      sort->PutSlot(slot_.get());
    }
  }
  std::pair<Value, int32_t> Get(Tuplesort* sort, bool* more) {
    *more = sort->GetSlot(slot_.get());
    if (!*more) return {};
    slot_->GetAllAttrs();
    Value a = slot_->nulls()[0] ? std::nullopt : Value(DatumGetInt32(slot_->values()[0]));
    return {a, DatumGetInt32(slot_->values()[1])};
  }
  std::vector<std::pair<Value, int32_t>> Drain(Tuplesort* sort) {
    std::vector<std::pair<Value, int32_t>> out;
    bool more;
    for (auto row = Get(sort, &more); more; row = Get(sort, &more)) out.push_back(row);
    return out;
  }
  // The expected order: a DESC NULLS FIRST (or ASC NULLS LAST), then b.
  static std::vector<std::pair<Value, int32_t>> Expected(
      std::vector<std::pair<Value, int32_t>> rows, bool desc) {
    std::sort(rows.begin(), rows.end(), [desc](const auto& x, const auto& y) {
      if (x.first.has_value() != y.first.has_value()) return desc ? !x.first : !y.first;
      if (x.first && *x.first != *y.first) return desc ? *x.first > *y.first : *x.first < *y.first;
      return x.second < y.second;
    });
    return rows;
  }

  storage::testing::TempDataDir dir_;
  storage::TupleDescPtr desc_;
  std::unique_ptr<TupleSlot> slot_;
};

TEST_F(TuplesortTest, ExternalMergeReturnsRowsInOrder) {
  for (bool desc : {false, true}) {
    Tuplesort sort(desc_, SortOn(desc, /*nulls_first=*/desc));
    auto rows = Input(60000);  // ~30 runs of 64kB: more than one merge pass of 6
    Put(&sort, rows);
    EXPECT_GT(storage::OpenTempFileCount(), 0);
    sort.PerformSort();
    EXPECT_EQ(sort.stats().method, "external merge");
    EXPECT_EQ(sort.stats().space_type, "Disk");
    EXPECT_GT(sort.stats().space_used_kb, 0);
    auto expected = Expected(rows, desc);
    EXPECT_EQ(Drain(&sort), expected);
    sort.RescanOutput();
    EXPECT_EQ(Drain(&sort), expected);
    sort.Reset();
    EXPECT_EQ(storage::OpenTempFileCount(), 0);
  }
}

TEST_F(TuplesortTest, RandomAccessMergesIntoOneSeekableRun) {
  Tuplesort sort(desc_, SortOn(false, false));
  sort.SetRandomAccess(true);
  auto rows = Input(30000);
  Put(&sort, rows);
  sort.PerformSort();
  EXPECT_EQ(sort.stats().method, "external sort");
  auto expected = Expected(rows, false);
  bool more;
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(Get(&sort, &more), expected[i]);
  sort.MarkPos();
  for (int i = 1000; i < 1500; ++i) EXPECT_EQ(Get(&sort, &more), expected[i]);
  sort.RestorePos();
  EXPECT_EQ(Get(&sort, &more), expected[1000]);
}

TEST_F(TuplesortTest, InMemoryAndTopNStayOffDisk) {
  {
    Tuplesort sort(desc_, SortOn(false, false));
    auto rows = Input(500);
    Put(&sort, rows);
    sort.PerformSort();
    EXPECT_EQ(sort.stats().method, "quicksort");
    EXPECT_EQ(sort.stats().space_type, "Memory");
    EXPECT_EQ(Drain(&sort), Expected(rows, false));
  }
  Tuplesort sort(desc_, SortOn(true, true));
  sort.SetBound(10);
  auto rows = Input(200000);
  Put(&sort, rows);
  EXPECT_EQ(storage::OpenTempFileCount(), 0);
  sort.PerformSort();
  EXPECT_EQ(sort.stats().method, "top-N heapsort");
  auto expected = Expected(rows, true);
  expected.resize(10);
  EXPECT_EQ(Drain(&sort), expected);
}

}  // namespace
}  // namespace hyrax::executor
