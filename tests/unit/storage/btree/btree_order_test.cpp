// Key order of full scans for int8 and text keys (with NULLs) under ASC/DESC and NULLS
// FIRST/LAST, compared with a sort of the same values; and a three-column index scanned
// by every prefix of equality keys.
#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

class BtreeOrderTest : public BtreeTest {
 protected:
  int PoolSize() override { return 64; }

  // Inserts `values` (nullopt = NULL) as entries 0..n-1 and returns the scan order.
  template <typename T>
  std::vector<uint32_t> InsertAndScan(const IndexRelationInfo& index,
                                      const std::vector<std::optional<T>>& values,
                                      Datum (*to_datum)(const T&)) {
    CreateEmptyIndex(index);
    std::vector<uint32_t> order(values.size());
    for (uint32_t n = 0; n < values.size(); ++n) order[n] = n;
    std::shuffle(order.begin(), order.end(), std::mt19937(5));
    for (uint32_t n : order) {
      const Datum value = values[n] ? to_datum(*values[n]) : Datum{0};
      const bool isnull = !values[n].has_value();
      BtreeInsert(index, &value, &isnull, TidFor(n), IndexUniqueCheck::kNo, nullptr);
    }
    EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
    return ScanNumbers(index);
  }

  template <typename T>
  static std::vector<uint32_t> ModelOrder(const std::vector<std::optional<T>>& values, bool desc,
                                          bool nulls_first) {
    std::vector<uint32_t> order(values.size());
    for (uint32_t n = 0; n < values.size(); ++n) order[n] = n;
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      const auto& vx = values[x];
      const auto& vy = values[y];
      if (!vx || !vy) {
        if (!vx && !vy) return x < y;
        return nulls_first ? !vx.has_value() : !vy.has_value();
      }
      if (*vx == *vy) return x < y;
      return desc ? *vy < *vx : *vx < *vy;
    });
    return order;
  }

  MemoryContext context_{"test"};
  MemoryContextScope scope_{&context_};
};

Datum Int8Datum(const int64_t& v) {
  return Int64GetDatum(v);
}
Datum TextDatum(const std::string& v) {
  return CStringGetTextDatum(v);
}

TEST_F(BtreeOrderTest, Int8KeysFollowEveryDirectionAndNullPlacement) {
  std::mt19937_64 rng(3);
  std::vector<std::optional<int64_t>> values;
  for (int n = 0; n < 4000; ++n) {
    if (rng() % 15 == 0) {
      values.emplace_back();
    } else {
      values.emplace_back(static_cast<int64_t>(rng() % 1000) * (1LL << 40) - (500LL << 40));
    }
  }
  Oid rel = 16600;
  for (const bool desc : {false, true}) {
    for (const bool nulls_first : {false, true}) {
      const IndexRelationInfo index = MakeIndex({Int8Column(desc, nulls_first)}, {}, rel++);
      EXPECT_EQ(InsertAndScan(index, values, Int8Datum), ModelOrder(values, desc, nulls_first))
          << "desc=" << desc << " nulls_first=" << nulls_first;
    }
  }
}

TEST_F(BtreeOrderTest, TextKeysFollowEveryDirectionAndNullPlacement) {
  std::mt19937 rng(4);
  std::vector<std::optional<std::string>> values;
  for (int n = 0; n < 4000; ++n) {
    if (rng() % 15 == 0) {
      values.emplace_back();
    } else {
      // Varying lengths, shared prefixes, an empty string now and then.
      values.emplace_back(std::string(rng() % 4, 'k') + std::to_string(rng() % 700) +
                          std::string(rng() % 40, 'z'));
    }
  }
  Oid rel = 16700;
  for (const bool desc : {false, true}) {
    for (const bool nulls_first : {false, true}) {
      const IndexRelationInfo index = MakeIndex({TextColumn(desc, nulls_first)}, {}, rel++);
      EXPECT_EQ(InsertAndScan(index, values, TextDatum), ModelOrder(values, desc, nulls_first))
          << "desc=" << desc << " nulls_first=" << nulls_first;
    }
  }
}

TEST_F(BtreeOrderTest, EqualityPrefixesOfThreeColumnsSelectExactly) {
  const IndexRelationInfo index = MakeIndex({Int4Column(), Int8Column(true, false), TextColumn()});
  CreateEmptyIndex(index);
  struct Entry {
    int32_t a;
    int64_t b;
    std::string c;
  };
  std::vector<Entry> entries;
  std::mt19937 rng(9);
  for (uint32_t n = 0; n < 5000; ++n) {
    entries.push_back({static_cast<int32_t>(rng() % 10), static_cast<int64_t>(rng() % 10),
                       "c" + std::to_string(rng() % 10)});
    const Datum values[3] = {Int32GetDatum(entries[n].a), Int64GetDatum(entries[n].b),
                             CStringGetTextDatum(entries[n].c)};
    const bool isnull[3] = {false, false, false};
    BtreeInsert(index, values, isnull, TidFor(n), IndexUniqueCheck::kNo, nullptr);
  }
  ASSERT_EQ(JoinProblems(BtreeVerify(index)), "");
  const Entry probe{4, 7, "c2"};
  for (int prefix = 1; prefix <= 3; ++prefix) {
    std::vector<IndexScanKey> keys{Key(1, BtStrategy::kEqual, Int32GetDatum(probe.a))};
    if (prefix >= 2) keys.push_back(Key(2, BtStrategy::kEqual, Int64GetDatum(probe.b)));
    if (prefix >= 3) keys.push_back(Key(3, BtStrategy::kEqual, CStringGetTextDatum(probe.c)));
    std::vector<uint32_t> expected;
    for (uint32_t n = 0; n < entries.size(); ++n) {
      const Entry& e = entries[n];
      if (e.a == probe.a && (prefix < 2 || e.b == probe.b) && (prefix < 3 || e.c == probe.c)) {
        expected.push_back(n);
      }
    }
    // Within the prefix, order is b DESC, then c, then heap TID.
    std::sort(expected.begin(), expected.end(), [&](uint32_t x, uint32_t y) {
      if (entries[x].b != entries[y].b) return entries[x].b > entries[y].b;
      if (entries[x].c != entries[y].c) return entries[x].c < entries[y].c;
      return x < y;
    });
    EXPECT_EQ(ScanNumbers(index, keys), expected) << "prefix " << prefix;
  }
}

}  // namespace
}  // namespace hyrax::storage::testing
