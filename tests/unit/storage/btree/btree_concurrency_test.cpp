// Concurrency across forked processes sharing the buffer pool: eight inserters of disjoint
// unique keys lose and duplicate nothing and leave a valid tree; inserters racing on the
// same keys store each key once and get 23505 for the rest; a reader scanning
// forward and backward while other processes split pages sees every entry that existed
// before it started exactly once, in order. Handshakes use atomics in shared memory.
#include <algorithm>
#include <atomic>
#include <random>
#include <sched.h>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

class BtreeConcurrencyTest : public BtreeTest {
 protected:
  int PoolSize() override { return 256; }
};

TEST_F(BtreeConcurrencyTest, EightInsertersOfDisjointUniqueKeys) {
  IndexRelationInfo index = MakeIndex({Int4Column()});
  index.unique = true;
  CreateEmptyIndex(index);
  constexpr int kWorkers = 8;
  constexpr int kPerWorker = 6000;
  RunWorkers(kWorkers, [&](int worker) {
    UniqueCheckContext unique;
    unique.probe_heap = [](ItemPointerData) {
      return HeapProbeResult{HeapProbeStatus::kLive, kInvalidTransactionId};
    };
    std::vector<int32_t> keys;
    for (int idx = 0; idx < kPerWorker; ++idx) keys.push_back(idx * kWorkers + worker);
    std::shuffle(keys.begin(), keys.end(), std::mt19937(worker));
    for (const int32_t key : keys) {
      const Datum value = Int32GetDatum(key);
      const bool isnull = false;
      BtreeInsert(index, &value, &isnull, TidFor(static_cast<uint32_t>(key)),
                  IndexUniqueCheck::kYes, &unique);
    }
    return 0;
  });
  const std::vector<uint32_t> scanned = ScanNumbers(index);
  ASSERT_EQ(scanned.size(), static_cast<size_t>(kWorkers * kPerWorker));
  for (uint32_t n = 0; n < scanned.size(); ++n) ASSERT_EQ(scanned[n], n);
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
  EXPECT_EQ(CountIncompleteSplits(index), 0);
  EXPECT_GE(BtreeTreeHeight(index), 1u);
}

TEST_F(BtreeConcurrencyTest, RacingInsertersOfTheSameKeysStoreEachKeyOnce) {
  IndexRelationInfo index = MakeIndex({Int4Column()});
  index.unique = true;
  CreateEmptyIndex(index);
  constexpr int kWorkers = 4;
  constexpr int32_t kKeys = 8000;
  struct Counters {
    std::atomic<int> inserted{0};
    std::atomic<int> rejected{0};
  };
  SharedScratch<Counters> counters;
  RunWorkers(kWorkers, [&](int worker) {
    UniqueCheckContext unique;
    unique.probe_heap = [](ItemPointerData) {
      return HeapProbeResult{HeapProbeStatus::kLive, kInvalidTransactionId};
    };
    std::vector<int32_t> keys(kKeys);
    for (int32_t key = 0; key < kKeys; ++key) keys[key] = key;
    std::shuffle(keys.begin(), keys.end(), std::mt19937(100 + worker));
    for (const int32_t key : keys) {
      const Datum value = Int32GetDatum(key);
      const bool isnull = false;
      // Every worker uses its own heap TIDs for the same key.
      const uint32_t n = static_cast<uint32_t>(key) * kWorkers + static_cast<uint32_t>(worker);
      try {
        BtreeInsert(index, &value, &isnull, TidFor(n), IndexUniqueCheck::kYes, &unique);
        ++counters->inserted;
      } catch (const Error& e) {
        if (e.code() != errcode::kUniqueViolation) return 2;
        ++counters->rejected;
      }
    }
    return 0;
  });
  EXPECT_EQ(counters->inserted.load(), kKeys);
  EXPECT_EQ(counters->rejected.load(), kKeys * (kWorkers - 1));
  const std::vector<uint32_t> scanned = ScanNumbers(index);
  ASSERT_EQ(scanned.size(), static_cast<size_t>(kKeys));
  for (int32_t key = 0; key < kKeys; ++key) {
    ASSERT_EQ(scanned[key] / kWorkers, static_cast<uint32_t>(key));
  }
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
}

