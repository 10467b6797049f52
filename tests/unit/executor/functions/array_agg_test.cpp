// Array aggregates, array set-returning functions and single-element access, driven the way
// the executor drives them (aggregate call context, value-per-call protocol, subscripting),
// checked against PostgreSQL 15's results for the same inputs, e.g.
//   select array_agg(x) from (values ('a'),(NULL),('b c')) v(x)  -->  {a,NULL,"b c"}
//   a := '{1,2}'; a[-2] := 7  -->  [-2:2]={7,NULL,NULL,1,2}
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/memory_context.h"
#include "executor/functions/array_support.h"
#include "executor/functions/builtin_registry.h"
#include "executor/functions/call_context.h"
#include "executor/functions/fmgr.h"
#include "executor/functions/srf.h"
#include "executor/functions/type_io.h"
#include "executor/types/type_oids.h"
#include "tests/unit/executor/functions/test_syscache.h"

namespace hyrax::executor::testing {
namespace {

constexpr Oid kInt4ArrayOid = 1007;
constexpr Oid kTextArrayOid = 1009;

class ArrayAggTest : public ::testing::Test {
 protected:
  void SetUp() override { InstallTestSysCache(); }

  // Runs transition function `transfn` over `rows` (each row: the aggregated value, then
  // any extra arguments; std::nullopt is NULL) with argument types `argtypes`, then
  // `finalfn`, and returns the result as text of `result_type` ("NULL" for null).
  std::string RunAggregate(const char* transfn_name, const char* finalfn_name,
                           std::vector<Oid> argtypes,
                           const std::vector<std::vector<std::optional<Datum>>>& rows,
                           Oid result_type) {
    FmgrInfo transfn, finalfn;
    FmgrInfoForBuiltin(BuiltinByName(transfn_name), static_cast<int>(argtypes.size()) + 1,
                       &transfn);
    FmgrInfoForBuiltin(BuiltinByName(finalfn_name), 1, &finalfn);
    transfn.fn_argtypes = {kInternalOid};
    transfn.fn_argtypes.insert(transfn.fn_argtypes.end(), argtypes.begin(), argtypes.end());
    AggregateCallContext call_context(&agg_context_);
    LocalFunctionCallInfo<3> call(&transfn, kDefaultCollationOid);
    call.fcinfo.nargs = static_cast<int16_t>(argtypes.size() + 1);
    call.fcinfo.context = &call_context;
    NullableDatum state{0, true};
    for (const auto& row : rows) {
      call.SetArg(0, state.value, state.isnull);
      for (size_t i = 0; i < row.size(); ++i) {
        call.SetArg(static_cast<int>(i) + 1, row[i].value_or(0), !row[i].has_value());
      }
      Datum next = FunctionCallInvoke(&call.fcinfo);
      state = {next, call.fcinfo.isnull};
    }
    LocalFunctionCallInfo<1> fcall(&finalfn, kDefaultCollationOid);
    fcall.fcinfo.context = &call_context;
    fcall.SetArg(0, state.value, state.isnull);
    Datum result = FunctionCallInvoke(&fcall.fcinfo);
    return fcall.fcinfo.isnull ? "NULL" : OutputByType(result_type, result);
  }

  // Runs a value-per-call set-returning built-in to the end and returns its rows as text
  // of `row_type` ("NULL" for null rows).
  std::vector<std::string> RunSet(const char* prosrc, const std::vector<Datum>& args,
                                  Oid row_type) {
    FmgrInfo flinfo;
    FmgrInfoForBuiltin(BuiltinByName(prosrc), static_cast<int>(args.size()), &flinfo);
    ReturnSetInfo rsi;
    LocalFunctionCallInfo<3> call(&flinfo);
    call.fcinfo.nargs = static_cast<int16_t>(args.size());
    call.fcinfo.resultinfo = &rsi;
    for (size_t i = 0; i < args.size(); ++i) call.SetArg(static_cast<int>(i), args[i]);
    std::vector<std::string> rows;
    for (int guard = 0; guard < 100; ++guard) {
      call.fcinfo.isnull = false;
      Datum d = FunctionCallInvoke(&call.fcinfo);
      if (rsi.is_done == ExprDoneCond::kEndResult) return rows;
      rows.push_back(call.fcinfo.isnull ? "NULL" : OutputByType(row_type, d));
    }
    ADD_FAILURE() << prosrc << " did not end";
    return rows;
  }

  std::string ErrorOf(const std::function<void()>& body) {
    try {
      body();
    } catch (const Error& e) {
      return std::string(e.code().view()) + " " + e.message();
    }
    return "no error";
  }

