// Planner data structures (PostgreSQL's pathnodes.h): PlannerGlobal (per statement),
// PlannerInfo (per query level), RelOptInfo (a base relation, a join, or an upper stage),
// RestrictInfo (a qual with its cost and selectivity) and Paths (ways to produce a
// relation, with costs). planner/README.md "Stages" shows how they connect.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nodes/plannodes.h"

namespace hyrax::planner {

using nodes::ExprList;
using nodes::ExprPtr;
using nodes::Index;

// A set of range-table indexes of one query level (bit i = RT index i). 64 relations per
// level for now; joins of more raise 54001 (see README "Simplifications").
using Relids = uint64_t;
inline Relids RelidsSingleton(Index rti) {
  return Relids{1} << rti;
}
inline bool RelidsIsSubset(Relids a, Relids b) {
  return (a & ~b) == 0;
}

struct QualCost {
  double startup = 0;    // one-time cost
  double per_tuple = 0;  // cost per evaluation
};

// The columns a path produces (PostgreSQL's PathTarget).
struct PathTarget {
  ExprList exprs;
  std::vector<Index> sortgrouprefs;  // parallel to exprs; 0 when not a sort/group key
  QualCost cost;
  int width = 0;
};

// A qual clause with what the planner learned about it.
struct RestrictInfo {
  ExprPtr clause;
  Relids required_relids = 0;   // relations whose Vars it uses
  bool pseudoconstant = false;  // no Vars of this level (a one-time filter)
  double selectivity = -1;      // cached, -1 = not computed
  QualCost eval_cost;
};
using RestrictList = std::vector<std::shared_ptr<RestrictInfo>>;

// One ordering column of a path (simplified PathKey: an expression and its sort operator).
struct PathKey {
  ExprPtr expr;
  Oid sortop = kInvalidOid;
  Oid collation = kInvalidOid;
  bool nulls_first = false;
  Index sortref = 0;
};

enum class RelOptKind : uint8_t { kBaseRel, kJoinRel, kUpperRel };

// A btree index of a base relation as the planner sees it (PostgreSQL's IndexOptInfo;
// filled by plancat.cpp). Expression and partial indexes are not represented (not used).
struct IndexOptInfo {
  Oid indexoid = kInvalidOid;
  std::string name;
  double pages = 0;   // blocks of the index file
  double tuples = 0;  // entries (= the table's tuple estimate)
  int tree_height = 0;
  int ncolumns = 0;                          // key + INCLUDE columns
  int nkeycolumns = 0;                       // key columns
  std::vector<nodes::AttrNumber> indexkeys;  // table column per index column
  std::vector<Oid> opfamily;                 // per key column
  std::vector<Oid> opcintype;                // per key column
  std::vector<Oid> indexcollations;          // per key column
  std::vector<bool> reverse_sort;            // per key column: DESC
  std::vector<bool> nulls_first;             // per key column
  bool unique = false;
};
using IndexOptInfoPtr = std::shared_ptr<const IndexOptInfo>;

struct Path;
using PathPtr = std::shared_ptr<Path>;
struct PlannerInfo;

struct RelOptInfo {
  RelOptKind reloptkind = RelOptKind::kBaseRel;
  Relids relids = 0;
  double rows = 0;  // estimated output rows after restrictions
  PathTarget reltarget;
  std::vector<PathPtr> pathlist;
  PathPtr cheapest_startup_path;
  PathPtr cheapest_total_path;
  // Parameterised paths (inner index scans of nested loops): they need values from other
  // relations, so they never become this relation's cheapest paths.
  std::vector<PathPtr> param_pathlist;

  // Base relations.
  Index relid = 0;
  nodes::RteKind rtekind = nodes::RteKind::kRelation;
  double pages = 0;
  double tuples = 0;
  nodes::AttrNumber min_attr = 0;
  nodes::AttrNumber max_attr = 0;
  std::vector<int32_t> attr_widths;  // by attno - min_attr; 0 = not computed
  RestrictList baserestrictinfo;
  Relids lateral_relids = 0;  // relations a LATERAL item (function arguments) references
  QualCost baserestrictcost;
  std::vector<IndexOptInfoPtr> indexlist;  // kRelation: usable btree indexes
  double allvisfrac = 0;                   // fraction of pages marked all-visible
  std::shared_ptr<PlannerInfo> subroot;    // kSubquery: the planned subquery

