// SQL statements planned and executed against real heap pages in a temporary data
// directory (the storage stack of tests/unit/storage/heap/heap_test_env.h): INSERT, SELECT,
// UPDATE, DELETE with RETURNING and system columns, NOT NULL errors, and the concurrency
// rules of UPDATE (REPEATABLE READ raises 40001; READ COMMITTED re-checks the newest
// version, EvalPlanQual). Concurrent sessions are forked processes that synchronise
// through shared semaphores and the lock table (never by sleeping).
#include <algorithm>
#include <optional>

#include <gtest/gtest.h>

#include "executor/exec/executor.h"
#include "executor/functions/type_io.h"
#include "planner/explain/explain.h"
#include "planner/planner.h"
#include "storage/catalog/relcache.h"
#include "tests/unit/planner/planner_test_support.h"
#include "tests/unit/storage/heap/heap_test_env.h"

namespace hyrax::planner {
namespace {

using storage::testing::kTestRel;
using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

constexpr Oid kInt4 = testing::kInt4, kText = testing::kText;

class ExecuteHeapTest : public storage::testing::HeapTestEnv {
 protected:
  void SetUp() override {
    HeapTestEnv::SetUp();
    testing::Catalog();
    // The environment's relation, described to the catalog: heap_test(id int4 NOT NULL,
    // payload text).
    if (!testing::Catalog().RelationByOid(kTestRel)) {
      catalog::PgClass rel;
      rel.oid = kTestRel;
      rel.relname = "heap_test";
      rel.relnamespace = catalog::kPublicNamespace;
      rel.relfilenode = kTestRel;
      rel.relam = catalog::kHeapAmOid;
      rel.relnatts = 2;
      catalog::PgAttribute id;
      id.attrelid = kTestRel;
      id.attname = "id";
      id.atttypid = kInt4;
      id.attlen = 4;
      id.attbyval = true;
      id.attnum = 1;
      id.attnotnull = true;
      catalog::PgAttribute payload;
      payload.attrelid = kTestRel;
      payload.attname = "payload";
      payload.atttypid = kText;
      payload.attlen = -1;
      payload.attstorage = 'x';
      payload.attcollation = 100;
      payload.attnum = 2;
      testing::Catalog().AddRelation(rel, {id, payload});
    }
  }

  // Plans and runs `q` in the current transaction; returns rows as output text.
  static Rows Run(nodes::Query& q, uint64_t* processed = nullptr) {
    executor::QueryDesc desc;
    desc.plannedstmt = Planner(q);
    executor::CollectingDestReceiver dest;
    desc.dest = &dest;
    try {
      executor::ExecutorStart(&desc);
      executor::ExecutorRun(&desc);
      executor::ExecutorFinish(&desc);
    } catch (...) {
      executor::ExecutorEnd(&desc);
      throw;
    }
    if (processed != nullptr) *processed = desc.estate->processed;
    executor::ExecutorEnd(&desc);
    Rows rows;
    for (size_t r = 0; r < dest.size(); ++r) {
      Row row;
      for (size_t c = 0; c < dest.desc().columns.size(); ++c) {
        if (dest.isnull(r, static_cast<int>(c))) {
          row.push_back(std::nullopt);
        } else {
          row.push_back(executor::OutputByType(dest.desc().columns[c].type_oid,
                                               dest.value(r, static_cast<int>(c))));
        }
      }
      rows.push_back(row);
    }
    return rows;
  }
  static uint64_t RunStatement(nodes::Query& q) {
    uint64_t processed = 0;
    Statement([&] { Run(q, &processed); });
    return processed;
  }

