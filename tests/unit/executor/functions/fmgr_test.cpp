// The function manager: binding pg_proc rows by OID to built-ins, the 0A000 error for
// functions Hyrax does not implement, call-info helpers, and DirectFunctionCall's NULL check.
#include "executor/functions/fmgr.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "executor/functions/builtin_registry.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/fmgr_catalog.h"
#include "executor/types/type_oids.h"
#include "tests/unit/executor/functions/test_syscache.h"

namespace hyrax::executor::testing {
namespace {

class FmgrTest : public ::testing::Test {
 protected:
  void SetUp() override { InstallTestSysCache(); }
};

TEST_F(FmgrTest, BindsInternalFunctionsByOidAndCallsThem) {
  FmgrInfo flinfo;
  FmgrInfoForOid(177, &flinfo);  // int4pl
  EXPECT_EQ(flinfo.fn_oid, 177u);
  EXPECT_EQ(flinfo.fn_nargs, 2);
  EXPECT_TRUE(flinfo.fn_strict);
  EXPECT_FALSE(flinfo.fn_retset);
  EXPECT_STREQ(flinfo.fn_name, "int4pl");
  EXPECT_EQ(flinfo.fn_argtypes, (std::vector<Oid>{23, 23}));
  EXPECT_EQ(DatumGetInt32(FunctionCall(&flinfo, kInvalidOid, Int32GetDatum(40), Int32GetDatum(2))),
            42);
}

TEST_F(FmgrTest, SharedProsrcBindsTheSameBuiltin) {
  FmgrInfo abs_info, int4abs_info;
  FmgrInfoForOid(1397, &abs_info);  // abs(integer), prosrc int4abs
  FmgrInfo direct;
  FmgrInfoForBuiltin(BuiltinByName("int4abs"), 1, &direct);
  EXPECT_EQ(abs_info.fn_addr, direct.fn_addr);
}

TEST_F(FmgrTest, SetReturningFlagComesFromTheCatalog) {
  FmgrInfo flinfo;
  FmgrInfoForOid(938, &flinfo);  // generate_series(timestamp, timestamp, interval)
  EXPECT_TRUE(flinfo.fn_retset);
}

TEST_F(FmgrTest, SqlLanguageAndUnknownBuiltinsAreNotImplemented) {
  FmgrInfo flinfo;
  try {
    FmgrInfoForOid(1812, &flinfo);  // bit_length(bit) is LANGUAGE sql
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kFeatureNotSupported);
    EXPECT_EQ(e.message(), "function bit_length(bit) is not implemented in Hyrax");
  }
  try {
    FmgrInfoForOid(1928, &flinfo);  // pg_stat_get_numscans: internal, not built in Hyrax
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kFeatureNotSupported);
    EXPECT_EQ(e.message(), "function pg_stat_get_numscans(oid) is not implemented in Hyrax");
  }
}

TEST_F(FmgrTest, UnknownOidIsACacheLookupFailure) {
  FmgrInfo flinfo;
  try {
    FmgrInfoForOid(999999, &flinfo);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kInternalError);
    EXPECT_EQ(e.message(), "cache lookup failed for function 999999");
  }
}

Datum ReturnsNull(FunctionCallInfo* fcinfo) {
  return fcinfo->ReturnNull();
}

TEST_F(FmgrTest, DirectCallsRejectNullResults) {
  EXPECT_EQ(DatumGetInt32(
                DirectFunctionCall(BuiltinByName("int4mul"), Int32GetDatum(6), Int32GetDatum(7))),
            42);
  EXPECT_THROW(DirectFunctionCall(ReturnsNull, Int32GetDatum(1)), Error);
}

TEST_F(FmgrTest, CallInfoIsReusedAcrossRowsWithoutAllocation) {
  MemoryContext context("call");
  FmgrInfo flinfo;
  FmgrInfoForBuiltin(BuiltinByName("int8pl"), 2, &flinfo);
  FunctionCallInfo* call = MakeFunctionCallInfo(&context, &flinfo, 2, kInvalidOid);
  size_t before = context.allocated_bytes();
  int64_t sum = 0;
  for (int64_t row = 1; row <= 100; ++row) {
    call->args[0] = {Int64GetDatum(sum), false};
    call->args[1] = {Int64GetDatum(row), false};
    sum = DatumGetInt64(FunctionCallInvoke(call));
    EXPECT_FALSE(call->isnull);
  }
  EXPECT_EQ(sum, 5050);
  EXPECT_EQ(context.allocated_bytes(), before);
}

TEST_F(FmgrTest, ArgTypeReportsCallSiteTypes) {
  FmgrInfo flinfo;
  flinfo.fn_argtypes = {25, 23};
  LocalFunctionCallInfo<2> call(&flinfo);
  EXPECT_EQ(call.fcinfo.ArgType(1), 23u);
  EXPECT_EQ(call.fcinfo.ArgType(5), kInvalidOid);
}

}  // namespace
}  // namespace hyrax::executor::testing

namespace hyrax::executor::testing {
namespace {

// pg_typeof('x'::text), pg_column_size(...) in PostgreSQL 15: text, 4 / 8 / 5 (a 1-char
// text in a 4-byte header, as Hyrax stores varlenas uncompressed).
TEST_F(FmgrTest, FunctionsTakingAnyReadTheCallSiteArgumentTypes) {
  FmgrInfo typeof_info;
  FmgrInfoForBuiltin(BuiltinByName("pg_typeof"), 1, &typeof_info);
  typeof_info.fn_argtypes = {kTextOid};
  LocalFunctionCallInfo<1> call(&typeof_info);
  call.SetArg(0, TextDatum("x"));
  EXPECT_EQ(DatumGetObjectId(FunctionCallInvoke(&call.fcinfo)), kTextOid);

  FmgrInfo size_info;
  FmgrInfoForBuiltin(BuiltinByName("pg_column_size"), 1, &size_info);
  LocalFunctionCallInfo<1> size_call(&size_info);
  size_info.fn_argtypes = {kInt4Oid};
  size_call.SetArg(0, Int32GetDatum(7));
  EXPECT_EQ(DatumGetInt32(FunctionCallInvoke(&size_call.fcinfo)), 4);
  size_info.fn_argtypes = {kTextOid};
  size_call.SetArg(0, TextDatum("x"));
  EXPECT_EQ(DatumGetInt32(FunctionCallInvoke(&size_call.fcinfo)), 5);
}

TEST_F(FmgrTest, FunctionsTakingAnyFailWithoutArgumentTypes) {
  FmgrInfo typeof_info;
  FmgrInfoForBuiltin(BuiltinByName("pg_typeof"), 1, &typeof_info);
  LocalFunctionCallInfo<1> call(&typeof_info);
  call.SetArg(0, Int32GetDatum(1));
  EXPECT_THROW(FunctionCallInvoke(&call.fcinfo), Error);
}

}  // namespace
}  // namespace hyrax::executor::testing
