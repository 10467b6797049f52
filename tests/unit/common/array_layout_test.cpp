// PostgreSQL array layout: construction and deconstruction round trips, with NULLs and
// varlena elements, and the exact header of a 1-D int4 array.
#include "common/array_layout.h"

#include <cstring>

#include <gtest/gtest.h>

#include "common/memory_context.h"
#include "common/varlena.h"

namespace hyrax {
namespace {

TEST(ArrayLayoutTest, Int4ArrayHasPostgresHeaderAndElements) {
  MemoryContext ctx("test");
  MemoryContextScope scope(&ctx);
  Datum elems[3] = {Int32GetDatum(7), Int32GetDatum(-1), Int32GetDatum(42)};
  Datum a = ConstructArray1D(elems, nullptr, 3, 23, ElementLayout{4, true, 'i'});
  const void* p = DatumGetPointer<const void>(a);
  EXPECT_EQ(VarSize(p), 16u + 8u + 12u);  // header, dims+lbounds, 3 x int4
  EXPECT_EQ(ArrayNdim(p), 1);
  EXPECT_EQ(ArrayElemType(p), 23u);
  EXPECT_EQ(ArrayDims(p)[0], 3);
  EXPECT_EQ(ArrayLbounds(p)[0], 1);
  EXPECT_FALSE(ArrayHasNulls(p));
  std::vector<Datum> out;
  std::vector<bool> nulls;
  DeconstructArray(p, ElementLayout{4, true, 'i'}, &out, &nulls);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(DatumGetInt32(out[1]), -1);
}

TEST(ArrayLayoutTest, TextArrayWithNullsRoundTrips) {
  MemoryContext ctx("test");
  MemoryContextScope scope(&ctx);
  Datum elems[3] = {CStringGetTextDatum("a"), 0, CStringGetTextDatum("hello world")};
  bool isnull[3] = {false, true, false};
  ElementLayout text{-1, false, 'i'};
  Datum a = ConstructArray1D(elems, isnull, 3, 25, text);
  const void* p = DatumGetPointer<const void>(a);
  EXPECT_TRUE(ArrayHasNulls(p));
  std::vector<Datum> out;
  std::vector<bool> nulls;
  DeconstructArray(p, text, &out, &nulls);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(DatumGetTextView(out[0]), "a");
  EXPECT_TRUE(nulls[1]);
  EXPECT_EQ(DatumGetTextView(out[2]), "hello world");
}

TEST(ArrayLayoutTest, EmptyArrayHasZeroDimensions) {
  MemoryContext ctx("test");
  MemoryContextScope scope(&ctx);
  Datum a = ConstructArray1D(nullptr, nullptr, 0, 26, ElementLayout{4, true, 'i'});
  EXPECT_EQ(ArrayNdim(DatumGetPointer<const void>(a)), 0);
  EXPECT_EQ(ArrayNumElements(DatumGetPointer<const void>(a)), 0);
}

}  // namespace
}  // namespace hyrax
