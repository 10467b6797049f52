// The set-returning protocol (value-per-call) through generate_series over timestamps, the
// clock hook behind now() and 'now', and the SRF context requirement.
#include "executor/functions/srf.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "executor/functions/builtin_registry.h"
#include "executor/functions/type_io.h"
#include "executor/types/type_oids.h"
#include "executor/types/type_settings.h"
#include "tests/unit/executor/functions/test_syscache.h"

namespace hyrax::executor::testing {
namespace {

class SrfTest : public ::testing::Test {
 protected:
  void SetUp() override { InstallTestSysCache(); }

  // Runs value-per-call built-in `prosrc` to the end (at most `limit` rows) and returns
  // its rows as text of `row_type`.
  std::vector<std::string> RunSet(const char* prosrc, const std::vector<Datum>& args, Oid row_type,
                                  int limit = 100) {
    FmgrInfo flinfo;
    FmgrInfoForBuiltin(BuiltinByName(prosrc), static_cast<int16_t>(args.size()), &flinfo);
    ReturnSetInfo rsi;
    LocalFunctionCallInfo<3> call(&flinfo);
    call.fcinfo.nargs = static_cast<int16_t>(args.size());
    call.fcinfo.resultinfo = &rsi;
    for (size_t i = 0; i < args.size(); ++i) call.SetArg(static_cast<int>(i), args[i]);
    std::vector<std::string> rows;
    for (int i = 0; i < limit; ++i) {
      Datum d = FunctionCallInvoke(&call.fcinfo);
      if (rsi.is_done == ExprDoneCond::kEndResult) return rows;
      rows.push_back(OutputByType(row_type, d));
    }
    return rows;
  }

  std::string ErrorOf(const char* prosrc, const std::vector<Datum>& args, Oid row_type) {
    try {
      RunSet(prosrc, args, row_type);
    } catch (const Error& e) {
      return std::string(e.code().view()) + " " + e.message();
    }
    return "no error";
  }

  static Datum Num(const char* text) { return InputByType(kNumericOid, text); }
  void TearDown() override {
    g_transaction_start_hook = nullptr;
    ResetTypeSettings();
  }
  MemoryContext context_{"srf test"};
  MemoryContextScope scope_{&context_};
};

TEST_F(SrfTest, ValuePerCallReturnsEveryRowThenEnds) {
  FmgrInfo flinfo;
  FmgrInfoForBuiltin(BuiltinByName("generate_series_timestamp"), 3, &flinfo);
  ReturnSetInfo rsi;
  LocalFunctionCallInfo<3> call(&flinfo);
  call.fcinfo.resultinfo = &rsi;
  call.SetArg(0, InputByType(kTimestampOid, "2024-01-30"));
  call.SetArg(1, InputByType(kTimestampOid, "2024-04-30"));
  call.SetArg(2, InputByType(kIntervalOid, "1 month"));
  std::vector<std::string> rows;
  for (int i = 0; i < 10; ++i) {
    Datum d = FunctionCallInvoke(&call.fcinfo);
    if (rsi.is_done == ExprDoneCond::kEndResult) break;
    ASSERT_EQ(rsi.is_done, ExprDoneCond::kMultipleResult);
    rows.push_back(OutputByType(kTimestampOid, d));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"2024-01-30 00:00:00", "2024-02-29 00:00:00",
                                            "2024-03-29 00:00:00", "2024-04-29 00:00:00"}));
  EXPECT_EQ(rsi.srf_state, nullptr);  // state released at the end of the set
}

TEST_F(SrfTest, ResetAbandonsASetInProgress) {
  FmgrInfo flinfo;
  FmgrInfoForBuiltin(BuiltinByName("generate_series_timestamp"), 3, &flinfo);
  ReturnSetInfo rsi;
  LocalFunctionCallInfo<3> call(&flinfo);
  call.fcinfo.resultinfo = &rsi;
  call.SetArg(0, InputByType(kTimestampOid, "2024-01-01"));
  call.SetArg(1, InputByType(kTimestampOid, "2024-01-10"));
  call.SetArg(2, InputByType(kIntervalOid, "1 day"));
  FunctionCallInvoke(&call.fcinfo);
  ASSERT_NE(rsi.srf_state, nullptr);
  rsi.Reset();
  Datum first = FunctionCallInvoke(&call.fcinfo);
  EXPECT_EQ(OutputByType(kTimestampOid, first), "2024-01-01 00:00:00");
}

TEST_F(SrfTest, CallingASetFunctionWithoutResultInfoFails) {
  FmgrInfo flinfo;
  FmgrInfoForBuiltin(BuiltinByName("generate_series_timestamp"), 3, &flinfo);
  LocalFunctionCallInfo<3> call(&flinfo);
  call.SetArg(0, InputByType(kTimestampOid, "2024-01-01"));
  call.SetArg(1, InputByType(kTimestampOid, "2024-01-10"));
  call.SetArg(2, InputByType(kIntervalOid, "1 day"));
  try {
    FunctionCallInvoke(&call.fcinfo);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kFeatureNotSupported);
  }
}

TEST_F(SrfTest, ZeroStepIsRejected) {
  FmgrInfo flinfo;
  FmgrInfoForBuiltin(BuiltinByName("generate_series_timestamp"), 3, &flinfo);
  ReturnSetInfo rsi;
  LocalFunctionCallInfo<3> call(&flinfo);
  call.fcinfo.resultinfo = &rsi;
  call.SetArg(0, InputByType(kTimestampOid, "2024-01-01"));
  call.SetArg(1, InputByType(kTimestampOid, "2024-01-10"));
  call.SetArg(2, InputByType(kIntervalOid, "0 days"));
  EXPECT_THROW(FunctionCallInvoke(&call.fcinfo), Error);
}

