// Compiled expressions. An Expr tree is compiled once per operator into a flat program of
// steps (PostgreSQL's ExprEvalStep design): each step reads inputs from and writes its
// result to fixed addresses, jumps implement short-circuit AND/OR, CASE and COALESCE, and
// one interpreter loop runs the program per row without recursion or allocation.
// executor/README.md "Expressions" explains the choice; expr_compile.cpp builds programs,
// expr_interp.cpp runs them.
#pragma once

#include <deque>
#include <memory>
#include <vector>

#include "common/datum.h"
#include "common/memory_context.h"
#include "executor/expr/expr_context.h"
#include "executor/functions/fmgr.h"
#include "nodes/primnodes.h"

namespace hyrax::executor {

class TupleSlot;
struct ExecState;
class SubPlanState;

enum class ExprOp : uint8_t {
  kDone,
  // Deform a slot up to d.fetch.last_attnum before its Vars are read.
  kFetchScan,
  kFetchInner,
  kFetchOuter,
  kScanVar,  // d.var.index: 0-based column
  kInnerVar,
  kOuterVar,
  kScanSysVar,  // d.var.attnum: negative system column number
  kInnerSysVar,
  kOuterSysVar,
  // Projection: copy a column straight into the result slot (d.assign_var).
  kAssignScanVar,
  kAssignInnerVar,
  kAssignOuterVar,
  kAssignTmp,  // copy *resvalue/*resnull into result column d.assign_tmp.resultnum
  kConst,
  kFunc,
  kFuncStrict,  // skip the call and yield NULL when any argument is NULL
  kBoolReset,   // *d.boolexpr.anynull = false
  kBoolAndStep,
  kBoolAndLast,
  kBoolOrStep,
  kBoolOrLast,
  kBoolNot,
  kQual,  // implicit-AND qual: NULL or false ends the program with false
  kJump,
  kJumpIfNull,
  kJumpIfNotNull,
  kJumpIfNotTrue,
  kNullTestIsNull,
  kNullTestIsNotNull,
  kBoolTestIsTrue,
  kBoolTestIsNotTrue,
  kBoolTestIsFalse,
  kBoolTestIsNotFalse,
  kBoolTestIsUnknown,
  kBoolTestIsNotUnknown,
  kCaseTestVal,  // read the value under test of the enclosing CASE
  kCaseSetVal,   // store *resvalue into the CASE's test cell (d.casetest)
  kDistinct,     // IS DISTINCT FROM through the '=' function
  kNullIf,
  kParamExtern,
  kParamExec,
  kAggref,
  kComplex,  // everything else: d.complex.node->Eval(...)
};

// Steps whose work does not fit a few words (arrays, CoerceViaIO, SubPlan, MinMax, ...).
class ComplexStep {
 public:
  virtual ~ComplexStep() = default;
  virtual void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) = 0;
};

struct ExprStep {
  ExprOp op = ExprOp::kDone;
  Datum* resvalue = nullptr;
  bool* resnull = nullptr;
  union {
    struct {
      int last_attnum;
    } fetch;
    struct {
      int index;                 // 0-based column
      nodes::AttrNumber attnum;  // system column
    } var;
    struct {
      int index;
      int resultnum;
    } assign_var;
    struct {
      int resultnum;
    } assign_tmp;
    struct {
      Datum value;
      bool isnull;
    } constant;
    struct {
      FunctionCallInfo* fcinfo;
    } func;
    struct {
      bool* anynull;
      int jumpdone;
    } boolexpr;
    struct {
      int jumpdone;
    } qual;
    struct {
      int target;
    } jump;
    struct {
      Datum* value;
      bool* isnull;
    } casetest;
    struct {
      int paramid;
    } param;
    struct {
      int aggno;
    } aggref;
    struct {
      ComplexStep* node;
    } complex;
  } d{};
};

struct ExprState {
  std::vector<ExprStep> steps;
  Datum resvalue = 0;  // result of a plain expression
  bool resnull = true;
  TupleSlot* resultslot = nullptr;  // projection target
  // Storage the steps point into; lives as long as the state.
  MemoryContext storage{"ExprState", 1024};
  std::deque<FmgrInfo> flinfos;
  std::vector<std::unique_ptr<ComplexStep>> complex_steps;
  bool* NewBoolCell();
  Datum* NewDatumCell();
};

// Compiles `expr` for evaluation with ExecEvalExpr. `estate` supplies PARAM_EXEC slots and
// subplans; it may be null for expressions that use neither (constant folding, tests).
// Throws 0A000 for expression kinds not supported yet.
std::unique_ptr<ExprState> ExecInitExpr(const nodes::Expr& expr, ExecState* estate);
// Compiles an implicit-AND qual list for ExecQual; returns nullptr for an empty list.
std::unique_ptr<ExprState> ExecInitQual(const nodes::ExprList& quals, ExecState* estate);
// Compiles a target list that fills `result` (one column per entry, junk included).
std::unique_ptr<ExprState> ExecBuildProjection(const nodes::TargetList& tlist, TupleSlot* result,
                                               ExecState* estate);

// Runs the program. By-reference results are allocated in the current memory context
// (callers switch to the ExprContext's per-tuple context).
Datum ExecInterpExpr(ExprState* state, ExprContext* econtext, bool* isnull);

inline Datum ExecEvalExpr(ExprState* state, ExprContext* econtext, bool* isnull) {
  return ExecInterpExpr(state, econtext, isnull);
}
// Evaluates in the per-tuple memory context.
Datum ExecEvalExprSwitchContext(ExprState* state, ExprContext* econtext, bool* isnull);
// True when every qual is true (NULL counts as false); a null state passes everything.
bool ExecQual(ExprState* state, ExprContext* econtext);
// Fills state->resultslot from the context's input slots and returns it.
TupleSlot* ExecProject(ExprState* projection, ExprContext* econtext);

}  // namespace hyrax::executor
