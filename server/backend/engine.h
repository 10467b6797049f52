// THE SEAM between the session (protocol, authentication, signals) and everything below
// it (catalog, transactions, parser, planner, executor). The backend calls only this
// interface; the lead implements MakeEngine() in server/backend/engine_wiring.cpp, tests
// use a fake (tests/unit/server/fake/fake_engine.h). Results flow back through ResultSink.
// Call order and error rules: server/backend/README.md "The engine seam".
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.h"
#include "server/auth/authenticator.h"
#include "server/protocol/extended_messages.h"
#include "server/protocol/function_call_messages.h"
#include "server/protocol/query_messages.h"
#include "server/protocol/session_messages.h"

namespace hyrax::server::backend {

using ColumnDescription = protocol::FieldDescription;
using FieldValue = protocol::FieldValue;
using TransactionStatus = protocol::TransactionStatus;
using RoleInfo = auth::RoleInfo;

// Facts about the new backend, given to Engine::InitProcess.
struct ProcessStartInfo {
  int32_t pid = 0;
  int32_t cancel_key = 0;     // the BackendKeyData secret, for the proc array
  std::string user_name;      // as sent in the startup packet
  std::string database_name;  // defaults to user_name
  std::string application_name;
  std::string client_addr;  // "127.0.0.1", "::1"
  int client_port = 0;
  bool autovacuum_worker = false;  // not a client: an autovacuum worker (auxiliary proc slot)
};

// The session's identity after InitSession.
struct SessionIdentity {
  Oid role_oid = kInvalidOid;
  Oid database_oid = kInvalidOid;
  bool is_superuser = false;
};

// pg_stat_activity.state of this backend.
enum class ActivityState { kIdle, kActive, kIdleInTransaction, kIdleInTransactionAborted };

// Data of a COPY FROM STDIN, read from the client by the session.
class CopyInSource {
 public:
  virtual ~CopyInSource() = default;
  // The next CopyData payload; nullopt after CopyDone. Flush and Sync are skipped.
  // Throws Error 57014 "COPY from stdin failed: %s" on CopyFail, 08P01 "unexpected message
  // type 0x%02X during COPY from stdin" on anything else, FATAL when the client is gone.
  virtual std::optional<std::string> Next() = 0;
};

// Where the engine sends results. The session's implementation writes protocol messages.
// Valid for the duration of the call it is passed to.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  // Each statement of a query string begins here. `command_tag` is its tag without counts
  // ("SELECT", "INSERT"), shown in the process title; statement_timeout is (re)armed.
  virtual void BeginStatement(std::string_view command_tag) = 0;
  // Simple query only: Execute never sends it (Describe does).
  virtual void RowDescription(std::span<const ColumnDescription> columns) = 0;
  virtual void DataRow(std::span<const FieldValue> values) = 0;
  // "SELECT 3", "INSERT 0 1", "COMMIT" ...; ends the statement.
  virtual void CommandComplete(std::string_view tag) = 0;
  // For a query string with no statements (or an empty prepared statement).
  virtual void EmptyQuery() = 0;
  // COPY TO STDOUT: BeginCopyOut, CopyData*, EndCopyOut, then CommandComplete("COPY n").
  virtual void BeginCopyOut(int8_t format, std::span<const int16_t> column_formats) = 0;
  virtual void CopyData(std::string_view data) = 0;
  virtual void EndCopyOut() = 0;
  // COPY FROM STDIN: sends CopyInResponse and returns the client's data stream, valid until
  // the statement ends. Then CommandComplete("COPY n").
  virtual CopyInSource& BeginCopyIn(int8_t format, std::span<const int16_t> column_formats) = 0;
};

// What Describe of a prepared statement returns.
struct StatementDescription {
  std::vector<uint32_t> param_types;                      // ParameterDescription
  std::optional<std::vector<ColumnDescription>> columns;  // RowDescription, or NoData
};

enum class ExecuteResult { kCompleted, kSuspended };

