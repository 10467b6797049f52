// Every case file in cases/ (calls with the output PostgreSQL 15 produced for them, written by
// cases/gen_expected.py) gives the same text, NULL or SQLSTATE + message through Hyrax's
// built-ins. One test per file, one failure line per mismatching case.
#include <gtest/gtest.h>

#include "tests/unit/executor/functions/case_runner.h"

namespace hyrax::executor::testing {
namespace {

class BuiltinCasesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BuiltinCasesTest, MatchesPostgresOutput) {
  std::vector<CaseResult> results = RunCaseFile(GetParam());
  EXPECT_FALSE(results.empty()) << "no cases in " << GetParam();
  for (const CaseResult& r : results) {
    if (r.actual != r.expected) {
      ADD_FAILURE() << GetParam() << ":" << r.line << ": " << r.call
                    << "\n  expected: " << r.expected << "\n  actual:   " << r.actual;
    }
  }
}

std::string FileTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.find('.'));
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(CaseFiles, BuiltinCasesTest, ::testing::ValuesIn(AllCaseFiles()),
                         FileTestName);

}  // namespace
}  // namespace hyrax::executor::testing