struct ReaderHandshake {
  std::atomic<int> reader_started{0};
  std::atomic<int> writers_done{0};
  std::atomic<int> scans{0};
};

TEST_F(BtreeConcurrencyTest, ReaderSeesPreexistingEntriesExactlyOnceDuringSplits) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  CreateEmptyIndex(index);
  // Even keys exist before the reader starts; writers add the odd ones.
  constexpr int32_t kKeys = 80000;
  for (int32_t key = 0; key < kKeys; key += 2) InsertInt4(index, key, static_cast<uint32_t>(key));
  constexpr int kWriters = 3;
  SharedScratch<ReaderHandshake> shake;
  RunWorkers(kWriters + 1, [&](int worker) {
    if (worker == kWriters) {
      // The reader: full scans in both directions, a range scan and point lookups, until
      // the writers are done (and at least once after they started).
      shake->reader_started = 1;
      for (int round = 0;; ++round) {
        const bool writers_finished = shake->writers_done.load() == kWriters;
        const ScanDirection dir =
            round % 2 == 0 ? ScanDirection::kForward : ScanDirection::kBackward;
        std::vector<uint32_t> seen = ScanNumbers(index, {}, dir);
        if (dir == ScanDirection::kBackward) std::reverse(seen.begin(), seen.end());
        for (size_t idx = 1; idx < seen.size(); ++idx) {
          if (seen[idx - 1] >= seen[idx]) return 10;  // out of order or twice
        }
        const std::set<uint32_t> seen_set(seen.begin(), seen.end());
        for (int32_t key = 0; key < kKeys; key += 2) {
          if (seen_set.count(static_cast<uint32_t>(key)) == 0) return 11;  // lost
        }
        const std::vector<uint32_t> range =
            ScanNumbers(index, {Key(1, BtStrategy::kGreaterEqual, Int32GetDatum(10000)),
                                Key(1, BtStrategy::kLess, Int32GetDatum(20000))});
        size_t evens = 0;
        for (size_t idx = 0; idx < range.size(); ++idx) {
          if (idx > 0 && range[idx - 1] >= range[idx]) return 12;
          if (range[idx] < 10000 || range[idx] >= 20000) return 13;
          if (range[idx] % 2 == 0) ++evens;
        }
        if (evens != 5000) return 14;  // the range holds 5000 even keys
        // Point lookups race with splits of the very pages they descend to.
        std::mt19937 rng(round);
        for (int lookup = 0; lookup < 3000; ++lookup) {
          const int32_t key = static_cast<int32_t>(rng() % (kKeys / 2)) * 2;
          const std::vector<uint32_t> hit =
              ScanNumbers(index, {Key(1, BtStrategy::kEqual, Int32GetDatum(key))});
          if (hit.size() != 1 || hit[0] != static_cast<uint32_t>(key)) return 15;
        }
        ++shake->scans;
        if (writers_finished) return 0;
      }
    }
    while (shake->reader_started.load() == 0) sched_yield();
    std::vector<int32_t> keys;
    for (int32_t key = 1 + 2 * worker; key < kKeys; key += 2 * kWriters) keys.push_back(key);
    std::shuffle(keys.begin(), keys.end(), std::mt19937(worker));
    for (const int32_t key : keys) InsertInt4(index, key, static_cast<uint32_t>(key));
    ++shake->writers_done;
    return 0;
  });
  EXPECT_GE(shake->scans.load(), 1);
  const std::vector<uint32_t> scanned = ScanNumbers(index);
  ASSERT_EQ(scanned.size(), static_cast<size_t>(kKeys));
  for (uint32_t n = 0; n < scanned.size(); ++n) ASSERT_EQ(scanned[n], n);
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
}

}  // namespace
}  // namespace hyrax::storage::testing
