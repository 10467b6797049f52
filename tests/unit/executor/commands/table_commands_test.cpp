// CREATE TABLE / DROP TABLE / TRUNCATE (and the index checks bt_index_check /
// bt_index_parent_check) run in-process against a whole engine
// (tests/support/unit/engine_test_env.h): statements analyzed with parser::ParseAndAnalyze,
// utility statements executed by executor/commands, queries planned and executed. Checks
// catalog rows, column defaults in INSERT/UPDATE, CHECK constraints, IF [NOT] EXISTS
// notices, SQLSTATEs and messages (taken from PostgreSQL 15), and that ROLLBACK undoes
// each command.
#include "executor/commands/table_commands.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/notice.h"
#include "common/varlena.h"
#include "executor/commands/index_commands.h"
#include "executor/exec/executor.h"
#include "executor/exec/index_relation.h"
#include "executor/functions/type_io.h"
#include "parser/analyze/analyze.h"
#include "planner/planner.h"
#include "storage/btree/btree_scan.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/relcache.h"
#include "storage/heap/heap_am.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"
#include "tests/support/unit/engine_test_env.h"
#include "tests/unit/executor/commands/commands_test_fixture.h"

namespace hyrax::executor::commands {
namespace {

using TableCommandsTest = CommandsTest;

const std::nullopt_t null = std::nullopt;

// 3200 pseudo-random hex digits: too random to compress below the TOAST threshold, so
// the value is stored out of line in the table's TOAST table.
std::string WideValue(uint32_t seed) {
  std::string out;
  for (int i = 0; i < 3200; ++i) {
    seed = seed * 1664525u + 1013904223u;
    out += "0123456789abcdef"[seed >> 28];
  }
  return out;
}

// INSERT INTO t VALUES (1, <wide>), (2, <wide>), (3, <wide>)
std::string InsertWideRows() {
  std::string sql = "INSERT INTO t VALUES ";
  for (int i = 1; i <= 3; ++i) {
    if (i > 1) sql += ", ";
    sql += "(" + std::to_string(i) + ", '" + WideValue(static_cast<uint32_t>(i)) + "')";
  }
  return sql;
}

TEST_F(TableCommandsTest, CreateTableWritesColumnsDefaultsAndNotNull) {
  Run("CREATE TABLE t (a int NOT NULL, b text DEFAULT 'x', c int DEFAULT 40 + 2, "
      "d varchar(5) COLLATE \"C\", e numeric DEFAULT NULL)");
  auto cls = FindTable("t");
  ASSERT_TRUE(cls.has_value());
  EXPECT_EQ(cls->relkind, 'r');
  EXPECT_EQ(cls->relnatts, 5);
  EXPECT_EQ(cls->relowner, catalog::kBootstrapSuperuserId);
  storage::StartTransactionCommand();
  auto attrs = catalog::Syscache().AttributesOf(cls->oid);
  ASSERT_EQ(attrs.size(), 5u);
  EXPECT_TRUE(attrs[0].attnotnull);
  EXPECT_FALSE(attrs[1].attnotnull);
  EXPECT_EQ(attrs[3].atttypid, 1043u);
  EXPECT_EQ(attrs[3].atttypmod, 9);
  EXPECT_EQ(attrs[3].attcollation, 950u);  // "C"
  EXPECT_FALSE(attrs[0].atthasdef);
  EXPECT_TRUE(attrs[1].atthasdef);
  EXPECT_TRUE(attrs[2].atthasdef);
  EXPECT_FALSE(attrs[4].atthasdef);  // DEFAULT NULL stores nothing, as PostgreSQL
  auto defaults = catalog::Syscache().DefaultsOf(cls->oid);
  ASSERT_EQ(defaults.size(), 2u);
  storage::CommitTransactionCommand();
  EXPECT_TRUE(notices_.empty());
}

TEST_F(TableCommandsTest, InsertAndUpdateUseColumnDefaults) {
  Run("CREATE TABLE t (a int NOT NULL, b text DEFAULT 'x', c int DEFAULT 40 + 2, d int)");
  Run("INSERT INTO t (a) VALUES (1)");
  Run("INSERT INTO t VALUES (2, DEFAULT, DEFAULT, DEFAULT)");
  Run("INSERT INTO t VALUES (3, 'y', 7, 7), (4, DEFAULT, DEFAULT, 8), (5, 'z', DEFAULT, DEFAULT)");
  Run("INSERT INTO t (c, a) SELECT 9, 6");
  EXPECT_EQ(Run("SELECT a, b, c, d FROM t ORDER BY a"), (Rows{{"1", "x", "42", null},
                                                              {"2", "x", "42", null},
                                                              {"3", "y", "7", "7"},
                                                              {"4", "x", "42", "8"},
                                                              {"5", "z", "42", null},
                                                              {"6", "x", "9", null}}));
  Run("UPDATE t SET b = DEFAULT, d = DEFAULT WHERE a = 3");
  Run("UPDATE t SET (b, c) = (DEFAULT, 0) WHERE a = 5");
  EXPECT_EQ(Run("SELECT a, b, c, d FROM t WHERE a IN (3, 5) ORDER BY a"),
            (Rows{{"3", "x", "7", null}, {"5", "x", "0", null}}));
}

TEST_F(TableCommandsTest, NotNullColumnWithoutDefaultRejectsOmissionAndDefault) {
  Run("CREATE TABLE t (a int NOT NULL, b text DEFAULT 'x')");
  Error e = ErrorOf("INSERT INTO t (b) VALUES ('q')");
  EXPECT_EQ(e.code(), errcode::kNotNullViolation);
  EXPECT_EQ(e.message(),
            "null value in column \"a\" of relation \"t\" violates not-null constraint");
  EXPECT_EQ(e.detail(), "Failing row contains (null, q).");
  EXPECT_EQ(ErrorOf("INSERT INTO t DEFAULT VALUES").detail(), "Failing row contains (null, x).");
  Run("INSERT INTO t VALUES (1)");
  e = ErrorOf("UPDATE t SET a = DEFAULT");
  EXPECT_EQ(e.code(), errcode::kNotNullViolation);
  EXPECT_EQ(e.detail(), "Failing row contains (null, x).");
}

TEST_F(TableCommandsTest, VolatileDefaultIsEvaluatedPerRow) {
  Run("CREATE TABLE t (a int, r float8 DEFAULT random(), ts timestamptz DEFAULT now())");
  Run("INSERT INTO t (a) VALUES (1), (2), (3)");
  EXPECT_EQ(Run("SELECT count(ts), min(r) < max(r) FROM t"), (Rows{{"3", "t"}}));
}

TEST_F(TableCommandsTest, CreateIfNotExistsEmitsNotice) {
  Run("CREATE TABLE t (a int)");
  Run("CREATE TABLE IF NOT EXISTS t (z text)");
  ASSERT_EQ(notices_.size(), 1u);
  EXPECT_EQ(notices_[0].code(), errcode::kDuplicateTable);
  EXPECT_EQ(notices_[0].severity(), Severity::kNotice);
  EXPECT_EQ(notices_[0].message(), "relation \"t\" already exists, skipping");
  storage::StartTransactionCommand();
  EXPECT_EQ(catalog::Syscache().AttributesOf(FindTableInTxn("t"))[0].attname, "a");
  storage::CommitTransactionCommand();

  Error e = ErrorOf("CREATE TABLE t (z text)");
  EXPECT_EQ(e.code(), errcode::kDuplicateTable);
  EXPECT_EQ(e.message(), "relation \"t\" already exists");
}

TEST_F(TableCommandsTest, SerialColumnOwnsASequenceThatSurvivesACrash) {
  Run("CREATE TABLE ser (id serial, v text)");
  std::optional<catalog::PgClass> seq = FindTable("ser_id_seq");
  ASSERT_TRUE(seq.has_value());
  EXPECT_EQ(seq->relkind, 'S');
  Run("INSERT INTO ser (v) VALUES ('a'), ('b'), ('c')");
  EXPECT_EQ(Run("SELECT max(id) FROM ser"), (Rows{{"3"}}));
  // nextval is not undone by ROLLBACK.
  storage::StartTransactionCommand();
  Exec("SELECT nextval('ser_id_seq')");
  storage::AbortCurrentTransaction();
  CrashAndRecover();
  Rows next = Run("SELECT nextval('ser_id_seq')");
  ASSERT_EQ(next.size(), 1u);
  EXPECT_GT(std::stoll(*next[0][0]), 4);
  Run("DROP TABLE ser");
  EXPECT_FALSE(FindTable("ser_id_seq").has_value());
}

TEST_F(TableCommandsTest, UnsupportedFeaturesRaise0A000AndCreateNothing) {
  struct Case {
    const char* sql;
    const char* message;
  };
  const Case cases[] = {
      {"CREATE TABLE u (a int, b int GENERATED ALWAYS AS (a * 2) STORED)",
       "generated columns are not supported yet"},
  };
  for (const auto& c : cases) {
    Error e = ErrorOf(c.sql);
    EXPECT_EQ(e.code(), errcode::kFeatureNotSupported) << c.sql;
    EXPECT_EQ(e.message(), c.message) << c.sql;
  }
  EXPECT_FALSE(FindTable("u").has_value());
}

TEST_F(TableCommandsTest, TablespaceAndAccessMethodErrorsMatchPostgres) {
  Error e = ErrorOf("CREATE TABLE u (a int) TABLESPACE foo");
  EXPECT_EQ(e.code(), errcode::kUndefinedObject);
  EXPECT_EQ(e.message(), "tablespace \"foo\" does not exist");
  e = ErrorOf("CREATE TABLE u (a int) TABLESPACE pg_global");
  EXPECT_EQ(e.code(), errcode::kInvalidParameterValue);
  EXPECT_EQ(e.message(), "only shared relations can be placed in pg_global tablespace");
  e = ErrorOf("CREATE TABLE u (a int) USING foo");
  EXPECT_EQ(e.code(), errcode::kUndefinedObject);
  EXPECT_EQ(e.message(), "access method \"foo\" does not exist");
  e = ErrorOf("CREATE TABLE u (a int) USING btree");
  EXPECT_EQ(e.code(), errcode::kObjectNotInPrerequisiteState);
  EXPECT_EQ(e.message(), "access method \"btree\" is not of type TABLE");
  Run("CREATE TABLE u (a int) USING heap TABLESPACE pg_default");
  Run("CREATE UNLOGGED TABLE ul (a int) WITH (fillfactor = 70)");
  auto ul = FindTable("ul");
  ASSERT_TRUE(ul.has_value());
  EXPECT_EQ(ul->relpersistence, 'u');
  EXPECT_EQ(ul->reloptions, std::vector<std::string>{"fillfactor=70"});
}

TEST_F(TableCommandsTest, CheckConstraintsAreNamedStoredAndEnforced) {
  Run("CREATE TABLE ck (a int CHECK (a > 0), b int, CHECK (a < b), "
      "CONSTRAINT named CHECK (b > 0), c int CHECK (a + c > 0))");
  auto cls = FindTable("ck");
  ASSERT_TRUE(cls.has_value());
  EXPECT_EQ(cls->relchecks, 4);
  storage::StartTransactionCommand();
  auto cons = catalog::Syscache().ConstraintsOf(cls->oid);
  storage::CommitTransactionCommand();
  std::map<std::string, std::vector<int16_t>> keys;
  for (const auto& c : cons) {
    EXPECT_EQ(c.contype, 'c');
    EXPECT_TRUE(c.convalidated);
    EXPECT_EQ(c.connamespace, catalog::kPublicNamespace);
    keys[c.conname] = c.conkey;
  }
  // As PostgreSQL 15 names and records them.
  EXPECT_EQ(keys,
            (std::map<std::string, std::vector<int16_t>>{
                {"ck_a_check", {1}}, {"ck_check", {1, 2}}, {"ck_check1", {1, 3}}, {"named", {2}}}));

  Error e = ErrorOf("INSERT INTO ck VALUES (-1, 2, 3)");
  EXPECT_EQ(e.code(), errcode::kCheckViolation);
  EXPECT_EQ(e.message(), "new row for relation \"ck\" violates check constraint \"ck_a_check\"");
  EXPECT_EQ(e.detail(), "Failing row contains (-1, 2, 3).");
  EXPECT_EQ(e.constraint(), "ck_a_check");
  EXPECT_EQ(e.table(), "ck");
  EXPECT_EQ(e.schema(), "public");
  // Checked in name order: ck_check fails before ck_check1 would pass.
  EXPECT_EQ(ErrorOf("INSERT INTO ck VALUES (5, 2, 3)").constraint(), "ck_check");
  Run("INSERT INTO ck VALUES (1, 2, 3)");
  e = ErrorOf("UPDATE ck SET b = -5");
  EXPECT_EQ(e.message(), "new row for relation \"ck\" violates check constraint \"ck_check\"");
  EXPECT_EQ(e.detail(), "Failing row contains (1, -5, 3).");
  Run("INSERT INTO ck VALUES (NULL, NULL, NULL)");  // NULL is not false
  EXPECT_EQ(Run("SELECT count(*) FROM ck"), (Rows{{"2"}}));
}

TEST_F(TableCommandsTest, CheckConstraintNamesAvoidCollisions) {
  Run("CREATE TABLE ck3 (a int CHECK (a > 0), CHECK (a > 0))");
  Run("CREATE TABLE ck4 (x int CONSTRAINT ck5_x_check CHECK (x > 0))");
  Run("CREATE TABLE ck5 (x int CHECK (x > 0))");  // the name is taken in the schema
  storage::StartTransactionCommand();
  std::vector<std::string> names;
  for (const char* t : {"ck3", "ck5"}) {
    for (const auto& c : catalog::Syscache().ConstraintsOf(FindTableInTxn(t))) {
      names.push_back(c.conname);
    }
  }
  storage::CommitTransactionCommand();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"ck3_a_check", "ck3_a_check1", "ck5_x_check1"}));

  Error e = ErrorOf(
      "CREATE TABLE ck2 (a int CONSTRAINT c1 CHECK (a > 0), b int CONSTRAINT c1 "
      "CHECK (b > 0))");
  EXPECT_EQ(e.code(), errcode::kDuplicateObject);
  EXPECT_EQ(e.message(), "check constraint \"c1\" already exists");
  EXPECT_FALSE(FindTable("ck2").has_value());
}

