// Plan nodes: the planner's output and the executor's input (PostgreSQL's plannodes.h).
// Every PostgreSQL plan node kind is declared so the operator factory and EXPLAIN can switch
// over all of them; fields exist for the nodes Hyrax plans today and grow with the planner.
// Plans are immutable once built (std::shared_ptr<const Plan>), may be cached for prepared
// statements, and never point into executor state: the executor builds a separate operator
// tree (executor/README.md "Plan tree and state tree").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nodes/parsenodes.h"
#include "nodes/primnodes.h"

namespace hyrax::nodes {

enum class PlanTag : uint8_t {
  kResult,
  kProjectSet,
  kModifyTable,
  kAppend,
  kMergeAppend,
  kRecursiveUnion,
  kBitmapAnd,
  kBitmapOr,
  kSeqScan,
  kSampleScan,
  kIndexScan,
  kIndexOnlyScan,
  kBitmapIndexScan,
  kBitmapHeapScan,
  kTidScan,
  kTidRangeScan,
  kSubqueryScan,
  kFunctionScan,
  kValuesScan,
  kTableFuncScan,
  kCteScan,
  kNamedTuplestoreScan,
  kWorkTableScan,
  kForeignScan,
  kCustomScan,
  kNestLoop,
  kMergeJoin,
  kHashJoin,
  kMaterial,
  kMemoize,
  kSort,
  kIncrementalSort,
  kGroup,
  kAgg,
  kWindowAgg,
  kUnique,
  kGather,
  kGatherMerge,
  kHash,
  kSetOp,
  kLockRows,
  kLimit,
};

struct Plan;
using PlanPtr = std::shared_ptr<const Plan>;

// Common header of every plan node (PostgreSQL's Plan).
struct Plan {
  explicit Plan(PlanTag t) : tag(t) {}
  virtual ~Plan() = default;

