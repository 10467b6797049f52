// A fake Engine for server tests: a tiny statement language instead of SQL, statements
// separated by ';' (case-insensitive):
//   select N         one int4 row N            pid            one row: the backend's pid
//   ssl info         one row: "<version> <cipher> <bits>" of the TLS connection, or "none"
//   error            42601 syntax error        fatal          FATAL 57P01
//   wait             NOTICE "waiting", then runs until cancelled or release_wait is set
//   begin / commit / rollback                  transaction block (I / T / E status)
//   set [local] NAME = VALUE / show NAME / reset all     through common/guc
//   notice TEXT      a NOTICE                  copy in / copy out   the COPY sub-protocol
// The extended protocol stores statement text by name and runs it on Execute.
#pragma once

#include <algorithm>
#include <cctype>
#include <map>
#include <poll.h>
#include <unistd.h>

#include <fmt/format.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "common/interrupts.h"
#include "common/notice.h"
#include "server/backend/engine.h"
#include "server/tls/tls_info.h"
#include "tests/unit/server/fake/fake_shared.h"

namespace hyrax::server::testing {

// Roles LookupRole reports instead of the built-in answers (a passwordless role per name,
// "ghost" missing). Set before the postmaster forks; backends see the copy they inherit.
inline std::map<std::string, backend::RoleInfo> g_fake_roles;

class FakeEngine final : public backend::Engine {
 public:
  void InitProcess(const backend::ProcessStartInfo& info) override {
    for (auto& slot : g_fake_shared->slots) {
      int32_t expected = 0;
      if (slot.pid.compare_exchange_strong(expected, info.pid)) {
        slot.cancel_key = info.cancel_key;
        slot_ = &slot;
        return;
      }
    }
    throw Error(errcode::kTooManyConnections, "sorry, too many clients already", Severity::kFatal);
  }
  std::optional<backend::RoleInfo> LookupRole(std::string_view user) override {
    if (auto it = g_fake_roles.find(std::string(user)); it != g_fake_roles.end()) {
      return it->second;
    }
    if (user == "ghost") return std::nullopt;
    return backend::RoleInfo{10, user == "postgres", true, std::nullopt, std::nullopt};
  }
  bool IsMemberOfRole(std::string_view, std::string_view) override { return false; }
  backend::SessionIdentity InitSession(std::string_view user, std::string_view database) override {
    if (user == "ghost") {
      throw MakeError(errcode::kInvalidAuthorizationSpecification, "role \"{}\" does not exist",
                      user)
          .WithSeverity(Severity::kFatal);
    }
    if (database == "nodb") {
      throw MakeError(errcode::kInvalidCatalogName, "database \"{}\" does not exist", database)
          .WithSeverity(Severity::kFatal);
    }
    return {10, 5, user == "postgres"};
  }

  void ExecuteSimpleQuery(std::string_view query, backend::ResultSink& sink) override {
    std::vector<std::string> statements = Split(query);
    if (statements.empty()) {
      sink.EmptyQuery();
      return;
    }
    for (const std::string& statement : statements) RunInTransaction(statement, sink, true);
  }

  void Parse(const protocol::Parse& message) override {
    statements_[message.statement] = message.query;
  }
  void Bind(const protocol::Bind& message) override {
    auto it = statements_.find(message.statement);
    if (it == statements_.end()) {
      throw MakeError(errcode::kInvalidSqlStatementName, "prepared statement \"{}\" does not exist",
                      message.statement);
    }
    portals_[message.portal] = it->second;
  }
  backend::StatementDescription DescribeStatement(std::string_view name) override {
    auto it = statements_.find(std::string(name));
    if (it == statements_.end()) {
      throw MakeError(errcode::kInvalidSqlStatementName, "prepared statement \"{}\" does not exist",
                      name);
    }
    return {{}, ColumnsFor(it->second)};
  }
  std::optional<std::vector<backend::ColumnDescription>> DescribePortal(
      std::string_view name) override {
    return ColumnsFor(PortalText(name));
  }
  backend::ExecuteResult Execute(std::string_view portal, int32_t,
                                 backend::ResultSink& sink) override {
    std::string text = PortalText(portal);
    std::vector<std::string> statements = Split(text);
    if (statements.empty()) {
      sink.EmptyQuery();
    } else {
      if (!in_block_ && guc::CurrentNestLevel() == 0) guc::AtTransactionStart();
      Run(statements.front(), sink, false);
    }
    return backend::ExecuteResult::kCompleted;
  }
  void Close(protocol::ObjectKind kind, std::string_view name) override {
    if (kind == protocol::ObjectKind::kStatement)
      statements_.erase(std::string(name));
    else
      portals_.erase(std::string(name));
  }
  void Sync() override {
    if (!in_block_ && guc::CurrentNestLevel() > 0) guc::AtTransactionEnd(true);
  }
  std::optional<std::string> CallFunction(const protocol::FunctionCall&) override {
    throw Error(errcode::kFeatureNotSupported, "fast-path function calls are not supported");
  }