  MemoryContext agg_context_{"array aggregate"};
  MemoryContextScope scope_{&agg_context_};
};

Datum Text(const char* s) {
  return InputByType(kTextOid, s);
}

TEST_F(ArrayAggTest, ArrayAggCollectsValuesAndNullsInOrder) {
  EXPECT_EQ(RunAggregate("array_agg_transfn", "array_agg_finalfn", {kTextOid},
                         {{Text("a")}, {std::nullopt}, {Text("b c")}}, kTextArrayOid),
            "{a,NULL,\"b c\"}");
}

TEST_F(ArrayAggTest, ArrayAggOfNoRowsIsNull) {
  EXPECT_EQ(RunAggregate("array_agg_transfn", "array_agg_finalfn", {kInt4Oid}, {}, kInt4ArrayOid),
            "NULL");
}

TEST_F(ArrayAggTest, ArrayAggOfArraysAddsADimension) {
  Datum a = InputByType(kInt4ArrayOid, "{1,2}");
  Datum b = InputByType(kInt4ArrayOid, "{3,NULL}");
  EXPECT_EQ(RunAggregate("array_agg_array_transfn", "array_agg_array_finalfn", {kInt4ArrayOid},
                         {{a}, {b}}, kInt4ArrayOid),
            "{{1,2},{3,NULL}}");
}

TEST_F(ArrayAggTest, ArrayAggOfArraysRejectsMismatchedDimensions) {
  Datum a = InputByType(kInt4ArrayOid, "{1,2}");
  Datum b = InputByType(kInt4ArrayOid, "{3}");
  EXPECT_EQ(ErrorOf([&] {
              RunAggregate("array_agg_array_transfn", "array_agg_array_finalfn", {kInt4ArrayOid},
                           {{a}, {b}}, kInt4ArrayOid);
            }),
            "2202E cannot accumulate arrays of different dimensionality");
}

TEST_F(ArrayAggTest, StringAggSkipsNullValuesAndPutsNoDelimiterFirst) {
  Datum sep = Text(", ");
  EXPECT_EQ(RunAggregate("string_agg_transfn", "string_agg_finalfn", {kTextOid, kTextOid},
                         {{Text("a"), sep}, {std::nullopt, sep}, {Text("b"), sep}}, kTextOid),
            "a, b");
  EXPECT_EQ(RunAggregate("string_agg_transfn", "string_agg_finalfn", {kTextOid, kTextOid},
                         {{Text("a"), std::nullopt}, {Text("b"), std::nullopt}}, kTextOid),
            "ab");
}

TEST_F(ArrayAggTest, ByteaStringAggJoinsBytes) {
  Datum a = InputByType(kByteaOid, "a");
  Datum b = InputByType(kByteaOid, "b");
  Datum zero = InputByType(kByteaOid, "\\x00");
  EXPECT_EQ(RunAggregate("bytea_string_agg_transfn", "bytea_string_agg_finalfn",
                         {kByteaOid, kByteaOid}, {{a, zero}, {b, zero}}, kByteaOid),
            "\\x610062");
}

TEST_F(ArrayAggTest, AggregateStateFunctionsNeedAnAggregateContext) {
  FmgrInfo flinfo;
  FmgrInfoForBuiltin(BuiltinByName("array_agg_transfn"), 2, &flinfo);
  flinfo.fn_argtypes = {kInternalOid, kInt4Oid};
  LocalFunctionCallInfo<2> call(&flinfo);
  call.SetArg(0, 0, true);
  call.SetArg(1, Int32GetDatum(1));
  EXPECT_EQ(ErrorOf([&] { FunctionCallInvoke(&call.fcinfo); }).substr(0, 5), "XX000");
}

TEST_F(ArrayAggTest, UnnestReturnsElementsInStorageOrderIncludingNulls) {
  EXPECT_EQ(
      RunSet("array_unnest", {InputByType(kInt4ArrayOid, "[0:1][2:3]={{1,2},{NULL,4}}")}, kInt4Oid),
      (std::vector<std::string>{"1", "2", "NULL", "4"}));
  EXPECT_EQ(RunSet("array_unnest", {InputByType(kInt4ArrayOid, "{}")}, kInt4Oid),
            std::vector<std::string>{});
}

TEST_F(ArrayAggTest, GenerateSubscriptsFollowsBoundsAndDirection) {
  Datum array = InputByType(kTextArrayOid, "[-1:1]={a,b,c}");
  EXPECT_EQ(RunSet("generate_subscripts", {array, Int32GetDatum(1), BoolGetDatum(true)}, kInt4Oid),
            (std::vector<std::string>{"1", "0", "-1"}));
  EXPECT_EQ(RunSet("generate_subscripts_nodir", {array, Int32GetDatum(1)}, kInt4Oid),
            (std::vector<std::string>{"-1", "0", "1"}));
  EXPECT_EQ(RunSet("generate_subscripts_nodir", {array, Int32GetDatum(2)}, kInt4Oid),
            std::vector<std::string>{});
}

TEST_F(ArrayAggTest, StringToTableReturnsFieldsWithNullMarkers) {
  // select string_to_table('a,b,,c', ',', '') -> a, b, NULL, c
  EXPECT_EQ(RunSet("text_to_table_null", {Text("a,b,,c"), Text(","), Text("")}, kTextOid),
            (std::vector<std::string>{"a", "b", "NULL", "c"}));
  EXPECT_EQ(RunSet("text_to_table", {Text(""), Text(",")}, kTextOid), std::vector<std::string>{});
}

TEST_F(ArrayAggTest, StringToTableOfNullIsEmptyAndNullDelimiterSplitsCharacters) {
  FmgrInfo flinfo;
  FmgrInfoForBuiltin(BuiltinByName("text_to_table"), 2, &flinfo);
  ReturnSetInfo rsi;
  LocalFunctionCallInfo<2> call(&flinfo);
  call.fcinfo.resultinfo = &rsi;
  call.SetArg(0, 0, true);
  call.SetArg(1, Text(","));
  FunctionCallInvoke(&call.fcinfo);
  EXPECT_EQ(rsi.is_done, ExprDoneCond::kEndResult);
  rsi.Reset();
  call.SetArg(0, Text("abc"));
  call.SetArg(1, 0, true);
  std::vector<std::string> rows;
  for (int i = 0; i < 10; ++i) {
    call.fcinfo.isnull = false;
    Datum d = FunctionCallInvoke(&call.fcinfo);
    if (rsi.is_done == ExprDoneCond::kEndResult) break;
    rows.push_back(OutputByType(kTextOid, d));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"a", "b", "c"}));
}