TEST_F(TableCommandsTest, DropTableRemovesItAndReportsMissingOnes) {
  Run("CREATE TABLE t (a int DEFAULT 1 CHECK (a > 0))");
  Oid relid = FindTable("t")->oid;
  Run("DROP TABLE IF EXISTS nope, t");
  ASSERT_EQ(notices_.size(), 1u);
  EXPECT_EQ(notices_[0].code(), errcode::kSuccessfulCompletion);
  EXPECT_EQ(notices_[0].severity(), Severity::kNotice);
  EXPECT_EQ(notices_[0].message(), "table \"nope\" does not exist, skipping");
  EXPECT_FALSE(FindTable("t").has_value());
  storage::StartTransactionCommand();
  EXPECT_EQ(catalog::RelationIdGetRelation(relid), nullptr);
  EXPECT_TRUE(catalog::Syscache().AttributesOf(relid).empty());
  EXPECT_TRUE(catalog::Syscache().DefaultsOf(relid).empty());
  EXPECT_TRUE(catalog::Syscache().ConstraintsOf(relid).empty());
  EXPECT_FALSE(catalog::Syscache().TypeByName("t", catalog::kPublicNamespace).has_value());
  storage::CommitTransactionCommand();

  Error e = ErrorOf("DROP TABLE t");
  EXPECT_EQ(e.code(), errcode::kUndefinedTable);
  EXPECT_EQ(e.message(), "table \"t\" does not exist");
  e = ErrorOf("DROP TABLE pg_class");
  EXPECT_EQ(e.code(), errcode::kInsufficientPrivilege);
  EXPECT_EQ(e.message(), "permission denied: \"pg_class\" is a system catalog");

  // Named twice, dropped once; CASCADE accepted.
  Run("CREATE TABLE t (a int); CREATE TABLE u (b int)");
  Run("DROP TABLE t, u, t CASCADE");
  EXPECT_FALSE(FindTable("t").has_value());
  EXPECT_FALSE(FindTable("u").has_value());
  // The name can be used again.
  Run("CREATE TABLE t (x text)");
  EXPECT_EQ(Run("INSERT INTO t VALUES ('again') RETURNING x"), (Rows{{"again"}}));
}

