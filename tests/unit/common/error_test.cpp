// hyrax::Error carries the ErrorResponse fields set by the fluent builder.
#include "common/error.h"

#include <gtest/gtest.h>

namespace hyrax {
namespace {

TEST(ErrorTest, BuilderSetsFields) {
  try {
    throw MakeError(errcode::kUndefinedTable, "relation \"{}\" does not exist", "t")
        .Position(15)
        .Hint("Create it first.");
  } catch (const Error& e) {
    EXPECT_EQ(e.code().view(), "42P01");
    EXPECT_EQ(e.message(), "relation \"t\" does not exist");
    EXPECT_EQ(e.position(), 15);
    EXPECT_EQ(e.hint(), "Create it first.");
    EXPECT_EQ(e.severity(), Severity::kError);
    return;
  }
  FAIL() << "no exception";
}

TEST(ErrorTest, SqlStateClass) {
  EXPECT_EQ(errcode::kUniqueViolation.class_code(), "23");
  EXPECT_EQ(errcode::kSyntaxError.view(), "42601");
}

}  // namespace
}  // namespace hyrax