// Everything below the protocol, for one backend process. Every method may throw
// hyrax::Error: ERROR aborts the current statement (the session then calls
// AbortAfterError), FATAL ends the session, PANIC aborts the process.
class Engine {
 public:
  virtual ~Engine() = default;

  // ---- Connection start, in this order ----
  // Claims a proc slot and records `info` (pg_stat_activity, cancel key). Throws FATAL
  // 53300 "sorry, too many clients already".
  virtual void InitProcess(const ProcessStartInfo& info) = 0;
  // pg_authid lookup for authentication; nullopt when the role does not exist.
  virtual std::optional<RoleInfo> LookupRole(std::string_view user_name) = 0;
  // Role membership, direct or inherited (hba +group and samerole).
  virtual bool IsMemberOfRole(std::string_view user_name, std::string_view role_name) = 0;
  // After authentication: sets the session user and database. Throws FATAL 28000 "role
  // \"%s\" does not exist" / "role \"%s\" is not permitted to log in", 3D000 "database
  // \"%s\" does not exist", 55000 "database \"%s\" is not currently accepting
  // connections", 53300 "remaining connection slots are reserved for non-replication
  // superuser connections".
  virtual SessionIdentity InitSession(std::string_view user_name,
                                      std::string_view database_name) = 0;

  // ---- Simple query ----
  // Runs every statement of `query` in order, each reported through `sink`, stopping at
  // the first error (thrown). Transaction control and implicit transactions are the
  // engine's business (PostgreSQL's exec_simple_query).
  virtual void ExecuteSimpleQuery(std::string_view query, ResultSink& sink) = 0;

  // ---- Extended query (PostgreSQL's exec_parse/bind/describe/execute_message) ----
  // Named statements persist until Close; the unnamed one is replaced by the next Parse.
  // Portals live until Close or transaction end. Errors: 26000 unknown prepared statement,
  // 34000 unknown portal, 08P01 parameter/format count mismatches.
  virtual void Parse(const protocol::Parse& message) = 0;
  virtual void Bind(const protocol::Bind& message) = 0;
  virtual StatementDescription DescribeStatement(std::string_view name) = 0;
  // The portal's columns in its result formats, or nullopt (NoData).
  virtual std::optional<std::vector<ColumnDescription>> DescribePortal(std::string_view name) = 0;
  // Runs the portal for up to `max_rows` rows (<= 0: all); kSuspended when rows remain.
  virtual ExecuteResult Execute(std::string_view portal, int32_t max_rows, ResultSink& sink) = 0;
  virtual void Close(protocol::ObjectKind kind, std::string_view name) = 0;
  // Sync: ends the implicit transaction of an extended-protocol batch.
  virtual void Sync() = 0;
  // The fast-path FunctionCall; returns the result in `message.result_format`.
  virtual std::optional<std::string> CallFunction(const protocol::FunctionCall& message) = 0;

  // ---- Errors and status ----
  // After an ERROR escaped any call above: abort the transaction (or mark the block
  // failed, 25P02 until ROLLBACK) and release what the statement held. Must not throw.
  virtual void AbortAfterError() = 0;
  // The ReadyForQuery status: I (idle), T (in a block), E (failed block).
  virtual TransactionStatus GetTransactionStatus() = 0;

  // ---- Cancel (called in a process that has not run InitProcess) ----
  // The cancel key of the running backend `pid`, from the proc array; nullopt if none.
  virtual std::optional<int32_t> FindCancelKey(int32_t pid) = 0;

  // ---- Activity and exit ----
  // The session's state for pg_stat_activity, with the statement text when active. The
  // session reports Query messages and idle states; Execute reports its portal's text.
  virtual void ReportActivity(ActivityState state, std::string_view query) = 0;
  // Session end (Terminate, end of stream, FATAL): release the proc slot and everything
  // else the process holds in shared memory. Must not throw.
  virtual void Shutdown() = 0;
};

// The production engine. Declared here, implemented by the lead in
// server/backend/engine_wiring.cpp (not part of this library yet).
std::unique_ptr<Engine> MakeEngine();

}  // namespace hyrax::server::backend