TEST_F(TableCommandsTest, DropOfOtherKindsIsNotSupportedUnlessAllMissing) {
  Run("DROP VIEW IF EXISTS v1, v2");
  ASSERT_EQ(notices_.size(), 2u);
  EXPECT_EQ(notices_[0].message(), "view \"v1\" does not exist, skipping");
  EXPECT_EQ(notices_[1].message(), "view \"v2\" does not exist, skipping");
  Run("CREATE TABLE t (a int)");
  nodes::DropStmt stmt;
  stmt.remove_type = nodes::ObjectType::kForeignTable;
  stmt.objects.push_back(nodes::DropObject{{"t"}, FindTable("t")->oid, ""});
  storage::StartTransactionCommand();
  try {
    DropObjects(stmt);
    ADD_FAILURE() << "DROP FOREIGN TABLE did not fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kFeatureNotSupported);
    EXPECT_EQ(e.message(), "DROP FOREIGN TABLE is not supported yet");
  }
  storage::AbortCurrentTransaction();
}

TEST_F(TableCommandsTest, TruncateEmptiesTablesWithNewFiles) {
  Run("CREATE TABLE t (a int, b text); CREATE TABLE u (c int)");
  Run(InsertWideRows());
  Run("INSERT INTO u VALUES (1), (2)");
  auto before = FindTable("t");
  ASSERT_NE(before->reltoastrelid, kInvalidOid);
  EXPECT_EQ(Run("SELECT count(*), sum(length(b)) FROM t"), (Rows{{"3", "9600"}}));
  Run("TRUNCATE t, u, t");
  auto after = FindTable("t");
  EXPECT_NE(after->relfilenode, before->relfilenode);
  EXPECT_EQ(after->relpages, 0);
  EXPECT_EQ(Run("SELECT count(*) FROM t"), (Rows{{"0"}}));
  EXPECT_EQ(Run("SELECT count(*) FROM u"), (Rows{{"0"}}));
  Run("INSERT INTO t SELECT 7, repeat(md5('x'), 400)");
  EXPECT_EQ(Run("SELECT a, length(b), b = repeat(md5('x'), 400) FROM t"),
            (Rows{{"7", "12800", "t"}}));

  Error e = ErrorOf("TRUNCATE pg_class");
  EXPECT_EQ(e.code(), errcode::kInsufficientPrivilege);
  EXPECT_EQ(e.message(), "permission denied: \"pg_class\" is a system catalog");
}