  PlanTag tag;
  // Estimates, in the units of planner/cost (EXPLAIN prints them).
  double startup_cost = 0;  // before the first tuple
  double total_cost = 0;    // to return every tuple
  double plan_rows = 0;
  int plan_width = 0;  // average row width in bytes
  bool parallel_aware = false;
  bool parallel_safe = false;
  bool async_capable = false;
  int plan_node_id = 0;  // unique within the PlannedStmt, in creation order
  // Output columns. After set_plan_references, Vars in here (and in qual) reference the
  // node's scan tuple (varno = scanrelid) or its children (kOuterVar / kInnerVar).
  TargetList targetlist;
  ExprList qual;      // implicitly ANDed; a row passes when every entry is true
  PlanPtr lefttree;   // outer input
  PlanPtr righttree;  // inner input
  ExprList initPlan;  // SubPlan nodes evaluated once, before the node's first row
  // EXPLAIN (ALTERNATIVES) only: the best paths the planner rejected for this scan's or
  // join's relations, one line each (planner/plan/plan_alternatives.h); empty otherwise.
  std::vector<std::string> alternatives;
};

// Downcast a plan whose tag is known: PlanAs<Sort>(plan).
template <typename T>
const T& PlanAs(const Plan& plan) {
  return static_cast<const T&>(plan);
}

// ---- Control nodes ----

// Computes its targetlist once per input row (or once, without input); the one-time
// resconstantqual gates the whole node (PostgreSQL's Result).
struct Result : Plan {
  Result() : Plan(PlanTag::kResult) {}
  ExprPtr resconstantqual;
};

struct ProjectSet : Plan {
  ProjectSet() : Plan(PlanTag::kProjectSet) {}
};

// INSERT / UPDATE / DELETE (MERGE later). The child produces, per row: INSERT the new row's
// columns; UPDATE the new values of the updated columns (updateColnosLists) plus the junk
// "ctid"; DELETE the junk "ctid".
struct ModifyTable : Plan {
  ModifyTable() : Plan(PlanTag::kModifyTable) {}
  CmdType operation = CmdType::kInsert;
  bool canSetTag = true;
  Index nominalRelation = 0;  // RT index shown by EXPLAIN
  Index rootRelation = 0;
  std::vector<Index> resultRelations;
  // UPDATE: per result relation, the target attnums of the child's non-junk columns in order.
  std::vector<std::vector<AttrNumber>> updateColnosLists;
  std::vector<TargetList> returningLists;  // per result relation, empty without RETURNING
  OnConflictAction onConflictAction = OnConflictAction::kNone;
  // ON CONFLICT: the arbiter unique indexes (empty with DO NOTHING: every unique index);
  // DO UPDATE's new row (one entry per attribute; Vars of the result relation read the
  // existing row, Vars of exclRelRTI the row proposed for insertion) and WHERE.
  std::vector<Oid> arbiterIndexes;
  TargetList onConflictSet;
  ExprPtr onConflictWhere;
  Index exclRelRTI = 0;
  int epqParam = 0;
};

struct Append : Plan {
  Append() : Plan(PlanTag::kAppend) {}
  std::vector<PlanPtr> appendplans;
  int first_partial_plan = 0;
  // RT indexes of the inheritance parent whose children are appended (empty for UNION).
  std::vector<Index> apprelids;
};

// Sort keys shared by MergeAppend, Sort and friends (1-based column numbers of the input).
struct SortColumns {
  std::vector<AttrNumber> sortColIdx;
  std::vector<Oid> sortOperators;  // '<' or '>' operator per key
  std::vector<Oid> collations;
  std::vector<bool> nullsFirst;
  int numCols() const { return static_cast<int>(sortColIdx.size()); }
};

struct MergeAppend : Plan {
  MergeAppend() : Plan(PlanTag::kMergeAppend) {}
  std::vector<PlanPtr> mergeplans;
  SortColumns sort;
};

// Grouping/duplicate-elimination keys (equality operators).
struct GroupColumns {
  std::vector<AttrNumber> colIdx;
  std::vector<Oid> eqOperators;
  std::vector<Oid> collations;
  int numCols() const { return static_cast<int>(colIdx.size()); }
};

struct RecursiveUnion : Plan {
  RecursiveUnion() : Plan(PlanTag::kRecursiveUnion) {}
  int wtParam = -1;
  GroupColumns dup;
  double numGroups = 0;
};

struct BitmapAnd : Plan {
  BitmapAnd() : Plan(PlanTag::kBitmapAnd) {}
  std::vector<PlanPtr> bitmapplans;
};

struct BitmapOr : Plan {
  BitmapOr() : Plan(PlanTag::kBitmapOr) {}
  std::vector<PlanPtr> bitmapplans;
};

// ---- Scans ----

struct Scan : Plan {
  explicit Scan(PlanTag t) : Plan(t) {}
  Index scanrelid = 0;  // range-table index of the scanned relation
};

struct SeqScan : Scan {
  SeqScan() : Scan(PlanTag::kSeqScan) {}
};

struct SampleScan : Scan {
  SampleScan() : Scan(PlanTag::kSampleScan) {}
};

enum class ScanDirection : int8_t { kBackward = -1, kNoMovement = 0, kForward = 1 };

struct IndexScan : Scan {
  IndexScan() : Scan(PlanTag::kIndexScan) {}
  Oid indexid = kInvalidOid;
  ExprList indexqual;      // with index-column Vars (varno = kIndexVar)
  ExprList indexqualorig;  // the same quals in table-column form (EXPLAIN, recheck)
  ExprList indexorderby;
  ExprList indexorderbyorig;
  ScanDirection indexorderdir = ScanDirection::kForward;
};

struct IndexOnlyScan : Scan {
  IndexOnlyScan() : Scan(PlanTag::kIndexOnlyScan) {}
  Oid indexid = kInvalidOid;
  ExprList indexqual;
  ExprList recheckqual;
  ExprList indexorderby;
  TargetList indextlist;
  ScanDirection indexorderdir = ScanDirection::kForward;
};

struct BitmapIndexScan : Scan {
  BitmapIndexScan() : Scan(PlanTag::kBitmapIndexScan) {}
  Oid indexid = kInvalidOid;
  ExprList indexqual;
  ExprList indexqualorig;
};

struct BitmapHeapScan : Scan {
  BitmapHeapScan() : Scan(PlanTag::kBitmapHeapScan) {}
  ExprList bitmapqualorig;
};

struct TidScan : Scan {
  TidScan() : Scan(PlanTag::kTidScan) {}
  ExprList tidquals;
};

struct TidRangeScan : Scan {
  TidRangeScan() : Scan(PlanTag::kTidRangeScan) {}
  ExprList tidrangequals;
};

enum class SubqueryScanStatus : uint8_t { kUnknown, kTrivial, kNontrivial };

// Scans the output of a planned FROM-subquery (subplan), projecting it.
struct SubqueryScan : Scan {
  SubqueryScan() : Scan(PlanTag::kSubqueryScan) {}
  PlanPtr subplan;
  SubqueryScanStatus scanstatus = SubqueryScanStatus::kUnknown;
};

struct FunctionScan : Scan {
  FunctionScan() : Scan(PlanTag::kFunctionScan) {}
  std::vector<RangeTblFunction> functions;
  bool funcordinality = false;
};

// VALUES (...), (...) in FROM: one expression list per row.
struct ValuesScan : Scan {
  ValuesScan() : Scan(PlanTag::kValuesScan) {}
  std::vector<ExprList> values_lists;
};

struct TableFuncScan : Scan {
  TableFuncScan() : Scan(PlanTag::kTableFuncScan) {}
};

struct CteScan : Scan {
  CteScan() : Scan(PlanTag::kCteScan) {}
  int ctePlanId = 0;  // 1-based index into PlannedStmt::subplans
  int cteParam = -1;  // PARAM_EXEC slot shared by the CTE's scans
};

struct NamedTuplestoreScan : Scan {
  NamedTuplestoreScan() : Scan(PlanTag::kNamedTuplestoreScan) {}
  std::string enrname;
};

struct WorkTableScan : Scan {
  WorkTableScan() : Scan(PlanTag::kWorkTableScan) {}
  int wtParam = -1;
};

struct ForeignScan : Scan {
  ForeignScan() : Scan(PlanTag::kForeignScan) {}
};

struct CustomScan : Scan {
  CustomScan() : Scan(PlanTag::kCustomScan) {}
};

// ---- Joins ----

struct Join : Plan {
  explicit Join(PlanTag t) : Plan(t) {}
  JoinType jointype = JoinType::kInner;
  bool inner_unique = false;
  ExprList joinqual;  // join conditions (qual holds the "other" quals)
};

// A value the nested loop passes from the current outer row into the inner side: before
// each inner rescan, PARAM_EXEC slot `paramno` is set to `paramval` (an outer-row Var).
struct NestLoopParam {
  int paramno = 0;
  std::shared_ptr<Var> paramval;
};

struct NestLoop : Join {
  NestLoop() : Join(PlanTag::kNestLoop) {}
  std::vector<NestLoopParam> nestParams;
};

struct MergeJoin : Join {
  MergeJoin() : Join(PlanTag::kMergeJoin) {}
  bool skip_mark_restore = false;
  ExprList mergeclauses;
  std::vector<Oid> mergeFamilies;
  std::vector<Oid> mergeCollations;
  std::vector<int> mergeStrategies;
  std::vector<bool> mergeNullsFirst;
};

struct HashJoin : Join {
  HashJoin() : Join(PlanTag::kHashJoin) {}
  ExprList hashclauses;
  std::vector<Oid> hashoperators;
  std::vector<Oid> hashcollations;
  ExprList hashkeys;  // outer-side keys
};

// ---- Materialisation, sorting, grouping ----

struct Material : Plan {
  Material() : Plan(PlanTag::kMaterial) {}
};

struct Memoize : Plan {
  Memoize() : Plan(PlanTag::kMemoize) {}
  std::vector<Oid> hashOperators;
  std::vector<Oid> collations;
  ExprList param_exprs;
  bool singlerow = false;
  bool binary_mode = false;
  uint32_t est_entries = 0;
};

struct Sort : Plan {
  Sort() : Plan(PlanTag::kSort) {}
  explicit Sort(PlanTag t) : Plan(t) {}
  SortColumns sort;
};

struct IncrementalSort : Sort {
  IncrementalSort() : Sort(PlanTag::kIncrementalSort) {}
  int nPresortedCols = 0;
};

struct Group : Plan {
  Group() : Plan(PlanTag::kGroup) {}
  GroupColumns group;
};

enum class AggStrategy : uint8_t { kPlain, kSorted, kHashed, kMixed };

// Aggregation. kPlain: one row over the whole input; kSorted: input sorted on the group
// columns, one row per run; kHashed: hash table of groups. Aggref nodes in targetlist/qual
// read the group's finished aggregate values (Aggref::aggno indexes them).
struct Agg : Plan {
  Agg() : Plan(PlanTag::kAgg) {}
  AggStrategy aggstrategy = AggStrategy::kPlain;
  AggSplit aggsplit = AggSplit::kSimple;
  GroupColumns group;
  double numGroups = 1;  // estimate (sizes the hash table)
  uint64_t transitionSpace = 0;
  std::vector<std::vector<AttrNumber>> groupingSets;  // empty without GROUPING SETS
};

// Window functions of one window clause over input sorted on its PARTITION BY + ORDER BY
// keys. WindowFunc nodes of this window in the target list read the row's values by
// WindowFunc::winfuncno (0..numWindowFuncs-1); `order` holds the ORDER BY columns with
// their equality operators (peer rows), in-range fields serve RANGE offset frames.
struct WindowAgg : Plan {
  WindowAgg() : Plan(PlanTag::kWindowAgg) {}
  Index winref = 0;
  GroupColumns partition;
  GroupColumns order;
  int frameOptions = 0;
  ExprPtr startOffset;
  ExprPtr endOffset;
  Oid startInRangeFunc = kInvalidOid;
  Oid endInRangeFunc = kInvalidOid;
  Oid inRangeColl = kInvalidOid;
  bool inRangeAsc = true;
  bool inRangeNullsFirst = false;
  int numWindowFuncs = 0;
};

struct Unique : Plan {
  Unique() : Plan(PlanTag::kUnique) {}
  GroupColumns uniq;
};

struct Gather : Plan {
  Gather() : Plan(PlanTag::kGather) {}
  int num_workers = 0;
};

struct GatherMerge : Plan {
  GatherMerge() : Plan(PlanTag::kGatherMerge) {}
  int num_workers = 0;
  SortColumns sort;
};

struct Hash : Plan {
  Hash() : Plan(PlanTag::kHash) {}
  ExprList hashkeys;  // inner-side keys
  double rows_total = 0;
};

enum class SetOpCmd : uint8_t { kIntersect, kIntersectAll, kExcept, kExceptAll };
enum class SetOpStrategy : uint8_t { kSorted, kHashed };

struct SetOp : Plan {
  SetOp() : Plan(PlanTag::kSetOp) {}
  SetOpCmd cmd = SetOpCmd::kIntersect;
  SetOpStrategy strategy = SetOpStrategy::kSorted;
  GroupColumns dup;
  AttrNumber flagColIdx = 0;
  int firstFlag = 0;
  double numGroups = 0;
};

// Row-level lock of a relation for FOR UPDATE/SHARE (PostgreSQL's PlanRowMark).
struct PlanRowMark {
  Index rti = 0;
  Index prti = 0;
  Index rowmarkId = 0;
  LockClauseStrength strength = LockClauseStrength::kForUpdate;
  LockWaitPolicy waitPolicy = LockWaitPolicy::kBlock;
  bool isParent = false;
};

struct LockRows : Plan {
  LockRows() : Plan(PlanTag::kLockRows) {}
  std::vector<PlanRowMark> rowMarks;
  int epqParam = 0;
};

// LIMIT / OFFSET over the child's rows; the expressions are evaluated once at start (they
// may contain only Params and constants).
struct Limit : Plan {
  Limit() : Plan(PlanTag::kLimit) {}
  ExprPtr limitOffset;
  ExprPtr limitCount;
  LimitOption limitOption = LimitOption::kDefault;
  GroupColumns uniq;  // WITH TIES: the ORDER BY columns
};

// ---- The statement ----

// The planner's result for one statement (PostgreSQL's PlannedStmt).
struct PlannedStmt {
  CmdType commandType = CmdType::kSelect;
  uint64_t queryId = 0;
  bool hasReturning = false;
  bool hasModifyingCTE = false;
  bool canSetTag = true;
  PlanPtr planTree;
  std::vector<RangeTblEntry> rtable;   // flattened range table of every planned subquery
  std::vector<Index> resultRelations;  // RT indexes of INSERT/UPDATE/DELETE targets
  std::vector<PlanPtr> subplans;       // SubPlan/CteScan targets, 1-based by plan_id
  std::vector<PlanRowMark> rowMarks;
  std::vector<Oid> relationOids;    // relations the plan depends on (plan invalidation)
  std::vector<Oid> paramExecTypes;  // type of each PARAM_EXEC slot
  UtilityStmtPtr utilityStmt;       // commandType == kUtility
  int stmt_location = 0;
  int stmt_len = 0;
};
using PlannedStmtPtr = std::shared_ptr<const PlannedStmt>;

// Human-readable tag name ("SeqScan"), for debugging and internal errors; EXPLAIN's names
// live in planner/explain.
const char* PlanTagName(PlanTag tag);
// True for every Scan subclass.
bool IsScanPlan(PlanTag tag);

}  // namespace hyrax::nodes
