// The fixture of the executor/commands unit tests: a whole engine in the test process
// (tests/support/unit/engine_test_env.h) and helpers that run SQL through it as the server
// does (analyze, then a utility command of executor/commands or plan + executor, then
// CommandCounterIncrement), collecting notices and result rows as text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/notice.h"
#include "executor/commands/index_commands.h"
#include "executor/commands/table_commands.h"
#include "executor/commands/view_commands.h"
#include "executor/exec/dest_receiver.h"
#include "executor/exec/executor.h"
#include "executor/functions/type_io.h"
#include "parser/analyze/analyze.h"
#include "planner/planner.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"
#include "tests/support/unit/engine_test_env.h"

namespace hyrax::executor::commands {

using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

class CommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog::g_search_path = "\"$user\", public";
    previous_sink_ = SetNoticeSink([this](const Error& notice) { notices_.push_back(notice); });
  }
  void TearDown() override { SetNoticeSink(previous_sink_); }

  // Runs every statement of `sql` in the current transaction, as the server does: analyze,
  // execute (utility command or plan + executor), CommandCounterIncrement. Returns the
  // rows of the last statement.
  static Rows Exec(const std::string& sql) {
    Rows rows;
    for (const auto& raw : parser::raw::RawParse(sql)) {
      nodes::QueryPtr q = parser::Analyze(raw);
      rows.clear();
      if (q->commandType == nodes::CmdType::kUtility) {
        RunUtility(*q->utilityStmt);
      } else {
        rows = RunQuery(*q);
      }
      storage::CommandCounterIncrement();
      storage::EndStatementSnapshot();
    }
    return rows;
  }

  // Runs `sql` in a transaction of its own, committed; on error the transaction is rolled
  // back and the error rethrown.
  static Rows Run(const std::string& sql) {
    storage::StartTransactionCommand();
    try {
      Rows rows = Exec(sql);
      storage::CommitTransactionCommand();
      return rows;
    } catch (...) {
      storage::AbortCurrentTransaction();
      throw;
    }
  }

  // The error `sql` raises (in a transaction of its own, rolled back).
  static Error ErrorOf(const std::string& sql) {
    try {
      Run(sql);
    } catch (const Error& e) {
      return e;
    }
    ADD_FAILURE() << "no error from: " << sql;
    return Error(errcode::kSuccessfulCompletion, "");
  }

  static std::optional<catalog::PgClass> FindTable(const std::string& name) {
    storage::StartTransactionCommand();
    auto rel = catalog::Syscache().RelationByName(name, catalog::kPublicNamespace);
    storage::CommitTransactionCommand();
    return rel;
  }

  // The OID of public.<name> seen by the current transaction (kInvalidOid if none).
  static Oid FindTableInTxn(const std::string& name) {
    auto rel = catalog::Syscache().RelationByName(name, catalog::kPublicNamespace);
    return rel ? rel->oid : kInvalidOid;
  }

  // kill -9 of the server and crash recovery (WAL replay from the last checkpoint).
  void CrashAndRecover() {
    env_.CrashAndRecover();
    catalog::g_search_path = "\"$user\", public";
  }

  std::vector<Error> notices_;

 protected:
  static void RunUtility(const nodes::UtilityStmt& stmt) {
    switch (stmt.tag) {
      case nodes::UtilityTag::kCreateTable:
        CreateTable(static_cast<const nodes::CreateTableStmt&>(stmt),
                    catalog::kBootstrapSuperuserId);
        return;
      case nodes::UtilityTag::kDrop:
        DropObjects(static_cast<const nodes::DropStmt&>(stmt));
        return;
      case nodes::UtilityTag::kTruncate:
        TruncateTables(static_cast<const nodes::TruncateStmt&>(stmt));
        return;
      case nodes::UtilityTag::kCreateIndex:
        CreateIndex(static_cast<const nodes::CreateIndexStmt&>(stmt));
        return;
      case nodes::UtilityTag::kCreateView:
        DefineView(static_cast<const nodes::CreateViewStmt&>(stmt), catalog::kBootstrapSuperuserId);
        return;
      default:
        FAIL() << "unexpected utility statement";
    }
  }

  // Plans and runs `q`; its rows go to `dest` when given, else are returned.
  static Rows RunQuery(const nodes::Query& q, DestReceiver* into = nullptr) {
    QueryDesc desc;
    desc.plannedstmt = planner::Planner(q);
    CollectingDestReceiver dest;
    desc.dest = into != nullptr ? into : &dest;
    try {
      ExecutorStart(&desc);
      ExecutorRun(&desc);
      ExecutorFinish(&desc);
    } catch (...) {
      ExecutorEnd(&desc);
      throw;
    }
    ExecutorEnd(&desc);
    Rows rows;
    for (size_t r = 0; r < dest.size(); ++r) {
      Row row;
      for (size_t c = 0; c < dest.desc().columns.size(); ++c) {
        auto col = static_cast<int>(c);
        if (dest.isnull(r, col)) {
          row.push_back(std::nullopt);
        } else {
          row.push_back(OutputByType(dest.desc().columns[c].type_oid, dest.value(r, col)));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  NoticeSink previous_sink_;
  hyrax::testing::EngineTestEnv env_;
};

}  // namespace hyrax::executor::commands
