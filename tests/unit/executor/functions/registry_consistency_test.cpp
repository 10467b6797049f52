// Every registered built-in names a real internal-language function: its prosrc exists in
// storage/catalog/data/pg_proc.tsv with prolang 12 and the registered argument count, so the
// table cannot drift from the catalog. Also checks the registry's lookup contract.
#include <gtest/gtest.h>

#include "common/error.h"
#include "executor/functions/builtin_registry.h"
#include "tests/unit/executor/functions/catalog_tsv.h"

namespace hyrax::executor::testing {
namespace {

TEST(RegistryConsistencyTest, EveryProsrcIsAnInternalFunctionWithTheSameArgCount) {
  const CatalogTsv& catalog = CatalogTsv::Get();
  ASSERT_FALSE(AllBuiltins().empty());
  for (const BuiltinFunction& builtin : AllBuiltins()) {
    bool found = false;
    bool nargs_match = false;
    for (const TsvProc& proc : catalog.procs()) {
      // Internal functions by prosrc; SQL-language ones (14) by their exact SQL body.
      if ((proc.prolang != 12 && proc.prolang != 14) || proc.prosrc != builtin.prosrc) continue;
      found = true;
      nargs_match = nargs_match || proc.nargs == builtin.nargs;
    }
    EXPECT_TRUE(found) << builtin.prosrc << " is not an internal or SQL function in pg_proc.tsv";
    EXPECT_TRUE(nargs_match) << builtin.prosrc << " registered with " << builtin.nargs
                             << " arguments";
  }
}

TEST(RegistryConsistencyTest, FindsRegisteredNamesAndRejectsUnknownOnes) {
  ASSERT_NE(FindBuiltin("int4pl"), nullptr);
  EXPECT_EQ(FindBuiltin("int4pl")->nargs, 2);
  EXPECT_EQ(FindBuiltin("no_such_function"), nullptr);
  try {
    BuiltinByName("no_such_function");
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kFeatureNotSupported);
    EXPECT_EQ(e.message(), "function no_such_function is not implemented in Hyrax");
  }
}

}  // namespace
}  // namespace hyrax::executor::testing
