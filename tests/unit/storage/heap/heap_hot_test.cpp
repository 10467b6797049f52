// HOT updates (storage/heap/README.md "HOT"): a same-page update the caller allows becomes a
// heap-only tuple chained from its root; a fetch through the root reaches the version each
// snapshot sees and tells when the whole chain is dead; pruning collapses chains into
// redirect line pointers, frees heap-only slots and leaves LP_DEAD roots for VACUUM; an
// aborted HOT update's orphan goes; crash recovery reproduces all of it.
#include <optional>

#include "tests/unit/storage/heap/heap_test_env.h"

namespace hyrax::storage::testing {
namespace {

class HeapHotTest : public HeapTestEnv {
 protected:
  ItemPointerData InsertOne(int32_t id, const std::string& payload) {
    ItemPointerData tid;
    Statement([&] { tid = Insert(id, payload); });
    return tid;
  }
  // An update allowed to be HOT, in the current statement; returns the new version's tid.
  ItemPointerData UpdateAllowingHot(ItemPointerData tid, int32_t id, const std::string& payload,
                                    bool* heap_only) {
    HeapTuple newtup = MakeRow(id, payload);
    TmFailureData tmfd;
    EXPECT_EQ(HeapUpdate(rel_, tid, &newtup, GetCurrentCommandId(true), nullptr, true, &tmfd,
                         HotUpdate::kAllowed, heap_only),
              TmResult::kOk);
    return newtup.self;
  }
  // `count` HOT updates of the row, one statement each; returns the last version's tid.
  ItemPointerData UpdateRepeatedly(ItemPointerData tid, int count, const std::string& prefix) {
    for (int round = 0; round < count; ++round) {
      Statement([&] {
        bool heap_only = false;
        tid = UpdateAllowingHot(tid, 1, prefix + std::to_string(round), &heap_only);
        EXPECT_TRUE(heap_only);
      });
    }
    return tid;
  }
  // What an index scan through `root` finds with `snapshot`: the payload and its tid.
  std::optional<std::pair<std::string, ItemPointerData>> FetchThroughRoot(
      Snapshot snapshot, ItemPointerData root, bool* all_dead = nullptr) {
    DeadHorizon horizon;
    HeapTuple tuple;
    bool dead = false;
    const bool found = HeapHotFetch(rel_, snapshot, root, &tuple, &horizon, &dead);
    if (all_dead != nullptr) *all_dead = dead;
    if (!found) return std::nullopt;
    bool isnull = false;
    return std::make_pair(DatumGetString(HeapGetAttr(tuple, 2, Desc(), &isnull)), tuple.self);
  }
  std::optional<std::pair<std::string, ItemPointerData>> FetchNow(ItemPointerData root,
                                                                  bool* all_dead = nullptr) {
    std::optional<std::pair<std::string, ItemPointerData>> result;
    Statement([&] { result = FetchThroughRoot(GetTransactionSnapshot(), root, all_dead); });
    return result;
  }
  ItemIdData LinePointer(ItemPointerData tid) {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, tid.block());
    BufferLock lock(pin, BufferLockMode::kShare);
    return *PageGetItemId(lock.page(), tid.offset());
  }
  // Prunes block 0 as VACUUM does (whether or not the page is low on space).
  int PruneFirstPage() {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, 0);
    BufferLock cleanup;
    EXPECT_TRUE(BufferLock::ConditionalCleanupLock(pin, &cleanup));
    return HeapPagePrune(rel_, pin, &cleanup, ProcArray::GetOldestXmin());
  }
  void DeleteRow(ItemPointerData tid) {
    Statement([&] {
      TmFailureData tmfd;
      EXPECT_EQ(HeapDelete(rel_, tid, GetCurrentCommandId(true), nullptr, true, &tmfd),
                TmResult::kOk);
    });
  }
};

