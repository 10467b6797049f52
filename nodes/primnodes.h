// Expression nodes of the bound (analyzed) tree, shared by the analyzer (which builds them),
// the planner (which rewrites them) and the executor (which compiles them into expression
// states). They mirror PostgreSQL's primnodes.h, so its documentation and README files
// describe them; field names follow PostgreSQL's where they exist.
//
// Ownership: trees are built from std::shared_ptr<Expr>; a node is immutable once it is
// shared (the planner rebuilds changed paths with the mutator in nodes/node_funcs.h). Every
// Expr carries its result type, typmod and collation (PostgreSQL computes these with
// exprType() et al.; we store them).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/datum.h"
#include "common/ids.h"

namespace hyrax::nodes {

using AttrNumber = int16_t;
using Index = uint32_t;  // 1-based index into a range table or list; 0 = none

// System column numbers (PostgreSQL's).
inline constexpr AttrNumber kSelfItemPointerAttributeNumber = -1;   // ctid
inline constexpr AttrNumber kMinTransactionIdAttributeNumber = -2;  // xmin
inline constexpr AttrNumber kMinCommandIdAttributeNumber = -3;      // cmin
inline constexpr AttrNumber kMaxTransactionIdAttributeNumber = -4;  // xmax
inline constexpr AttrNumber kMaxCommandIdAttributeNumber = -5;      // cmax
inline constexpr AttrNumber kTableOidAttributeNumber = -6;          // tableoid
inline constexpr AttrNumber kInvalidAttrNumber = 0;                 // whole-row Var

enum class NodeTag : uint16_t {
  kVar,
  kConst,
  kParam,
  kAggref,
  kGroupingFunc,
  kWindowFunc,
  kSubscriptingRef,
  kFuncExpr,
  kNamedArgExpr,
  kOpExpr,
  kDistinctExpr,
  kNullIfExpr,
  kScalarArrayOpExpr,
  kBoolExpr,
  kSubLink,
  kSubPlan,
  kFieldSelect,
  kFieldStore,
  kRelabelType,
  kCoerceViaIO,
  kArrayCoerceExpr,
  kConvertRowtypeExpr,
  kCollateExpr,
  kCaseExpr,
  kCaseTestExpr,
  kArrayExpr,
  kRowExpr,
  kRowCompareExpr,
  kCoalesceExpr,
  kMinMaxExpr,
  kSQLValueFunction,
  kNullTest,
  kBooleanTest,
  kCoerceToDomain,
  kCoerceToDomainValue,
  kSetToDefault,
  kCurrentOfExpr,
  kNextValueExpr,
  kInferenceElem,
  kPlaceHolderVar,
};

// How an implicit or explicit coercion should be displayed (and whether it was explicit).
enum class CoercionForm : uint8_t { kExplicitCall, kExplicitCast, kImplicitCast, kSqlSyntax };

struct Expr;
using ExprPtr = std::shared_ptr<Expr>;
using ExprList = std::vector<ExprPtr>;
struct Query;
using QueryPtr = std::shared_ptr<Query>;

struct Expr {
  explicit Expr(NodeTag t) : tag(t) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = default;
  Expr& operator=(const Expr&) = default;

