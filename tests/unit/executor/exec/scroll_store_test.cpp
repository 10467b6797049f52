// The random-access row store of scrollable cursors (executor/exec/scroll_store.h): rows
// read back by position in any order, in memory and after they moved to a temporary file
// past work_mem, NULLs and by-reference values included.
#include "executor/exec/scroll_store.h"

#include <string>

#include <gtest/gtest.h>

#include "common/varlena.h"
#include "executor/exec/tuple_slot.h"
#include "executor/exec/work_mem.h"
#include "tests/unit/executor/executor_test_support.h"
#include "tests/unit/storage/buffer/storage_test_env.h"

namespace hyrax::executor {
namespace {

using namespace testing;  // NOLINT

class ScrollStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Catalog();
    desc_ = MakeTupleDesc({kInt4, kText}, {-1, -1});
    saved_work_mem_ = g_work_mem_kb;
  }
  void TearDown() override { g_work_mem_kb = saved_work_mem_; }

  static std::string TextOf(int i) { return std::string(i % 40, 'y') + std::to_string(i); }
  void Fill(ScrollStore* store, int rows) {
    TupleSlot slot(desc_);
    for (int i = 0; i < rows; ++i) {
      slot.Clear();
      slot.values()[0] = Int32GetDatum(i);
      slot.nulls()[0] = false;
      slot.nulls()[1] = i % 9 == 0;
      slot.values()[1] = slot.nulls()[1] ? 0 : MakeVarlenaDatum(TextOf(i));
      slot.StoreVirtual();
      store->Append(&slot);
    }
  }
  void ExpectRow(ScrollStore* store, int i) {
    TupleSlot slot(desc_);
    store->Load(static_cast<size_t>(i), &slot);
    EXPECT_EQ(DatumGetInt32(slot.values()[0]), i);
    ASSERT_EQ(slot.nulls()[1], i % 9 == 0) << i;
    if (!slot.nulls()[1]) {
      EXPECT_EQ(DatumGetString(slot.values()[1]), TextOf(i));
    }
  }

  storage::testing::TempDataDir dir_;
  storage::TupleDescPtr desc_;
  int saved_work_mem_ = 0;
};

TEST_F(ScrollStoreTest, ReadsRowsBackInAnyOrderInMemory) {
  ScrollStore store(desc_);
  Fill(&store, 100);
  EXPECT_FALSE(store.spilled());
  ASSERT_EQ(store.size(), 100u);
  for (int i = 99; i >= 0; i -= 3) ExpectRow(&store, i);
  ExpectRow(&store, 0);
  ExpectRow(&store, 50);
}

TEST_F(ScrollStoreTest, MovesRowsToATemporaryFilePastWorkMem) {
  g_work_mem_kb = 64;
  ScrollStore store(desc_);
  Fill(&store, 5000);
  EXPECT_TRUE(store.spilled());
  ASSERT_EQ(store.size(), 5000u);
  for (int i = 4999; i >= 0; i -= 7) ExpectRow(&store, i);
  ExpectRow(&store, 0);
  ExpectRow(&store, 2500);
  ExpectRow(&store, 4999);
}

}  // namespace
}  // namespace hyrax::executor
