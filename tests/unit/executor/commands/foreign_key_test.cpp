// FOREIGN KEY constraints run in-process (tests/unit/executor/commands/commands_test_fixture.h):
// the pg_constraint row, the checks of referencing rows and the referential actions run by
// ExecutorFinish (executor/ri/), and DROP / TRUNCATE of a referenced table. Messages,
// details and SQLSTATEs are PostgreSQL 15's.
#include "executor/commands/foreign_key.h"

#include <gtest/gtest.h>

#include "tests/unit/executor/commands/commands_test_fixture.h"

namespace hyrax::executor::commands {
namespace {

using ForeignKeyTest = CommandsTest;

const std::nullopt_t null = std::nullopt;

TEST_F(ForeignKeyTest, StoresConstraintWithReferencedIndex) {
  Run("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (a int REFERENCES p)");
  EXPECT_EQ(Run("SELECT conname, contype, conindid::regclass::text, confupdtype, confdeltype, "
                "confmatchtype, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'c'::regclass"),
            (Rows{{"c_a_fkey", "f", "p_pkey", "a", "a", "s", "FOREIGN KEY (a) REFERENCES p(id)"}}));
}

TEST_F(ForeignKeyTest, MissingReferencedKeyRaises23503WithDetail) {
  Run("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (a int REFERENCES p)");
  Run("INSERT INTO p VALUES (1)");
  Run("INSERT INTO c VALUES (1), (NULL)");
  Error e = ErrorOf("INSERT INTO c VALUES (5)");
  EXPECT_EQ(e.code(), errcode::kForeignKeyViolation);
  EXPECT_EQ(e.message(),
            "insert or update on table \"c\" violates foreign key constraint \"c_a_fkey\"");
  EXPECT_EQ(e.detail(), "Key (a)=(5) is not present in table \"p\".");
  e = ErrorOf("DELETE FROM p");
  EXPECT_EQ(e.code(), errcode::kForeignKeyViolation);
  EXPECT_EQ(e.message(),
            "update or delete on table \"p\" violates foreign key constraint \"c_a_fkey\" on "
            "table \"c\"");
  EXPECT_EQ(e.detail(), "Key (id)=(1) is still referenced from table \"c\".");
  EXPECT_EQ(Run("SELECT count(*) FROM c"), (Rows{{"2"}}));
}

TEST_F(ForeignKeyTest, CascadeReachesTwoLevels) {
  Run("CREATE TABLE p (id int PRIMARY KEY);"
      "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p ON DELETE CASCADE);"
      "CREATE TABLE g (cid int REFERENCES c ON DELETE SET NULL)");
  Run("INSERT INTO p VALUES (1), (2); INSERT INTO c VALUES (10, 1), (20, 2);"
      "INSERT INTO g VALUES (10), (20)");
  Run("DELETE FROM p WHERE id = 1");
  EXPECT_EQ(Run("SELECT id FROM c"), (Rows{{"20"}}));
  EXPECT_EQ(Run("SELECT cid FROM g ORDER BY cid NULLS FIRST"), (Rows{{null}, {"20"}}));
}

TEST_F(ForeignKeyTest, DropAndTruncateOfReferencedTable) {
  Run("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (a int REFERENCES p)");
  Error e = ErrorOf("DROP TABLE p");
  EXPECT_EQ(e.code(), errcode::kDependentObjectsStillExist);
  EXPECT_EQ(e.detail(), "constraint c_a_fkey on table c depends on table p");
  e = ErrorOf("TRUNCATE p");
  EXPECT_EQ(e.code(), errcode::kFeatureNotSupported);
  EXPECT_EQ(e.message(), "cannot truncate a table referenced in a foreign key constraint");
  Run("TRUNCATE p, c");
  Run("DROP TABLE p CASCADE");
  EXPECT_EQ(Run("SELECT count(*) FROM pg_constraint WHERE contype = 'f'"), (Rows{{"0"}}));
  Run("INSERT INTO c VALUES (5)");  // the constraint went with p
}

}  // namespace
}  // namespace hyrax::executor::commands
