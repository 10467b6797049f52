// Unique checks with a scripted heap probe (which heap tuples are live, dead or being
// written): a live duplicate raises 23505 with PostgreSQL's message and detail and is not
// inserted; dead duplicates don't count, also when they span several leaf pages; NULLs
// never conflict unless NULLS NOT DISTINCT; kPartial and kExisting behave as PostgreSQL's
// UNIQUE_CHECK_PARTIAL and UNIQUE_CHECK_EXISTING. Waiting for a writer in progress needs
// the transaction layer: btree_unique_wait_test.cpp.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

class BtreeUniqueTest : public BtreeTest {
 protected:
  int PoolSize() override { return 64; }

  void SetUp() override {
    BtreeTest::SetUp();
    index_ = MakeIndex({Int4Column()});
    index_.unique = true;
    CreateEmptyIndex(index_);
    // Entries are live unless the test says otherwise.
    context_.probe_heap = [this](ItemPointerData tid) {
      ++probes_;
      auto it = heap_.find(NumberOfTid(tid));
      return it == heap_.end() ? HeapProbeResult{HeapProbeStatus::kLive, kInvalidTransactionId}
                               : it->second;
    };
    context_.format_key = [](const Datum* values, const bool* isnull) {
      return std::optional<std::string>(
          isnull[0] ? "(id)=(null)" : "(id)=(" + std::to_string(DatumGetInt32(values[0])) + ")");
    };
  }

  bool Insert(std::optional<int32_t> key, uint32_t n,
              IndexUniqueCheck check = IndexUniqueCheck::kYes) {
    const Datum value = Int32GetDatum(key.value_or(0));
    const bool isnull = !key.has_value();
    return BtreeInsert(index_, &value, &isnull, TidFor(n), check, &context_);
  }

  std::vector<uint32_t> EntriesFor(int32_t key) {
    return ScanNumbers(index_, {Key(1, BtStrategy::kEqual, Int32GetDatum(key))});
  }

  IndexRelationInfo index_;
  UniqueCheckContext context_;
  std::map<uint32_t, HeapProbeResult> heap_;
  int probes_ = 0;
};

TEST_F(BtreeUniqueTest, LiveDuplicateRaisesUniqueViolationWithKeyDetail) {
  EXPECT_TRUE(Insert(42, 1));
  EXPECT_TRUE(Insert(43, 2));
  try {
    Insert(42, 3);
    FAIL() << "expected a unique violation";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kUniqueViolation);
    EXPECT_EQ(e.message(), "duplicate key value violates unique constraint \"test_idx\"");
    EXPECT_EQ(e.detail(), "Key (id)=(42) already exists.");
    EXPECT_EQ(e.constraint(), "test_idx");
    EXPECT_EQ(e.table(), "test_tab");
    EXPECT_EQ(e.schema(), "public");
  }
  EXPECT_EQ(EntriesFor(42), std::vector<uint32_t>{1});
  EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
}

TEST_F(BtreeUniqueTest, DetailIsOmittedWhenTheKeyCannotBeShown) {
  context_.format_key = [](const Datum*, const bool*) { return std::optional<std::string>(); };
  Insert(5, 1);
  try {
    Insert(5, 2);
    FAIL() << "expected a unique violation";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kUniqueViolation);
    EXPECT_EQ(e.detail(), "");
  }
}

TEST_F(BtreeUniqueTest, DeadDuplicatesAcrossSeveralPagesDoNotConflict) {
  // 2000 dead versions of key 7 fill several leaves; only the last one is live.
  for (uint32_t n = 0; n < 2000; ++n) {
    heap_[n] = HeapProbeResult{HeapProbeStatus::kNoMatch, kInvalidTransactionId};
    Insert(7, n, IndexUniqueCheck::kNo);
  }
  for (int32_t key = 0; key < 3000; ++key) {
    if (key != 7) Insert(key, 10000 + static_cast<uint32_t>(key), IndexUniqueCheck::kNo);
  }
  ASSERT_GE(BtreeTreeHeight(index_), 1u);
  EXPECT_TRUE(Insert(7, 5000));  // every existing 7 is dead
  probes_ = 0;
  try {
    Insert(7, 5001);  // the live one sits after the dead ones, pages to the right
    FAIL() << "expected a unique violation";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kUniqueViolation);
  }
  EXPECT_EQ(probes_, 2001);  // every equal entry was looked at, and nothing else
  EXPECT_EQ(EntriesFor(7).size(), 2001u);
}

TEST_F(BtreeUniqueTest, NullsConflictOnlyWhenNotDistinct) {
  EXPECT_TRUE(Insert(std::nullopt, 1));
  EXPECT_TRUE(Insert(std::nullopt, 2));
  EXPECT_EQ(probes_, 0);
  index_.nulls_not_distinct = true;
  try {
    Insert(std::nullopt, 3);
    FAIL() << "expected a unique violation";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kUniqueViolation);
    EXPECT_EQ(e.detail(), "Key (id)=(null) already exists.");
  }
}

TEST_F(BtreeUniqueTest, PartialCheckReportsPossibleConflictAndInserts) {
  EXPECT_TRUE(Insert(9, 1, IndexUniqueCheck::kPartial));
  EXPECT_FALSE(Insert(9, 2, IndexUniqueCheck::kPartial));
  EXPECT_EQ(EntriesFor(9), (std::vector<uint32_t>{1, 2}));
  // In progress elsewhere: a partial check neither waits nor complains.
  heap_[1] = HeapProbeResult{HeapProbeStatus::kInProgress, 1234};
  heap_[2] = HeapProbeResult{HeapProbeStatus::kNoMatch, kInvalidTransactionId};
  heap_[3] = HeapProbeResult{HeapProbeStatus::kNoMatch, kInvalidTransactionId};
  EXPECT_FALSE(Insert(9, 3, IndexUniqueCheck::kPartial));
}

TEST_F(BtreeUniqueTest, ExistingCheckOfNullKeyNeitherChecksNorInserts) {
  Insert(std::nullopt, 1, IndexUniqueCheck::kNo);
  EXPECT_TRUE(Insert(std::nullopt, 1, IndexUniqueCheck::kExisting));
  EXPECT_EQ(ScanNumbers(index_).size(), 1u);
  EXPECT_EQ(probes_, 0);
}

TEST_F(BtreeUniqueTest, ExistingCheckFindsOwnEntryWithoutInserting) {
  Insert(11, 1, IndexUniqueCheck::kNo);
  Insert(11, 2, IndexUniqueCheck::kNo);
  heap_[1] = HeapProbeResult{HeapProbeStatus::kNoMatch, kInvalidTransactionId};
  EXPECT_TRUE(Insert(11, 2, IndexUniqueCheck::kExisting));
  EXPECT_EQ(EntriesFor(11), (std::vector<uint32_t>{1, 2}));
  // Entry 1 comes back to life: re-checking entry 2 now conflicts.
  heap_.erase(1);
  try {
    Insert(11, 2, IndexUniqueCheck::kExisting);
    FAIL() << "expected a unique violation";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kUniqueViolation);
  }
  heap_[1] = HeapProbeResult{HeapProbeStatus::kNoMatch, kInvalidTransactionId};
  heap_[2] = HeapProbeResult{HeapProbeStatus::kNoMatch, kInvalidTransactionId};
  try {
    Insert(11, 3, IndexUniqueCheck::kExisting);  // no entry points at heap tuple 3
    FAIL() << "expected an internal error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kInternalError);
    EXPECT_EQ(e.message(), "failed to re-find tuple within index \"test_idx\"");
  }
}

}  // namespace
}  // namespace hyrax::storage::testing