  // INSERT INTO heap_test VALUES (id, payload), ...
  static uint64_t InsertRows(const std::vector<std::pair<std::optional<int>, std::string>>& rows) {
    testing::QueryBuilder q;
    auto target = q.From("heap_test", "", /*in_from=*/false);
    q.query().commandType = nodes::CmdType::kInsert;
    q.query().resultRelation = target;
    q.query().rtable[target - 1].rellockmode = 3;
    std::vector<nodes::ExprList> lists;
    for (const auto& [id, payload] : rows) {
      lists.push_back({id ? testing::Int4(*id) : nodes::MakeNullConst(kInt4, -1, 0, 4, true),
                       testing::Text(payload)});
    }
    auto values = q.FromValues(lists);
    q.Select(q.ColAt(values, 1), "id");
    q.Select(q.ColAt(values, 2), "payload");
    return RunStatement(q.query());
  }
  // SELECT id, payload FROM heap_test ORDER BY id
  static Rows SelectAll() {
    testing::QueryBuilder q;
    auto t = q.From("heap_test");
    auto ref = q.Select(q.Col(t, "id"), "id", false, true);
    q.Select(q.Col(t, "payload"), "payload");
    q.OrderBy(ref, kInt4);
    Rows rows;
    Statement([&] { rows = Run(q.query()); });
    return rows;
  }
  // UPDATE heap_test SET id = id <op> <operand> WHERE id < <below>
  static testing::QueryBuilder UpdateIds(const char* op, int operand, int below) {
    testing::QueryBuilder q;
    auto t = q.From("heap_test");
    q.query().commandType = nodes::CmdType::kUpdate;
    q.query().resultRelation = t;
    q.query().rtable[t - 1].rellockmode = 3;
    q.Select(testing::Op(op, q.Col(t, "id"), testing::Int4(operand)), "id");
    q.Where(testing::Op("<", q.Col(t, "id"), testing::Int4(below)));
    return q;
  }
};

TEST_F(ExecuteHeapTest, InsertSelectUpdateDeleteRoundTrip) {
  EXPECT_EQ(InsertRows({{3, "three"}, {1, "one"}, {2, "two"}}), 3u);
  EXPECT_EQ(SelectAll(), (Rows{{"1", "one"}, {"2", "two"}, {"3", "three"}}));

  // UPDATE heap_test SET payload = 'changed' WHERE id >= 2 RETURNING id, payload
  testing::QueryBuilder upd;
  auto t = upd.From("heap_test");
  upd.query().commandType = nodes::CmdType::kUpdate;
  upd.query().resultRelation = t;
  nodes::TargetEntry set;
  set.expr = testing::Text("changed");
  set.resno = 2;  // the analyzer numbers SET entries by target column
  set.resname = "payload";
  upd.query().targetList.push_back(set);
  upd.Where(testing::Op(">=", upd.Col(t, "id"), testing::Int4(2)));
  upd.query().returningList = {nodes::TargetEntry{upd.Col(t, "id"), 1, "id"}};
  Rows returned;
  uint64_t processed = 0;
  Statement([&] { returned = Run(upd.query(), &processed); });
  EXPECT_EQ(processed, 2u);
  std::sort(returned.begin(), returned.end());
  EXPECT_EQ(returned, (Rows{{"2"}, {"3"}}));
  EXPECT_EQ(SelectAll(), (Rows{{"1", "one"}, {"2", "changed"}, {"3", "changed"}}));

  // DELETE FROM heap_test WHERE payload = 'changed'
  testing::QueryBuilder del;
  auto d = del.From("heap_test");
  del.query().commandType = nodes::CmdType::kDelete;
  del.query().resultRelation = d;
  del.Where(testing::Op("=", del.Col(d, "payload"), testing::Text("changed")));
  EXPECT_EQ(RunStatement(del.query()), 2u);
  EXPECT_EQ(SelectAll(), (Rows{{"1", "one"}}));
}

TEST_F(ExecuteHeapTest, AggregatesOverStoredRows) {
  InsertRows({{1, "a"}, {2, "b"}, {3, "b"}, {6, "c"}});
  // SELECT payload, count(*), sum(id), avg(id), max(id) FROM heap_test GROUP BY payload
  // ORDER BY payload
  testing::QueryBuilder q;
  auto t = q.From("heap_test");
  auto ref = q.Select(q.Col(t, "payload"), "payload", false, true);
  q.Select(testing::Agg("count", {}, true), "count");
  q.Select(testing::Agg("sum", {q.Col(t, "id")}), "sum");
  q.Select(testing::Agg("avg", {q.Col(t, "id")}), "avg");
  q.Select(testing::Agg("max", {q.Col(t, "id")}), "max");
  q.GroupBy(ref, kText);
  q.OrderBy(ref, kText);
  q.query().hasAggs = true;
  Rows rows;
  Statement([&] { rows = Run(q.query()); });
  EXPECT_EQ(rows, (Rows{{"a", "1", "1", "1.00000000000000000000", "1"},
                        {"b", "2", "5", "2.5000000000000000", "3"},
                        {"c", "1", "6", "6.0000000000000000", "6"}}));
}

TEST_F(ExecuteHeapTest, NotNullViolationReportsTheRow) {
  try {
    InsertRows({{std::nullopt, "oops"}});
    FAIL() << "expected 23502";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kNotNullViolation);
    EXPECT_EQ(e.message(),
              "null value in column \"id\" of relation \"heap_test\" violates not-null constraint");
    EXPECT_EQ(e.detail(), "Failing row contains (null, oops).");
    EXPECT_EQ(e.table(), "heap_test");
    EXPECT_EQ(e.column(), "id");
  }
  storage::AbortCurrentTransaction();
  EXPECT_TRUE(SelectAll().empty());
}

TEST_F(ExecuteHeapTest, SystemColumnsOfScannedRows) {
  InsertRows({{7, "seven"}});
  // SELECT ctid, tableoid, id FROM heap_test
  testing::QueryBuilder q;
  auto t = q.From("heap_test");
  q.Select(nodes::MakeVar(t, nodes::kSelfItemPointerAttributeNumber, 27, -1, 0), "ctid");
  q.Select(nodes::MakeVar(t, nodes::kTableOidAttributeNumber, 26, -1, 0), "tableoid");
  q.Select(q.Col(t, "id"), "id");
  Rows rows;
  Statement([&] { rows = Run(q.query()); });
  EXPECT_EQ(rows, (Rows{{"(0,1)", std::to_string(kTestRel), "7"}}));
}

TEST_F(ExecuteHeapTest, ResultColumnsNameTheirSourceColumns) {
  InsertRows({{1, "a"}});
  testing::QueryBuilder q;
  auto t = q.From("heap_test");
  q.Select(q.Col(t, "payload"), "payload");
  q.Select(testing::Op("+", q.Col(t, "id"), testing::Int4(1)), "?column?");
  executor::QueryDesc desc;
  desc.plannedstmt = Planner(q.query());
  executor::CollectingDestReceiver dest;
  desc.dest = &dest;
  Statement([&] {
    executor::ExecutorStart(&desc);
    executor::ExecutorRun(&desc);
    executor::ExecutorFinish(&desc);
    executor::ExecutorEnd(&desc);
  });
  const auto& cols = dest.desc().columns;
  ASSERT_EQ(cols.size(), 2u);
  EXPECT_EQ(cols[0].name, "payload");
  EXPECT_EQ(cols[0].table_oid, kTestRel);
  EXPECT_EQ(cols[0].attnum, 2);
  EXPECT_EQ(cols[0].type_oid, kText);
  EXPECT_EQ(cols[0].typlen, -1);
  EXPECT_EQ(cols[1].table_oid, kInvalidOid);
  EXPECT_EQ(cols[1].type_oid, kInt4);
}

TEST_F(ExecuteHeapTest, ExplainAnalyzeBuffersAndJson) {
  InsertRows({{1, "a"}});
  testing::QueryBuilder q;
  auto t = q.From("heap_test");
  q.Select(q.Col(t, "id"), "id");
  ExplainOptions opts;
  opts.analyze = true;
  opts.costs = false;
  opts.timing = false;
  opts.buffers = true;
  std::vector<std::string> lines;
  Statement([&] { lines = ExplainQuery(q.query(), opts); });
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "Seq Scan on heap_test (actual rows=1 loops=1)");
  EXPECT_EQ(lines[1].rfind("  Buffers: shared hit=", 0), 0u) << lines[1];