  NodeTag tag;
  Oid result_type = kInvalidOid;
  int32_t result_typmod = -1;
  Oid result_collation = kInvalidOid;
  int location = -1;  // byte offset in the query text, -1 unknown (errors' cursor position)
};

// Downcast helper: As<OpExpr>(e) when e->tag is known.
template <typename T>
T* As(const ExprPtr& e) {
  return static_cast<T*>(e.get());
}
template <typename T>
const T* As(const Expr* e) {
  return static_cast<const T*>(e);
}

// A column of a range-table entry. varno indexes the range table of the query `varlevelsup`
// levels up; varattno is the column (0 = whole row, < 0 = system column).
struct Var : Expr {
  Var() : Expr(NodeTag::kVar) {}
  Index varno = 0;
  AttrNumber varattno = 0;
  Index varlevelsup = 0;
  // Planner/executor: which input of a join/upper node the value comes from
  // (kOuterVar/kInnerVar/kIndexVar; 0 = scan tuple of varno).
  Index varnosyn = 0;
  AttrNumber varattnosyn = 0;
};
// Special varno values used in plan trees (PostgreSQL's INNER_VAR etc.).
inline constexpr Index kInnerVar = 65000;
inline constexpr Index kOuterVar = 65001;
inline constexpr Index kIndexVar = 65002;
inline constexpr Index kRowIdVar = 65003;

// A constant. By-reference values are copied into `storage`, which the Const owns, so the
// node can outlive the memory context the value came from.
struct Const : Expr {
  Const() : Expr(NodeTag::kConst) {}
  Const(const Const& other);
  Const& operator=(const Const& other);
  int16_t constlen = 0;  // typlen
  bool constbyval = false;
  bool constisnull = true;
  Datum constvalue = 0;
  std::string storage;  // bytes behind a by-reference constvalue
};

enum class ParamKind : uint8_t {
  kExtern,   // $n of a prepared statement / extended protocol
  kExec,     // set during execution (subplan outputs, nestloop parameters)
  kSublink,  // output column of a SubLink's subselect (analysis only)
  kMultiExpr,
};

struct Param : Expr {
  Param() : Expr(NodeTag::kParam) {}
  ParamKind paramkind = ParamKind::kExtern;
  int paramid = 0;  // 1-based for kExtern
};

enum class AggSplit : uint8_t { kSimple, kInitialSerial, kFinalDeserial };

struct SortGroupClause {
  Index tleSortGroupRef = 0;  // matches TargetEntry::ressortgroupref
  Oid eqop = kInvalidOid;     // equality operator
  Oid sortop = kInvalidOid;   // ordering operator ('<' or '>'), 0 if not sortable
  bool nulls_first = false;
  bool hashable = false;
};

struct TargetEntry;
using TargetList = std::vector<TargetEntry>;

struct Aggref : Expr {
  Aggref() : Expr(NodeTag::kAggref) {}
  Oid aggfnoid = kInvalidOid;
  Oid aggtranstype = kInvalidOid;  // filled by the planner
  std::vector<Oid> aggargtypes;
  ExprList aggdirectargs;
  std::shared_ptr<TargetList> args;  // arguments as target entries (for ORDER BY/DISTINCT refs)
  std::vector<SortGroupClause> aggorder;
  std::vector<SortGroupClause> aggdistinct;
  ExprPtr aggfilter;
  bool aggstar = false;  // count(*)
  bool aggvariadic = false;
  Oid inputcollid = kInvalidOid;  // collation the aggregate's functions use
  char aggkind = 'n';
  Index agglevelsup = 0;
  AggSplit aggsplit = AggSplit::kSimple;
  int aggno = -1;  // planner: index of the aggregate state
  int aggtransno = -1;
};

struct GroupingFunc : Expr {
  GroupingFunc() : Expr(NodeTag::kGroupingFunc) {}
  ExprList args;
  std::vector<Index> refs;  // ressortgrouprefs of the arguments
  Index agglevelsup = 0;
};

struct WindowFunc : Expr {
  WindowFunc() : Expr(NodeTag::kWindowFunc) {}
  Oid winfnoid = kInvalidOid;
  ExprList args;
  ExprPtr aggfilter;
  Index winref = 0;  // WindowClause::winref
  Oid inputcollid = kInvalidOid;
  bool winstar = false;
  bool winagg = false;  // an aggregate used as a window function
  int winfuncno = -1;   // planner: index of the value in its WindowAgg (like Aggref::aggno)
};

struct SubscriptingRef : Expr {
  SubscriptingRef() : Expr(NodeTag::kSubscriptingRef) {}
  Oid refcontainertype = kInvalidOid;
  Oid refelemtype = kInvalidOid;
  ExprList refupperindexpr;
  ExprList reflowerindexpr;  // empty unless slices
  ExprPtr refexpr;
  ExprPtr refassgnexpr;  // for assignment
};

struct FuncExpr : Expr {
  FuncExpr() : Expr(NodeTag::kFuncExpr) {}
  Oid funcid = kInvalidOid;
  bool funcretset = false;
  bool funcvariadic = false;
  CoercionForm funcformat = CoercionForm::kExplicitCall;
  Oid inputcollid = kInvalidOid;
  ExprList args;
};

struct NamedArgExpr : Expr {
  NamedArgExpr() : Expr(NodeTag::kNamedArgExpr) {}
  ExprPtr arg;
  std::string name;
  int argnumber = -1;
};

// Also used for DistinctExpr (a IS DISTINCT FROM b, opno = '=') and NullIfExpr (tag differs).
struct OpExpr : Expr {
  explicit OpExpr(NodeTag t = NodeTag::kOpExpr) : Expr(t) {}
  Oid opno = kInvalidOid;
  Oid opfuncid = kInvalidOid;
  bool opretset = false;
  Oid inputcollid = kInvalidOid;
  ExprList args;  // one (prefix operator) or two
};

// scalar op ANY/ALL (array): args = {scalar, array}.
struct ScalarArrayOpExpr : Expr {
  ScalarArrayOpExpr() : Expr(NodeTag::kScalarArrayOpExpr) {}
  Oid opno = kInvalidOid;
  Oid opfuncid = kInvalidOid;
  Oid hashfuncid = kInvalidOid;  // planner may choose hashed evaluation for long constant lists
  bool useOr = true;             // ANY (true) / ALL (false)
  Oid inputcollid = kInvalidOid;
  ExprList args;
};

enum class BoolExprType : uint8_t { kAnd, kOr, kNot };
struct BoolExpr : Expr {
  BoolExpr() : Expr(NodeTag::kBoolExpr) {}
  BoolExprType boolop = BoolExprType::kAnd;
  ExprList args;
};

enum class SubLinkType : uint8_t {
  kExists,
  kAll,
  kAny,
  kRowCompare,
  kExpr,
  kMultiExpr,
  kArray,
  kCte,
};

// A sub-select in an expression, as analyzed. The planner replaces it with a SubPlan (or
// pulls it up into a join).
struct SubLink : Expr {
  SubLink() : Expr(NodeTag::kSubLink) {}
  SubLinkType subLinkType = SubLinkType::kExpr;
  int subLinkId = 0;
  ExprPtr testexpr;  // for ANY/ALL/ROWCOMPARE: combining expression with Params
  std::vector<std::string> operName;
  QueryPtr subselect;
};

// A planned sub-select: executed by the executor as part of expression evaluation.
struct SubPlan : Expr {
  SubPlan() : Expr(NodeTag::kSubPlan) {}
  SubLinkType subLinkType = SubLinkType::kExpr;
  ExprPtr testexpr;
  std::vector<int> paramIds;  // Params that testexpr uses for the sub-select's outputs
  int plan_id = 0;            // 1-based index into PlannedStmt::subplans
  std::string plan_name;      // "SubPlan 1", "InitPlan 1 (returns $0)"
  Oid firstColType = kInvalidOid;
  int32_t firstColTypmod = -1;
  Oid firstColCollation = kInvalidOid;
  bool useHashTable = false;
  bool unknownEqFalse = false;
  bool parallel_safe = false;
  std::vector<int> setParam;  // initplan: params it sets
  std::vector<int> parParam;  // correlated: params the plan reads from the outer query
  ExprList args;              // values for parParam, evaluated in the outer query
  double startup_cost = 0;
  double per_call_cost = 0;
};

struct FieldSelect : Expr {
  FieldSelect() : Expr(NodeTag::kFieldSelect) {}
  ExprPtr arg;
  AttrNumber fieldnum = 0;
};

struct FieldStore : Expr {
  FieldStore() : Expr(NodeTag::kFieldStore) {}
  ExprPtr arg;
  ExprList newvals;
  std::vector<AttrNumber> fieldnums;
};

// Binary-compatible coercion: no run-time work (varchar -> text).
struct RelabelType : Expr {
  RelabelType() : Expr(NodeTag::kRelabelType) {}
  ExprPtr arg;
  CoercionForm relabelformat = CoercionForm::kImplicitCast;
};

// Coercion through the source type's output and the target type's input function.
struct CoerceViaIO : Expr {
  CoerceViaIO() : Expr(NodeTag::kCoerceViaIO) {}
  ExprPtr arg;
  CoercionForm coerceformat = CoercionForm::kExplicitCast;
};

struct ArrayCoerceExpr : Expr {
  ArrayCoerceExpr() : Expr(NodeTag::kArrayCoerceExpr) {}
  ExprPtr arg;
  ExprPtr elemexpr;  // applied to each element (a CaseTestExpr stands for the element)
  CoercionForm coerceformat = CoercionForm::kExplicitCast;
};

struct ConvertRowtypeExpr : Expr {
  ConvertRowtypeExpr() : Expr(NodeTag::kConvertRowtypeExpr) {}
  ExprPtr arg;
  CoercionForm convertformat = CoercionForm::kImplicitCast;
};

struct CollateExpr : Expr {
  CollateExpr() : Expr(NodeTag::kCollateExpr) {}
  ExprPtr arg;
  Oid collOid = kInvalidOid;
};

struct CaseWhen {
  ExprPtr expr;  // condition (or comparison built against CaseTestExpr)
  ExprPtr result;
  int location = -1;
};

struct CaseExpr : Expr {
  CaseExpr() : Expr(NodeTag::kCaseExpr) {}
  ExprPtr arg;  // CASE arg WHEN ... (nullptr for searched CASE)
  std::vector<CaseWhen> args;
  ExprPtr defresult;
};

// Placeholder for the value being tested (CASE arg, domain check, array element coercion).
struct CaseTestExpr : Expr {
  CaseTestExpr() : Expr(NodeTag::kCaseTestExpr) {}
};

struct ArrayExpr : Expr {
  ArrayExpr() : Expr(NodeTag::kArrayExpr) {}
  Oid element_typeid = kInvalidOid;
  ExprList elements;
  bool multidims = false;
};

struct RowExpr : Expr {
  RowExpr() : Expr(NodeTag::kRowExpr) {}
  ExprList args;
  CoercionForm row_format = CoercionForm::kImplicitCast;  // kExplicitCall for ROW(...)
  std::vector<std::string> colnames;
};

enum class RowCompareType : uint8_t { kLt = 1, kLe = 2, kEq = 3, kGe = 4, kGt = 5, kNe = 6 };
struct RowCompareExpr : Expr {
  RowCompareExpr() : Expr(NodeTag::kRowCompareExpr) {}
  RowCompareType rctype = RowCompareType::kEq;
  std::vector<Oid> opnos;
  std::vector<Oid> opfamilies;
  std::vector<Oid> inputcollids;
  ExprList largs;
  ExprList rargs;
};

struct CoalesceExpr : Expr {
  CoalesceExpr() : Expr(NodeTag::kCoalesceExpr) {}
  ExprList args;
};

enum class MinMaxOp : uint8_t { kGreatest, kLeast };
struct MinMaxExpr : Expr {
  MinMaxExpr() : Expr(NodeTag::kMinMaxExpr) {}
  MinMaxOp op = MinMaxOp::kGreatest;
  Oid inputcollid = kInvalidOid;
  ExprList args;
};

enum class SQLValueFunctionOp : uint8_t {
  kCurrentDate,
  kCurrentTime,
  kCurrentTimeN,
  kCurrentTimestamp,
  kCurrentTimestampN,
  kLocaltime,
  kLocaltimeN,
  kLocaltimestamp,
  kLocaltimestampN,
  kCurrentRole,
  kCurrentUser,
  kUser,
  kSessionUser,
  kCurrentCatalog,
  kCurrentSchema,
};
struct SQLValueFunction : Expr {
  SQLValueFunction() : Expr(NodeTag::kSQLValueFunction) {}
  SQLValueFunctionOp op = SQLValueFunctionOp::kCurrentDate;
  int32_t typmod = -1;  // precision for the *N variants
};

enum class NullTestType : uint8_t { kIsNull, kIsNotNull };
struct NullTest : Expr {
  NullTest() : Expr(NodeTag::kNullTest) {}
  ExprPtr arg;
  NullTestType nulltesttype = NullTestType::kIsNull;
  bool argisrow = false;  // row IS NULL tests every field
};

enum class BoolTestType : uint8_t {
  kIsTrue,
  kIsNotTrue,
  kIsFalse,
  kIsNotFalse,
  kIsUnknown,
  kIsNotUnknown,
};
struct BooleanTest : Expr {
  BooleanTest() : Expr(NodeTag::kBooleanTest) {}
  ExprPtr arg;
  BoolTestType booltesttype = BoolTestType::kIsTrue;
};

struct CoerceToDomain : Expr {
  CoerceToDomain() : Expr(NodeTag::kCoerceToDomain) {}
  ExprPtr arg;
  CoercionForm coercionformat = CoercionForm::kImplicitCast;
};

struct CoerceToDomainValue : Expr {
  CoerceToDomainValue() : Expr(NodeTag::kCoerceToDomainValue) {}
};

// DEFAULT in an INSERT VALUES list or UPDATE SET (replaced at the start of planning,
// planner/prep/expand_defaults.h).
struct SetToDefault : Expr {
  SetToDefault() : Expr(NodeTag::kSetToDefault) {}
};

// WHERE CURRENT OF cursor.
struct CurrentOfExpr : Expr {
  CurrentOfExpr() : Expr(NodeTag::kCurrentOfExpr) {}
  Index cvarno = 0;
  std::string cursor_name;
  int cursor_param = 0;
};

// nextval() of an identity column's sequence.
struct NextValueExpr : Expr {
  NextValueExpr() : Expr(NodeTag::kNextValueExpr) {}
  Oid seqid = kInvalidOid;
};

// ON CONFLICT (col, ...) inference element.
struct InferenceElem : Expr {
  InferenceElem() : Expr(NodeTag::kInferenceElem) {}
  ExprPtr expr;
  Oid infercollid = kInvalidOid;
  Oid inferopclass = kInvalidOid;
};

// Planner: an expression evaluated below an outer join whose value must go NULL above it.
struct PlaceHolderVar : Expr {
  PlaceHolderVar() : Expr(NodeTag::kPlaceHolderVar) {}
  ExprPtr phexpr;
  std::vector<Index> phrels;
  Index phid = 0;
  Index phlevelsup = 0;
};

// One output column of a query or plan node (PostgreSQL's TargetEntry).
struct TargetEntry {
  ExprPtr expr;
  AttrNumber resno = 0;          // 1-based position
  std::string resname;           // column name (empty if none)
  Index ressortgroupref = 0;     // nonzero if referenced by a sort/group clause
  Oid resorigtbl = kInvalidOid;  // source table of a plain column reference (RowDescription)
  AttrNumber resorigcol = 0;
  bool resjunk = false;  // not part of the final result (sort keys, ctid for UPDATE)
};

}  // namespace hyrax::nodes
