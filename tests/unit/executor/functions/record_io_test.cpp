// Composite values: record_out's quoting rules (empty for NULL, quotes around empty strings
// and values with spaces, commas, parentheses, quotes or backslashes, doubled inside), the
// record typmod registry handing out one typmod per layout, and record comparison with
// NULLs sorting last and equal to each other (executor/functions/record_io.cpp,
// record_compare.cpp, executor/types/record_type.h).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/memory_context.h"
#include "executor/exec/tuple_slot.h"
#include "executor/functions/builtin_registry.h"
#include "executor/functions/fmgr.h"
#include "executor/types/record_type.h"
#include "executor/types/type_oids.h"
#include "tests/unit/executor/functions/test_syscache.h"

namespace hyrax::executor::testing {
namespace {

class RecordIoTest : public ::testing::Test {
 protected:
  void SetUp() override { InstallTestSysCache(); }

  // An anonymous (int4, text) record; a null pointer stands for NULL.
  Datum Row(const int* number, const char* text) {
    auto desc = MakeTupleDesc({kInt4Oid, kTextOid}, {-1, -1}, {"n", "t"});
    Datum values[2] = {number ? Int32GetDatum(*number) : 0, text ? MakeVarlenaDatum(text) : 0};
    bool nulls[2] = {number == nullptr, text == nullptr};
    return MakeCompositeDatum(*desc, values, nulls, kRecordTypeOid, AssignRecordTypmod(*desc));
  }
  std::string Out(Datum row) {
    return DatumGetPointer<const char>(DirectFunctionCall(BuiltinByName("record_out"), row));
  }
  int32_t Cmp(Datum a, Datum b) {
    return DatumGetInt32(DirectFunctionCall(BuiltinByName("btrecordcmp"), a, b));
  }

  MemoryContext context_{"record io test"};
  MemoryContextScope scope_{&context_};
};

TEST_F(RecordIoTest, OutputQuotesOnlyWhatNeedsQuoting) {
  int one = 1;
  EXPECT_EQ(Out(Row(&one, "plain")), "(1,plain)");
  EXPECT_EQ(Out(Row(&one, "a b")), "(1,\"a b\")");
  EXPECT_EQ(Out(Row(&one, "")), "(1,\"\")");
  EXPECT_EQ(Out(Row(nullptr, nullptr)), "(,)");
  EXPECT_EQ(Out(Row(&one, "q\"u\\o")), "(1,\"q\"\"u\\\\o\")");
  EXPECT_EQ(Out(Row(&one, "(x,y)")), "(1,\"(x,y)\")");
}

TEST_F(RecordIoTest, OneTypmodPerLayout) {
  auto a = MakeTupleDesc({kInt4Oid, kTextOid}, {-1, -1}, {"n", "t"});
  auto b = MakeTupleDesc({kInt4Oid, kTextOid}, {-1, -1}, {"n", "t"});
  auto c = MakeTupleDesc({kTextOid}, {-1}, {"t"});
  EXPECT_EQ(AssignRecordTypmod(*a), AssignRecordTypmod(*b));
  EXPECT_NE(AssignRecordTypmod(*a), AssignRecordTypmod(*c));
  EXPECT_EQ(LookupRowTypeDesc(kRecordTypeOid, AssignRecordTypmod(*c))->natts(), 1);
}

TEST_F(RecordIoTest, ComparesColumnByColumnWithNullsLast) {
  int one = 1, two = 2;
  EXPECT_LT(Cmp(Row(&one, "b"), Row(&two, "a")), 0);
  EXPECT_GT(Cmp(Row(&one, "b"), Row(&one, "a")), 0);
  EXPECT_EQ(Cmp(Row(&one, nullptr), Row(&one, nullptr)), 0);
  EXPECT_GT(Cmp(Row(nullptr, "a"), Row(&one, "a")), 0);
}

TEST_F(RecordIoTest, AnonymousRecordInputIsRefused) {
  try {
    DirectFunctionCall(BuiltinByName("record_in"), PointerGetDatum("(1,2)"),
                       ObjectIdGetDatum(kRecordTypeOid), Int32GetDatum(-1));
    FAIL() << "record_in accepted an anonymous record";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kFeatureNotSupported);
  }
}

}  // namespace
}  // namespace hyrax::executor::testing