  opts.buffers = false;
  opts.format = ExplainFormat::kJson;
  Statement([&] { lines = ExplainQuery(q.query(), opts); });
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "[\n"
            "  {\n"
            "    \"Plan\": {\n"
            "      \"Node Type\": \"Seq Scan\",\n"
            "      \"Parallel Aware\": false,\n"
            "      \"Async Capable\": false,\n"
            "      \"Relation Name\": \"heap_test\",\n"
            "      \"Alias\": \"heap_test\",\n"
            "      \"Actual Rows\": 1,\n"
            "      \"Actual Loops\": 1\n"
            "    },\n"
            "    \"Triggers\": [\n"
            "    ]\n"
            "  }\n"
            "]");
}

TEST_F(ExecuteHeapTest, ExplainAnalyzeOfARealScan) {
  InsertRows({{1, "a"}, {2, "b"}, {3, "c"}});
  testing::QueryBuilder q;
  auto t = q.From("heap_test");
  q.Select(q.Col(t, "id"), "id");
  q.Where(testing::Op(">", q.Col(t, "id"), testing::Int4(1)));
  ExplainOptions opts;
  opts.analyze = true;
  opts.costs = false;
  opts.timing = false;
  std::vector<std::string> lines;
  Statement([&] { lines = ExplainQuery(q.query(), opts); });
  EXPECT_EQ(lines, (std::vector<std::string>{"Seq Scan on heap_test (actual rows=2 loops=1)",
                                             "  Filter: (id > 1)", "  Rows Removed by Filter: 1"}));
}