using Rows = std::vector<std::string>;

TEST_F(SrfTest, IntegerSeriesStopAtTheTypeLimitInsteadOfOverflowing) {
  EXPECT_EQ(RunSet("generate_series_int4", {Int32GetDatum(2147483646), Int32GetDatum(2147483647)},
                   kInt4Oid),
            (Rows{"2147483646", "2147483647"}));
  EXPECT_EQ(RunSet("generate_series_step_int8",
                   {Int64GetDatum(9223372036854775806LL), Int64GetDatum(9223372036854775807LL),
                    Int64GetDatum(1)},
                   kInt8Oid),
            (Rows{"9223372036854775806", "9223372036854775807"}));
}

TEST_F(SrfTest, IntegerSeriesFollowTheStepInEitherDirection) {
  EXPECT_EQ(RunSet("generate_series_step_int4",
                   {Int32GetDatum(1), Int32GetDatum(10), Int32GetDatum(4)}, kInt4Oid),
            (Rows{"1", "5", "9"}));
  EXPECT_EQ(RunSet("generate_series_step_int4",
                   {Int32GetDatum(5), Int32GetDatum(1), Int32GetDatum(-2)}, kInt4Oid),
            (Rows{"5", "3", "1"}));
  EXPECT_EQ(RunSet("generate_series_int4", {Int32GetDatum(1), Int32GetDatum(0)}, kInt4Oid), Rows{});
  EXPECT_EQ(ErrorOf("generate_series_step_int4",
                    {Int32GetDatum(1), Int32GetDatum(3), Int32GetDatum(0)}, kInt4Oid),
            "22023 step size cannot equal zero");
}

TEST_F(SrfTest, NumericSeriesKeepTheScaleOfTheSum) {
  // PostgreSQL 15: generate_series(1, 2, 0.5) -> 1, 1.5, 2.0
  EXPECT_EQ(RunSet("generate_series_step_numeric", {Num("1"), Num("2"), Num("0.5")}, kNumericOid),
            (Rows{"1", "1.5", "2.0"}));
  EXPECT_EQ(
      RunSet("generate_series_step_numeric", {Num("0.1"), Num("-0.25"), Num("-0.1")}, kNumericOid),
      (Rows{"0.1", "0.0", "-0.1", "-0.2"}));
  EXPECT_EQ(RunSet("generate_series_numeric", {Num("1"), Num("3")}, kNumericOid),
            (Rows{"1", "2", "3"}));
}

TEST_F(SrfTest, NumericSeriesRejectSpecialValuesAndZeroSteps) {
  EXPECT_EQ(ErrorOf("generate_series_numeric", {Num("1"), Num("NaN")}, kNumericOid),
            "22023 stop value cannot be NaN");
  EXPECT_EQ(ErrorOf("generate_series_numeric", {Num("Infinity"), Num("3")}, kNumericOid),
            "22023 start value cannot be infinity");
  EXPECT_EQ(
      ErrorOf("generate_series_step_numeric", {Num("1"), Num("3"), Num("Infinity")}, kNumericOid),
      "22023 step size cannot be infinity");
  EXPECT_EQ(ErrorOf("generate_series_step_numeric", {Num("1"), Num("3"), Num("0")}, kNumericOid),
            "22023 step size cannot equal zero");
}

TEST_F(SrfTest, AbandoningANumericSeriesReleasesItsState) {
  FmgrInfo flinfo;
  FmgrInfoForBuiltin(BuiltinByName("generate_series_numeric"), 2, &flinfo);
  ReturnSetInfo rsi;
  LocalFunctionCallInfo<2> call(&flinfo);
  call.fcinfo.resultinfo = &rsi;
  call.SetArg(0, Num("1"));
  call.SetArg(1, Num("1000000"));
  FunctionCallInvoke(&call.fcinfo);
  ASSERT_NE(rsi.srf_state, nullptr);
  rsi.Reset();  // runs the state's destructor (checked by sanitizer builds)
  EXPECT_EQ(OutputByType(kNumericOid, FunctionCallInvoke(&call.fcinfo)), "1");
}

TEST_F(SrfTest, NowAndTheNowLiteralUseTheTransactionStartHook) {
  // 2024-07-01 12:00:00 UTC in microseconds since 2000-01-01.
  g_transaction_start_hook = [] { return int64_t{773150400} * 1000000; };
  ASSERT_TRUE(SetTimeZone("America/New_York"));
  Datum now = DirectFunctionCall(BuiltinByName("now"));
  EXPECT_EQ(OutputByType(kTimestampTzOid, now), "2024-07-01 08:00:00-04");
  EXPECT_EQ(OutputByType(kTimestampTzOid, InputByType(kTimestampTzOid, "now")),
            "2024-07-01 08:00:00-04");
  EXPECT_EQ(OutputByType(kDateOid, InputByType(kDateOid, "tomorrow")), "2024-07-02");
  EXPECT_EQ(OutputByType(kTimestampOid, InputByType(kTimestampOid, "today")),
            "2024-07-01 00:00:00");
}

}  // namespace
}  // namespace hyrax::executor::testing