  // Joins: quals that can only be checked once these relations are joined.
  RestrictList joininfo;
  // The inner side of a semi join made distinct on its join columns (create_unique_path):
  // its one path is that Unique/HashAggregate; it is joined as a plain inner join.
  bool uniquified = false;
};
using RelOptInfoPtr = std::shared_ptr<RelOptInfo>;

// A way of producing a relation. `pathtype` is the plan node it becomes.
struct Path {
  explicit Path(nodes::PlanTag t) : pathtype(t) {}
  virtual ~Path() = default;

  nodes::PlanTag pathtype;
  RelOptInfo* parent = nullptr;
  std::shared_ptr<PathTarget> pathtarget;
  double rows = 0;
  double startup_cost = 0;
  double total_cost = 0;
  std::vector<PathKey> pathkeys;  // output ordering, empty = unordered
};

// Scans of base relations (seq scan, values, result) use plain Path.

// One restriction clause usable with an index column (PostgreSQL's IndexClause):
// `indexqual` is the clause as "column op value" (commuted when written the other way).
struct IndexClause {
  std::shared_ptr<RestrictInfo> rinfo;
  ExprPtr indexqual;
  int indexcol = 0;  // 0-based index column
};

// An index scan or index-only scan (pathtype kIndexScan / kIndexOnlyScan).
struct IndexPath : Path {
  explicit IndexPath(nodes::PlanTag t) : Path(t) {}
  IndexOptInfoPtr indexinfo;
  std::vector<IndexClause> indexclauses;  // in index column order
  nodes::ScanDirection indexscandir = nodes::ScanDirection::kForward;
  double indextotalcost = 0;
  double indexselectivity = 1;
  // Relations whose Vars the index clauses read (a parameterised inner scan of a nested
  // loop); 0 for a plain scan.
  Relids required_outer = 0;
  double loop_count = 1;
};

struct SubqueryScanPath : Path {
  SubqueryScanPath() : Path(nodes::PlanTag::kSubqueryScan) {}
  PathPtr subpath;
};

// CTE Scan (pathtype kCteScan) of a materialised WITH query, or WorkTable Scan
// (kWorkTableScan) of a recursive query's working table (planner/plan/cte_planner.h).
struct CteScanPath : Path {
  explicit CteScanPath(nodes::PlanTag t) : Path(t) {}
  int cte_plan_id = 0;  // kCteScan: 1-based index into PlannerGlobal::subplans
  int param_id = -1;    // kCteScan: the CTE's init-plan Param; kWorkTableScan: wtParam
};

// Recursive Union: the non-recursive term, then the recursive term re-run over the rows
// the previous round produced until it produces none (WITH RECURSIVE).
struct RecursiveUnionPath : Path {
  RecursiveUnionPath() : Path(nodes::PlanTag::kRecursiveUnion) {}
  PathPtr leftpath;                                  // non-recursive term
  PathPtr rightpath;                                 // recursive term
  std::vector<nodes::SortGroupClause> distinctList;  // UNION: the columns to de-duplicate on
  int wt_param = -1;
  double numGroups = 0;
};

// A child of an inheritance parent in the range table (PostgreSQL's AppendRelInfo):
// `attno_map[parent attno - 1]` is the child's attno of the same column (columns are
// matched by name, the numbers may differ).
struct AppendRelInfo {
  Index parent_relid = 0;
  Index child_relid = 0;
  Oid child_oid = kInvalidOid;
  std::vector<nodes::AttrNumber> attno_map;
};

// Append: the rows of each subpath in turn (UNION ALL and the input of UNION; the children
// of an inheritance parent, planner/path/appendrel.h).
struct AppendPath : Path {
  AppendPath() : Path(nodes::PlanTag::kAppend) {}
  std::vector<PathPtr> subpaths;
  // An append relation: its parent's RT index and, per subpath, the child's mapping
  // (pointing into PlannerInfo::append_rel_list); a partitioned parent's children
  // compute the scan/join target themselves (apply_scanjoin_target_to_paths).
  Index apprelid = 0;
  bool partitioned = false;
  std::vector<const AppendRelInfo*> child_infos;
};

// INTERSECT / EXCEPT [ALL] over an Append whose last column is the input flag.
struct SetOpPath : Path {
  SetOpPath() : Path(nodes::PlanTag::kSetOp) {}
  PathPtr subpath;
  nodes::SetOpCmd cmd = nodes::SetOpCmd::kIntersect;
  nodes::SetOpStrategy strategy = nodes::SetOpStrategy::kHashed;
  std::vector<nodes::SortGroupClause> groupClause;
  nodes::AttrNumber flagColIdx = 0;
  int firstFlag = 0;
  double numGroups = 0;
};

// Semi/anti join estimates (PostgreSQL's SemiAntiJoinFactors): the fraction of outer rows
// with at least one match, and the average matches of such a row. Join costs use them when
// the executor stops at an outer row's first match (semi, anti, unique inner side).
struct SemiAntiJoinFactors {
  double outer_match_frac = 1.0;
  double match_count = 1.0;
};

// What the join paths of one (outer, inner, join type) combination share (part of
// PostgreSQL's JoinPathExtraData).
struct JoinPathExtra {
  bool inner_unique = false;        // each outer row matches at most one inner row
  SemiAntiJoinFactors semifactors;  // used for kSemi, kAnti and inner_unique
};

struct JoinPath : Path {
  explicit JoinPath(nodes::PlanTag t) : Path(t) {}
  nodes::JoinType jointype = nodes::JoinType::kInner;
  JoinPathExtra extra;
  PathPtr outerjoinpath;
  PathPtr innerjoinpath;
  RestrictList joinrestrictinfo;   // join clauses (NestLoop joinqual, "Join Filter")
  RestrictList otherrestrictinfo;  // quals above an outer join (NestLoop qual, "Filter")
};

// A Result node: projection of `subpath`, or (without subpath) one computed row; `quals`
// is its one-time filter (resconstantqual).
// Hash join: `hashclauses` (outer expr = inner expr) are a subset of the join clauses.
struct HashPath : JoinPath {
  HashPath() : JoinPath(nodes::PlanTag::kHashJoin) {}
  RestrictList hashclauses;
};

// One merge-join clause: `rinfo->clause` is "outer expr = inner expr" (commuted when written
// the other way), an equality of btree family `opfamily`; the inputs are ordered on
// `outer_key` / `inner_key` (ascending, NULLs last).
struct MergeClause {
  std::shared_ptr<RestrictInfo> rinfo;
  std::shared_ptr<RestrictInfo> original;  // the join clause as written
  Oid opfamily = kInvalidOid;
  PathKey outer_key;
  PathKey inner_key;
};

// Merge join (planner/path/joinpath_merge.h): inputs sorted on the merge clauses, by an
// explicit Sort when `outersortkeys` / `innersortkeys` are not empty.
struct MergePath : JoinPath {
  MergePath() : JoinPath(nodes::PlanTag::kMergeJoin) {}
  std::vector<MergeClause> mergeclauses;
  std::vector<PathKey> outersortkeys;  // empty: the outer path is already in order
  std::vector<PathKey> innersortkeys;
  bool skip_mark_restore = false;  // the inner side is never re-read
  bool materialize_inner = false;  // a Materialize node goes above the inner input
};

struct MaterialPath : Path {
  MaterialPath() : Path(nodes::PlanTag::kMaterial) {}
  PathPtr subpath;
};

struct ProjectionPath : Path {
  ProjectionPath() : Path(nodes::PlanTag::kResult) {}
  PathPtr subpath;
  ExprList quals;
  bool dummy = false;  // the Result of a provably empty relation (EXPLAIN shows width 0)
};

struct SortPath : Path {
  SortPath() : Path(nodes::PlanTag::kSort) {}
  PathPtr subpath;
};

// One rollup of a grouping-sets aggregation (PostgreSQL's RollupData): sets that are
// prefixes of `groupClause`, longest first.
struct AggPathRollup {
  std::vector<nodes::SortGroupClause> groupClause;
  std::vector<int> setLengths;
  bool hashed = false;
  double numGroups = 1;
};

struct AggPath : Path {
  AggPath() : Path(nodes::PlanTag::kAgg) {}
  PathPtr subpath;
  nodes::AggStrategy aggstrategy = nodes::AggStrategy::kPlain;
  std::vector<nodes::SortGroupClause> groupClause;
  ExprList qual;  // HAVING
  double numGroups = 1;
  std::vector<AggPathRollup> rollups;  // GROUPING SETS only (groupClause then unused)
};

// WindowAgg computing the functions `winfuncs` of window clause `wc` over `subpath`,
// which is sorted on the clause's PARTITION BY + ORDER BY keys.
struct WindowAggPath : Path {
  WindowAggPath() : Path(nodes::PlanTag::kWindowAgg) {}
  PathPtr subpath;
  const nodes::WindowClause* wc = nullptr;  // owned by the level's Query (root->parse)
  std::vector<std::shared_ptr<nodes::WindowFunc>> winfuncs;  // by winfuncno
};

struct UniquePath : Path {
  UniquePath() : Path(nodes::PlanTag::kUnique) {}
  PathPtr subpath;
  int numkeys = 0;  // leading pathkeys that must be unique
};

struct LimitPath : Path {
  LimitPath() : Path(nodes::PlanTag::kLimit) {}
  PathPtr subpath;
  ExprPtr limitOffset;
  ExprPtr limitCount;
  nodes::LimitOption limitOption = nodes::LimitOption::kDefault;
};

struct ModifyTablePath : Path {
  ModifyTablePath() : Path(nodes::PlanTag::kModifyTable) {}
  PathPtr subpath;
  nodes::CmdType operation = nodes::CmdType::kInsert;
  bool canSetTag = true;
  Index nominalRelation = 0;
  std::vector<Index> resultRelations;
  std::vector<std::vector<nodes::AttrNumber>> updateColnosLists;
  std::vector<nodes::TargetList> returningLists;
  // INSERT ... ON CONFLICT (planner/prep/on_conflict.h).
  nodes::OnConflictAction onConflictAction = nodes::OnConflictAction::kNone;
  std::vector<Oid> arbiterIndexes;
  nodes::TargetList onConflictSet;
  ExprPtr onConflictWhere;
  Index exclRelRTI = 0;
};

// Whole-statement state (PostgreSQL's PlannerGlobal).
struct PlannerGlobal {
  std::vector<nodes::PlanPtr> subplans;  // PlannedStmt::subplans
  std::vector<std::shared_ptr<PlannerInfo>> subroots;
  std::vector<nodes::RangeTblEntry> finalrtable;
  std::vector<Oid> relationOids;
  std::vector<Oid> paramExecTypes;  // PARAM_EXEC slots allocated so far
  int lastPlanNodeId = 0;
  bool record_alternatives = false;  // EXPLAIN (ALTERNATIVES): fill Plan::alternatives
};

// Per query level (PostgreSQL's PlannerInfo).
struct PlannerInfo {
  PlannerGlobal* glob = nullptr;
  PlannerInfo* parent_root = nullptr;
  int query_level = 1;
  nodes::QueryPtr parse;                        // the (preprocessed copy of the) query
  std::vector<RelOptInfoPtr> simple_rel_array;  // by RT index; null for non-base RTEs
  std::vector<RelOptInfoPtr> join_rels;
  std::vector<RelOptInfoPtr> unique_rels;  // unique-ified semi-join inner sides (semijoin.h)
  std::vector<RelOptInfoPtr> upper_rels;
  ExprList init_plans;  // SubPlans of init plans attached to this level's top plan
  // Outer-level Vars/Aggs replaced by PARAM_EXEC slots that this level's parent sets when it
  // runs this (sub)query: (param id, the Var or Aggref as seen from the parent level). A Var
  // k levels up is recorded k-1 levels up, at the sub-query its owner level runs.
  std::vector<std::pair<int, nodes::ExprPtr>> plan_params;
  // Some query nested in this one (or this one) reads Params that a level above the parent
  // sets, so this level's sub-select cannot be an init plan run once.
  bool reads_upper_params = false;
  double tuple_fraction = 0;  // 0 = all rows wanted; else the fraction/count expected
  int64_t limit_tuples = -1;  // bound for Sort (offset + count) when known, else -1
  // The ordering the upper stages would like (ORDER BY without grouping/DISTINCT), so
  // index paths that deliver it are kept (PostgreSQL's query_pathkeys).
  std::vector<PathKey> query_pathkeys;
  double total_table_pages = 0;  // pages of the base relations (index_pages_fetched)
  std::vector<nodes::AttrNumber> update_colnos;  // UPDATE: target columns of the SET list
  // UPDATE SET (a, b) = (SELECT ...): per MULTIEXPR sub-link (subLinkId - 1), the PARAM_EXEC
  // slots its SubPlan sets, one per output column (PostgreSQL's multiexpr_params).
  std::vector<std::vector<int>> multiexpr_params;
  ExprList gating_quals;  // pseudo-constant WHERE clauses
  int numAggs = 0;
  RelOptInfoPtr final_rel;  // cheapest path = the plan for this level
  // WITH: per entry of parse->cteList, the plan id of its CTE plan and the Param of its
  // init plan (-1 when inlined or unused); planner/plan/cte_planner.h.
  std::vector<int> cte_plan_ids;
  std::vector<int> cte_param_ids;
  // The query of a WITH RECURSIVE entry: the Param naming its working table, and the
  // non-recursive term's path once planned (sizes the WorkTable Scan).
  int wt_param_id = -1;
  PathPtr non_recursive_path;
  // Children of inheritance parents and partitioned tables added to parse->rtable by
  // ExpandInheritedTables (planner/prep/inherit.h), in Append order.
  std::vector<AppendRelInfo> append_rel_list;
};

}  // namespace hyrax::planner
