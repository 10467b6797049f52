// Index scans against a model: rows with duplicates and NULLs in a two-column index
// (int4, text) under every ASC/DESC x NULLS FIRST/LAST combination of the first column;
// for many key sets (<, <=, =, >=, >, BETWEEN, IS [NOT] NULL, prefixes, keys on the second
// column only, cross-type arguments) the forward scan must return exactly the matching
// rows in index order and the backward scan the reverse. Plus direction changes,
// mark/restore and rescans.
#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

struct Row {
  std::optional<int32_t> a;
  std::optional<std::string> b;
  uint32_t n;
};

// A scan key in model terms: the operator applies to raw values (DESC does not matter).
struct ModelKey {
  int attno;
  BtStrategy strategy;
  int64_t a_arg = 0;        // for column 1
  std::string b_arg;        // for column 2
  uint8_t flags = 0;        // kScanKeySearchNull / kScanKeySearchNotNull
  bool cross_type = false;  // column 1 with an int8 argument
};

struct ScanParam {
  bool desc;
  bool nulls_first;
};

class BtreeScanTest : public BtreeTest, public ::testing::WithParamInterface<ScanParam> {
 protected:
  int PoolSize() override { return 64; }

  void SetUp() override {
    BtreeTest::SetUp();
    index_ = MakeIndex({Int4Column(GetParam().desc, GetParam().nulls_first), TextColumn()});
    CreateEmptyIndex(index_);
    std::mt19937 rng(11);
    for (uint32_t n = 0; n < 6000; ++n) {
      Row row;
      row.n = n;
      if (rng() % 20 != 0) row.a = static_cast<int32_t>(rng() % 400) - 200;
      if (rng() % 10 != 0) row.b = "b" + std::to_string(rng() % 30);
      rows_.push_back(row);
    }
    std::vector<Row> shuffled = rows_;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    for (const Row& row : shuffled) {
      const Datum values[2] = {Int32GetDatum(row.a.value_or(0)),
                               row.b ? CStringGetTextDatum(*row.b) : Datum{0}};
      const bool isnull[2] = {!row.a.has_value(), !row.b.has_value()};
      BtreeInsert(index_, values, isnull, TidFor(row.n), IndexUniqueCheck::kNo, nullptr);
    }
    ASSERT_EQ(JoinProblems(BtreeVerify(index_)), "");
  }

  // -1/0/1 in index order for one column value pair (NULLs placed per the options).
  template <typename T>
  static int Order(const std::optional<T>& x, const std::optional<T>& y, bool desc,
                   bool nulls_first) {
    if (!x || !y) {
      if (!x && !y) return 0;
      if (!x) return nulls_first ? -1 : 1;
      return nulls_first ? 1 : -1;
    }
    const int r = *x < *y ? -1 : (*y < *x ? 1 : 0);
    return desc ? -r : r;
  }

  std::vector<uint32_t> Expected(const std::vector<ModelKey>& keys) const {
    std::vector<Row> matching;
    for (const Row& row : rows_) {
      bool ok = true;
      for (const ModelKey& key : keys) ok = ok && Matches(row, key);
      if (ok) matching.push_back(row);
    }
    std::sort(matching.begin(), matching.end(), [&](const Row& x, const Row& y) {
      int r = Order(x.a, y.a, GetParam().desc, GetParam().nulls_first);
      if (r == 0) r = Order(x.b, y.b, false, false);
      if (r == 0) r = x.n < y.n ? -1 : (x.n > y.n ? 1 : 0);
      return r < 0;
    });
    std::vector<uint32_t> out;
    for (const Row& row : matching) out.push_back(row.n);
    return out;
  }

  static bool Matches(const Row& row, const ModelKey& key) {
    const bool is_null = key.attno == 1 ? !row.a.has_value() : !row.b.has_value();
    if (key.flags & kScanKeySearchNull) return is_null;
    if (key.flags & kScanKeySearchNotNull) return !is_null;
    if (is_null) return false;
    int cmp;
    if (key.attno == 1) {
      cmp = *row.a < key.a_arg ? -1 : (*row.a > key.a_arg ? 1 : 0);
    } else {
      cmp = row.b->compare(key.b_arg);
      cmp = cmp < 0 ? -1 : (cmp > 0 ? 1 : 0);
    }
    switch (key.strategy) {
      case BtStrategy::kLess:
        return cmp < 0;
      case BtStrategy::kLessEqual:
        return cmp <= 0;
      case BtStrategy::kEqual:
        return cmp == 0;
      case BtStrategy::kGreaterEqual:
        return cmp >= 0;
      case BtStrategy::kGreater:
        return cmp > 0;
    }
    return false;
  }

