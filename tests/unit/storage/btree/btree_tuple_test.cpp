// Index tuple format and ordering on plain 8 KB arrays (no buffer pool): forming and
// deforming with NULLs and alignment, pivot tuples and suffix truncation, the comparison
// rules (DESC, NULLS FIRST/LAST, truncated attributes as minus infinity), the binary
// search of leaf and internal pages, and the 1/3-page size limit.
#include "storage/btree/btree_tuple.h"

#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "storage/btree/btree_compare.h"
#include "storage/btree/btree_page.h"
#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

using namespace btree;

IndexTupleBuf Leaf(const IndexRelationInfo& index, std::vector<Datum> values,
                   std::vector<bool> nulls, uint32_t n) {
  bool isnull[kIndexMaxKeys];
  for (size_t idx = 0; idx < nulls.size(); ++idx) isnull[idx] = nulls[idx];
  return FormLeafTuple(index, values.data(), isnull, TidFor(n));
}

IndexTupleBuf Int4Leaf(const IndexRelationInfo& index, int32_t key, uint32_t n) {
  return Leaf(index, {Int32GetDatum(key)}, {false}, n);
}

TEST(BtreeTupleTest, LeafTupleRoundTripsValuesNullsAndAlignment) {
  MemoryContext context("test");
  MemoryContextScope scope(&context);
  const IndexRelationInfo index = MakeIndex({Int4Column(), TextColumn(), Int8Column()});
  const IndexTupleBuf tuple =
      Leaf(index, {Int32GetDatum(-7), 0, Int64GetDatum(1LL << 40)}, {false, true, false}, 5);
  EXPECT_FALSE(IsPivot(tuple.data()));
  EXPECT_EQ(tuple.size() % 8, 0u);
  EXPECT_EQ(IndexTupleSize(tuple.data()), tuple.size());
  EXPECT_NE(TupleHeader(tuple.data())->t_info & kIndexNullMask, 0);
  EXPECT_EQ(*TupleHeapTid(tuple.data()), TidFor(5));
  Datum values[3];
  bool isnull[3];
  DeformIndexTuple(index, tuple.data(), values, isnull);
  EXPECT_EQ(DatumGetInt32(values[0]), -7);
  EXPECT_TRUE(isnull[1]);
  EXPECT_FALSE(isnull[2]);
  EXPECT_EQ(DatumGetInt64(values[2]), 1LL << 40);
  // The int8 lands on an 8-byte boundary after the 16-byte header + bitmap area.
  EXPECT_EQ(tuple.size(), 32u);

  const IndexTupleBuf text =
      Leaf(index, {Int32GetDatum(1), CStringGetTextDatum("hello"), 0}, {false, false, true}, 6);
  DeformIndexTuple(index, text.data(), values, isnull);
  EXPECT_EQ(DatumGetString(values[1]), "hello");
  EXPECT_TRUE(isnull[2]);
}

TEST(BtreeTupleTest, PivotKeepsPrefixDownlinkAndOptionalHeapTid) {
  MemoryContext context("test");
  MemoryContextScope scope(&context);
  const IndexRelationInfo index = MakeIndex({Int4Column(), Int4Column()}, {TextColumn()});
  const IndexTupleBuf leaf =
      Leaf(index, {Int32GetDatum(3), Int32GetDatum(4), CStringGetTextDatum("x")},
           {false, false, false}, 9);
  const ItemPointerData tid = TidFor(9);
  const IndexTupleBuf with_tid = FormPivot(index, leaf.data(), 2, &tid, 77);
  EXPECT_TRUE(IsPivot(with_tid.data()));
  EXPECT_EQ(TupleNatts(index, with_tid.data()), 2);
  EXPECT_EQ(Downlink(with_tid.data()), 77u);
  ASSERT_NE(TupleHeapTid(with_tid.data()), nullptr);
  EXPECT_EQ(*TupleHeapTid(with_tid.data()), tid);

  const IndexTupleBuf prefix = FormPivot(index, leaf.data(), 1, nullptr, 78);
  EXPECT_EQ(TupleNatts(index, prefix.data()), 1);
  EXPECT_EQ(TupleHeapTid(prefix.data()), nullptr);
  Datum values[3];
  bool isnull[3];
  DeformIndexTuple(index, prefix.data(), values, isnull);
  EXPECT_EQ(DatumGetInt32(values[0]), 3);

  const IndexTupleBuf minus_infinity = MinusInfinityPivot(79);
  EXPECT_EQ(TupleNatts(index, minus_infinity.data()), 0);
  EXPECT_EQ(Downlink(minus_infinity.data()), 79u);
  // Minus infinity < truncated prefix < the full tuple.
  EXPECT_LT(CompareTuples(index, minus_infinity.data(), prefix.data()), 0);
  EXPECT_LT(CompareTuples(index, prefix.data(), leaf.data()), 0);
  EXPECT_EQ(CompareTuples(index, with_tid.data(), leaf.data()), 0);
}

