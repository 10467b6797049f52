// Typed copies of catalog rows (PostgreSQL's Form_pg_* structs, with std::string names and
// std::vector for oidvector/array columns). Returned by the SysCache interface
// (storage/catalog/syscache.h); they are values, valid as long as the caller keeps them.
// Field names are PostgreSQL's column names, so its documentation describes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/ids.h"
#include "common/relfile.h"

namespace hyrax::catalog {

// Well-known OIDs of catalogs and namespaces (PostgreSQL's).
inline constexpr Oid kPgCatalogNamespace = 11;
inline constexpr Oid kPgToastNamespace = 99;
inline constexpr Oid kPublicNamespace = 2200;
inline constexpr Oid kTypeRelationId = 1247;
inline constexpr Oid kAttributeRelationId = 1249;
inline constexpr Oid kProcedureRelationId = 1255;
inline constexpr Oid kRelationRelationId = 1259;
inline constexpr Oid kAuthIdRelationId = 1260;
inline constexpr Oid kDatabaseRelationId = 1262;
inline constexpr Oid kNamespaceRelationId = 2615;
inline constexpr Oid kIndexRelationId = 2610;
inline constexpr Oid kConstraintRelationId = 2606;
inline constexpr Oid kAttrDefaultRelationId = 2604;
inline constexpr Oid kOperatorRelationId = 2617;
inline constexpr Oid kSequenceRelationId = 2224;
inline constexpr Oid kDescriptionRelationId = 2609;
inline constexpr Oid kBootstrapSuperuserId = 10;
inline constexpr Oid kTemplate1DbOid = 1;
inline constexpr Oid kTemplate0DbOid = 4;
inline constexpr Oid kPostgresDbOid = 5;
inline constexpr Oid kBtreeAmOid = 403;
inline constexpr Oid kHashAmOid = 405;
inline constexpr Oid kHeapAmOid = 2;
inline constexpr Oid kDefaultCollationOid = 100;
inline constexpr Oid kCCollationOid = 950;

struct PgType {
  Oid oid = kInvalidOid;
  std::string typname;
  Oid typnamespace = kInvalidOid;
  Oid typowner = kInvalidOid;
  int16_t typlen = 0;
  bool typbyval = false;
  char typtype = 'b';      // b base, c composite, d domain, e enum, p pseudo, r range, m multirange
  char typcategory = 'U';  // A array, B bool, N numeric, S string, D datetime, U user ...
  bool typispreferred = false;
  char typdelim = ',';
  Oid typrelid = kInvalidOid;
  Oid typsubscript = kInvalidOid;
  Oid typelem = kInvalidOid;
  Oid typarray = kInvalidOid;
  Oid typinput = kInvalidOid, typoutput = kInvalidOid, typreceive = kInvalidOid,
      typsend = kInvalidOid, typmodin = kInvalidOid, typmodout = kInvalidOid;
  char typalign = 'i';
  char typstorage = 'p';
  bool typnotnull = false;
  Oid typbasetype = kInvalidOid;
  int32_t typtypmod = -1;
  int32_t typndims = 0;
  Oid typcollation = kInvalidOid;
  std::optional<std::string> typdefault;
};

struct PgProc {
  Oid oid = kInvalidOid;
  std::string proname;
  Oid pronamespace = kInvalidOid;
  Oid proowner = 10;  // the bootstrap superuser for built-ins
  Oid prolang = 12;   // 12 internal, 13 c, 14 sql, plpgsql's oid otherwise
  float procost = 1;
  float prorows = 0;
  Oid provariadic = kInvalidOid;
  char prokind = 'f';  // f function, a aggregate, w window, p procedure
  bool proisstrict = true;
  bool proretset = false;
  char provolatile = 'i';  // i immutable, s stable, v volatile
  char proparallel = 's';
  int16_t pronargs = 0;
  int16_t pronargdefaults = 0;
  Oid prorettype = kInvalidOid;
  std::vector<Oid> proargtypes;     // input argument types
  std::vector<Oid> proallargtypes;  // incl. OUT args (empty when all IN)
  std::vector<char> proargmodes;    // i, o, b, v, t (empty when all IN)
  std::vector<std::string> proargnames;
  std::optional<std::string> proargdefaults;  // pg_node_tree text of default expressions
  std::string prosrc;                         // built-in implementation name / SQL body
  std::optional<std::string> probin;
  // A SQL-standard body (BEGIN ATOMIC / RETURN). Deviation: PostgreSQL stores the analyzed
  // tree; Hyrax stores the body's SQL text (parser/raw/sql_body_text.h), prosrc being ''.
  std::optional<std::string> prosqlbody;

