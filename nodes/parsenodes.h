// The bound Query tree produced by the analyzer (PostgreSQL's parsenodes.h Query and its
// parts): range table, join tree, target list, grouping/sorting clauses, CTEs, set
// operations, ON CONFLICT, row marks; plus the base of bound utility statements. The
// planner turns a Query into a PlannedStmt (nodes/plannodes.h). Nothing after the analyzer
// looks at libpg_query nodes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nodes/primnodes.h"

namespace hyrax::nodes {

enum class CmdType : uint8_t { kUnknown, kSelect, kUpdate, kInsert, kDelete, kMerge, kUtility };

enum class JoinType : uint8_t {
  kInner,
  kLeft,
  kFull,
  kRight,
  kSemi,
  kAnti,
  kRightAnti,  // planner-only: EXISTS / NOT EXISTS / IN pull-ups
  kUniqueOuter,
  kUniqueInner,
};

enum class RteKind : uint8_t {
  kRelation,
  kSubquery,
  kJoin,
  kFunction,
  kTableFunc,
  kValues,
  kCte,
  kNamedTuplestore,
  kResult,
};

struct Alias {
  std::string aliasname;
  std::vector<std::string> colnames;
};

// A function in FROM (or ROWS FROM (...)).
struct RangeTblFunction {
  ExprPtr funcexpr;
  int funccolcount = 0;
  std::vector<std::string> funccolnames;  // for functions returning record with a column list
  std::vector<Oid> funccoltypes;
  std::vector<int32_t> funccoltypmods;
  std::vector<Oid> funccolcollations;
};

// Privileges checked for a relation RTE (PostgreSQL's AclMode bits).
enum AclBits : uint32_t {
  kAclInsert = 1u << 0,
  kAclSelect = 1u << 1,
  kAclUpdate = 1u << 2,
  kAclDelete = 1u << 3,
  kAclTruncate = 1u << 4,
  kAclReferences = 1u << 5,
  kAclTrigger = 1u << 6,
};

struct RangeTblEntry {
  RteKind rtekind = RteKind::kRelation;
  // kRelation
  Oid relid = kInvalidOid;
  char relkind = 'r';
  int rellockmode = 0;  // storage::LockMode value to take at execution start
  // kSubquery
  QueryPtr subquery;
  bool security_barrier = false;
  // kJoin
  JoinType jointype = JoinType::kInner;
  int joinmergedcols = 0;  // USING / NATURAL merged columns at the start
  ExprList joinaliasvars;  // per join output column: Var of an input (or COALESCE)
  std::vector<int> joinleftcols;
  std::vector<int> joinrightcols;
  std::optional<Alias> join_using_alias;
  // kFunction
  std::vector<RangeTblFunction> functions;
  bool funcordinality = false;
  // kValues
  std::vector<ExprList> values_lists;
  // kCte
  std::string ctename;
  Index ctelevelsup = 0;
  bool self_reference = false;  // WITH RECURSIVE reference to itself
  // kValues, kCte, kFunction(record), kNamedTuplestore, kResult: column types
  std::vector<Oid> coltypes;
  std::vector<int32_t> coltypmods;
  std::vector<Oid> colcollations;
  // Names
  std::optional<Alias> alias;  // as written by the user
  Alias eref;                  // effective name and column names (always set)
  // Flags
  bool lateral = false;
  bool inh = true;             // include inheritance children (ONLY clears it)
  bool inFromCl = true;        // appeared in FROM (false for NEW/OLD, ON CONFLICT excluded)
  uint32_t requiredPerms = 0;  // AclBits
  Oid checkAsUser = kInvalidOid;
  std::vector<AttrNumber> selectedCols;  // columns read (for privilege checks)
  std::vector<AttrNumber> insertedCols;
  std::vector<AttrNumber> updatedCols;
};

// Join tree nodes: FromExpr (a FROM list with WHERE quals), JoinExpr, RangeTblRef.
enum class JoinTreeTag : uint8_t { kRangeTblRef, kJoinExpr, kFromExpr };

struct JoinTreeNode {
  explicit JoinTreeNode(JoinTreeTag t) : tag(t) {}
  virtual ~JoinTreeNode() = default;
  JoinTreeTag tag;
};
using JoinTreeNodePtr = std::shared_ptr<JoinTreeNode>;

struct RangeTblRef : JoinTreeNode {
  RangeTblRef() : JoinTreeNode(JoinTreeTag::kRangeTblRef) {}
  explicit RangeTblRef(Index i) : JoinTreeNode(JoinTreeTag::kRangeTblRef), rtindex(i) {}
  Index rtindex = 0;
};

struct JoinExpr : JoinTreeNode {
  JoinExpr() : JoinTreeNode(JoinTreeTag::kJoinExpr) {}
  JoinType jointype = JoinType::kInner;
  bool isNatural = false;
  JoinTreeNodePtr larg;
  JoinTreeNodePtr rarg;
  std::vector<std::string> usingClause;
  std::optional<Alias> join_using_alias;
  ExprPtr quals;  // ON condition (USING/NATURAL converted to equalities)
  std::optional<Alias> alias;
  Index rtindex = 0;  // the join's own RTE
};

struct FromExpr : JoinTreeNode {
  FromExpr() : JoinTreeNode(JoinTreeTag::kFromExpr) {}
  std::vector<JoinTreeNodePtr> fromlist;
  ExprPtr quals;  // WHERE
};
using FromExprPtr = std::shared_ptr<FromExpr>;

enum class CteMaterialize : uint8_t { kDefault, kAlways, kNever };

struct CommonTableExpr {
  std::string ctename;
  std::vector<std::string> aliascolnames;
  CteMaterialize ctematerialized = CteMaterialize::kDefault;
  QueryPtr ctequery;
  int location = -1;
  bool cterecursive = false;
  int cterefcount = 0;
  std::vector<std::string> ctecolnames;
  std::vector<Oid> ctecoltypes;
  std::vector<int32_t> ctecoltypmods;
  std::vector<Oid> ctecolcollations;
};

enum class SetOperation : uint8_t { kNone, kUnion, kIntersect, kExcept };

// Set-operation tree: leaves are RangeTblRefs to subquery RTEs.
struct SetOperationStmt;
struct SetOpNode {
  JoinTreeNodePtr leaf;                    // RangeTblRef, when a leaf
  std::shared_ptr<SetOperationStmt> node;  // otherwise
};
struct SetOperationStmt {
  SetOperation op = SetOperation::kUnion;
  bool all = false;
  SetOpNode larg;
  SetOpNode rarg;
  std::vector<Oid> colTypes;
  std::vector<int32_t> colTypmods;
  std::vector<Oid> colCollations;
  std::vector<SortGroupClause> groupClauses;  // for UNION/INTERSECT/EXCEPT without ALL
};

// Frame option bits (PostgreSQL's FRAMEOPTION_*).
enum FrameOptions : int {
  kFrameNonDefault = 0x00001,
  kFrameRange = 0x00002,
  kFrameRows = 0x00004,
  kFrameGroups = 0x00008,
  kFrameBetween = 0x00010,
  kFrameStartUnboundedPreceding = 0x00020,
  kFrameEndUnboundedPreceding = 0x00040,
  kFrameStartUnboundedFollowing = 0x00080,
  kFrameEndUnboundedFollowing = 0x00100,
  kFrameStartCurrentRow = 0x00200,
  kFrameEndCurrentRow = 0x00400,
  kFrameStartOffsetPreceding = 0x00800,
  kFrameEndOffsetPreceding = 0x01000,
  kFrameStartOffsetFollowing = 0x02000,
  kFrameEndOffsetFollowing = 0x04000,
  kFrameExcludeCurrentRow = 0x08000,
  kFrameExcludeGroup = 0x10000,
  kFrameExcludeTies = 0x20000,
  kFrameDefaults = kFrameRange | kFrameStartUnboundedPreceding | kFrameEndCurrentRow,
};

struct WindowClause {
  std::string name;
  std::string refname;
  std::vector<SortGroupClause> partitionClause;
  std::vector<SortGroupClause> orderClause;
  int frameOptions = kFrameDefaults;
  ExprPtr startOffset;
  ExprPtr endOffset;
  Oid startInRangeFunc = kInvalidOid;
  Oid endInRangeFunc = kInvalidOid;
  Oid inRangeColl = kInvalidOid;
  bool inRangeAsc = true;
  bool inRangeNullsFirst = false;
  Index winref = 0;
  bool copiedOrder = false;
};

enum class GroupingSetKind : uint8_t { kEmpty, kSimple, kRollup, kCube, kSets };
struct GroupingSet {
  GroupingSetKind kind = GroupingSetKind::kSimple;
  std::vector<GroupingSet> content;  // nested sets (kRollup/kCube/kSets)
  std::vector<Index> refs;           // kSimple: ressortgrouprefs
};

enum class OnConflictAction : uint8_t { kNone, kNothing, kUpdate };
struct OnConflictExpr {
  OnConflictAction action = OnConflictAction::kNone;
  ExprList arbiterElems;  // InferenceElems
  ExprPtr arbiterWhere;
  Oid constraint = kInvalidOid;  // ON CONFLICT ON CONSTRAINT
  TargetList onConflictSet;      // DO UPDATE SET
  ExprPtr onConflictWhere;
  Index exclRelIndex = 0;  // RTE of EXCLUDED
  TargetList exclRelTlist;
};

enum class LockClauseStrength : uint8_t {
  kNone,
  kForKeyShare,
  kForShare,
  kForNoKeyUpdate,
  kForUpdate
};
enum class LockWaitPolicy : uint8_t { kBlock, kSkip, kError };
struct RowMarkClause {
  Index rti = 0;
  LockClauseStrength strength = LockClauseStrength::kForUpdate;
  LockWaitPolicy waitPolicy = LockWaitPolicy::kBlock;
  bool pushedDown = false;
};

enum class OverridingKind : uint8_t { kNotSet, kUserValue, kSystemValue };
enum class LimitOption : uint8_t { kDefault, kCount, kWithTies };

// Which bound utility statement a UtilityStmt is (PostgreSQL's node tags of the *Stmt nodes).
enum class UtilityTag : uint8_t {
  kTransaction,
  kVariableSet,
  kVariableShow,
  kCreateTable,
  kCreateTableAs,
  kCreateIndex,
  kCreateSchema,
  kCreateView,
  kCreateSequence,
  kDrop,
  kTruncate,
  kCheckpoint,
  kExplain,
  kVacuum,
  kPrepare,
  kExecute,
  kDeallocate,
  kDiscard,
  kLock,
  kCopy,
  kDeclareCursor,
  kFetch,
  kClosePortal,
  kConstraintsSet,
  kListen,
  kUnlisten,
  kNotify,
  kAlterTable,
  kRename,
  kCreateDatabase,
  kDropDatabase,
  kCreateRole,
  kAlterRole,
  kDropRole,
  kAlterSequence,
  kComment,
  kCreateFunction,
  kDefineAggregate,
  kDefineType,  // CREATE TYPE ... AS (...) / AS ENUM, CREATE DOMAIN (nodes/type_stmts.h)
};

// Base of bound utility statements (CREATE TABLE, SET, BEGIN, EXPLAIN ...). The concrete
// statement types live in nodes/utility_stmts.h; `tag` says which one (static_cast by tag).
struct UtilityStmt {
  explicit UtilityStmt(UtilityTag t) : tag(t) {}
  virtual ~UtilityStmt() = default;
  UtilityTag tag;
};
using UtilityStmtPtr = std::shared_ptr<UtilityStmt>;

struct Query {
  CmdType commandType = CmdType::kSelect;
  bool canSetTag = true;
  UtilityStmtPtr utilityStmt;  // commandType == kUtility
  Index resultRelation = 0;    // INSERT/UPDATE/DELETE target RTE
  bool hasAggs = false;
  bool hasWindowFuncs = false;
  bool hasTargetSRFs = false;
  bool hasSubLinks = false;
  bool hasDistinctOn = false;
  bool hasRecursive = false;
  bool hasModifyingCTE = false;
  bool hasForUpdate = false;
  std::vector<CommonTableExpr> cteList;
  std::vector<RangeTblEntry> rtable;  // 1-based indexes: rtable[varno - 1]
  FromExprPtr jointree;
  TargetList targetList;
  OverridingKind override = OverridingKind::kNotSet;
  std::shared_ptr<OnConflictExpr> onConflict;
  TargetList returningList;
  std::vector<SortGroupClause> groupClause;
  bool groupDistinct = false;
  std::vector<GroupingSet> groupingSets;
  ExprPtr havingQual;
  std::vector<WindowClause> windowClause;
  std::vector<SortGroupClause> distinctClause;
  std::vector<SortGroupClause> sortClause;
  ExprPtr limitOffset;
  ExprPtr limitCount;
  LimitOption limitOption = LimitOption::kDefault;
  std::vector<RowMarkClause> rowMarks;
  std::shared_ptr<SetOperationStmt> setOperations;
  std::vector<Oid> constraintDeps;
  // Types of the $n parameters ($1 = paramTypes[0]) as declared or inferred during analysis
  // (PostgreSQL returns these from parse_variable_parameters; Describe reports them).
  // kInvalidOid/UNKNOWN entries were not determinable.
  std::vector<Oid> paramTypes;
  // Where the statement sits in the original query string (for errors and pg_stat_activity).
  int stmt_location = 0;
  int stmt_len = 0;
  // A view's query only: the SQL text of CREATE VIEW's AS clause, kept with the stored tree
  // so pg_get_viewdef can return it (Hyrax cannot deparse a Query into PostgreSQL's layout).
  std::string source_text;
};

}  // namespace hyrax::nodes