  void AbortAfterError() override {
    if (in_block_) {
      failed_ = true;
    } else if (guc::CurrentNestLevel() > 0) {
      guc::AtTransactionEnd(false);
    }
  }
  backend::TransactionStatus GetTransactionStatus() override {
    if (!in_block_) return backend::TransactionStatus::kIdle;
    return failed_ ? backend::TransactionStatus::kFailed : backend::TransactionStatus::kInBlock;
  }
  std::optional<int32_t> FindCancelKey(int32_t pid) override {
    for (auto& slot : g_fake_shared->slots) {
      if (slot.pid == pid) return slot.cancel_key.load();
    }
    return std::nullopt;
  }
  void ReportActivity(backend::ActivityState, std::string_view) override {}
  void Shutdown() override {
    if (slot_) slot_->pid = 0;
    slot_ = nullptr;
  }

 private:
  static std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }
  static std::string Trim(std::string_view text) {
    size_t begin = text.find_first_not_of(" \t\n");
    if (begin == std::string_view::npos) return "";
    size_t end = text.find_last_not_of(" \t\n");
    return std::string(text.substr(begin, end - begin + 1));
  }
  static std::vector<std::string> Split(std::string_view query) {
    std::vector<std::string> statements;
    size_t start = 0;
    while (start <= query.size()) {
      size_t end = std::min(query.find(';', start), query.size());
      std::string statement = Trim(query.substr(start, end - start));
      if (!statement.empty()) statements.push_back(statement);
      start = end + 1;
    }
    return statements;
  }
  static std::optional<std::vector<backend::ColumnDescription>> ColumnsFor(
      const std::string& text) {
    std::string lower = Lower(Trim(text));
    if (lower.starts_with("select") || lower == "pid" || lower.starts_with("show")) {
      return std::vector<backend::ColumnDescription>{{"?column?", 0, 0, 23, 4, -1, 0}};
    }
    return std::nullopt;
  }
  std::string PortalText(std::string_view name) {
    auto it = portals_.find(std::string(name));
    if (it == portals_.end()) {
      throw MakeError(errcode::kInvalidCursorName, "portal \"{}\" does not exist", name);
    }
    return it->second;
  }

  void RunInTransaction(const std::string& statement, backend::ResultSink& sink, bool describe) {
    const bool implicit = !in_block_;
    if (implicit) guc::AtTransactionStart();
    Run(statement, sink, describe);
    if (implicit && !in_block_) guc::AtTransactionEnd(true);
  }

  void Row(backend::ResultSink& sink, bool describe, const std::string& name,
           const std::string& value, uint32_t type_oid = 23) {
    sink.BeginStatement("SELECT");
    if (describe) {
      backend::ColumnDescription column{
          name, 0, 0, type_oid, type_oid == 23 ? int16_t{4} : int16_t{-1}, -1, 0};
      sink.RowDescription({&column, 1});
    }
    backend::FieldValue field = value;
    sink.DataRow({&field, 1});
    sink.CommandComplete("SELECT 1");
  }