TEST_F(HeapHotTest, AllowedSamePageUpdateLinksAHeapOnlyVersion) {
  const ItemPointerData root = InsertOne(1, "v0");
  ItemPointerData hot;
  Statement([&] {
    bool heap_only = false;
    hot = UpdateAllowingHot(root, 1, "v1", &heap_only);
    EXPECT_TRUE(heap_only);
  });
  EXPECT_EQ(hot.block(), root.block());
  EXPECT_NE(hot, root);
  HeapTupleHeaderData old_header = RawHeader(root);
  EXPECT_NE(old_header.t_infomask2 & kHeapHotUpdated, 0);
  EXPECT_EQ(old_header.t_ctid, hot);
  EXPECT_NE(RawHeader(hot).t_infomask2 & kHeapOnlyTuple, 0);

  bool all_dead = true;
  auto found = FetchNow(root, &all_dead);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->first, "v1");
  EXPECT_EQ(found->second, hot);  // the member's own ctid, not the root's
  EXPECT_FALSE(all_dead);
  // The heap-only version is not a chain root itself.
  EXPECT_FALSE(FetchNow(hot).has_value());

  {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, 0);
    BufferLock lock(pin, BufferLockMode::kShare);
    std::vector<OffsetNumber> roots;
    HeapGetRootTuples(lock.page(), 0, &roots);
    EXPECT_EQ(roots[root.offset()], root.offset());
    EXPECT_EQ(roots[hot.offset()], root.offset());
  }

  // Not allowed (an indexed column changed): an ordinary update, even on the same page.
  Statement([&] {
    HeapTuple newtup = MakeRow(1, "v2");
    TmFailureData tmfd;
    bool heap_only = true;
    ASSERT_EQ(HeapUpdate(rel_, hot, &newtup, GetCurrentCommandId(true), nullptr, true, &tmfd,
                         HotUpdate::kNotAllowed, &heap_only),
              TmResult::kOk);
    EXPECT_FALSE(heap_only);
    EXPECT_EQ(RawHeader(hot).t_infomask2 & kHeapHotUpdated, 0);
    EXPECT_EQ(RawHeader(newtup.self).t_infomask2 & kHeapOnlyTuple, 0);
  });
}

TEST_F(HeapHotTest, PruningRedirectsTheRootAndFreesOldVersions) {
  const ItemPointerData root = InsertOne(1, std::string(100, 'r'));
  ItemPointerData last = UpdateRepeatedly(root, 20, "round ");
  EXPECT_GT(PruneFirstPage(), 19);
  ItemIdData root_item = LinePointer(root);
  EXPECT_EQ(root_item.lp_flags, kLpRedirect);
  EXPECT_EQ(root_item.lp_off, last.offset());
  for (OffsetNumber offnum = root.offset() + 1; offnum < last.offset(); ++offnum) {
    EXPECT_EQ(LinePointer(ItemPointerData::Make(0, offnum)).lp_flags, kLpUnused) << offnum;
  }
  auto found = FetchNow(root);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->first, "round 19");
  EXPECT_EQ(found->second, last);

  // The chain goes on from the redirect target; a freed slot is reused.
  ItemPointerData next = UpdateRepeatedly(last, 1, "after prune ");
  EXPECT_LT(next.offset(), last.offset());
  EXPECT_EQ(FetchNow(root)->first, "after prune 0");
  PruneFirstPage();
  EXPECT_EQ(LinePointer(root).lp_off, next.offset());
  EXPECT_EQ(LinePointer(last).lp_flags, kLpUnused);

  // The row is deleted: the whole chain goes, the root stays LP_DEAD for VACUUM (index
  // entries still point at it) and an index fetch reports the chain dead.
  DeleteRow(next);
  bool all_dead = false;
  EXPECT_FALSE(FetchNow(root, &all_dead).has_value());
  EXPECT_TRUE(all_dead);
  PruneFirstPage();
  EXPECT_EQ(LinePointer(root).lp_flags, kLpDead);
  EXPECT_EQ(LinePointer(next).lp_flags, kLpUnused);
  all_dead = false;
  EXPECT_FALSE(FetchNow(root, &all_dead).has_value());
  EXPECT_TRUE(all_dead);
}