TEST_F(TableCommandsTest, RollbackUndoesTruncate) {
  Run("CREATE TABLE t (a int, b text)");
  Run(InsertWideRows());
  Oid filenode = FindTable("t")->relfilenode;
  storage::StartTransactionCommand();
  Exec("TRUNCATE t");
  EXPECT_EQ(Exec("SELECT count(*) FROM t"), (Rows{{"0"}}));
  Exec("INSERT INTO t VALUES (10, 'inside')");
  EXPECT_EQ(Exec("SELECT a, b FROM t"), (Rows{{"10", "inside"}}));
  storage::AbortCurrentTransaction();
  EXPECT_EQ(FindTable("t")->relfilenode, filenode);
  EXPECT_EQ(Run("SELECT a, length(b) FROM t ORDER BY a"),
            (Rows{{"1", "3200"}, {"2", "3200"}, {"3", "3200"}}));
}

TEST_F(TableCommandsTest, RollbackUndoesCreate) {
  storage::StartTransactionCommand();
  Exec("CREATE TABLE r (a int DEFAULT 5, CHECK (a < 100))");
  Exec("INSERT INTO r DEFAULT VALUES");
  EXPECT_EQ(Exec("SELECT a FROM r"), (Rows{{"5"}}));
  Oid relid = FindTableInTxn("r");
  storage::AbortCurrentTransaction();
  EXPECT_FALSE(FindTable("r").has_value());
  storage::StartTransactionCommand();
  EXPECT_EQ(catalog::RelationIdGetRelation(relid), nullptr);
  EXPECT_TRUE(catalog::Syscache().DefaultsOf(relid).empty());
  EXPECT_TRUE(catalog::Syscache().ConstraintsOf(relid).empty());
  storage::CommitTransactionCommand();
  Run("CREATE TABLE r (b text)");
  EXPECT_EQ(Run("INSERT INTO r VALUES ('ok') RETURNING b"), (Rows{{"ok"}}));
}

