// Bound utility statements: what the analyzer makes of statements that are not planned
// (transaction control, SET/SHOW/RESET, CHECKPOINT, EXPLAIN, ...) for executor/commands
// and the backend loop to carry out. Names are resolved and values checked where
// PostgreSQL's parse analysis does it; the executor re-checks what may change before it
// runs (existence, under its locks). DDL statements live in nodes/ddl_stmts.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nodes/alter_stmts.h"
#include "nodes/ddl_stmts.h"
#include "nodes/function_stmts.h"
#include "nodes/parsenodes.h"
#include "nodes/role_stmts.h"

namespace hyrax::nodes {

// PostgreSQL's isolation levels (XACT_READ_UNCOMMITTED ...).
enum class IsolationLevel : uint8_t {
  kReadUncommitted,
  kReadCommitted,
  kRepeatableRead,
  kSerializable,
};

// Options of BEGIN / START TRANSACTION / SET TRANSACTION / SET SESSION CHARACTERISTICS;
// unset means "not specified".
struct TransactionOptions {
  std::optional<IsolationLevel> isolation;
  std::optional<bool> read_only;
  std::optional<bool> deferrable;
};

enum class TransactionStmtKind : uint8_t {
  kBegin,     // BEGIN and START TRANSACTION
  kCommit,    // COMMIT and END
  kRollback,  // ROLLBACK and ABORT
  kSavepoint,
  kRelease,
  kRollbackTo,
  kPrepare,
  kCommitPrepared,
  kRollbackPrepared,
};

struct TransactionStmt : UtilityStmt {
  TransactionStmt() : UtilityStmt(UtilityTag::kTransaction) {}
  TransactionStmtKind kind = TransactionStmtKind::kBegin;
  bool is_start = false;  // START TRANSACTION rather than BEGIN (its command tag differs)
  TransactionOptions options;
  std::string savepoint_name;  // kSavepoint / kRelease / kRollbackTo
  std::string gid;             // two-phase commit identifier
  bool chain = false;          // COMMIT/ROLLBACK AND CHAIN
};

enum class VariableSetKind : uint8_t {
  kValue,     // SET name TO value [, ...]
  kDefault,   // SET name TO DEFAULT
  kCurrent,   // SET name FROM CURRENT
  kMulti,     // SET TRANSACTION ... / SET SESSION CHARACTERISTICS AS TRANSACTION ...
  kReset,     // RESET name
  kResetAll,  // RESET ALL
};

// One value of a SET list, as written: string/identifier or number literal.
struct SetArg {
  enum class Kind : uint8_t { kString, kInteger, kFloat };
  Kind kind = Kind::kString;
  std::string value;  // the literal's text (strings unquoted)
};

struct VariableSetStmt : UtilityStmt {
  VariableSetStmt() : UtilityStmt(UtilityTag::kVariableSet) {}
  VariableSetKind kind = VariableSetKind::kValue;
  // Lower-cased GUC name ("timezone" for SET TIME ZONE, "transaction_isolation" ...). For
  // kMulti: "transaction" or "session characteristics".
  std::string name;
  std::vector<SetArg> args;
  // `args` flattened into one string as PostgreSQL's flatten_set_variable_args does (list
  // elements joined with ", "; identifiers of list-quoting GUCs such as search_path quoted).
  std::string value;
  bool is_local = false;           // SET LOCAL
  TransactionOptions txn_options;  // kMulti
};

// SHOW name / SHOW ALL; `name` is lower-cased ("all", "transaction_isolation", "timezone").
struct VariableShowStmt : UtilityStmt {
  VariableShowStmt() : UtilityStmt(UtilityTag::kVariableShow) {}
  std::string name;
};

struct CheckpointStmt : UtilityStmt {
  CheckpointStmt() : UtilityStmt(UtilityTag::kCheckpoint) {}
};

enum class ExplainFormat : uint8_t { kText, kXml, kJson, kYaml };

struct ExplainOptions {
  bool analyze = false;
  bool verbose = false;
  bool costs = true;
  bool settings = false;
  bool buffers = false;
  bool wal = false;
  bool timing = false;        // defaults to `analyze`
  bool summary = false;       // defaults to `analyze`
  bool alternatives = false;  // Hyrax extension: rejected paths under scans and joins
  ExplainFormat format = ExplainFormat::kText;
};

struct ExplainStmt : UtilityStmt {
  ExplainStmt() : UtilityStmt(UtilityTag::kExplain) {}
  ExplainOptions options;
  QueryPtr query;  // the analyzed statement (may itself be a utility Query)
};

// PREPARE name [(types)] AS statement.
struct PrepareStmt : UtilityStmt {
  PrepareStmt() : UtilityStmt(UtilityTag::kPrepare) {}
  std::string name;
  QueryPtr query;          // analyzed with the declared (and inferred) parameter types
  std::string query_text;  // the text after AS (analyzed again after DDL)
};

// EXECUTE name [(params)]: parameter expressions are analyzed, not yet coerced to the
// prepared statement's types (the prepared statement lives in the session).
struct ExecuteStmt : UtilityStmt {
  ExecuteStmt() : UtilityStmt(UtilityTag::kExecute) {}
  std::string name;
  ExprList params;
};

// DEALLOCATE name / DEALLOCATE ALL (empty name).
struct DeallocateStmt : UtilityStmt {
  DeallocateStmt() : UtilityStmt(UtilityTag::kDeallocate) {}
  std::string name;
};

enum class DiscardTarget : uint8_t { kAll, kPlans, kSequences, kTemp };
struct DiscardStmt : UtilityStmt {
  DiscardStmt() : UtilityStmt(UtilityTag::kDiscard) {}
  DiscardTarget target = DiscardTarget::kAll;
};

enum class CopyFormat : uint8_t { kText, kCsv, kBinary };

// COPY table [(columns)] FROM/TO file|STDIN|STDOUT|PROGRAM [WITH (...)] [WHERE ...], or
// COPY (query) TO ...; options validated and defaulted as PostgreSQL's ProcessCopyOptions.
struct CopyStmt : UtilityStmt {
  CopyStmt() : UtilityStmt(UtilityTag::kCopy) {}
  Oid relid = kInvalidOid;       // kInvalidOid for COPY (query) TO
  std::vector<int16_t> attnums;  // the copied columns, in order (all live ones by default)
  QueryPtr query;                // COPY (query) TO
  bool is_from = false;
  bool is_program = false;
  std::string filename;  // empty: STDIN / STDOUT
  CopyFormat format = CopyFormat::kText;
  std::string delimiter;    // "\t" for text, "," for csv
  std::string null_string;  // "\\N" for text, "" for csv
  std::string quote;        // csv only, default "\""
  std::string escape;       // csv only, default = quote
  bool header = false;
  bool header_match = false;  // HEADER MATCH (COPY FROM)
  bool freeze = false;
  bool force_quote_all = false;  // FORCE_QUOTE *
  std::vector<int16_t> force_quote, force_not_null, force_null;
  std::string encoding;
  ExprPtr where_clause;  // COPY FROM ... WHERE: Vars of the table (varno 1)
};

// DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL] CURSOR [WITH HOLD] FOR
// query. `options` are PostgreSQL's CURSOR_OPT_* bits.
inline constexpr int kCursorOptBinary = 0x0001;
inline constexpr int kCursorOptScroll = 0x0002;
inline constexpr int kCursorOptNoScroll = 0x0004;
inline constexpr int kCursorOptInsensitive = 0x0008;
inline constexpr int kCursorOptAsensitive = 0x0010;
inline constexpr int kCursorOptHold = 0x0020;
inline constexpr int kCursorOptFastPlan = 0x0100;
struct DeclareCursorStmt : UtilityStmt {
  DeclareCursorStmt() : UtilityStmt(UtilityTag::kDeclareCursor) {}
  std::string portalname;
  int options = 0;
  QueryPtr query;  // the analyzed SELECT
};

// FETCH / MOVE [direction] [count] [FROM | IN] cursor.
enum class FetchDirection : uint8_t { kForward, kBackward, kAbsolute, kRelative };
inline constexpr int64_t kFetchAll = INT64_MAX;  // FETCH ALL / FORWARD ALL / BACKWARD ALL
struct FetchStmt : UtilityStmt {
  FetchStmt() : UtilityStmt(UtilityTag::kFetch) {}
  FetchDirection direction = FetchDirection::kForward;
  int64_t how_many = 1;  // rows (kForward/kBackward) or position (kAbsolute/kRelative)
  std::string portalname;
  bool ismove = false;
};

// CLOSE name / CLOSE ALL (empty name).
struct ClosePortalStmt : UtilityStmt {
  ClosePortalStmt() : UtilityStmt(UtilityTag::kClosePortal) {}
  std::string portalname;
};

// SET CONSTRAINTS {ALL | name [, ...]} {DEFERRED | IMMEDIATE}. Names are looked up by the
// executor (they name constraints of any table on the search path); empty = ALL.
struct ConstraintsSetStmt : UtilityStmt {
  ConstraintsSetStmt() : UtilityStmt(UtilityTag::kConstraintsSet) {}
  std::vector<std::vector<std::string>> constraints;  // [schema,] name
  bool deferred = false;
};

// LISTEN channel / UNLISTEN channel / UNLISTEN * (empty channel).
struct ListenStmt : UtilityStmt {
  explicit ListenStmt(bool unlisten)
      : UtilityStmt(unlisten ? UtilityTag::kUnlisten : UtilityTag::kListen) {}
  std::string channel;
};

// NOTIFY channel [, 'payload'].
struct NotifyStmt : UtilityStmt {
  NotifyStmt() : UtilityStmt(UtilityTag::kNotify) {}
  std::string channel;
  std::string payload;
};

// CREATE DATABASE name [WITH option value ...]: options as written (names lower-cased,
// checked for duplicates and unknown names); resolved by the server when it runs.
struct CreateDatabaseStmt : UtilityStmt {
  CreateDatabaseStmt() : UtilityStmt(UtilityTag::kCreateDatabase) {}
  std::string name;
  std::optional<std::string> owner;  // OWNER (DEFAULT: unset)
  std::optional<std::string> template_name;
  std::optional<std::string> encoding;  // ENCODING name or number, as text
  std::optional<std::string> locale, lc_collate, lc_ctype, icu_locale, locale_provider;
  std::optional<std::string> collation_version, tablespace, strategy;
  std::optional<bool> allow_connections, is_template;
  std::optional<int64_t> connection_limit;
  std::optional<int64_t> oid;
};

// DROP DATABASE [IF EXISTS] name [[WITH] (FORCE)].
struct DropDatabaseStmt : UtilityStmt {
  DropDatabaseStmt() : UtilityStmt(UtilityTag::kDropDatabase) {}
  std::string name;
  bool missing_ok = false;
  bool force = false;
};

}  // namespace hyrax::nodes
