// Autovacuum launcher step and worker (see autovacuum_worker.h). Tables are analyzed
// through the ordinary ANALYZE (SKIP_LOCKED) statement, so locking, permissions and
// pg_statistic are exactly a user's ANALYZE, and a table locked by someone else is skipped
// rather than waited for (PostgreSQL's worker does the same).
#include "server/engine/autovacuum_worker.h"

#include <string>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "common/error.h"
#include "common/interrupts.h"
#include "common/logging.h"
#include "executor/types/quote_ident.h"
#include "server/backend/backend_signals.h"
#include "server/engine/hyrax_engine.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/syscache.h"
#include "storage/txn/xact.h"
#include "storage/vacuum/autovacuum.h"
#include "storage/vacuum/relation_stats.h"

namespace hyrax::server::engine {

namespace {

// Collects the text rows of a query the worker runs (no COPY).
class RowCollector : public backend::ResultSink {
 public:
  std::vector<std::vector<std::string>> rows;

  void BeginStatement(std::string_view) override {}
  void RowDescription(std::span<const backend::ColumnDescription>) override {}
  void DataRow(std::span<const backend::FieldValue> values) override {
    std::vector<std::string> row;
    for (const auto& v : values) row.emplace_back(v ? std::string(*v) : std::string());
    rows.push_back(std::move(row));
  }
  void CommandComplete(std::string_view) override {}
  void EmptyQuery() override {}
  void BeginCopyOut(int8_t, std::span<const int16_t>) override { NoCopy(); }
  void CopyData(std::string_view) override { NoCopy(); }
  void EndCopyOut() override { NoCopy(); }
  backend::CopyInSource& BeginCopyIn(int8_t, std::span<const int16_t>) override { NoCopy(); }

 private:
  [[noreturn]] static void NoCopy() {
    throw Error(errcode::kFeatureNotSupported, "COPY is not available to autovacuum");
  }
};

// The names the worker's session needs: its database's and the bootstrap superuser's.
struct SessionNames {
  std::string user;
  std::string database;
};

std::optional<SessionNames> LookUpNames(Oid db_oid) {
  storage::StartTransactionCommand();
  try {
    std::optional<SessionNames> names;
    auto db = catalog::Syscache().DatabaseByOid(db_oid);
    auto role = catalog::Syscache().RoleByOid(catalog::kBootstrapSuperuserId);
    if (db && role && db->datallowconn) names = SessionNames{role->rolname, db->datname};
    storage::CommitTransactionCommand();
    return names;
  } catch (...) {
    storage::AbortCurrentTransaction();
    throw;
  }
}

// Tables of the connected database, with what relation_needs_vacanalyze looks at.
struct Candidate {
  Oid relid = kInvalidOid;
  std::string qualified_name;
  double reltuples = -1;
};

std::vector<Candidate> TablesOverThreshold(HyraxEngine& engine, Oid db_oid) {
  RowCollector rows;
  engine.ExecuteSimpleQuery(
      "SELECT c.oid, n.nspname, c.relname, c.reltuples FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'm') AND c.relpersistence <> 't' ORDER BY c.oid",
      rows);
  std::vector<Candidate> out;
  for (const auto& row : rows.rows) {
    Candidate c;
    c.relid = static_cast<Oid>(std::stoul(row[0]));
    c.qualified_name = executor::QuoteIdentifier(row[1]) + "." + executor::QuoteIdentifier(row[2]);
    c.reltuples = std::stod(row[3]);
    std::optional<storage::RelationCounts> counts = storage::RelationStats::Get(db_oid, c.relid);
    // The launcher judged by the counters' reltuples, unknown (-1) after a restart until
    // the table is analyzed: hand it pg_class's, or it would ask again every naptime.
    if (counts && counts->reltuples != c.reltuples) {
      storage::RelationStats::SetReltuples(db_oid, c.relid, c.reltuples);
    }
    if (counts && storage::AnalyzeThresholdExceeded(
                      static_cast<double>(counts->modified_since_analyze), c.reltuples)) {
      out.push_back(std::move(c));
    }
  }
  return out;
}

// ANALYZE of each candidate; a table another transaction has locked is skipped until the
// next round (SKIP_LOCKED, as PostgreSQL's worker), and a failure (say, the table was
// dropped meanwhile) is logged and the next table is tried.
void AnalyzeTables(HyraxEngine& engine, const std::vector<Candidate>& tables) {
  for (const Candidate& table : tables) {
    CheckForInterrupts();
    try {
      RowCollector ignored;
      engine.ExecuteSimpleQuery("ANALYZE (SKIP_LOCKED) " + table.qualified_name, ignored);
    } catch (const Error& error) {
      if (error.severity() >= Severity::kFatal) throw;
      log::Emit(Severity::kLog, fmt::format("automatic analyze of table \"{}\" failed: {}",
                                            table.qualified_name, error.message()));
      engine.AbortAfterError();
    }
  }
}

}  // namespace

bool AutovacuumLauncherStep() {
  // The launcher only reads the shared counters (an LWLock, no transaction), so it takes no
  // proc slot: nothing is left behind when it exits.
  // PostgreSQL's launcher visits every database in turn; here the next database after the
  // last one served that has something to analyze.
  static Oid last_served = kInvalidOid;
  std::vector<Oid> dbs = storage::DatabasesNeedingAnalyze();
  if (dbs.empty()) return false;
  Oid next = dbs.front();
  for (Oid db : dbs) {
    if (db > last_served) {
      next = db;
      break;
    }
  }
  last_served = next;
  storage::AutovacuumRequest::Set(next);
  return true;
}

int RunAutovacuumWorkerProcess() {
  backend::InstallBackendSignals();
  const Oid db_oid = storage::AutovacuumRequest::Take();
  if (db_oid == kInvalidOid) return 0;
  HyraxEngine engine;
  try {
    backend::ProcessStartInfo info;
    info.pid = static_cast<int32_t>(getpid());
    info.application_name = "autovacuum worker";
    info.autovacuum_worker = true;
    engine.InitProcess(info);
    std::optional<SessionNames> names = LookUpNames(db_oid);
    if (names) {
      engine.InitSession(names->user, names->database);
      AnalyzeTables(engine, TablesOverThreshold(engine, db_oid));
    }
    engine.Shutdown();
    return 0;
  } catch (const Error& error) {
    log::Emit(Severity::kLog, fmt::format("autovacuum worker: {}", error.message()));
    engine.Shutdown();
    return 1;
  }
}

}  // namespace hyrax::server::engine
