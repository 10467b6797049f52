// COPY in the server (PostgreSQL's DoCopy): checks who may use files and programs, adapts
// the session's CopyData stream to executor/commands/copy.h, and plans COPY TO (a table
// becomes "SELECT columns FROM ONLY table") to run into a CopyToDest.
#include <fmt/format.h>

#include "common/error.h"
#include "executor/commands/copy.h"
#include "parser/analyze/analyze.h"
#include "parser/raw/raw_parser.h"
#include "server/engine/analysis_options.h"
#include "server/engine/statement_runner.h"
#include "storage/catalog/relcache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::server::engine {

namespace {

int8_t FormatCode(const nodes::CopyStmt& stmt) {
  return stmt.format == nodes::CopyFormat::kBinary ? 1 : 0;
}

class ClientCopyIn : public executor::commands::CopyInStream {
 public:
  explicit ClientCopyIn(backend::CopyInSource& source) : source_(source) {}
  std::optional<std::string> Next() override { return source_.Next(); }

 private:
  backend::CopyInSource& source_;
};

class ClientCopyOut : public executor::commands::CopyOutStream {
 public:
  explicit ClientCopyOut(backend::ResultSink& sink) : sink_(sink) {}
  void Begin(bool binary, int ncolumns) override {
    std::vector<int16_t> formats(static_cast<size_t>(ncolumns), binary ? 1 : 0);
    sink_.BeginCopyOut(binary ? 1 : 0, formats);
  }
  void Write(std::string_view data) override { sink_.CopyData(data); }
  void End() override { sink_.EndCopyOut(); }

 private:
  backend::ResultSink& sink_;
};

std::string QuoteIdent(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// COPY table TO: the equivalent query, analyzed.
nodes::QueryPtr TableQuery(const nodes::CopyStmt& stmt) {
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(stmt.relid);
  if (!rel) {
    throw MakeError(errcode::kUndefinedTable, "could not open relation with OID {}", stmt.relid);
  }
  std::string sql = "SELECT ";
  for (size_t i = 0; i < stmt.attnums.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += QuoteIdent(rel->desc->attr(stmt.attnums[i] - 1).name);
  }
  sql += fmt::format(" FROM ONLY {}.{}", QuoteIdent(rel->namespace_name), QuoteIdent(rel->name()));
  std::vector<parser::raw::RawStatement> raws = parser::raw::RawParse(sql);
  return parser::Analyze(raws.at(0), LockingAnalyzeOptions());
}

void CheckFileAccess(const nodes::CopyStmt& stmt, const SessionContext& session) {
  if (stmt.filename.empty() && !stmt.is_program) return;
  const char* hint =
      "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.";
  if (!session.is_superuser) {
    if (stmt.is_program) {
      throw Error(errcode::kInsufficientPrivilege,
                  "must be superuser or have privileges of the pg_execute_server_program role to "
                  "COPY to or from an external program")
          .Hint(hint);
    }
    throw Error(errcode::kInsufficientPrivilege,
                stmt.is_from ? "must be superuser or have privileges of the pg_read_server_files "
                               "role to COPY from a file"
                             : "must be superuser or have privileges of the pg_write_server_files "
                               "role to COPY to a file")
        .Hint(hint);
  }
  throw Error(errcode::kFeatureNotSupported,
              stmt.is_program ? "COPY to or from an external program is not supported yet"
                              : "COPY to or from a file is not supported yet");
}

}  // namespace

std::string RunCopy(const nodes::CopyStmt& stmt, backend::ResultSink& sink,
                    const SessionContext& session) {
  CheckFileAccess(stmt, session);
  if (stmt.is_from) {
    std::vector<int16_t> formats(stmt.attnums.size(), FormatCode(stmt));
    backend::CopyInSource& source = sink.BeginCopyIn(FormatCode(stmt), formats);
    ClientCopyIn in(source);
    uint64_t n = executor::commands::CopyFrom(stmt, in);
    return fmt::format("COPY {}", n);
  }
  nodes::QueryPtr table_query;
  const nodes::Query* query = stmt.query.get();
  if (query == nullptr) {
    table_query = TableQuery(stmt);
    query = table_query.get();
  }
  ClientCopyOut out(sink);
  executor::commands::CopyToDest dest(stmt, out);
  RunQueryToDest(*query, &dest);
  return fmt::format("COPY {}", dest.rows());
}

}  // namespace hyrax::server::engine
