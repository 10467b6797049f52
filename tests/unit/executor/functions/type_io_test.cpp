// Type I/O by type OID: text round trips, binary round trips for every type with a binary
// format (send then receive yields the same text), the cached per-type lookup, and errors.
#include "executor/functions/type_io.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/memory_context.h"
#include "executor/types/type_oids.h"
#include "tests/unit/executor/functions/test_syscache.h"

namespace hyrax::executor::testing {
namespace {

class TypeIoTest : public ::testing::Test {
 protected:
  void SetUp() override { InstallTestSysCache(); }
  MemoryContext context_{"type io test"};
  MemoryContextScope scope_{&context_};
};

TEST_F(TypeIoTest, TextRoundTripsThroughTheCatalogsIoFunctions) {
  EXPECT_EQ(OutputByType(kInt4Oid, InputByType(kInt4Oid, " 42 ")), "42");
  EXPECT_EQ(OutputByType(kNumericOid, InputByType(kNumericOid, "1.2345", (6 << 16 | 2) + 4)),
            "1.23");
  EXPECT_EQ(OutputByType(kBpcharOid, InputByType(kBpcharOid, "ab", 5 + 4)), "ab   ");
  EXPECT_EQ(OutputByType(kInt4ArrayOid, InputByType(kInt4ArrayOid, "{1,NULL,3}")), "{1,NULL,3}");
}

TEST_F(TypeIoTest, BinaryFormatsRoundTrip) {
  struct Case {
    Oid type;
    const char* text;
  };
  const Case cases[] = {
      {kBoolOid, "t"},
      {kInt2Oid, "-32768"},
      {kInt4Oid, "2147483647"},
      {kInt8Oid, "-9223372036854775808"},
      {kFloat4Oid, "1.5"},
      {kFloat8Oid, "-0.1"},
      {kNumericOid, "-123456789.000123"},
      {kNumericOid, "NaN"},
      {kTextOid, "héllo"},
      {kVarcharOid, "abc"},
      {kBpcharOid, "ab  "},
      {kNameOid, "pg_class"},
      {kByteaOid, "\\x00ff10"},
      {kCharOid, "x"},
      {kOidOid, "4294967295"},
      {kDateOid, "2024-02-29"},
      {kTimeOid, "12:34:56.789"},
      {kTimeTzOid, "12:34:56-05:30"},
      {kTimestampOid, "2024-01-02 03:04:05.678"},
      {kTimestampTzOid, "1999-12-31 23:59:59.999999+00"},
      {kIntervalOid, "1 year 2 mons -3 days 04:05:06.5"},
      {kUuidOid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
      {kTextArrayOid, "{a,\"b c\",NULL}"},
      {kInt4ArrayOid, "[0:1]={1,2}"},
      {kInt2VectorOid, "1 -2 3"},
      {kOidVectorOid, "4294967295 23"},
  };
  for (const Case& c : cases) {
    Datum value = InputByType(c.type, c.text);
    std::string bytes = SendByType(c.type, value);
    Datum back = ReceiveByType(c.type, bytes);
    EXPECT_EQ(OutputByType(c.type, back), OutputByType(c.type, value)) << c.type << " " << c.text;
  }
}

TEST_F(TypeIoTest, VectorBinaryInputMustBeOneDimensionalAndZeroBased) {
  // An int4[] with lower bound 1 sent as int2vector data: wrong element type and bound.
  std::string one_based = SendByType(kInt4ArrayOid, InputByType(kInt4ArrayOid, "{1}"));
  try {
    ReceiveByType(kOidVectorOid, one_based);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kDatatypeMismatch);  // element type checked by array_recv
  }
  std::string oid_one_based = SendByType(kOidArrayOid, InputByType(kOidArrayOid, "{1}"));
  try {
    ReceiveByType(kOidVectorOid, oid_one_based);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kInvalidBinaryRepresentation);
    EXPECT_EQ(e.message(), "invalid oidvector data");
  }
}

TEST_F(TypeIoTest, BinaryInputMustConsumeEveryByte) {
  try {
    ReceiveByType(kInt4Oid, std::string("\x00\x00\x00\x01\x02", 5));
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kInvalidBinaryRepresentation);
  }
  EXPECT_THROW(ReceiveByType(kInt8Oid, std::string("\x00\x01", 2)), Error);
}

TEST_F(TypeIoTest, LookupIsCachedAndCarriesStorageAttributes) {
  TypeIoInfo& a = LookupTypeIo(kFloat8Oid);
  TypeIoInfo& b = LookupTypeIo(kFloat8Oid);
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(a.storage.typlen, 8);
  EXPECT_TRUE(a.storage.typbyval);
  EXPECT_EQ(a.storage.typalign, 'd');
  EXPECT_EQ(LookupTypeIo(kInt4ArrayOid).typioparam, kInt4Oid);
  EXPECT_THROW(LookupTypeIo(999999), Error);
}

TEST_F(TypeIoTest, NullInputSkipsStrictInputFunctions) {
  TypeIoInfo& io = LookupTypeIo(kInt4Oid);
  EXPECT_EQ(InputFunctionCall(&io.input, nullptr, io.typioparam, -1), 0u);
}

}  // namespace
}  // namespace hyrax::executor::testing