TEST_F(HeapHotTest, OldSnapshotsFollowTheChainToTheirVersion) {
  const ItemPointerData root = InsertOne(1, "before");
  pid_t child = ForkChild([&] {
    Begin(IsolationLevel::kRepeatableRead);
    Statement(
        [&] { EXPECT_EQ(FetchThroughRoot(GetTransactionSnapshot(), root)->first, "before"); });
    scratch_->step[0].Post();  // holding a snapshot from before the updates
    scratch_->step[1].Wait();
    Statement([&] {
      bool all_dead = true;
      EXPECT_EQ(FetchThroughRoot(GetTransactionSnapshot(), root, &all_dead)->first, "before");
      EXPECT_FALSE(all_dead);
    });
    Commit();
  });
  scratch_->step[0].Wait();
  ItemPointerData last = UpdateRepeatedly(root, 5, "new ");
  PruneFirstPage();  // must keep every version the child may still see
  EXPECT_EQ(LinePointer(root).lp_flags, kLpNormal);
  EXPECT_EQ(FetchNow(root)->first, "new 4");
  scratch_->step[1].Post();
  EXPECT_EQ(WaitChild(child), 0);
  PruneFirstPage();
  EXPECT_EQ(LinePointer(root).lp_flags, kLpRedirect);
  EXPECT_EQ(FetchNow(root)->second, last);
}

TEST_F(HeapHotTest, AbortedHotUpdateLeavesTheRootVisibleAndItsOrphanIsPruned) {
  const ItemPointerData root = InsertOne(1, "kept");
  ItemPointerData orphan;
  Begin();
  Statement([&] {
    bool heap_only = false;
    orphan = UpdateAllowingHot(root, 1, "aborted", &heap_only);
    EXPECT_TRUE(heap_only);
  });
  Rollback();
  EXPECT_EQ(FetchNow(root)->first, "kept");
  PruneFirstPage();
  EXPECT_EQ(LinePointer(root).lp_flags, kLpNormal);
  EXPECT_EQ(LinePointer(orphan).lp_flags, kLpUnused);
  // A new HOT update may reuse the orphan's slot; the chain check keeps them apart.
  ItemPointerData next = UpdateRepeatedly(root, 1, "second ");
  EXPECT_EQ(FetchNow(root)->first, "second 0");
  EXPECT_EQ(FetchNow(root)->second, next);
}

TEST_F(HeapHotTest, CrashRecoveryReproducesHotUpdatesAndPruning) {
  const ItemPointerData first = InsertOne(1, std::string(60, 'a'));
  const ItemPointerData second = InsertOne(2, std::string(60, 'b'));
  ItemPointerData last_first = UpdateRepeatedly(first, 10, "first ");
  wal::CreateCheckpoint(wal::kCheckpointForce);  // later changes log page images first
  ItemPointerData last_second = UpdateRepeatedly(second, 3, "second ");
  PruneFirstPage();
  last_first = UpdateRepeatedly(last_first, 4, "again ");
  DeleteRow(last_first);
  PruneFirstPage();  // first's chain dies: root LP_DEAD
  UpdateRepeatedly(last_second, 2, "last ");
  wal::XLogFlush(wal::GetXLogInsertRecPtr());
  std::vector<std::vector<char>> expected = MaskedPages();
  EXPECT_EQ(LinePointer(first).lp_flags, kLpDead);
  EXPECT_EQ(LinePointer(second).lp_flags, kLpRedirect);

  Crash();
  EXPECT_TRUE(StartUp().performed_recovery);
  ExpectSamePages(expected, MaskedPages());
  EXPECT_FALSE(FetchNow(first).has_value());
  EXPECT_EQ(FetchNow(second)->first, "last 1");
}

}  // namespace
}  // namespace hyrax::storage::testing