TEST(BtreeTupleTest, SuffixTruncationKeepsOnlyTheDistinguishingPrefix) {
  MemoryContext context("test");
  MemoryContextScope scope(&context);
  const IndexRelationInfo index = MakeIndex({Int4Column(), Int4Column()}, {TextColumn()});
  auto leaf = [&](int a, int b, uint32_t n) {
    return Leaf(index, {Int32GetDatum(a), Int32GetDatum(b), CStringGetTextDatum("pad")},
                {false, false, false}, n);
  };
  // Differ in the first column: one attribute, no heap TID.
  IndexTupleBuf high_key = TruncateForHighKey(index, leaf(1, 9, 1).data(), leaf(2, 0, 2).data());
  EXPECT_EQ(TupleNatts(index, high_key.data()), 1);
  EXPECT_EQ(TupleHeapTid(high_key.data()), nullptr);
  EXPECT_GT(CompareTuples(index, high_key.data(), leaf(1, 9, 1).data()), 0);
  EXPECT_LT(CompareTuples(index, high_key.data(), leaf(2, 0, 2).data()), 0);
  // Differ in the second column: two attributes.
  high_key = TruncateForHighKey(index, leaf(1, 1, 1).data(), leaf(1, 2, 2).data());
  EXPECT_EQ(TupleNatts(index, high_key.data()), 2);
  EXPECT_EQ(TupleHeapTid(high_key.data()), nullptr);
  // Equal keys: every key column plus lastleft's heap TID (lastleft <= high key < firstright).
  const IndexTupleBuf lastleft = leaf(1, 1, 10);
  const IndexTupleBuf firstright = leaf(1, 1, 11);
  high_key = TruncateForHighKey(index, lastleft.data(), firstright.data());
  EXPECT_EQ(TupleNatts(index, high_key.data()), 2);
  ASSERT_NE(TupleHeapTid(high_key.data()), nullptr);
  EXPECT_EQ(*TupleHeapTid(high_key.data()), TidFor(10));
  EXPECT_EQ(CompareTuples(index, high_key.data(), lastleft.data()), 0);
  EXPECT_LT(CompareTuples(index, high_key.data(), firstright.data()), 0);
}

TEST(BtreeTupleTest, ColumnOrderFollowsDescAndNullsPlacement) {
  const IndexColumn asc = Int4Column();
  const IndexColumn desc = Int4Column(true, false);
  const IndexColumn nulls_first = Int4Column(false, true);
  const IndexColumn desc_nulls_first = Int4Column(true, true);
  const Datum one = Int32GetDatum(1);
  const Datum two = Int32GetDatum(2);
  EXPECT_LT(CompareColumn(asc, asc.compare, one, false, two, false), 0);
  EXPECT_GT(CompareColumn(desc, desc.compare, one, false, two, false), 0);
  // NULLS LAST by default, whatever the direction; NULLS FIRST puts them before.
  EXPECT_GT(CompareColumn(asc, asc.compare, 0, true, two, false), 0);
  EXPECT_GT(CompareColumn(desc, desc.compare, 0, true, two, false), 0);
  EXPECT_LT(CompareColumn(nulls_first, nulls_first.compare, 0, true, two, false), 0);
  EXPECT_LT(CompareColumn(desc_nulls_first, desc_nulls_first.compare, 0, true, two, false), 0);
  EXPECT_EQ(CompareColumn(asc, asc.compare, 0, true, 0, true), 0);
}