TEST_F(ExecuteHeapTest, ConcurrentUpdateIsRecheckedOrRejected) {
  InsertRows({{1, "a"}});
  // Session B updates id 1 -> 101 and waits before committing until session A (this
  // process) blocks on the row.
  pid_t parent = getpid();
  pid_t child = ForkChild([&] {
    Begin();
    auto q = UpdateIds("+", 100, 50);
    Statement([&] {
      uint64_t n = 0;
      Run(q.query(), &n);
      EXPECT_EQ(n, 1u);
    });
    scratch_->step[0].Post();
    WaitFor([&] { return IsWaitingForLock(parent); });
    Commit();
  });
  scratch_->step[0].Wait();
  // READ COMMITTED: id * 2 WHERE id < 200 still qualifies on the new version 101 -> 202.
  auto q = UpdateIds("*", 2, 200);
  EXPECT_EQ(RunStatement(q.query()), 1u);
  EXPECT_EQ(WaitChild(child), 0);
  EXPECT_EQ(SelectAll(), (Rows{{"202", "a"}}));

  // Again, but the new version no longer qualifies (id < 150 fails for 302): skipped.
  child = ForkChild([&] {
    Begin();
    auto q2 = UpdateIds("+", 100, 250);
    Statement([&] { Run(q2.query()); });
    scratch_->step[0].Post();
    WaitFor([&] { return IsWaitingForLock(parent); });
    Commit();
  });
  scratch_->step[0].Wait();
  auto skipped = UpdateIds("*", 2, 250);
  EXPECT_EQ(RunStatement(skipped.query()), 0u);
  EXPECT_EQ(WaitChild(child), 0);
  EXPECT_EQ(SelectAll(), (Rows{{"302", "a"}}));

  // REPEATABLE READ: the same conflict is a serialization failure.
  child = ForkChild([&] {
    Begin();
    auto q3 = UpdateIds("+", 1, 1000);
    Statement([&] { Run(q3.query()); });
    scratch_->step[0].Post();
    WaitFor([&] { return IsWaitingForLock(parent); });
    Commit();
  });
  scratch_->step[0].Wait();
  Begin(storage::IsolationLevel::kRepeatableRead);
  auto rr = UpdateIds("*", 2, 1000);
  try {
    Statement([&] { Run(rr.query()); });
    FAIL() << "expected 40001";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kTRSerializationFailure);
    EXPECT_EQ(e.message(), "could not serialize access due to concurrent update");
  }
  storage::AbortCurrentTransaction();
  Rollback();
  EXPECT_EQ(WaitChild(child), 0);
  EXPECT_EQ(SelectAll(), (Rows{{"303", "a"}}));
}

}  // namespace
}  // namespace hyrax::planner