  std::vector<IndexScanKey> ToScanKeys(const std::vector<ModelKey>& keys) {
    std::vector<IndexScanKey> out;
    for (const ModelKey& key : keys) {
      IndexScanKey sk;
      sk.attno = key.attno;
      sk.strategy = key.strategy;
      sk.flags = key.flags;
      if (key.attno == 1) {
        sk.argument = key.cross_type ? Int64GetDatum(key.a_arg)
                                     : Int32GetDatum(static_cast<int32_t>(key.a_arg));
        if (key.cross_type) sk.compare = CompareInt48;
      } else {
        sk.argument = CStringGetTextDatum(key.b_arg);
      }
      out.push_back(sk);
    }
    return out;
  }

  void CheckQuery(const std::vector<ModelKey>& keys, const std::string& label) {
    const std::vector<uint32_t> expected = Expected(keys);
    EXPECT_EQ(ScanNumbers(index_, ToScanKeys(keys)), expected) << label << " forward";
    std::vector<uint32_t> backward =
        ScanNumbers(index_, ToScanKeys(keys), ScanDirection::kBackward);
    std::reverse(backward.begin(), backward.end());
    EXPECT_EQ(backward, expected) << label << " backward";
  }

  MemoryContext context_{"test"};
  MemoryContextScope scope_{&context_};
  IndexRelationInfo index_;
  std::vector<Row> rows_;
};

using S = BtStrategy;

TEST_P(BtreeScanTest, SingleBoundsMatchModelInBothDirections) {
  for (const S strategy : {S::kLess, S::kLessEqual, S::kEqual, S::kGreaterEqual, S::kGreater}) {
    for (const int64_t arg : {-201, -200, -57, 0, 13, 199, 250}) {
      CheckQuery({{1, strategy, arg}}, "a op " + std::to_string(arg));
    }
  }
}

TEST_P(BtreeScanTest, BetweenAndRedundantBoundsMatchModel) {
  CheckQuery({{1, S::kGreaterEqual, -20}, {1, S::kLessEqual, 20}}, "between");
  CheckQuery({{1, S::kGreater, -20}, {1, S::kLess, 20}}, "open interval");
  CheckQuery({{1, S::kGreater, -50}, {1, S::kGreater, 10}, {1, S::kLess, 30}}, "redundant");
  CheckQuery({{1, S::kGreater, 30}, {1, S::kLess, -30}}, "contradictory");
  CheckQuery({{1, S::kEqual, 5}, {1, S::kEqual, 6}}, "contradictory equalities");
}

TEST_P(BtreeScanTest, NullTestsMatchModel) {
  CheckQuery({{1, S::kEqual, 0, "", kScanKeySearchNull}}, "a is null");
  CheckQuery({{1, S::kEqual, 0, "", kScanKeySearchNotNull}}, "a is not null");
  CheckQuery({{1, S::kLess, 0}}, "a < 0 skips nulls");
  CheckQuery({{1, S::kEqual, 0, "", kScanKeySearchNull}, {2, S::kEqual, 0, "b3"}},
             "a is null and b = b3");
  CheckQuery({{2, S::kEqual, 0, "", kScanKeySearchNull}}, "b is null");
}

