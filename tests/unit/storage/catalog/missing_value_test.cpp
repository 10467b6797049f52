// attmissingval (storage/catalog/missing_value.h): a value encoded as PostgreSQL's
// one-element array decodes back into the attribute descriptor, and rows stored before the
// column existed read it through HeapDeformTuple / HeapGetAttr (the "fast default" of
// ALTER TABLE ADD COLUMN ... DEFAULT), while a column without one still reads NULL.
#include "storage/catalog/missing_value.h"

#include <string>

#include <gtest/gtest.h>

#include "common/array_layout.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "storage/heap/heap_tuple.h"

namespace hyrax::catalog {
namespace {

constexpr Oid kInt4 = 23, kText = 25;

storage::AttributeDesc Column(Oid type, int16_t len, bool byval, char align, int16_t attnum) {
  storage::AttributeDesc a;
  a.type_oid = type;
  a.len = len;
  a.byval = byval;
  a.align = align;
  a.attnum = attnum;
  return a;
}

// The descriptor the relcache would build for a column with this missing value.
storage::AttributeDesc WithMissing(storage::AttributeDesc attr, Datum value) {
  PgAttribute row;
  row.atthasmissing = true;
  row.attmissingval = EncodeMissingValue(value, attr);
  DecodeMissingValue(row, attr);
  return attr;
}

class MissingValueTest : public ::testing::Test {
 protected:
  MemoryContext context_{"missing value test"};
  MemoryContextScope scope_{&context_};
};

TEST_F(MissingValueTest, EncodesAOneElementArrayOfTheColumnType) {
  std::string payload = EncodeMissingValue(Int32GetDatum(5), Column(kInt4, 4, true, 'i', 2));
  // ndim, dataoffset, elemtype, dims[1], lbound[1], then the element.
  ASSERT_EQ(payload.size(), 4u * 6);
  const auto* words = reinterpret_cast<const int32_t*>(payload.data());
  EXPECT_EQ(words[0], 1);
  EXPECT_EQ(words[1], 0);
  EXPECT_EQ(static_cast<Oid>(words[2]), kInt4);
  EXPECT_EQ(words[3], 1);
  EXPECT_EQ(words[4], 1);
  EXPECT_EQ(words[5], 5);
}

TEST_F(MissingValueTest, ShortTuplesReadTheMissingValues) {
  storage::AttributeDesc a = Column(kInt4, 4, true, 'i', 1);
  storage::AttributeDesc b = WithMissing(Column(kInt4, 4, true, 'i', 2), Int32GetDatum(42));
  storage::AttributeDesc c =
      WithMissing(Column(kText, -1, false, 'i', 3), CStringGetTextDatum("fast default"));
  storage::AttributeDesc d = Column(kText, -1, false, 'i', 4);  // added without a default
  ASSERT_TRUE(b.has_missing);
  ASSERT_TRUE(c.has_missing);

  storage::TupleDesc old_desc({a});
  Datum value = Int32GetDatum(7);
  bool isnull = false;
  storage::HeapTuple tuple = storage::HeapFormTuple(old_desc, &value, &isnull);

  storage::TupleDesc new_desc({a, b, c, d});
  Datum values[4];
  bool nulls[4];
  storage::HeapDeformTuple(tuple, new_desc, values, nulls);
  EXPECT_FALSE(nulls[0]);
  EXPECT_EQ(DatumGetInt32(values[0]), 7);
  EXPECT_FALSE(nulls[1]);
  EXPECT_EQ(DatumGetInt32(values[1]), 42);
  EXPECT_FALSE(nulls[2]);
  EXPECT_EQ(DatumGetString(values[2]), "fast default");
  EXPECT_TRUE(nulls[3]);

  bool attr_null = true;
  Datum attr = storage::HeapGetAttr(tuple, 3, new_desc, &attr_null);
  EXPECT_FALSE(attr_null);
  EXPECT_EQ(DatumGetString(attr), "fast default");
  storage::HeapGetAttr(tuple, 4, new_desc, &attr_null);
  EXPECT_TRUE(attr_null);
}

TEST_F(MissingValueTest, FullTuplesIgnoreTheMissingValue) {
  storage::AttributeDesc a = Column(kInt4, 4, true, 'i', 1);
  storage::AttributeDesc b = WithMissing(Column(kInt4, 4, true, 'i', 2), Int32GetDatum(42));
  storage::TupleDesc desc({a, b});
  Datum in[2] = {Int32GetDatum(1), 0};
  bool in_null[2] = {false, true};
  storage::HeapTuple tuple = storage::HeapFormTuple(desc, in, in_null);
  Datum out[2];
  bool out_null[2];
  storage::HeapDeformTuple(tuple, desc, out, out_null);
  EXPECT_TRUE(out_null[1]);  // a stored NULL stays NULL
}

TEST_F(MissingValueTest, NoMissingValueWithoutAtthasmissing) {
  storage::AttributeDesc b = Column(kInt4, 4, true, 'i', 2);
  PgAttribute row;
  row.attmissingval = EncodeMissingValue(Int32GetDatum(1), b);
  DecodeMissingValue(row, b);
  EXPECT_FALSE(b.has_missing);
}

}  // namespace
}  // namespace hyrax::catalog