// Lays out a leaf page (not rightmost: item 1 is the high key) on a plain array.
class PageFixture {
 public:
  explicit PageFixture(bool leaf) : buf_(kBlockSize / 8, 0) {
    InitBtreePage(page(), leaf ? 0 : 1, leaf ? kBtpLeaf : 0, kNoBlock, 99);
  }
  char* page() { return reinterpret_cast<char*>(buf_.data()); }
  void Add(const IndexTupleBuf& tuple) {
    ASSERT_NE(PageAddItem(page(), tuple.data(), tuple.size(), kInvalidOffsetNumber, false, false),
              kInvalidOffsetNumber);
  }

 private:
  std::vector<uint64_t> buf_;
};

TEST(BtreeTupleTest, LeafBinarySearchFindsFirstItemAtOrAfterKey) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  PageFixture fixture(true);
  const IndexTupleBuf high_key = FormPivot(index, Int4Leaf(index, 100, 0).data(), 1, nullptr, 0);
  fixture.Add(high_key);
  const int keys[] = {10, 20, 20, 20, 30};
  const uint32_t numbers[] = {1, 20, 21, 22, 30};
  for (int idx = 0; idx < 5; ++idx) fixture.Add(Int4Leaf(index, keys[idx], numbers[idx]));
  BtScanInsert key;
  key.keysz = 1;
  key.attrs[0] = {Int32GetDatum(20), false, &index.columns[0].compare};
  EXPECT_EQ(BinarySearch(index, key, fixture.page()), 3);  // first 20 (item 1 is the high key)
  key.nextkey = true;
  EXPECT_EQ(BinarySearch(index, key, fixture.page()), 6);  // first item > 20: the 30
  key.nextkey = false;
  key.attrs[0].value = Int32GetDatum(31);
  EXPECT_EQ(BinarySearch(index, key, fixture.page()), 7);  // past the end
  key.attrs[0].value = Int32GetDatum(5);
  EXPECT_EQ(BinarySearch(index, key, fixture.page()), 2);
  // The heap TID breaks ties between equal keys.
  key.attrs[0].value = Int32GetDatum(20);
  key.has_scantid = true;
  key.scantid = TidFor(21);
  EXPECT_EQ(BinarySearch(index, key, fixture.page()), 4);
  key.scantid = TidFor(23);
  EXPECT_EQ(BinarySearch(index, key, fixture.page()), 6);
}

TEST(BtreeTupleTest, InternalBinarySearchPicksDownlinkWithMinusInfinityFirst) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  PageFixture fixture(false);
  fixture.Add(FormPivot(index, Int4Leaf(index, 100, 0).data(), 1, nullptr, 0));  // high key
  fixture.Add(MinusInfinityPivot(11));
  fixture.Add(FormPivot(index, Int4Leaf(index, 40, 0).data(), 1, nullptr, 12));
  fixture.Add(FormPivot(index, Int4Leaf(index, 70, 0).data(), 1, nullptr, 13));
  BtScanInsert key;
  key.keysz = 1;
  auto child_for = [&](int value) {
    key.attrs[0] = {Int32GetDatum(value), false, &index.columns[0].compare};
    return Downlink(ItemAt(fixture.page(), BinarySearch(index, key, fixture.page())));
  };
  EXPECT_EQ(child_for(-1000), 11u);
  EXPECT_EQ(child_for(39), 11u);
  // Equal to a truncated pivot (no heap TID): the key belongs to its right.
  EXPECT_EQ(child_for(40), 12u);
  EXPECT_EQ(child_for(69), 12u);
  EXPECT_EQ(child_for(99), 13u);
}

TEST(BtreeTupleTest, OversizedEntryIsRejectedWithPostgresMessage) {
  MemoryContext context("test");
  MemoryContextScope scope(&context);
  const IndexRelationInfo index = MakeIndex({TextColumn()});
  const Datum big = CStringGetTextDatum(std::string(3000, 'x'));
  const bool isnull = false;
  try {
    FormLeafTuple(index, &big, &isnull, ItemPointerData::Make(4, 2));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kProgramLimitExceeded);
    EXPECT_EQ(e.message(),
              "index row size 3016 exceeds btree version 4 maximum 2704 for index "
              "\"test_idx\"");
    EXPECT_EQ(e.detail(), "Index row references tuple (4,2) in relation \"test_tab\".");
  }
}

}  // namespace
}  // namespace hyrax::storage::testing
