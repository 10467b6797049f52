// Heap tuples are formed and deformed byte-compatibly with PostgreSQL: alignment by typalign,
// null bitmap, MAXALIGNed t_hoff, varlenas, 1600 columns, short (older) tuples.
#include "storage/heap/heap_tuple.h"

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "nodes/primnodes.h"

namespace hyrax::storage {
namespace {

AttributeDesc Att(int16_t len, bool byval, char align, bool not_null = false) {
  AttributeDesc a;
  a.len = len;
  a.byval = byval;
  a.align = align;
  a.not_null = not_null;
  return a;
}
AttributeDesc Int2() {
  return Att(2, true, 's');
}
AttributeDesc Int4() {
  return Att(4, true, 'i');
}
AttributeDesc Int8() {
  return Att(8, true, 'd');
}
AttributeDesc Bool() {
  return Att(1, true, 'c');
}
AttributeDesc Text() {
  return Att(-1, false, 'i');
}
AttributeDesc Name() {
  return Att(64, false, 'c');
}
AttributeDesc CString() {
  return Att(-2, false, 'c');
}

class HeapTupleTest : public ::testing::Test {
 protected:
  MemoryContext context_{"heap tuple test"};
  MemoryContextScope scope_{&context_};
};

const char* DataArea(const HeapTuple& t) {
  return reinterpret_cast<const char*>(t.data) + t.data->t_hoff;
}

TEST_F(HeapTupleTest, AlignsEachAttributeByTypalign) {
  // bool, int8, int2, int4, bool, int8: PostgreSQL places them at 0, 8, 16, 20, 24, 32.
  TupleDesc desc({Bool(), Int8(), Int2(), Int4(), Bool(), Int8()});
  Datum values[] = {BoolGetDatum(true), Int64GetDatum(-5),   Int16GetDatum(-7),
                    Int32GetDatum(42),  BoolGetDatum(false), Int64GetDatum(int64_t{1} << 40)};
  bool nulls[6] = {};
  HeapTuple t = HeapFormTuple(desc, values, nulls);
  EXPECT_EQ(t.data->t_hoff, 24);  // 23-byte header, no bitmap, MAXALIGNed
  EXPECT_EQ(t.len, 24u + 40u);
  EXPECT_EQ(HeapTupleNatts(t.data), 6);
  EXPECT_EQ(t.data->t_infomask & (kHeapHasNull | kHeapHasVarWidth), 0);
  const char* d = DataArea(t);
  int64_t v8;
  std::memcpy(&v8, d + 8, 8);
  EXPECT_EQ(v8, -5);
  int16_t v2;
  std::memcpy(&v2, d + 16, 2);
  EXPECT_EQ(v2, -7);
  int32_t v4;
  std::memcpy(&v4, d + 20, 4);
  EXPECT_EQ(v4, 42);
  EXPECT_EQ(d[24], 0);
  std::memcpy(&v8, d + 32, 8);
  EXPECT_EQ(v8, int64_t{1} << 40);

  Datum out[6];
  bool out_null[6];
  HeapDeformTuple(t, desc, out, out_null);
  for (int i = 0; i < 6; ++i) {
    EXPECT_FALSE(out_null[i]);
    EXPECT_EQ(out[i], values[i]) << i;
  }
}

TEST_F(HeapTupleTest, NullBitmapGrowsHeaderAndSkipsStorage) {
  TupleDesc desc({Int4(), Int8(), Int4(), Text()});
  Datum values[] = {Int32GetDatum(1), 0, Int32GetDatum(3), CStringGetTextDatum("hello")};
  bool nulls[] = {false, true, false, false};
  HeapTuple t = HeapFormTuple(desc, values, nulls);
  EXPECT_TRUE(t.data->t_infomask & kHeapHasNull);
  EXPECT_TRUE(t.data->t_infomask & kHeapHasVarWidth);
  EXPECT_EQ(t.data->t_bits[0], 0b1101);
  EXPECT_EQ(t.data->t_hoff, 24);  // 23 + 1 bitmap byte
  // int4 at 0, int4 at 4, text at 8 (4-byte header + 5 bytes)
  EXPECT_EQ(t.len, 24u + 8u + 9u);
  Datum out[4];
  bool out_null[4];
  HeapDeformTuple(t, desc, out, out_null);
  EXPECT_EQ(DatumGetInt32(out[0]), 1);
  EXPECT_TRUE(out_null[1]);
  EXPECT_EQ(DatumGetInt32(out[2]), 3);
  EXPECT_EQ(DatumGetString(out[3]), "hello");
  bool isnull = false;
  EXPECT_EQ(DatumGetString(HeapGetAttr(t, 4, desc, &isnull)), "hello");
  EXPECT_FALSE(isnull);
  HeapGetAttr(t, 2, desc, &isnull);
  EXPECT_TRUE(isnull);
}

TEST_F(HeapTupleTest, NineAttributesNeedTwoBitmapBytesAndLargerHoff) {
  std::vector<AttributeDesc> atts(9, Int4());
  TupleDesc desc(atts);
  std::vector<Datum> values(9);
  bool nulls[9] = {};
  for (int i = 0; i < 9; ++i) values[i] = Int32GetDatum(i * 10);
  nulls[8] = true;
  HeapTuple t = HeapFormTuple(desc, values.data(), nulls);
  EXPECT_EQ(t.data->t_hoff, 32);  // 23 + 2 bytes -> MAXALIGN 32
  std::vector<Datum> out(9);
  bool out_null[9];
  HeapDeformTuple(t, desc, out.data(), out_null);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(DatumGetInt32(out[i]), i * 10);
  EXPECT_TRUE(out_null[8]);
}

TEST_F(HeapTupleTest, VarlenasAlignedToIntAfterOddOffsets) {
  TupleDesc desc({Bool(), Text(), Bool(), Text(), Int8()});
  Datum values[] = {BoolGetDatum(true), CStringGetTextDatum("ab"), BoolGetDatum(true),
                    CStringGetTextDatum(std::string(300, 'x')), Int64GetDatum(77)};
  bool nulls[5] = {};
  HeapTuple t = HeapFormTuple(desc, values, nulls);
  const char* d = DataArea(t);
  // bool at 0, text at 4 (6 bytes) ends at 10, bool at 10, text at 12 (304) ends 316, int8 at 320
  EXPECT_EQ(VarSize(d + 4), 6u);
  EXPECT_EQ(d[10], 1);
  EXPECT_EQ(VarSize(d + 12), 304u);
  int64_t v;
  std::memcpy(&v, d + 320, 8);
  EXPECT_EQ(v, 77);
  bool isnull;
  EXPECT_EQ(DatumGetInt64(HeapGetAttr(t, 5, desc, &isnull)), 77);
  EXPECT_EQ(DatumGetTextView(HeapGetAttr(t, 4, desc, &isnull)).size(), 300u);
  Datum out[5];
  bool out_null[5];
  HeapDeformTuple(t, desc, out, out_null);
  EXPECT_EQ(DatumGetString(out[1]), "ab");
  EXPECT_EQ(DatumGetInt64(out[4]), 77);
}

TEST_F(HeapTupleTest, FixedByReferenceAndCStringAttributes) {
  TupleDesc desc({Int2(), Name(), CString(), Int4()});
  char name[64] = "relname";
  Datum values[] = {Int16GetDatum(3), PointerGetDatum(name), PointerGetDatum("cstr"),
                    Int32GetDatum(9)};
  bool nulls[4] = {};
  HeapTuple t = HeapFormTuple(desc, values, nulls);
  // int2 at 0, name at 2 (64 bytes), cstring at 66 (5 bytes), int4 at 72
  EXPECT_EQ(t.len, 24u + 76u);
  Datum out[4];
  bool out_null[4];
  HeapDeformTuple(t, desc, out, out_null);
  EXPECT_STREQ(DatumGetPointer<const char>(out[1]), "relname");
  EXPECT_STREQ(DatumGetPointer<const char>(out[2]), "cstr");
  EXPECT_EQ(DatumGetInt32(out[3]), 9);
  bool isnull;
  EXPECT_EQ(DatumGetInt32(HeapGetAttr(t, 4, desc, &isnull)), 9);
}

TEST_F(HeapTupleTest, ShortVarlenaHeadersWrittenByPostgresAreExpanded) {
  // A tuple as PostgreSQL would store (int4 5, text 'hi' with a 1-byte header, int4 6):
  // the short varlena follows the int4 unaligned, the int4 after it is realigned.
  TupleDesc desc({Int4(), Text(), Int4()});
  alignas(8) char bytes[24 + 12] = {};
  auto* tup = reinterpret_cast<HeapTupleHeaderData*>(bytes);
  HeapTupleHeaderSetNatts(tup, 3);
  tup->t_hoff = 24;
  tup->t_infomask = kHeapHasVarWidth;
  char* d = bytes + 24;
  int32_t five = 5, six = 6;
  std::memcpy(d, &five, 4);
  d[4] = static_cast<char>((3 << 1) | 1);  // 1-byte header, total length 3
  d[5] = 'h';
  d[6] = 'i';
  std::memcpy(d + 8, &six, 4);
  HeapTuple t;
  t.len = sizeof(bytes);
  t.data = tup;
  Datum out[3];
  bool out_null[3];
  HeapDeformTuple(t, desc, out, out_null);
  EXPECT_EQ(DatumGetInt32(out[0]), 5);
  EXPECT_EQ(VarSize(DatumGetPointer(out[1])), 6u);  // expanded to a 4-byte header
  EXPECT_EQ(DatumGetString(out[1]), "hi");
  EXPECT_EQ(DatumGetInt32(out[2]), 6);
  bool isnull;
  EXPECT_EQ(DatumGetInt32(HeapGetAttr(t, 3, desc, &isnull)), 6);
}

TEST_F(HeapTupleTest, SixteenHundredColumnsRoundTripAndMoreAreRefused) {
  std::vector<AttributeDesc> atts(1600, Att(2, true, 's'));
  TupleDesc desc(atts);
  std::vector<Datum> values(1600);
  std::vector<char> nulls(1600, 0);
  for (int i = 0; i < 1600; ++i) {
    values[i] = Int16GetDatum(static_cast<int16_t>(i));
    nulls[i] = (i % 7 == 3);
  }
  HeapTuple t = HeapFormTuple(desc, values.data(), reinterpret_cast<bool*>(nulls.data()));
  EXPECT_EQ(HeapTupleNatts(t.data), 1600);
  EXPECT_EQ(t.data->t_hoff, 224);  // MAXALIGN(23 + 200)
  std::vector<Datum> out(1600);
  std::vector<char> out_null(1600);
  HeapDeformTuple(t, desc, out.data(), reinterpret_cast<bool*>(out_null.data()));
  for (int i = 0; i < 1600; ++i) {
    ASSERT_EQ(out_null[i] != 0, i % 7 == 3) << i;
    if (!out_null[i]) {
      ASSERT_EQ(DatumGetInt16(out[i]), i);
    }
  }
  bool isnull;
  EXPECT_EQ(DatumGetInt16(HeapGetAttr(t, 1599, desc, &isnull)), 1598);
  HeapGetAttr(t, 1600, desc, &isnull);  // 1599 % 7 == 3: NULL
  EXPECT_TRUE(isnull);

  atts.push_back(Int4());
  TupleDesc too_wide(atts);
  values.push_back(0);
  nulls.push_back(0);
  try {
    HeapFormTuple(too_wide, values.data(), reinterpret_cast<bool*>(nulls.data()));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kTooManyColumns);
    EXPECT_EQ(e.message(), "number of columns (1601) exceeds limit (1600)");
  }
}

TEST_F(HeapTupleTest, ColumnsAddedLaterReadAsNullFromOlderTuples) {
  TupleDesc old_desc({Int4(), Text()});
  Datum values[] = {Int32GetDatum(8), CStringGetTextDatum("v")};
  bool nulls[2] = {};
  HeapTuple t = HeapFormTuple(old_desc, values, nulls);
  TupleDesc new_desc({Int4(), Text(), Int8(), Text()});
  Datum out[4];
  bool out_null[4];
  HeapDeformTuple(t, new_desc, out, out_null);
  EXPECT_EQ(DatumGetInt32(out[0]), 8);
  EXPECT_EQ(DatumGetString(out[1]), "v");
  EXPECT_TRUE(out_null[2]);
  EXPECT_TRUE(out_null[3]);
  bool isnull = false;
  HeapGetAttr(t, 3, new_desc, &isnull);
  EXPECT_TRUE(isnull);
}

TEST_F(HeapTupleTest, FixedNotNullDescriptorsUseCachedOffsets) {
  TupleDesc desc({Att(4, true, 'i', true), Att(8, true, 'd', true), Att(2, true, 's', true)});
  EXPECT_TRUE(desc.AllFixedNotNull());
  EXPECT_EQ(desc.CachedOffset(0), 0);
  EXPECT_EQ(desc.CachedOffset(1), 8);
  EXPECT_EQ(desc.CachedOffset(2), 16);
  TupleDesc mixed({Int4(), Text(), Int4()});
  EXPECT_FALSE(mixed.AllFixedNotNull());
  EXPECT_EQ(mixed.CachedOffset(1), 4);   // varlena right after an int4 is aligned
  EXPECT_EQ(mixed.CachedOffset(2), -1);  // after a varlena: unknown
  TupleDesc odd({Bool(), Text()});
  EXPECT_EQ(odd.CachedOffset(1), -1);  // might be a short header at offset 1
  desc.mutable_attr(0).len = 2;
  desc.mutable_attr(0).align = 's';
  EXPECT_EQ(desc.CachedOffset(1), 8);
  EXPECT_EQ(desc.CachedOffset(2), 16);
}

TEST_F(HeapTupleTest, FormedTupleIsACompositeDatumAndCopies) {
  TupleDesc desc({Int4()}, /*composite_type=*/16400);
  Datum values[] = {Int32GetDatum(1)};
  bool nulls[] = {false};
  HeapTuple t = HeapFormTuple(desc, values, nulls);
  EXPECT_EQ(VarSize(t.data), t.len);  // HeapTupleHeaderGetDatumLength
  EXPECT_EQ(t.data->t_cid, 16400u);   // HeapTupleHeaderGetTypeId
  t.self = ItemPointerData::Make(70000, 3);
  t.table_oid = 99;
  HeapTuple c = HeapCopyTuple(t);
  EXPECT_NE(c.data, t.data);
  EXPECT_EQ(std::memcmp(c.data, t.data, t.len), 0);
  EXPECT_EQ(c.self, t.self);
  EXPECT_EQ(c.self.block(), 70000u);
  bool isnull;
  EXPECT_EQ(DatumGetObjectId(HeapGetAttr(c, nodes::kTableOidAttributeNumber, desc, &isnull)), 99u);
  auto* ctid = DatumGetPointer<ItemPointerData>(
      HeapGetAttr(c, nodes::kSelfItemPointerAttributeNumber, desc, &isnull));
  EXPECT_EQ(*ctid, t.self);
}

}  // namespace
}  // namespace hyrax::storage
