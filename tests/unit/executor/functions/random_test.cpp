// random() and setseed(): a seeded sequence is PostgreSQL 15's (same generator), values lie
// in [0, 1), and setseed validates its range. Expected values from PostgreSQL 15:
//   select setseed(0.5); select random(), random(), random();
#include <string>

#include <gtest/gtest.h>

#include "common/error.h"
#include "executor/functions/builtin_registry.h"
#include "executor/functions/fmgr.h"
#include "executor/types/float_io.h"

namespace hyrax::executor {
namespace {

std::string NextRandom() {
  return FormatFloat8(DatumGetFloat8(DirectFunctionCall(BuiltinByName("drandom"))), 1);
}

void SetSeed(double seed) {
  DirectFunctionCall(BuiltinByName("setseed"), Float8GetDatum(seed));
}

TEST(RandomTest, SeededSequenceIsPostgresSequence) {
  SetSeed(0.5);
  EXPECT_EQ(NextRandom(), "0.9851677175347999");
  EXPECT_EQ(NextRandom(), "0.825301858027981");
  EXPECT_EQ(NextRandom(), "0.12974610012450416");
  SetSeed(-1);
  EXPECT_EQ(NextRandom(), "0.725656831544149");
}

TEST(RandomTest, ValuesStayInTheUnitInterval) {
  SetSeed(0.25);
  for (int i = 0; i < 1000; ++i) {
    double v = DatumGetFloat8(DirectFunctionCall(BuiltinByName("drandom")));
    ASSERT_GE(v, 0.0);
    ASSERT_LT(v, 1.0);
  }
}

TEST(RandomTest, SetseedRejectsValuesOutsideMinusOneToOne) {
  try {
    SetSeed(2);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kInvalidParameterValue);
    EXPECT_EQ(e.message(), "setseed parameter 2 is out of allowed range [-1,1]");
  }
}

}  // namespace
}  // namespace hyrax::executor