  void Run(const std::string& statement, backend::ResultSink& sink, bool describe) {
    std::string lower = Lower(statement);
    if (failed_ && lower != "rollback" && lower != "commit") {
      throw Error(errcode::kInFailedSqlTransaction,
                  "current transaction is aborted, commands ignored until end of transaction "
                  "block");
    }
    if (lower.starts_with("select "))
      return Row(sink, describe, "?column?", Trim(statement.substr(7)));
    if (lower == "pid") return Row(sink, describe, "pid", std::to_string(getpid()));
    if (lower == "ssl info") {
      const auto& info = tls::CurrentTlsConnection();
      return Row(sink, describe, "ssl",
                 info ? fmt::format("{} {} {}", info->version, info->cipher, info->bits) : "none",
                 25);
    }
    if (lower == "wait") return Wait(sink, describe);
    if (lower == "begin" || lower == "commit" || lower == "rollback")
      return Transaction(lower, sink);
    if (lower.starts_with("set ")) return Set(statement.substr(4), sink);
    if (lower.starts_with("show ")) {
      return Row(sink, describe, "setting", guc::ShowOption(Trim(statement.substr(5))));
    }
    if (lower == "reset all") {
      guc::ResetAllOptions();
      sink.BeginStatement("RESET");
      return sink.CommandComplete("RESET");
    }
    if (lower.starts_with("notice ")) {
      sink.BeginStatement("DO");
      EmitNotice(Severity::kNotice, errcode::kSuccessfulCompletion, statement.substr(7));
      return sink.CommandComplete("DO");
    }
    if (lower == "copy in") return CopyIn(sink);
    if (lower == "copy out") return CopyOut(sink);
    if (lower == "fatal") {
      throw Error(errcode::kAdminShutdown, "fake fatal error", Severity::kFatal);
    }
    throw MakeError(errcode::kSyntaxError, "syntax error at or near \"{}\"", statement).Position(1);
  }

  void Wait(backend::ResultSink& sink, bool describe) {
    sink.BeginStatement("SELECT");
    EmitNotice(Severity::kNotice, errcode::kSuccessfulCompletion, "waiting");
    for (;;) {
      poll(nullptr, 0, 5);
      CheckForInterrupts();
      if (g_fake_shared->release_wait.load()) break;
    }
    Row(sink, describe, "released", "1");
  }

  void Transaction(const std::string& command, backend::ResultSink& sink) {
    sink.BeginStatement(command == "begin" ? "BEGIN" : command == "commit" ? "COMMIT" : "ROLLBACK");
    if (command == "begin") {
      if (!in_block_) guc::AtTransactionStart();
      in_block_ = true;
      return sink.CommandComplete("BEGIN");
    }
    bool commit = command == "commit" && !failed_;
    if (in_block_) guc::AtTransactionEnd(commit);
    in_block_ = false;
    failed_ = false;
    sink.CommandComplete(commit ? "COMMIT" : "ROLLBACK");
  }

  void Set(std::string_view text, backend::ResultSink& sink) {
    sink.BeginStatement("SET");
    bool local = Lower(std::string(text.substr(0, 6))) == "local ";
    if (local) text.remove_prefix(6);
    size_t equals = text.find('=');
    std::string name = Trim(text.substr(0, equals));
    std::string value = Trim(text.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '\'') value = value.substr(1, value.size() - 2);
    guc::SetConfigOption(name, value,
                         {.action = local ? guc::SetAction::kLocal : guc::SetAction::kSet});
    sink.CommandComplete("SET");
  }

  void CopyIn(backend::ResultSink& sink) {
    sink.BeginStatement("COPY");
    backend::CopyInSource& source = sink.BeginCopyIn(0, {});
    int rows = 0;
    while (source.Next()) ++rows;
    sink.CommandComplete(fmt::format("COPY {}", rows));
  }

  void CopyOut(backend::ResultSink& sink) {
    sink.BeginStatement("COPY");
    int16_t format = 0;
    sink.BeginCopyOut(0, {&format, 1});
    sink.CopyData("1\n");
    sink.CopyData("2\n");
    sink.EndCopyOut();
    sink.CommandComplete("COPY 2");
  }

  FakeShared::Slot* slot_ = nullptr;
  bool in_block_ = false;
  bool failed_ = false;
  std::map<std::string, std::string> statements_;
  std::map<std::string, std::string> portals_;
};

}  // namespace hyrax::server::testing
