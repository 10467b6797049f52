// CREATE VIEW, CREATE TABLE AS and temporary tables run in-process against a whole engine
// (commands_test_fixture.h): the view's pg_rewrite/pg_depend rows and its expansion in
// queries, dependency errors and CASCADE on DROP, OR REPLACE seen through a view that reads
// the view, the table a CREATE TABLE AS derives from its query and the rows IntoRelDest
// writes, the session's pg_temp_N schema (and the adoption of one left by a crashed
// session), and ON COMMIT actions. Messages are PostgreSQL 15's.
#include <string>

#include <gtest/gtest.h>

#include "executor/commands/create_table_as.h"
#include "executor/commands/temp_namespace.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/pg_depend.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/view_rule.h"
#include "storage/txn/proc_array.h"
#include "tests/unit/executor/commands/commands_test_fixture.h"

namespace hyrax::executor::commands {
namespace {

using ViewTempCommandsTest = CommandsTest;

Oid RelidInTxn(const std::string& name) {
  Oid relid = catalog::RelnameGetRelid(name);
  return relid;
}

TEST_F(ViewTempCommandsTest, ViewStoresItsQueryAndDependencies) {
  Run("CREATE TABLE t (a int, b text); INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z');"
      "CREATE VIEW v (first) AS SELECT a, b FROM t WHERE a > 1");
  storage::StartTransactionCommand();
  Oid table = RelidInTxn("t");
  Oid view = RelidInTxn("v");
  ASSERT_NE(view, kInvalidOid);
  EXPECT_EQ(catalog::Syscache().RelationByOid(view)->relkind, 'v');
  auto rule = catalog::ViewRuleOf(view);
  ASSERT_TRUE(rule.has_value());
  EXPECT_EQ(rule->rulename, "_RETURN");
  EXPECT_FALSE(catalog::RelationIdGetRelation(view)->view_action.empty());
  // The rule depends on each column of the table it reads (normal, refobjsubid = attnum,
  // as PostgreSQL) and is part of the view (internal).
  auto on_table = catalog::DependentsOf(catalog::kRelationRelationId, table);
  ASSERT_EQ(on_table.size(), 2u);
  for (const auto& dep : on_table) {
    EXPECT_EQ(dep.objid, rule->oid);
    EXPECT_EQ(dep.deptype, 'n');
  }
  EXPECT_EQ(on_table[0].refobjsubid + on_table[1].refobjsubid, 1 + 2);
  auto on_view = catalog::DependentsOf(catalog::kRelationRelationId, view);
  ASSERT_EQ(on_view.size(), 1u);
  EXPECT_EQ(on_view[0].deptype, 'i');
  storage::CommitTransactionCommand();
  EXPECT_EQ(Run("SELECT first, b FROM v ORDER BY first"), (Rows{{"2", "y"}, {"3", "z"}}));
}

TEST_F(ViewTempCommandsTest, DropRefusesDependentViewsUnlessCascade) {
  Run("CREATE TABLE t (a int); CREATE VIEW v1 AS SELECT a FROM t;"
      "CREATE VIEW v2 AS SELECT a FROM v1");
  Error e = ErrorOf("DROP TABLE t");
  EXPECT_EQ(e.code(), errcode::kDependentObjectsStillExist);
  EXPECT_EQ(e.message(), "cannot drop table t because other objects depend on it");
  EXPECT_EQ(e.detail(), "view v1 depends on table t\nview v2 depends on view v1");
  EXPECT_EQ(e.hint(), "Use DROP ... CASCADE to drop the dependent objects too.");
  e = ErrorOf("DROP VIEW v1");
  EXPECT_EQ(e.detail(), "view v2 depends on view v1");

  notices_.clear();
  Run("DROP TABLE t CASCADE");
  ASSERT_EQ(notices_.size(), 1u);
  EXPECT_EQ(notices_[0].message(), "drop cascades to 2 other objects");
  EXPECT_EQ(notices_[0].detail(), "drop cascades to view v1\ndrop cascades to view v2");
  EXPECT_FALSE(FindTable("v1").has_value());
  EXPECT_FALSE(FindTable("v2").has_value());
  storage::StartTransactionCommand();
  EXPECT_TRUE(catalog::ScanCatalog<catalog::PgRewrite>().empty());
  EXPECT_TRUE(catalog::ScanCatalog<catalog::PgDepend>().empty());
  storage::CommitTransactionCommand();
}

TEST_F(ViewTempCommandsTest, ReplacedViewIsSeenThroughViewsThatReadIt) {
  Run("CREATE TABLE t (a int); INSERT INTO t VALUES (1), (2);"
      "CREATE VIEW inner_v AS SELECT a FROM t WHERE a = 1;"
      "CREATE VIEW outer_v AS SELECT a FROM inner_v");
  EXPECT_EQ(Run("SELECT count(*) FROM outer_v"), (Rows{{"1"}}));
  Run("CREATE OR REPLACE VIEW inner_v AS SELECT a, a * 10 AS ten FROM t");
  EXPECT_EQ(Run("SELECT count(*) FROM outer_v"), (Rows{{"2"}}));
  EXPECT_EQ(Run("SELECT ten FROM inner_v ORDER BY 1"), (Rows{{"10"}, {"20"}}));
  Error e = ErrorOf("CREATE OR REPLACE VIEW inner_v AS SELECT a::text, a * 10 AS ten FROM t");
  EXPECT_EQ(e.message(), "cannot change data type of view column \"a\" from integer to text");
}

TEST_F(ViewTempCommandsTest, CreateTableAsDerivesColumnsAndWritesRows) {
  Run("CREATE TABLE src (a int, b varchar(6)); "
      "INSERT INTO src SELECT g, 'r' || g FROM generate_series(1, 1500) g");
  storage::StartTransactionCommand();
  auto queries = parser::ParseAndAnalyze(
      "CREATE TABLE dst (x) AS SELECT a, b, 'lit' AS c, 1.5::numeric(3,1) AS d FROM src");
  const auto& stmt = static_cast<const nodes::CreateTableAsStmt&>(*queries[0]->utilityStmt);
  nodes::CreateTableStmt create = TableForQuery(stmt, *stmt.query);
  ASSERT_EQ(create.columns.size(), 4u);
  EXPECT_EQ(create.columns[0].name, "x");
  EXPECT_EQ(create.columns[1].name, "b");
  EXPECT_EQ(create.columns[1].typmod, 10);  // varchar(6): 6 + VARHDRSZ
  EXPECT_EQ(create.columns[2].type, Oid{25});
  EXPECT_EQ(create.columns[3].typmod, (3 << 16 | 1) + 4);
  Oid relid = CreateTable(create, catalog::kBootstrapSuperuserId);
  storage::CommandCounterIncrement();
  IntoRelDest dest(relid);
  RunQuery(*stmt.query, &dest);
  EXPECT_EQ(dest.rows(), 1500u);
  storage::CommitTransactionCommand();
  EXPECT_EQ(Run("SELECT count(*), max(x), min(b) FROM dst"), (Rows{{"1500", "1500", "r1"}}));
}

TEST_F(ViewTempCommandsTest, TempTablesLiveInTheSessionsTempSchema) {
  Run("CREATE TEMP TABLE tt (a int PRIMARY KEY); INSERT INTO tt VALUES (1)");
  storage::StartTransactionCommand();
  Oid nsp = catalog::TempNamespace();
  ASSERT_NE(nsp, kInvalidOid);
  std::string expected = "pg_temp_" + std::to_string(storage::ProcArray::MyProc()->slot_index + 1);
  EXPECT_EQ(catalog::Syscache().NamespaceByOid(nsp)->nspname, expected);
  auto rel = catalog::Syscache().RelationByName("tt", nsp);
  ASSERT_TRUE(rel.has_value());
  EXPECT_EQ(rel->relpersistence, 't');
  EXPECT_EQ(catalog::Syscache().RelationByName("tt_pkey", nsp)->relpersistence, 't');
  storage::CommitTransactionCommand();

  // A later session in the same slot (this one, forgetting its schema) adopts pg_temp_N and
  // first drops what the earlier one left there.
  catalog::SetTempNamespace(kInvalidOid);
  Run("CREATE TEMP TABLE fresh (b int)");
  storage::StartTransactionCommand();
  EXPECT_EQ(catalog::TempNamespace(), nsp);
  EXPECT_FALSE(catalog::Syscache().RelationByName("tt", nsp).has_value());
  EXPECT_TRUE(catalog::Syscache().RelationByName("fresh", nsp).has_value());
  DropSessionTempRelations();
  storage::CommitTransactionCommand();
  EXPECT_EQ(ErrorOf("SELECT * FROM fresh").code(), errcode::kUndefinedTable);
  catalog::SetTempNamespace(kInvalidOid);
}

TEST_F(ViewTempCommandsTest, OnCommitActionsRunAtCommit) {
  Run("CREATE TEMP TABLE keep (a int) ON COMMIT DELETE ROWS;"
      "CREATE TEMP TABLE gone (a int) ON COMMIT DROP");
  EXPECT_EQ(ErrorOf("SELECT * FROM gone").code(), errcode::kUndefinedTable);
  EXPECT_EQ(Run("INSERT INTO keep VALUES (1), (2); SELECT count(*) FROM keep"), (Rows{{"2"}}));
  EXPECT_EQ(Run("SELECT count(*) FROM keep"), (Rows{{"0"}}));
  storage::StartTransactionCommand();
  DropSessionTempRelations();
  storage::CommitTransactionCommand();
  catalog::SetTempNamespace(kInvalidOid);
}

}  // namespace
}  // namespace hyrax::executor::commands