TEST_P(BtreeScanTest, MultiColumnPrefixesMatchModel) {
  CheckQuery({{1, S::kEqual, 17}, {2, S::kEqual, 0, "b3"}}, "a = 17 and b = b3");
  CheckQuery({{1, S::kEqual, 17}, {2, S::kGreater, 0, "b25"}}, "a = 17 and b > b25");
  CheckQuery({{1, S::kEqual, -3}, {2, S::kLess, 0, "b12"}}, "a = -3 and b < b12");
  CheckQuery({{1, S::kGreaterEqual, 17}, {2, S::kEqual, 0, "b3"}}, "a >= 17 and b = b3");
  CheckQuery({{1, S::kLess, 17}, {2, S::kGreaterEqual, 0, "b20"}}, "a < 17 and b >= b20");
  CheckQuery({{2, S::kEqual, 0, "b7"}}, "b = b7 only");
  CheckQuery({{1, S::kEqual, 17}, {2, S::kEqual, 0, "", kScanKeySearchNotNull}},
             "a = 17 and b is not null");
}

TEST_P(BtreeScanTest, CrossTypeArgumentsMatchModel) {
  CheckQuery({{1, S::kGreater, 100, "", 0, true}}, "a > 100::int8");
  CheckQuery({{1, S::kLessEqual, -5000000000LL, "", 0, true}}, "a <= -5e9::int8");
  CheckQuery({{1, S::kGreaterEqual, 5000000000LL, "", 0, true}}, "a >= 5e9::int8");
  CheckQuery({{1, S::kEqual, 42, "", 0, true}}, "a = 42::int8");
}

TEST_P(BtreeScanTest, NullArgumentMatchesNothing) {
  IndexScanKey key = Key(1, S::kEqual, 0);
  key.flags = kScanKeyIsNull;
  EXPECT_TRUE(ScanNumbers(index_, {key}).empty());
}

TEST_P(BtreeScanTest, DirectionChangesAndMarkRestoreRevisitEntries) {
  const std::vector<uint32_t> expected = Expected({{1, S::kGreaterEqual, -100}});
  ASSERT_GT(expected.size(), 1000u);
  BtreeScan scan(index_);
  scan.Rescan(ToScanKeys({{1, S::kGreaterEqual, -100}}));
  ItemPointerData tid;
  for (size_t idx = 0; idx < 700; ++idx) {
    ASSERT_TRUE(scan.Next(ScanDirection::kForward, &tid));
    ASSERT_EQ(NumberOfTid(tid), expected[idx]);
  }
  scan.MarkPosition();
  // Back 300 entries (across pages), then forward again past the mark.
  for (size_t idx = 698; idx >= 400; --idx) {
    ASSERT_TRUE(scan.Next(ScanDirection::kBackward, &tid));
    ASSERT_EQ(NumberOfTid(tid), expected[idx]);
  }
  for (size_t idx = 401; idx < 900; ++idx) {
    ASSERT_TRUE(scan.Next(ScanDirection::kForward, &tid));
    ASSERT_EQ(NumberOfTid(tid), expected[idx]);
  }
  scan.RestorePosition();
  ASSERT_TRUE(scan.Next(ScanDirection::kForward, &tid));
  EXPECT_EQ(NumberOfTid(tid), expected[700]);
  // Backward past the start of the range ends the scan; forward then starts over.
  scan.Rescan();
  ASSERT_TRUE(scan.Next(ScanDirection::kForward, &tid));
  EXPECT_EQ(NumberOfTid(tid), expected[0]);
  EXPECT_FALSE(scan.Next(ScanDirection::kBackward, &tid));
  ASSERT_TRUE(scan.Next(ScanDirection::kForward, &tid));
  EXPECT_EQ(NumberOfTid(tid), expected[0]);
  // Rescan with new keys.
  scan.Rescan(ToScanKeys({{1, S::kEqual, 3}}));
  std::vector<uint32_t> got;
  while (scan.Next(ScanDirection::kForward, &tid)) got.push_back(NumberOfTid(tid));
  EXPECT_EQ(got, Expected({{1, S::kEqual, 3}}));
}

INSTANTIATE_TEST_SUITE_P(AllOrders, BtreeScanTest,
                         ::testing::Values(ScanParam{false, false}, ScanParam{false, true},
                                           ScanParam{true, true}, ScanParam{true, false}),
                         [](const ::testing::TestParamInfo<ScanParam>& info) {
                           return std::string(info.param.desc ? "Desc" : "Asc") +
                                  (info.param.nulls_first ? "NullsFirst" : "NullsLast");
                         });

}  // namespace
}  // namespace hyrax::storage::testing