  // The SQL text a LANGUAGE sql function runs.
  const std::string& SqlBody() const { return prosqlbody ? *prosqlbody : prosrc; }
};

struct PgOperator {
  Oid oid = kInvalidOid;
  std::string oprname;
  Oid oprnamespace = kInvalidOid;
  char oprkind = 'b';  // b infix, l prefix
  bool oprcanmerge = false;
  bool oprcanhash = false;
  Oid oprleft = kInvalidOid;  // 0 for prefix operators
  Oid oprright = kInvalidOid;
  Oid oprresult = kInvalidOid;
  Oid oprcom = kInvalidOid;
  Oid oprnegate = kInvalidOid;
  Oid oprcode = kInvalidOid;  // implementing function (pg_proc oid)
  Oid oprrest = kInvalidOid;  // restriction selectivity estimator
  Oid oprjoin = kInvalidOid;  // join selectivity estimator
};

struct PgCast {
  Oid oid = kInvalidOid;
  Oid castsource = kInvalidOid;
  Oid casttarget = kInvalidOid;
  Oid castfunc = kInvalidOid;  // 0 for binary-coercible / I/O casts
  char castcontext = 'e';      // e explicit, a assignment, i implicit
  char castmethod = 'f';       // f function, b binary, i I/O
};

struct PgAggregate {
  Oid aggfnoid = kInvalidOid;
  char aggkind = 'n';  // n normal, o ordered-set, h hypothetical
  int16_t aggnumdirectargs = 0;
  Oid aggtransfn = kInvalidOid, aggfinalfn = kInvalidOid, aggcombinefn = kInvalidOid,
      aggserialfn = kInvalidOid, aggdeserialfn = kInvalidOid, aggmtransfn = kInvalidOid,
      aggminvtransfn = kInvalidOid, aggmfinalfn = kInvalidOid;
  bool aggfinalextra = false;
  char aggfinalmodify = 'r';
  Oid aggsortop = kInvalidOid;
  Oid aggtranstype = kInvalidOid;
  int32_t aggtransspace = 0;
  std::optional<std::string> agginitval;  // text form of the initial transition value
};

struct PgNamespace {
  Oid oid = kInvalidOid;
  std::string nspname;
  Oid nspowner = kInvalidOid;
};

struct PgClass {
  Oid oid = kInvalidOid;
  std::string relname;
  Oid relnamespace = kInvalidOid;
  Oid reltype = kInvalidOid;
  Oid relowner = kInvalidOid;
  Oid relam = kInvalidOid;
  Oid relfilenode = kInvalidOid;
  Oid reltablespace = kInvalidOid;  // 0 = database default
  int32_t relpages = 0;
  float reltuples = -1;
  int32_t relallvisible = 0;
  Oid reltoastrelid = kInvalidOid;  // its TOAST table (storage/toast/README.md), 0 = none
  bool relhasindex = false;
  bool relisshared = false;
  char relpersistence = 'p';  // p permanent, u unlogged, t temporary
  char relkind = 'r';  // r table, i index, S sequence, v view, m matview, c composite, t TOAST
  int16_t relnatts = 0;
  int16_t relchecks = 0;
  bool relhasrules = false;
  bool relhastriggers = false;
  bool relhassubclass = false;
  char relreplident = 'd';
  bool relispartition = false;
  TransactionId relfrozenxid = kInvalidTransactionId;
  std::vector<std::string> reloptions;  // "fillfactor=100"
  // A partition's bound as pg_get_expr shows it ("FOR VALUES IN (1, 2)", "DEFAULT");
  // storage/catalog/partition_bound.h parses it.
  std::optional<std::string> relpartbound;
};

struct PgAttribute {
  Oid attrelid = kInvalidOid;
  std::string attname;
  Oid atttypid = kInvalidOid;
  int32_t attstattarget = -1;
  int16_t attlen = 0;
  int16_t attnum = 0;
  int32_t attndims = 0;
  int32_t atttypmod = -1;
  bool attbyval = false;
  char attalign = 'i';
  char attstorage = 'p';
  bool attnotnull = false;
  bool atthasdef = false;
  bool atthasmissing = false;
  char attidentity = '\0';
  char attgenerated = '\0';
  bool attisdropped = false;
  bool attislocal = true;
  int32_t attinhcount = 0;
  Oid attcollation = kInvalidOid;
  // attmissingval (anyarray, one element): the payload bytes of the array varlena (after its
  // 4-byte header), nullopt for NULL. Set with atthasmissing by ALTER TABLE ADD COLUMN with a
  // non-volatile default (PostgreSQL's fast default); storage/catalog/missing_value.h.
  std::optional<std::string> attmissingval;
};

struct PgIndex {
  Oid indexrelid = kInvalidOid;
  Oid indrelid = kInvalidOid;
  int16_t indnatts = 0;
  int16_t indnkeyatts = 0;
  bool indisunique = false;
  bool indnullsnotdistinct = false;
  bool indisprimary = false;
  bool indisexclusion = false;
  bool indimmediate = true;
  bool indisclustered = false;
  bool indisvalid = true;
  bool indisready = true;
  bool indislive = true;
  // Built over broken HOT chains: unusable by transactions whose snapshots are older than
  // the row's xmin (storage/heap/README.md "HOT", CREATE INDEX).
  bool indcheckxmin = false;
  std::vector<int16_t> indkey;  // attnums; 0 = expression
  std::vector<Oid> indcollation;
  std::vector<Oid> indclass;            // opclass per key column
  std::vector<int16_t> indoption;       // per column: 1 = DESC, 2 = NULLS FIRST
  std::optional<std::string> indexprs;  // serialized expression trees
  std::optional<std::string> indpred;   // serialized partial-index predicate
  // Not a column: the xmin of the row as read (for indcheckxmin); set by ScanCatalog.
  TransactionId row_xmin = kInvalidTransactionId;
};

struct PgConstraint {
  Oid oid = kInvalidOid;
  std::string conname;
  Oid connamespace = kInvalidOid;
  char contype = 'c';  // c check, f foreign key, p primary key, u unique, t trigger, x exclusion
  bool condeferrable = false;
  bool condeferred = false;
  bool convalidated = true;
  Oid conrelid = kInvalidOid;
  Oid contypid = kInvalidOid;
  Oid conindid = kInvalidOid;
  Oid confrelid = kInvalidOid;
  char confupdtype = ' ', confdeltype = ' ', confmatchtype = ' ';
  bool conislocal = true;
  int32_t coninhcount = 0;  // inherited from this many parents
  bool connoinherit = false;
  std::vector<int16_t> conkey, confkey;
  std::vector<Oid> conpfeqop, conppeqop, conffeqop;
  std::vector<int16_t> confdelsetcols;  // ON DELETE SET NULL/DEFAULT (cols); empty: all
  std::optional<std::string> conbin;    // serialized CHECK expression
};

struct PgAttrDef {
  Oid oid = kInvalidOid;
  Oid adrelid = kInvalidOid;
  int16_t adnum = 0;
  std::string adbin;  // serialized default expression
};

// One row per sequence (PostgreSQL's pg_sequence): its parameters. The current value lives
// in the sequence's own page (storage/sequence/README.md).
struct PgSequence {
  Oid seqrelid = kInvalidOid;
  Oid seqtypid = kInvalidOid;  // int2, int4 or int8
  int64_t seqstart = 1;
  int64_t seqincrement = 1;
  int64_t seqmax = 0;
  int64_t seqmin = 0;
  int64_t seqcache = 1;
  bool seqcycle = false;
};

struct PgAm {
  Oid oid = kInvalidOid;
  std::string amname;
  char amtype = 'i';  // i index, t table
};

struct PgOpclass {
  Oid oid = kInvalidOid;
  Oid opcmethod = kInvalidOid;
  std::string opcname;
  Oid opcnamespace = kInvalidOid;
  Oid opcfamily = kInvalidOid;
  Oid opcintype = kInvalidOid;
  bool opcdefault = false;
  Oid opckeytype = kInvalidOid;
};

struct PgOpfamily {
  Oid oid = kInvalidOid;
  Oid opfmethod = kInvalidOid;
  std::string opfname;
  Oid opfnamespace = kInvalidOid;
};

struct PgAmop {
  Oid oid = kInvalidOid;
  Oid amopfamily = kInvalidOid;
  Oid amoplefttype = kInvalidOid;
  Oid amoprighttype = kInvalidOid;
  int16_t amopstrategy = 0;  // btree: 1 <, 2 <=, 3 =, 4 >=, 5 >
  char amoppurpose = 's';
  Oid amopopr = kInvalidOid;
  Oid amopmethod = kInvalidOid;
  Oid amopsortfamily = kInvalidOid;
};

struct PgAmproc {
  Oid oid = kInvalidOid;
  Oid amprocfamily = kInvalidOid;
  Oid amproclefttype = kInvalidOid;
  Oid amprocrighttype = kInvalidOid;
  int16_t amprocnum = 0;  // btree: 1 comparison, 2 sortsupport, 3 in_range; hash: 1 hash
  Oid amproc = kInvalidOid;
};

struct PgCollation {
  Oid oid = kInvalidOid;
  std::string collname;
  Oid collnamespace = kInvalidOid;
  char collprovider = 'c';
  int32_t collencoding = -1;
};

struct PgAuthId {
  Oid oid = kInvalidOid;
  std::string rolname;
  bool rolsuper = false;
  bool rolinherit = true;
  bool rolcreaterole = false;
  bool rolcreatedb = false;
  bool rolcanlogin = false;
  bool rolreplication = false;
  bool rolbypassrls = false;
  int32_t rolconnlimit = -1;
  std::optional<std::string> rolpassword;  // "SCRAM-SHA-256$..." or "md5..."
  std::optional<int64_t> rolvaliduntil;    // TimestampTz
};

struct PgDatabase {
  Oid oid = kInvalidOid;
  std::string datname;
  Oid datdba = kInvalidOid;
  int32_t encoding = 6;  // UTF8
  char datlocprovider = 'c';
  bool datistemplate = false;
  bool datallowconn = true;
  int32_t datconnlimit = -1;
  TransactionId datfrozenxid = kInvalidTransactionId;
  Oid dattablespace = 1663;
  std::string datcollate = "C";
  std::string datctype = "C";
};

// pg_rewrite: a view's "_RETURN" rule. ev_action holds the view's Query as
// nodes::QueryToString text (a one-element list in PostgreSQL; here the Query itself).
inline constexpr Oid kRewriteRelationId = 2618;
struct PgRewrite {
  Oid oid = kInvalidOid;
  std::string rulename;
  Oid ev_class = kInvalidOid;  // the view
  char ev_type = '1';          // 1 SELECT
  char ev_enabled = 'O';
  bool is_instead = true;
  std::optional<std::string> ev_qual;  // "<>" for a view
  std::optional<std::string> ev_action;
};

// pg_depend: object (classid, objid, objsubid) depends on (refclassid, refobjid,
// refobjsubid); deptype 'n' normal (RESTRICT refuses the drop, CASCADE drops the dependent),
// 'i' internal (the dependent is part of the referenced object).
inline constexpr Oid kDependRelationId = 2608;
struct PgDepend {
  Oid classid = kInvalidOid;
  Oid objid = kInvalidOid;
  int32_t objsubid = 0;
  Oid refclassid = kInvalidOid;
  Oid refobjid = kInvalidOid;
  int32_t refobjsubid = 0;
  char deptype = 'n';
};

// pg_statistic: the scalar columns (ANALYZE writes stanumbersN/stavaluesN as raw arrays through
// InsertCatalogValues; executor/commands/analyze.cpp).
inline constexpr Oid kStatisticRelationId = 2619;
struct PgStatistic {
  Oid starelid = kInvalidOid;
  int16_t staattnum = 0;
  bool stainherit = false;
  float stanullfrac = 0;
  int32_t stawidth = 0;
  float stadistinct = 0;
  int16_t stakind1 = 0, stakind2 = 0, stakind3 = 0, stakind4 = 0, stakind5 = 0;
  Oid staop1 = kInvalidOid, staop2 = kInvalidOid, staop3 = kInvalidOid, staop4 = kInvalidOid,
      staop5 = kInvalidOid;
  Oid stacoll1 = kInvalidOid, stacoll2 = kInvalidOid, stacoll3 = kInvalidOid,
      stacoll4 = kInvalidOid, stacoll5 = kInvalidOid;
};

// pg_inherits: relation inhrelid inherits from (or is a partition of) inhparent; inhseqno
// numbers a child's parents from 1 in INHERITS order.
inline constexpr Oid kInheritsRelationId = 2611;
struct PgInherits {
  Oid inhrelid = kInvalidOid;
  Oid inhparent = kInvalidOid;
  int32_t inhseqno = 1;
  bool inhdetachpending = false;
};

// pg_partitioned_table: the partition key of a partitioned table (relkind 'p'). partstrat
// 'r' range, 'l' list, 'h' hash; partattrs are key columns (0 = expression, not supported).
inline constexpr Oid kPartitionedRelationId = 3350;
struct PgPartitionedTable {
  Oid partrelid = kInvalidOid;
  char partstrat = 'r';
  int16_t partnatts = 0;
  Oid partdefid = kInvalidOid;  // the default partition, 0 = none
  std::vector<int16_t> partattrs;
  std::vector<Oid> partclass;
  std::vector<Oid> partcollation;
  // Serialized list of the key expressions, one per partattrs entry 0 (nullopt: none).
  std::optional<std::string> partexprs;
};

// Comments on objects (COMMENT ON); objsubid is the column number for columns, else 0.
struct PgDescription {
  Oid objoid = kInvalidOid;
  Oid classoid = kInvalidOid;
  int32_t objsubid = 0;
  std::string description;
};

// Comments on shared objects (databases, roles, tablespaces).
struct PgShDescription {
  Oid objoid = kInvalidOid;
  Oid classoid = kInvalidOid;
  std::string description;
};

}  // namespace hyrax::catalog
