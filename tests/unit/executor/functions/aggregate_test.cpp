// Aggregate support functions driven the way the aggregate operator drives them (transition
// function per row in an aggregate call context, initial value from pg_aggregate.agginitval,
// final function), checked against PostgreSQL 15's results for the same rows:
//   select sum(x), avg(x), variance(x), ... from (values (1),(2),(3),(5),(8),(13),(21)) v(x)
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/memory_context.h"
#include "executor/functions/builtin_registry.h"
#include "executor/functions/call_context.h"
#include "executor/functions/fmgr.h"
#include "executor/functions/fmgr_catalog.h"
#include "executor/functions/type_io.h"
#include "executor/types/type_oids.h"
#include "storage/catalog/syscache.h"
#include "tests/unit/executor/functions/test_syscache.h"

namespace hyrax::executor::testing {
namespace {

const std::vector<int> kRows = {1, 2, 3, 5, 8, 13, 21};

class AggregateTest : public ::testing::Test {
 protected:
  void SetUp() override { InstallTestSysCache(); }

  Datum Call(const char* prosrc, std::vector<Datum> args) {
    return DirectFunctionCallArray(BuiltinByName(prosrc), kDefaultCollationOid, args.data(),
                                   static_cast<int>(args.size()));
  }

  // Runs aggregate `name`(argtype) over `inputs` like nodeAgg and returns the output text
  // ("NULL" for a null result).
  std::string Aggregate(const char* name, Oid argtype, const std::vector<Datum>& inputs) {
    std::vector<std::vector<Datum>> rows;
    for (Datum input : inputs) rows.push_back({input});
    return Aggregate(name, std::vector<Oid>{argtype}, rows);
  }

  std::string Aggregate(const char* name, const std::vector<Oid>& argtypes,
                        const std::vector<std::vector<Datum>>& rows) {
    catalog::SysCache& cache = catalog::Syscache();
    std::optional<catalog::PgProc> agg_proc;
    for (const catalog::PgProc& p : cache.ProcsByName(name)) {
      if (p.prokind == 'a' && p.proargtypes == argtypes) agg_proc = p;
    }
    EXPECT_TRUE(agg_proc.has_value()) << name;
    catalog::PgAggregate agg = *cache.AggregateByFnOid(agg_proc->oid);
    FmgrInfo transfn, finalfn;
    FmgrInfoForOid(agg.aggtransfn, &transfn, &agg_context_);
    if (agg.aggfinalfn != kInvalidOid) FmgrInfoForOid(agg.aggfinalfn, &finalfn, &agg_context_);
    AggregateCallContext call_context(&agg_context_);
    NullableDatum state{0, true};
    if (agg.agginitval) {
      state = {InputByType(agg.aggtranstype, agg.agginitval->c_str()), false};
    }
    LocalFunctionCallInfo<3> call(&transfn, kDefaultCollationOid);
    call.fcinfo.nargs = static_cast<int16_t>(argtypes.size() + 1);
    call.fcinfo.context = &call_context;
    for (const std::vector<Datum>& row : rows) {
      if (transfn.fn_strict && state.isnull) {
        state = {row[0], false};  // strict transition with NULL init: first input is the state
        continue;
      }
      call.SetArg(0, state.value, state.isnull);
      for (size_t i = 0; i < row.size(); ++i) call.SetArg(static_cast<int>(i) + 1, row[i]);
      Datum next = FunctionCallInvoke(&call.fcinfo);
      state = {next, call.fcinfo.isnull};
    }
    Datum result = state.value;
    bool isnull = state.isnull;
    Oid result_type = agg_proc->prorettype;
    if (agg.aggfinalfn != kInvalidOid) {
      if (finalfn.fn_strict && isnull) return "NULL";
      LocalFunctionCallInfo<1> fcall(&finalfn, kDefaultCollationOid);
      fcall.fcinfo.context = &call_context;
      fcall.SetArg(0, result, isnull);
      result = FunctionCallInvoke(&fcall.fcinfo);
      isnull = fcall.fcinfo.isnull;
    }
    return isnull ? "NULL" : OutputByType(result_type, result);
  }

  std::vector<Datum> Ints(Oid type) {
    std::vector<Datum> out;
    for (int x : kRows) out.push_back(type == kInt8Oid ? Int64GetDatum(x) : Int32GetDatum(x));
    return out;
  }