class ArrayElementTest : public ArrayAggTest {
 protected:
  static ElementType Int4Element() {
    ElementType elem;
    EXPECT_TRUE(BuiltinElementType(kInt4Oid, &elem));
    return elem;
  }
  std::string Get(const char* array, std::vector<int> subs) {
    NullableDatum d = ArrayGetElement(InputByType(kInt4ArrayOid, array), subs.data(),
                                      static_cast<int>(subs.size()), Int4Element());
    return d.isnull ? "NULL" : std::to_string(DatumGetInt32(d.value));
  }
  std::string Set(const char* array, std::vector<int> subs, std::optional<int> value) {
    NullableDatum v{Int32GetDatum(value.value_or(0)), !value.has_value()};
    Datum d = ArraySetElement(InputByType(kInt4ArrayOid, array), subs.data(),
                              static_cast<int>(subs.size()), v, Int4Element());
    return OutputByType(kInt4ArrayOid, d);
  }
};

TEST_F(ArrayElementTest, GetReturnsNullOutsideBoundsOrForWrongDimensionality) {
  EXPECT_EQ(Get("{1,2,3}", {5}), "NULL");
  EXPECT_EQ(Get("{1,2,3}", {0}), "NULL");
  EXPECT_EQ(Get("{1,2,3}", {2}), "2");
  EXPECT_EQ(Get("{{1,2},{3,4}}", {2, 2}), "4");
  EXPECT_EQ(Get("{{1,2},{3,4}}", {2}), "NULL");
  EXPECT_EQ(Get("{1,NULL,3}", {2}), "NULL");
  EXPECT_EQ(Get("[-1:0]={7,8}", {-1}), "7");
}

TEST_F(ArrayElementTest, SetExtendsOneDimensionalArraysWithNulls) {
  EXPECT_EQ(Set("{1,2}", {5}, 9), "{1,2,NULL,NULL,9}");
  EXPECT_EQ(Set("{1,2}", {0}, 7), "[0:2]={7,1,2}");
  EXPECT_EQ(Set("{1,2}", {-2}, 7), "[-2:2]={7,NULL,NULL,1,2}");
  EXPECT_EQ(Set("{}", {3}, 1), "[3:3]={1}");
  EXPECT_EQ(Set("{{1,2},{3,4}}", {2, 1}, std::nullopt), "{{1,2},{NULL,4}}");
}

TEST_F(ArrayElementTest, SetOutsideAMultiDimensionalArrayFails) {
  EXPECT_EQ(ErrorOf([&] {
              Set("{{1,2},{3,4}}", {3, 1}, 5);
            }),
            "2202E array subscript out of range");
  EXPECT_EQ(ErrorOf([&] { Set("{{1,2},{3,4}}", {1}, 5); }),
            "2202E wrong number of array subscripts");
}

}  // namespace
}  // namespace hyrax::executor::testing
