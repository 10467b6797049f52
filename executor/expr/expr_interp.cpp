// The expression interpreter: one loop over the step program (see expr_state.h). NULL
// semantics are SQL's: strict functions yield NULL on any NULL argument, AND/OR are
// three-valued, quals treat NULL as false.
#include "common/assert.h"
#include "common/error.h"
#include "executor/exec/exec_state.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/expr_state.h"
#include "executor/expr/subplan.h"

namespace hyrax::executor {

namespace {

bool AnyArgNull(const FunctionCallInfo* fcinfo) {
  for (int i = 0; i < fcinfo->nargs; ++i) {
    if (fcinfo->args[i].isnull) return true;
  }
  return false;
}

Datum ReadParamExec(ExprContext* econtext, int paramid, bool* isnull) {
  ExecState* estate = econtext->estate;
  HYRAX_CHECK(
      estate != nullptr && paramid >= 0 && static_cast<size_t>(paramid) < estate->param_exec.size(),
      "PARAM_EXEC id out of range");
  ParamExecData& prm = estate->param_exec[paramid];
  if (prm.exec_plan != nullptr) prm.exec_plan->ExecSetParamPlan(econtext);
  *isnull = prm.isnull;
  return prm.value;
}

Datum ReadParamExtern(ExprContext* econtext, int paramid, bool* isnull) {
  const ParamListInfo* params = econtext->estate != nullptr ? econtext->estate->params : nullptr;
  if (params == nullptr || paramid < 1 || static_cast<size_t>(paramid) > params->params.size()) {
    throw MakeError(errcode::kUndefinedObject, "no value found for parameter {}", paramid);
  }
  const ParamExternData& p = params->params[paramid - 1];
  *isnull = p.isnull;
  return p.value;
}

}  // namespace

Datum ExecInterpExpr(ExprState* state, ExprContext* econtext, bool* isnull) {
  ExprStep* steps = state->steps.data();
  int pc = 0;
  TupleSlot* scan = econtext->scantuple;
  TupleSlot* inner = econtext->innertuple;
  TupleSlot* outer = econtext->outertuple;
  for (;;) {
    ExprStep& s = steps[pc];
    switch (s.op) {
      case ExprOp::kDone:
        *isnull = state->resnull;
        return state->resvalue;
      case ExprOp::kFetchScan:
        scan->GetSomeAttrs(s.d.fetch.last_attnum);
        break;
      case ExprOp::kFetchInner:
        inner->GetSomeAttrs(s.d.fetch.last_attnum);
        break;
      case ExprOp::kFetchOuter:
        outer->GetSomeAttrs(s.d.fetch.last_attnum);
        break;
      case ExprOp::kScanVar:
        *s.resvalue = scan->values()[s.d.var.index];
        *s.resnull = scan->nulls()[s.d.var.index];
        break;
      case ExprOp::kInnerVar:
        *s.resvalue = inner->values()[s.d.var.index];
        *s.resnull = inner->nulls()[s.d.var.index];
        break;
      case ExprOp::kOuterVar:
        *s.resvalue = outer->values()[s.d.var.index];
        *s.resnull = outer->nulls()[s.d.var.index];
        break;
      case ExprOp::kScanSysVar:
        *s.resvalue = scan->GetSystemAttr(s.d.var.attnum, s.resnull);
        break;
      case ExprOp::kInnerSysVar:
        *s.resvalue = inner->GetSystemAttr(s.d.var.attnum, s.resnull);
        break;
      case ExprOp::kOuterSysVar:
        *s.resvalue = outer->GetSystemAttr(s.d.var.attnum, s.resnull);
        break;
      case ExprOp::kAssignScanVar:
      case ExprOp::kAssignInnerVar:
      case ExprOp::kAssignOuterVar: {
        TupleSlot* src = s.op == ExprOp::kAssignScanVar    ? scan
                         : s.op == ExprOp::kAssignInnerVar ? inner
                                                           : outer;
        state->resultslot->values()[s.d.assign_var.resultnum] = src->values()[s.d.assign_var.index];
        state->resultslot->nulls()[s.d.assign_var.resultnum] = src->nulls()[s.d.assign_var.index];
        break;
      }
      case ExprOp::kAssignTmp:
        state->resultslot->values()[s.d.assign_tmp.resultnum] = *s.resvalue;
        state->resultslot->nulls()[s.d.assign_tmp.resultnum] = *s.resnull;
        break;
      case ExprOp::kConst:
        *s.resvalue = s.d.constant.value;
        *s.resnull = s.d.constant.isnull;
        break;
      case ExprOp::kFuncStrict:
        if (AnyArgNull(s.d.func.fcinfo)) {
          *s.resvalue = 0;
          *s.resnull = true;
          break;
        }
        [[fallthrough]];
      case ExprOp::kFunc: {
        FunctionCallInfo* fcinfo = s.d.func.fcinfo;
        *s.resvalue = FunctionCallInvoke(fcinfo);
        *s.resnull = fcinfo->isnull;
        break;
      }
      case ExprOp::kBoolReset:
        *s.d.boolexpr.anynull = false;
        break;
      case ExprOp::kBoolAndStep:
      case ExprOp::kBoolAndLast:
        if (*s.resnull) {
          *s.d.boolexpr.anynull = true;
        } else if (!DatumGetBool(*s.resvalue)) {
          pc = s.d.boolexpr.jumpdone;  // false decides AND
          continue;
        }
        if (s.op == ExprOp::kBoolAndLast) {
          *s.resnull = *s.d.boolexpr.anynull;
          *s.resvalue = BoolGetDatum(true);
        }
        break;
      case ExprOp::kBoolOrStep:
      case ExprOp::kBoolOrLast:
        if (*s.resnull) {
          *s.d.boolexpr.anynull = true;
        } else if (DatumGetBool(*s.resvalue)) {
          pc = s.d.boolexpr.jumpdone;  // true decides OR
          continue;
        }
        if (s.op == ExprOp::kBoolOrLast) {
          *s.resnull = *s.d.boolexpr.anynull;
          *s.resvalue = BoolGetDatum(false);
        }
        break;
      case ExprOp::kBoolNot:
        if (!*s.resnull) *s.resvalue = BoolGetDatum(!DatumGetBool(*s.resvalue));
        break;
      case ExprOp::kQual:
        if (*s.resnull || !DatumGetBool(*s.resvalue)) {
          *s.resnull = false;
          *s.resvalue = BoolGetDatum(false);
          pc = s.d.qual.jumpdone;
          continue;
        }
        break;
      case ExprOp::kJump:
        pc = s.d.jump.target;
        continue;
      case ExprOp::kJumpIfNull:
        if (*s.resnull) {
          pc = s.d.jump.target;
          continue;
        }
        break;
      case ExprOp::kJumpIfNotNull:
        if (!*s.resnull) {
          pc = s.d.jump.target;
          continue;
        }
        break;
      case ExprOp::kJumpIfNotTrue:
        if (*s.resnull || !DatumGetBool(*s.resvalue)) {
          pc = s.d.jump.target;
          continue;
        }
        break;
      case ExprOp::kNullTestIsNull:
        *s.resvalue = BoolGetDatum(*s.resnull);
        *s.resnull = false;
        break;
      case ExprOp::kNullTestIsNotNull:
        *s.resvalue = BoolGetDatum(!*s.resnull);
        *s.resnull = false;
        break;
      case ExprOp::kBoolTestIsTrue:
        *s.resvalue = BoolGetDatum(!*s.resnull && DatumGetBool(*s.resvalue));
        *s.resnull = false;
        break;
      case ExprOp::kBoolTestIsNotTrue:
        *s.resvalue = BoolGetDatum(*s.resnull || !DatumGetBool(*s.resvalue));
        *s.resnull = false;
        break;
      case ExprOp::kBoolTestIsFalse:
        *s.resvalue = BoolGetDatum(!*s.resnull && !DatumGetBool(*s.resvalue));
        *s.resnull = false;
        break;
      case ExprOp::kBoolTestIsNotFalse:
        *s.resvalue = BoolGetDatum(*s.resnull || DatumGetBool(*s.resvalue));
        *s.resnull = false;
        break;
      case ExprOp::kBoolTestIsUnknown:
        *s.resvalue = BoolGetDatum(*s.resnull);
        *s.resnull = false;
        break;
      case ExprOp::kBoolTestIsNotUnknown:
        *s.resvalue = BoolGetDatum(!*s.resnull);
        *s.resnull = false;
        break;
      case ExprOp::kCaseTestVal:
        *s.resvalue = *s.d.casetest.value;
        *s.resnull = *s.d.casetest.isnull;
        break;
      case ExprOp::kCaseSetVal:
        *s.d.casetest.value = *s.resvalue;
        *s.d.casetest.isnull = *s.resnull;
        break;
      case ExprOp::kDistinct: {
        // IS DISTINCT FROM: NULLs compare as values.
        FunctionCallInfo* fcinfo = s.d.func.fcinfo;
        bool n0 = fcinfo->args[0].isnull, n1 = fcinfo->args[1].isnull;
        if (n0 || n1) {
          *s.resvalue = BoolGetDatum(n0 != n1);
        } else {
          Datum eq = FunctionCallInvoke(fcinfo);
          *s.resvalue = BoolGetDatum(!DatumGetBool(eq));
        }
        *s.resnull = false;
        break;
      }
      case ExprOp::kNullIf: {
        // NULLIF(a, b): NULL when a = b, else a.
        FunctionCallInfo* fcinfo = s.d.func.fcinfo;
        if (!fcinfo->args[0].isnull && !fcinfo->args[1].isnull) {
          Datum eq = FunctionCallInvoke(fcinfo);
          if (!fcinfo->isnull && DatumGetBool(eq)) {
            *s.resvalue = 0;
            *s.resnull = true;
            break;
          }
        }
        *s.resvalue = fcinfo->args[0].value;
        *s.resnull = fcinfo->args[0].isnull;
        break;
      }
      case ExprOp::kParamExtern:
        *s.resvalue = ReadParamExtern(econtext, s.d.param.paramid, s.resnull);
        break;
      case ExprOp::kParamExec:
        *s.resvalue = ReadParamExec(econtext, s.d.param.paramid, s.resnull);
        break;
      case ExprOp::kAggref:
        HYRAX_CHECK(econtext->aggvalues != nullptr, "Aggref outside an Agg node");
        *s.resvalue = econtext->aggvalues[s.d.aggref.aggno];
        *s.resnull = econtext->aggnulls[s.d.aggref.aggno];
        break;
      case ExprOp::kComplex:
        s.d.complex.node->Eval(econtext, s.resvalue, s.resnull);
        break;
    }
    ++pc;
  }
}

Datum ExecEvalExprSwitchContext(ExprState* state, ExprContext* econtext, bool* isnull) {
  MemoryContextScope scope(&econtext->per_tuple_memory);
  return ExecInterpExpr(state, econtext, isnull);
}

bool ExecQual(ExprState* state, ExprContext* econtext) {
  if (state == nullptr) return true;
  MemoryContextScope scope(&econtext->per_tuple_memory);
  bool isnull;
  Datum result = ExecInterpExpr(state, econtext, &isnull);
  return !isnull && DatumGetBool(result);
}

TupleSlot* ExecProject(ExprState* projection, ExprContext* econtext) {
  TupleSlot* slot = projection->resultslot;
  slot->Clear();
  MemoryContextScope scope(&econtext->per_tuple_memory);
  bool isnull;
  ExecInterpExpr(projection, econtext, &isnull);
  slot->StoreVirtual();
  return slot;
}

}  // namespace hyrax::executor