  MemoryContext agg_context_{"aggregate"};
  MemoryContextScope scope_{&agg_context_};
};

TEST_F(AggregateTest, IntegerAggregatesMatchPostgres) {
  EXPECT_EQ(Aggregate("sum", kInt4Oid, Ints(kInt4Oid)), "53");
  EXPECT_EQ(Aggregate("avg", kInt4Oid, Ints(kInt4Oid)), "7.5714285714285714");
  EXPECT_EQ(Aggregate("sum", kInt8Oid, Ints(kInt8Oid)), "53");
  EXPECT_EQ(Aggregate("avg", kInt8Oid, Ints(kInt8Oid)), "7.5714285714285714");
  EXPECT_EQ(Aggregate("variance", kInt4Oid, Ints(kInt4Oid)), "51.9523809523809524");
  EXPECT_EQ(Aggregate("stddev", kInt4Oid, Ints(kInt4Oid)), "7.2078000077957874");
  EXPECT_EQ(Aggregate("var_pop", kInt8Oid, Ints(kInt8Oid)), "44.5306122448979592");
  EXPECT_EQ(Aggregate("stddev_samp", kInt8Oid, Ints(kInt8Oid)), "7.2078000077957874");
  EXPECT_EQ(Aggregate("max", kInt4Oid, Ints(kInt4Oid)), "21");
  EXPECT_EQ(Aggregate("count", kAnyOid, Ints(kInt4Oid)), "7");
}

TEST_F(AggregateTest, NumericAggregatesKeepPostgresScales) {
  std::vector<Datum> quarters;
  Datum four = InputByType(kNumericOid, "4");
  for (int x : kRows) {
    quarters.push_back(Call("numeric_div", {Call("int4_numeric", {Int32GetDatum(x)}), four}));
  }
  EXPECT_EQ(Aggregate("sum", kNumericOid, quarters), "13.25000000000000000000");
  EXPECT_EQ(Aggregate("avg", kNumericOid, quarters), "1.89285714285714285714");
  EXPECT_EQ(Aggregate("variance", kNumericOid, quarters),
            "3.2470238095238095238095238095238095238095");
  EXPECT_EQ(Aggregate("stddev_pop", kNumericOid, quarters),
            "1.6682815305895232648868486114846108751596");
}

TEST_F(AggregateTest, FloatAndBooleanAggregatesMatchPostgres) {
  std::vector<Datum> thirds;
  for (int x : kRows) {
    thirds.push_back(Call("float8div", {Float8GetDatum(x), Float8GetDatum(3)}));
  }
  EXPECT_EQ(Aggregate("avg", kFloat8Oid, thirds), "2.523809523809524");
  EXPECT_EQ(Aggregate("stddev", kFloat8Oid, thirds), "2.4026000025985956");
  std::vector<Datum> bools;
  for (int x : kRows) bools.push_back(BoolGetDatum(x > 12));
  EXPECT_EQ(Aggregate("bool_and", kBoolOid, bools), "f");
  EXPECT_EQ(Aggregate("bool_or", kBoolOid, bools), "t");
}

TEST_F(AggregateTest, RegressionAggregatesMatchPostgres) {
  // select corr(y, x), ... from (values (1,2),(2,3.5),(3,7),(5,11),(8,13),(13,21),(21,22)) v(x,y)
  const double kY[] = {2, 3.5, 7, 11, 13, 21, 22};
  std::vector<std::vector<Datum>> rows;
  for (size_t i = 0; i < kRows.size(); ++i) {
    rows.push_back({Float8GetDatum(kY[i]), Float8GetDatum(kRows[i])});
  }
  const std::vector<Oid> types = {kFloat8Oid, kFloat8Oid};
  EXPECT_EQ(Aggregate("corr", types, rows), "0.9390691187057535");
  EXPECT_EQ(Aggregate("covar_pop", types, rows), "46.01020408163265");
  EXPECT_EQ(Aggregate("covar_samp", types, rows), "53.67857142857142");
  EXPECT_EQ(Aggregate("regr_slope", types, rows), "1.0332263978001832");
  EXPECT_EQ(Aggregate("regr_intercept", types, rows), "3.5341429880843265");
  EXPECT_EQ(Aggregate("regr_r2", types, rows), "0.8818508097068003");
  EXPECT_EQ(Aggregate("regr_sxx", types, rows), "311.7142857142857");
  EXPECT_EQ(Aggregate("regr_syy", types, rows), "377.35714285714283");
  EXPECT_EQ(Aggregate("regr_sxy", types, rows), "322.07142857142856");
  EXPECT_EQ(Aggregate("regr_avgx", types, rows), "7.571428571428571");
  EXPECT_EQ(Aggregate("regr_avgy", types, rows), "11.357142857142858");
  EXPECT_EQ(Aggregate("regr_count", types, rows), "7");
}

TEST_F(AggregateTest, EmptyInputGivesNullExceptForCount) {
  EXPECT_EQ(Aggregate("sum", kInt4Oid, {}), "NULL");
  EXPECT_EQ(Aggregate("avg", kInt4Oid, {}), "NULL");
  EXPECT_EQ(Aggregate("avg", kInt8Oid, {}), "NULL");
  EXPECT_EQ(Aggregate("variance", kNumericOid, {}), "NULL");
  EXPECT_EQ(Aggregate("count", kAnyOid, {}), "0");
}

TEST_F(AggregateTest, InternalStateFunctionsRequireAnAggregateContext) {
  Datum args[2] = {0, Int64GetDatum(1)};
  LocalFunctionCallInfo<2> call;
  FmgrInfo flinfo;
  FmgrInfoForBuiltin(BuiltinByName("int8_avg_accum"), 2, &flinfo);
  call.fcinfo.flinfo = &flinfo;
  call.SetArg(0, args[0], true);
  call.SetArg(1, args[1]);
  EXPECT_THROW(FunctionCallInvoke(&call.fcinfo), Error);
}

}  // namespace
}  // namespace hyrax::executor::testing
