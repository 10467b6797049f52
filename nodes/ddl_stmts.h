// Bound DDL statements (CREATE TABLE, CREATE INDEX, CREATE SCHEMA, CREATE VIEW, DROP,
// TRUNCATE, VACUUM/ANALYZE, LOCK): names resolved to OIDs, types to (oid, typmod,
// collation), default and CHECK expressions analyzed into Expr trees whose Vars refer to
// the new table as range-table entry 1. executor/commands creates the catalog rows.
// Included through nodes/utility_stmts.h.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nodes/parsenodes.h"

namespace hyrax::nodes {

// reloptions as written: WITH (fillfactor = 70) -> {"fillfactor", "70"}.
using RelOptions = std::vector<std::pair<std::string, std::string>>;

// Sequence options of an identity column / CREATE SEQUENCE (unset = default).
struct SequenceOptions {
  Oid type = kInvalidOid;  // AS type (identity columns: the column's type)
  std::optional<int64_t> increment, minvalue, maxvalue, start, cache;
  std::optional<bool> cycle;
  bool no_minvalue = false, no_maxvalue = false;
  std::string sequence_name;  // explicit SEQUENCE NAME (empty: chosen by the executor)
  // ALTER SEQUENCE ... RESTART [WITH n]: restart_default = RESTART without a value.
  std::optional<int64_t> restart;
  bool restart_default = false;
  // OWNED BY table.column as written, or {"none"}; nullopt when not given.
  std::optional<std::vector<std::string>> owned_by;
};

struct ColumnDefinition {
  std::string name;
  Oid type = kInvalidOid;
  int32_t typmod = -1;
  Oid collation = kInvalidOid;  // kInvalidOid for non-collatable types
  bool not_null = false;
  ExprPtr default_expr;  // coerced to the column type; Vars never appear
  // serial/bigserial/smallserial: the executor creates <table>_<column>_seq and sets the
  // default to nextval of it (PostgreSQL's transformColumnDefinition does this rewrite).
  bool is_serial = false;
  char identity = '\0';  // 'a' ALWAYS, 'd' BY DEFAULT
  SequenceOptions identity_options;
  char generated = '\0';   // 's' GENERATED ALWAYS AS (expr) STORED
  ExprPtr generated_expr;  // Vars refer to the new table (varno 1)
  std::string storage;     // STORAGE clause, lower-case (empty: type default)
  int location = -1;
  // Table inheritance (pg_attribute.attinhcount / attislocal): inherited from this many
  // parents; also defined in CREATE TABLE itself.
  int32_t inhcount = 0;
  bool is_local = true;
};

enum class ConstraintKind : uint8_t { kCheck, kPrimaryKey, kUnique, kForeignKey, kExclusion };

// Foreign key actions and match types use PostgreSQL's pg_constraint letters:
// confupdtype/confdeltype 'a' no action, 'r' restrict, 'c' cascade, 'n' set null,
// 'd' set default; confmatchtype 's' simple, 'f' full, 'p' partial.
struct ConstraintDefinition {
  ConstraintKind kind = ConstraintKind::kCheck;
  std::string name;  // empty: the executor chooses one as PostgreSQL does
  bool deferrable = false;
  bool initially_deferred = false;
  bool not_valid = false;  // NOT VALID (skip validation)
  bool no_inherit = false;
  // kCheck: the condition, coerced to boolean; Vars refer to the new table (varno 1).
  ExprPtr check_expr;
  // kPrimaryKey / kUnique / kForeignKey: key columns of the new table (1-based attnums).
  std::vector<int16_t> key_attnums;
  std::vector<int16_t> include_attnums;  // INCLUDE (...)
  bool nulls_not_distinct = false;
  std::string index_name;  // USING INDEX / explicit name (empty: chosen)
  RelOptions index_options;
  // kForeignKey.
  Oid ref_relid = kInvalidOid;  // kInvalidOid with ref_self: the table being created
  bool ref_self = false;
  std::vector<int16_t> ref_attnums;  // referenced columns (resolved to the primary key if omitted)
  std::vector<Oid> pf_eq_ops, pp_eq_ops, ff_eq_ops;  // PostgreSQL's conpfeqop etc.
  char fk_upd_action = 'a';
  char fk_del_action = 'a';
  char fk_match_type = 's';
  std::vector<int16_t> fk_del_set_cols;  // ON DELETE SET NULL/DEFAULT (cols) (empty: all)
  int location = -1;
  // kCheck inherited from parents (pg_constraint.coninhcount / conislocal).
  int32_t inhcount = 0;
  bool is_local = true;
};

// PARTITION BY of CREATE TABLE: strategy 'r' range, 'l' list, 'h' hash; one key column
// per entry (attnums of the new table, 0 for an expression), with its operator class and
// collation.
struct PartitionSpecDefinition {
  char strategy = '\0';  // '\0': not partitioned
  std::vector<int16_t> key_attnums;
  ExprList key_exprs;  // one per key_attnums entry 0, in order; Vars of varno 1
  std::vector<Oid> opclasses;
  std::vector<Oid> collations;
};

// PARTITION OF parent FOR VALUES ...: the bound in pg_get_expr's text form
// ("FOR VALUES FROM (1) TO (10)", "DEFAULT"), values already in the key types' output
// form (executor/partition/partition_bound.h parses it back).
struct PartitionOfDefinition {
  Oid parent = kInvalidOid;
  std::string bound_text;
};

enum class OnCommitAction : uint8_t { kNoop, kPreserveRows, kDeleteRows, kDrop };

struct CreateIndexStmt;

struct CreateTableStmt : UtilityStmt {
  CreateTableStmt() : UtilityStmt(UtilityTag::kCreateTable) {}
  Oid namespace_oid = kInvalidOid;
  std::string namespace_name;
  std::string name;
  bool if_not_exists = false;
  // With IF NOT EXISTS, the relation already existed at analysis: the executor emits
  // NOTICE "relation \"x\" already exists, skipping" (42P07) and does nothing.
  bool already_exists = false;
  char relpersistence = 'p';  // p permanent, u unlogged, t temporary
  std::vector<ColumnDefinition> columns;
  std::vector<ConstraintDefinition> constraints;
  RelOptions options;  // WITH (...), validated heap options
  std::string tablespace;
  std::string access_method;  // USING am (empty: default)
  OnCommitAction on_commit = OnCommitAction::kNoop;
  std::vector<Oid> inherits;          // INHERITS (...) parents, in order
  PartitionSpecDefinition partition;  // PARTITION BY
  std::optional<PartitionOfDefinition> partition_of;
  // LIKE ... INCLUDING INDEXES: the source's indexes that back no constraint, created after
  // the table (the executor fills in relid); INCLUDING COMMENTS: (attnum, comment) pairs.
  std::vector<std::shared_ptr<CreateIndexStmt>> like_indexes;
  std::vector<std::pair<int16_t, std::string>> column_comments;
};

// CREATE TABLE ... AS / SELECT ... INTO.
struct CreateTableAsStmt : UtilityStmt {
  CreateTableAsStmt() : UtilityStmt(UtilityTag::kCreateTableAs) {}
  Oid namespace_oid = kInvalidOid;
  std::string name;
  bool if_not_exists = false;
  bool already_exists = false;
  char relpersistence = 'p';
  std::vector<std::string> column_names;  // explicit column list (may be shorter)
  RelOptions options;
  bool with_data = true;
  bool is_select_into = false;
  OnCommitAction on_commit = OnCommitAction::kNoop;  // temporary tables only
  QueryPtr query;
};

struct IndexElement {
  int16_t attnum = 0;  // 0 for an expression
  ExprPtr expr;        // Vars refer to the table (varno 1)
  std::string name;    // column name, or empty for expressions
  Oid collation = kInvalidOid;
  Oid opclass = kInvalidOid;
  bool descending = false;
  bool nulls_first = false;  // resolved default: NULLS FIRST iff DESC
};

struct CreateIndexStmt : UtilityStmt {
  CreateIndexStmt() : UtilityStmt(UtilityTag::kCreateIndex) {}
  std::string name;  // empty: chosen by the executor (PostgreSQL's ChooseIndexName)
  Oid relid = kInvalidOid;
  Oid access_method = kInvalidOid;
  std::vector<IndexElement> elements;
  std::vector<IndexElement> including;
  ExprPtr predicate;  // partial index WHERE (varno 1)
  RelOptions options;
  bool unique = false;
  bool nulls_not_distinct = false;
  bool concurrent = false;
  bool if_not_exists = false;
  bool already_exists = false;
};

struct CreateSchemaStmt : UtilityStmt {
  CreateSchemaStmt() : UtilityStmt(UtilityTag::kCreateSchema) {}
  std::string name;
  std::string authorization;  // AUTHORIZATION role (empty: current user)
  bool if_not_exists = false;
  bool already_exists = false;
};

struct CreateViewStmt : UtilityStmt {
  CreateViewStmt() : UtilityStmt(UtilityTag::kCreateView) {}
  Oid namespace_oid = kInvalidOid;
  std::string name;
  bool replace = false;
  char relpersistence = 'p';
  // The name was schema-qualified (a view over temporary relations may then not silently
  // become temporary: PostgreSQL raises 42P16).
  bool schema_qualified = false;
  std::vector<std::string> column_names;
  RelOptions options;
  QueryPtr query;
};

struct CreateSequenceStmt : UtilityStmt {
  CreateSequenceStmt() : UtilityStmt(UtilityTag::kCreateSequence) {}
  Oid namespace_oid = kInvalidOid;
  std::string name;
  char relpersistence = 'p';
  bool if_not_exists = false;
  bool already_exists = false;
  SequenceOptions options;
};

// ALTER SEQUENCE [IF EXISTS] name options.
struct AlterSequenceStmt : UtilityStmt {
  AlterSequenceStmt() : UtilityStmt(UtilityTag::kAlterSequence) {}
  Oid seqid = kInvalidOid;     // kInvalidOid: missing under IF EXISTS
  std::string missing_notice;  // the NOTICE to emit then
  SequenceOptions options;
};

// COMMENT ON object IS 'text' | NULL: the object resolved to its catalog row.
struct CommentStmt : UtilityStmt {
  CommentStmt() : UtilityStmt(UtilityTag::kComment) {}
  Oid classoid = kInvalidOid;  // pg_class or pg_namespace
  Oid objoid = kInvalidOid;
  int32_t objsubid = 0;  // column number of COMMENT ON COLUMN
  std::string comment;   // empty: remove the comment (IS NULL or IS '')
};

enum class ObjectType : uint8_t {
  kTable,
  kIndex,
  kSequence,
  kView,
  kMatView,
  kForeignTable,
  kSchema,
  kType,
  kDomain,
  kFunction,
  kAggregate,
  kOther,
};

enum class DropBehavior : uint8_t { kRestrict, kCascade };

struct DropObject {
  std::vector<std::string> name;  // as written, possibly qualified
  Oid oid = kInvalidOid;          // kInvalidOid: does not exist (only with IF EXISTS)
  // When the object is missing under IF EXISTS: the NOTICE to emit (PostgreSQL's text,
  // e.g. "table \"x\" does not exist, skipping").
  std::string missing_notice;
};

struct DropStmt : UtilityStmt {
  DropStmt() : UtilityStmt(UtilityTag::kDrop) {}
  ObjectType remove_type = ObjectType::kTable;
  std::vector<DropObject> objects;
  bool missing_ok = false;
  DropBehavior behavior = DropBehavior::kRestrict;
  bool concurrent = false;
};

struct TruncateStmt : UtilityStmt {
  TruncateStmt() : UtilityStmt(UtilityTag::kTruncate) {}
  std::vector<Oid> relids;
  bool restart_seqs = false;
  DropBehavior behavior = DropBehavior::kRestrict;
};

// VACUUM / ANALYZE [(options)] [table [(columns)], ...].
struct VacuumRelation {
  Oid relid = kInvalidOid;
  std::vector<std::string> columns;
};
struct VacuumStmt : UtilityStmt {
  VacuumStmt() : UtilityStmt(UtilityTag::kVacuum) {}
  bool is_vacuum = true;  // false: ANALYZE
  bool analyze = false, verbose = false, full = false, freeze = false;
  bool skip_locked = false, disable_page_skipping = false;
  std::vector<VacuumRelation> relations;  // empty: every table of the database
};

// LOCK TABLE: names are resolved by the executor (after checking it runs in a transaction
// block, as PostgreSQL does).
struct LockStmt : UtilityStmt {
  LockStmt() : UtilityStmt(UtilityTag::kLock) {}
  std::vector<std::vector<std::string>> relations;  // possibly qualified names
  int mode = 8;  // storage::LockMode value (default ACCESS EXCLUSIVE)
  bool nowait = false;
};

}  // namespace hyrax::nodes