TEST_F(TableCommandsTest, RollbackUndoesDrop) {
  Run("CREATE TABLE d (a int DEFAULT 3, b text)");
  Run("INSERT INTO d VALUES (1, 'one'), (2, 'two')");
  storage::StartTransactionCommand();
  Exec("DROP TABLE d");
  EXPECT_FALSE(catalog::Syscache().RelationByName("d", catalog::kPublicNamespace).has_value());
  storage::AbortCurrentTransaction();
  EXPECT_TRUE(FindTable("d").has_value());
  Run("INSERT INTO d (b) VALUES ('three')");
  EXPECT_EQ(Run("SELECT a, b FROM d ORDER BY a"),
            (Rows{{"1", "one"}, {"2", "two"}, {"3", "three"}}));
}

TEST_F(TableCommandsTest, CreateAndDropInOneTransaction) {
  storage::StartTransactionCommand();
  Exec("CREATE TABLE t (a int CHECK (a > 0))");
  Exec("INSERT INTO t VALUES (1)");
  Exec("TRUNCATE t");
  Exec("DROP TABLE t");
  Exec("CREATE TABLE t (b text)");
  storage::CommitTransactionCommand();
  storage::StartTransactionCommand();
  auto attrs = catalog::Syscache().AttributesOf(FindTableInTxn("t"));
  ASSERT_EQ(attrs.size(), 1u);
  EXPECT_EQ(attrs[0].attname, "b");
  storage::CommitTransactionCommand();
}

}  // namespace
}  // namespace hyrax::executor::commands

