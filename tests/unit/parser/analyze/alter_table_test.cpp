// ALTER TABLE and RENAME bound into nodes/alter_stmts.h: subcommands see the table as the
// earlier ones changed it, defaults and USING expressions are coerced, constraints bound
// like CREATE TABLE's, and IF [NOT] EXISTS turns misses into the NOTICE to emit.
#include "../parser_test_util.h"
#include "nodes/utility_stmts.h"

namespace hyrax::parser::testing {
namespace {

using nodes::As;
using nodes::NodeTag;
using Kind = nodes::AlterTableCmdKind;

class AlterTableTest : public ParserTest {
 protected:
  static std::shared_ptr<nodes::AlterTableStmt> Alter(const std::string& sql) {
    auto q = Analyze1(sql);
    EXPECT_EQ(q->utilityStmt->tag, nodes::UtilityTag::kAlterTable) << sql;
    return std::static_pointer_cast<nodes::AlterTableStmt>(q->utilityStmt);
  }
};

TEST_F(AlterTableTest, AddColumnThenAConstraintOnIt) {
  auto stmt = Alter("alter table t add column x int default 5 not null, add check (x > a)");
  EXPECT_EQ(stmt->relid, kTableT);
  ASSERT_EQ(stmt->cmds.size(), 2u);
  EXPECT_EQ(stmt->cmds[0].kind, Kind::kAddColumn);
  EXPECT_EQ(stmt->cmds[0].attnum, 4);
  EXPECT_TRUE(stmt->cmds[0].column.not_null);
  EXPECT_EQ(stmt->cmds[0].column.default_expr->tag, NodeTag::kConst);
  EXPECT_EQ(stmt->cmds[1].kind, Kind::kAddConstraint);
  const auto& check = stmt->cmds[1].constraint;
  EXPECT_EQ(check.kind, nodes::ConstraintKind::kCheck);
  auto* op = As<nodes::OpExpr>(check.check_expr);
  EXPECT_EQ(As<nodes::Var>(op->args[0])->varattno, 4);  // the new column
}

TEST_F(AlterTableTest, ColumnConstraintsOfANewColumnFollowIt) {
  auto stmt = Alter("alter table u add column t_a int references t");
  ASSERT_EQ(stmt->cmds.size(), 2u);
  const auto& fk = stmt->cmds[1].constraint;
  EXPECT_EQ(fk.kind, nodes::ConstraintKind::kForeignKey);
  EXPECT_EQ(fk.key_attnums, (std::vector<int16_t>{6}));
  EXPECT_EQ(fk.ref_relid, kTableT);
  EXPECT_EQ(fk.ref_attnums, (std::vector<int16_t>{1}));
}

TEST_F(AlterTableTest, AlterTypeCoercesTheOldValue) {
  auto stmt = Alter("alter table t alter column c type text, alter column b type int using b::int");
  ASSERT_EQ(stmt->cmds.size(), 2u);
  EXPECT_EQ(stmt->cmds[0].column.type, 25u);
  EXPECT_EQ(stmt->cmds[0].expr->tag, NodeTag::kRelabelType);  // varchar -> text
  EXPECT_EQ(stmt->cmds[1].column.type, 23u);
  EXPECT_EQ(stmt->cmds[1].expr->tag, NodeTag::kCoerceViaIO);  // text -> int4 is an I/O cast
}

TEST_F(AlterTableTest, DroppedColumnIsInvisibleToLaterSubcommands) {
  EXPECT_PG_ERROR(AnalyzeError("alter table t drop column b, alter column b set not null"), "42703",
                  "column \"b\" of relation \"t\" does not exist", 0);
  auto stmt = Alter("alter table t drop column if exists zz, add column b2 int");
  EXPECT_EQ(stmt->cmds[0].skip_notice, "column \"zz\" of relation \"t\" does not exist, skipping");
  EXPECT_EQ(stmt->cmds[1].attnum, 4);
}

TEST_F(AlterTableTest, DefaultsAndNotNull) {
  auto stmt = Alter(
      "alter table t alter column c set default 'x', alter column b drop default, "
      "alter column b set not null");
  EXPECT_EQ(stmt->cmds[0].kind, Kind::kSetDefault);
  EXPECT_EQ(stmt->cmds[0].expr->result_type, 1043u);
  EXPECT_EQ(stmt->cmds[1].kind, Kind::kDropDefault);
  EXPECT_EQ(stmt->cmds[2].kind, Kind::kSetNotNull);
  EXPECT_EQ(stmt->cmds[2].attnum, 2);
}

TEST_F(AlterTableTest, MissingTableUnderIfExists) {
  auto stmt = Alter("alter table if exists nosuch add column x int");
  EXPECT_EQ(stmt->relid, kInvalidOid);
  EXPECT_EQ(stmt->missing_notice, "relation \"nosuch\" does not exist, skipping");
}

TEST_F(AlterTableTest, RenameTableColumnAndConstraint) {
  auto table = std::static_pointer_cast<nodes::RenameStmt>(
      Analyze1("alter table t rename to t_new")->utilityStmt);
  EXPECT_EQ(table->target, nodes::RenameTarget::kRelation);
  EXPECT_EQ(table->relid, kTableT);
  EXPECT_EQ(table->newname, "t_new");
  auto column = std::static_pointer_cast<nodes::RenameStmt>(
      Analyze1("alter table t rename column b to b2")->utilityStmt);
  EXPECT_EQ(column->attnum, 2);
  auto con = std::static_pointer_cast<nodes::RenameStmt>(
      Analyze1("alter table t rename constraint t_pkey to t_key")->utilityStmt);
  EXPECT_EQ(con->constraint_oid, 40001u);
  auto index = std::static_pointer_cast<nodes::RenameStmt>(
      Analyze1("alter index t_pkey rename to t_key")->utilityStmt);
  EXPECT_EQ(index->relid, 40002u);
}

}  // namespace
}  // namespace hyrax::parser::testing