namespace hyrax::executor::commands {
namespace {

TEST_F(TableCommandsTest, UniqueViolationsReportTheKeyAsPostgres) {
  Run("CREATE TABLE t (a int PRIMARY KEY, b text, c int, UNIQUE (b, c))");
  Run("INSERT INTO t VALUES (1, 'x', 1), (2, 'x', NULL), (3, 'x', NULL)");
  Error e = ErrorOf("INSERT INTO t VALUES (1, 'y', 2)");
  EXPECT_EQ(e.code(), errcode::kUniqueViolation);
  EXPECT_EQ(e.message(), "duplicate key value violates unique constraint \"t_pkey\"");
  EXPECT_EQ(e.detail(), "Key (a)=(1) already exists.");
  e = ErrorOf("UPDATE t SET c = 1 WHERE a = 2");
  EXPECT_EQ(e.code(), errcode::kUniqueViolation);
  EXPECT_EQ(e.message(), "duplicate key value violates unique constraint \"t_b_c_key\"");
  EXPECT_EQ(e.detail(), "Key (b, c)=(x, 1) already exists.");
  e = ErrorOf("CREATE UNIQUE INDEX ON t (b)");
  EXPECT_EQ(e.code(), errcode::kUniqueViolation);
  EXPECT_EQ(e.message(), "could not create unique index \"t_b_idx\"");
  EXPECT_EQ(e.detail(), "Key (b)=(x) is duplicated.");
  // The failed statements left nothing behind; the rows are unchanged.
  EXPECT_EQ(Run("SELECT a, b, c FROM t ORDER BY a"),
            (Rows{{"1", "x", "1"}, {"2", "x", null}, {"3", "x", null}}));
}

TEST_F(TableCommandsTest, IndexBuildSkipsDeadRowsAndIndexesNewVersions) {
  Run("CREATE TABLE t (a int, b text)");
  Run("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  Run("DELETE FROM t WHERE a = 2");
  Run("UPDATE t SET b = 'cc' WHERE a = 3");
  // The deleted row and the old version of a = 3 are dead to everyone: a unique index on
  // a can be built, and later inserts are checked against the live rows only.
  Run("CREATE UNIQUE INDEX t_a ON t (a)");
  Run("INSERT INTO t VALUES (2, 'again')");
  EXPECT_EQ(ErrorOf("INSERT INTO t VALUES (3, 'dup')").code(), errcode::kUniqueViolation);
  EXPECT_EQ(ErrorOf("UPDATE t SET a = 1 WHERE a = 2").code(), errcode::kUniqueViolation);
  // ROLLBACK of CREATE INDEX leaves the table without it.
  storage::StartTransactionCommand();
  Exec("CREATE UNIQUE INDEX t_b ON t (b)");
  storage::AbortCurrentTransaction();
  Run("INSERT INTO t VALUES (4, 'a')");
  EXPECT_FALSE(FindTable("t_b").has_value());
  // DROP TABLE takes its indexes along.
  Run("DROP TABLE t");
  EXPECT_FALSE(FindTable("t_a").has_value());
}

TEST_F(TableCommandsTest, IndexBuildsAndInsertsSurviveACrash) {
  Run("CREATE TABLE t (a int PRIMARY KEY, b text)");
  std::string sql = "INSERT INTO t VALUES ";
  for (int i = 1; i <= 2000; ++i) {
    if (i > 1) sql += ", ";
    sql += "(" + std::to_string(i) + ", 'row " + std::to_string(i) + "')";
  }
  Run(sql);
  Run("CREATE INDEX t_b_idx ON t (b)");
  Run("INSERT INTO t VALUES (5000, 'late')");
  CrashAndRecover();
  EXPECT_EQ(ErrorOf("INSERT INTO t VALUES (5000, 'dup')").code(), errcode::kUniqueViolation);
  EXPECT_EQ(ErrorOf("INSERT INTO t VALUES (1500, 'dup')").code(), errcode::kUniqueViolation);
  storage::StartTransactionCommand();
  catalog::RelationPtr heap = catalog::RelationIdGetRelation(FindTableInTxn("t"));
  ASSERT_NE(heap, nullptr);
  auto indexes = OpenTableIndexes(*heap);
  ASSERT_EQ(indexes.size(), 2u);
  for (const auto& index : indexes) {
    EXPECT_TRUE(storage::BtreeVerify(index->info).empty()) << index->info.name;
    storage::BtreeScan scan(index->info);
    scan.Rescan({});
    storage::ItemPointerData tid;
    int entries = 0;
    while (scan.Next(storage::ScanDirection::kForward, &tid)) ++entries;
    EXPECT_EQ(entries, 2001) << index->info.name;
  }
  storage::CommitTransactionCommand();
}

TEST_F(TableCommandsTest, IndexChecksPassOnMaintainedIndexes) {
  Run("CREATE TABLE t (a int PRIMARY KEY, b text, c int8)");
  Run("CREATE INDEX t_b_c ON t (b DESC NULLS LAST, c)");
  Run("INSERT INTO t SELECT g, 'v' || (g % 50), g % 7 FROM generate_series(1, 3000) g");
  Run("UPDATE t SET c = c + 1 WHERE a % 4 = 0");
  Run("DELETE FROM t WHERE a % 9 = 0");
  const Rows rows =
      Run("SELECT bt_index_check('t_pkey', true), bt_index_parent_check('t_b_c', true, true)");
  EXPECT_EQ(rows, (Rows{{"", ""}}));
  EXPECT_EQ(ErrorOf("SELECT bt_index_check('t', true)").message(), "\"t\" is not an index");
}

TEST_F(TableCommandsTest, HeapAllIndexedFindsARowWithoutIndexEntry) {
  Run("CREATE TABLE t (a int, b text)");
  Run("CREATE INDEX t_a ON t (a)");
  Run("INSERT INTO t SELECT g, 'x' FROM generate_series(1, 100) g");
  // A row stored by the heap alone, as if an index insertion had been lost.
  storage::StartTransactionCommand();
  catalog::RelationPtr heap = catalog::RelationIdGetRelation(FindTableInTxn("t"));
  ASSERT_NE(heap, nullptr);
  Datum values[2] = {Int32GetDatum(500), CStringGetTextDatum("lost")};
  bool isnull[2] = {false, false};
  storage::HeapTuple tuple = storage::HeapFormTuple(*heap->desc, values, isnull);
  storage::HeapInsert(heap->heap, &tuple, storage::GetCurrentCommandId(true));
  storage::CommitTransactionCommand();
  const std::string tid = fmt::format("({},{})", tuple.self.block(), tuple.self.offset());
  // The tree itself is sound; only the heap-side check notices.
  EXPECT_EQ(Run("SELECT bt_index_parent_check('t_a')"), (Rows{{""}}));
  const Error light = ErrorOf("SELECT bt_index_check('t_a', true)");
  EXPECT_EQ(light.code(), errcode::kIndexCorrupted);
  EXPECT_EQ(light.message(), "heap tuple " + tid +
                                 " from table \"t\" lacks matching index tuple within index "
                                 "\"t_a\"");
  EXPECT_EQ(light.hint(),
            "Retrying verification using the function bt_index_parent_check() might provide a "
            "more specific error.");
  const Error full = ErrorOf("SELECT bt_index_parent_check('t_a', true)");
  EXPECT_EQ(full.code(), errcode::kIndexCorrupted);
  EXPECT_EQ(full.message(), light.message());
  EXPECT_EQ(full.hint(), "");
}

TEST_F(TableCommandsTest, TruncateAndDropIndex) {
  Run("CREATE TABLE t (a int UNIQUE)");
  Run("CREATE INDEX ON t (a)");
  Run("INSERT INTO t VALUES (1), (2)");
  Run("TRUNCATE t");
  Run("INSERT INTO t VALUES (1)");
  EXPECT_EQ(ErrorOf("INSERT INTO t VALUES (1)").code(), errcode::kUniqueViolation);
  Error e = ErrorOf("DROP INDEX t_a_key");
  EXPECT_EQ(e.code(), errcode::kDependentObjectsStillExist);
  EXPECT_EQ(e.message(),
            "cannot drop index t_a_key because constraint t_a_key on table t requires it");
  Run("DROP INDEX t_a_idx");
  EXPECT_FALSE(FindTable("t_a_idx").has_value());
  EXPECT_TRUE(FindTable("t_a_key").has_value());
}

}  // namespace
}  // namespace hyrax::executor::commands
