// Expression compiler: Expr tree -> flat step program (see expr_state.h). Child results go
// straight into the addresses their parent reads (function argument cells, the parent's own
// result for AND/OR/COALESCE/CASE), so evaluation copies nothing it does not have to.
#include <algorithm>
#include <functional>
#include <map>

#include "common/assert.h"
#include "common/error.h"
#include "common/stack_depth.h"
#include "executor/exec/exec_state.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/complex_steps.h"
#include "executor/expr/domain_check.h"
#include "executor/expr/expr_state.h"
#include "executor/expr/function_lookup.h"
#include "executor/expr/row_steps.h"
#include "executor/expr/subplan.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

bool* ExprState::NewBoolCell() {
  return static_cast<bool*>(storage.AllocZero(sizeof(bool)));
}

Datum* ExprState::NewDatumCell() {
  return static_cast<Datum*>(storage.AllocZero(sizeof(Datum)));
}

namespace {

using nodes::Expr;
using nodes::NodeTag;

class ExprCompiler {
 public:
  ExprCompiler(ExprState* state, ExecState* estate) : state_(state), estate_(estate) {}

  void Compile(const Expr& expr, Datum* resv, bool* resn);
  // Adds the fetch steps in front of the program once the Vars are known.
  void Finish();

  int Emit(ExprOp op, Datum* resv, bool* resn) {
    ExprStep step;
    step.op = op;
    step.resvalue = resv;
    step.resnull = resn;
    state_->steps.push_back(step);
    return static_cast<int>(state_->steps.size()) - 1;
  }
  int next_index() const { return static_cast<int>(state_->steps.size()); }
  ExprStep& step(int i) { return state_->steps[i]; }
  void NoteVar(nodes::Index varno, int attnum) {
    int& last = varno == nodes::kInnerVar   ? last_inner_
                : varno == nodes::kOuterVar ? last_outer_
                                            : last_scan_;
    last = std::max(last, attnum);
  }
  ExprState* state() { return state_; }

 private:
  void CompileVar(const nodes::Var& var, Datum* resv, bool* resn);
  void CompileFunc(Oid funcid, Oid collation, const nodes::ExprList& args, Datum* resv, bool* resn,
                   ExprOp strict_op = ExprOp::kFuncStrict, ExprOp lax_op = ExprOp::kFunc);
  void CompileBool(const nodes::BoolExpr& expr, Datum* resv, bool* resn);
  void CompileCase(const nodes::CaseExpr& expr, Datum* resv, bool* resn);
  void CompileCoalesce(const nodes::CoalesceExpr& expr, Datum* resv, bool* resn);
  void CompileNullTest(const nodes::NullTest& expr, Datum* resv, bool* resn);
  void CompileCoerceToDomain(const nodes::CoerceToDomain& expr, Datum* resv, bool* resn);
  void CompileParam(const nodes::Param& param, Datum* resv, bool* resn);
  void CompileSubPlan(const nodes::SubPlan& subplan, Datum* resv, bool* resn);
  void CompileArrayCoerce(const nodes::ArrayCoerceExpr& expr, Datum* resv, bool* resn);
  template <typename Step>
  Step* AddComplex(std::unique_ptr<Step> step_obj, const nodes::ExprList& inputs, Datum* resv,
                   bool* resn);

  ExprState* state_;
  ExecState* estate_;
  int last_scan_ = 0, last_inner_ = 0, last_outer_ = 0;
  struct CaseCell {
    Datum* value;
    bool* isnull;
  };
  std::vector<CaseCell> case_stack_;
  std::vector<CaseCell> domain_stack_;  // the value a domain CHECK's VALUE reads
};

[[noreturn]] void Unsupported(const char* what) {
  throw MakeError(errcode::kFeatureNotSupported, "{} is not supported yet", what);
}

void ExprCompiler::CompileVar(const nodes::Var& var, Datum* resv, bool* resn) {
  if (var.varlevelsup != 0) Unsupported("an outer-level Var in the executor");
  bool inner = var.varno == nodes::kInnerVar;
  bool outer = var.varno == nodes::kOuterVar;
  if (var.varattno == 0) {
    AddComplex(std::make_unique<WholeRowStep>(var, inner   ? SlotKind::kInner
                                                   : outer ? SlotKind::kOuter
                                                           : SlotKind::kScan),
               {}, resv, resn);
    return;
  }
  if (var.varattno < 0) {
    int i = Emit(inner   ? ExprOp::kInnerSysVar
                 : outer ? ExprOp::kOuterSysVar
                         : ExprOp::kScanSysVar,
                 resv, resn);
    step(i).d.var.attnum = var.varattno;
    return;
  }
  NoteVar(var.varno, var.varattno);
  int i = Emit(inner   ? ExprOp::kInnerVar
               : outer ? ExprOp::kOuterVar
                       : ExprOp::kScanVar,
               resv, resn);
  step(i).d.var.index = var.varattno - 1;
}

void ExprCompiler::CompileFunc(Oid funcid, Oid collation, const nodes::ExprList& args, Datum* resv,
                               bool* resn, ExprOp strict_op, ExprOp lax_op) {
  FmgrInfo& flinfo = state_->flinfos.emplace_back();
  FmgrInfoForFunction(funcid, &flinfo);
  if (flinfo.fn_retset) Unsupported("a set-returning function in this context");
  flinfo.fn_mcxt = &state_->storage;
  // ArgType(i) answers the actual argument types at this call site (PostgreSQL's
  // get_fn_expr_argtype), not the declared (possibly polymorphic) ones.
  flinfo.fn_argtypes.clear();
  for (const auto& arg : args) flinfo.fn_argtypes.push_back(arg->result_type);
  FunctionCallInfo* fcinfo =
      MakeFunctionCallInfo(&state_->storage, &flinfo, static_cast<int>(args.size()), collation);
  for (size_t i = 0; i < args.size(); ++i) {
    Compile(*args[i], &fcinfo->args[i].value, &fcinfo->args[i].isnull);
  }
  int i = Emit(flinfo.fn_strict && !args.empty() ? strict_op : lax_op, resv, resn);
  step(i).d.func.fcinfo = fcinfo;
}

void ExprCompiler::CompileBool(const nodes::BoolExpr& expr, Datum* resv, bool* resn) {
  if (expr.boolop == nodes::BoolExprType::kNot) {
    Compile(*expr.args.at(0), resv, resn);
    Emit(ExprOp::kBoolNot, resv, resn);
    return;
  }
  bool is_and = expr.boolop == nodes::BoolExprType::kAnd;
  bool* anynull = state_->NewBoolCell();
  int reset = Emit(ExprOp::kBoolReset, resv, resn);
  step(reset).d.boolexpr.anynull = anynull;
  std::vector<int> jumps;
  for (size_t i = 0; i < expr.args.size(); ++i) {
    Compile(*expr.args[i], resv, resn);
    bool last = i + 1 == expr.args.size();
    ExprOp op = is_and ? (last ? ExprOp::kBoolAndLast : ExprOp::kBoolAndStep)
                       : (last ? ExprOp::kBoolOrLast : ExprOp::kBoolOrStep);
    int s = Emit(op, resv, resn);
    step(s).d.boolexpr.anynull = anynull;
    jumps.push_back(s);
  }
  for (int s : jumps) step(s).d.boolexpr.jumpdone = next_index();
}

void ExprCompiler::CompileCase(const nodes::CaseExpr& expr, Datum* resv, bool* resn) {
  bool pushed = false;
  if (expr.arg) {
    CaseCell cell{state_->NewDatumCell(), state_->NewBoolCell()};
    Compile(*expr.arg, cell.value, cell.isnull);
    case_stack_.push_back(cell);
    pushed = true;
  }
  std::vector<int> done_jumps;
  for (const auto& when : expr.args) {
    Datum* cond_v = state_->NewDatumCell();
    bool* cond_n = state_->NewBoolCell();
    Compile(*when.expr, cond_v, cond_n);
    int skip = Emit(ExprOp::kJumpIfNotTrue, cond_v, cond_n);
    Compile(*when.result, resv, resn);
    done_jumps.push_back(Emit(ExprOp::kJump, nullptr, nullptr));
    step(skip).d.jump.target = next_index();
  }
  if (pushed) case_stack_.pop_back();
  if (expr.defresult) {
    Compile(*expr.defresult, resv, resn);
  } else {
    int c = Emit(ExprOp::kConst, resv, resn);
    step(c).d.constant.isnull = true;
  }
  for (int j : done_jumps) step(j).d.jump.target = next_index();
}

void ExprCompiler::CompileCoalesce(const nodes::CoalesceExpr& expr, Datum* resv, bool* resn) {
  std::vector<int> jumps;
  for (const auto& arg : expr.args) {
    Compile(*arg, resv, resn);
    jumps.push_back(Emit(ExprOp::kJumpIfNotNull, resv, resn));
  }
  for (int j : jumps) step(j).d.jump.target = next_index();
}

void ExprCompiler::CompileNullTest(const nodes::NullTest& expr, Datum* resv, bool* resn) {
  bool is_null = expr.nulltesttype == nodes::NullTestType::kIsNull;
  if (expr.argisrow) {
    // row IS NULL: every field is null; row IS NOT NULL: every field is non-null.
    if (expr.arg->tag != NodeTag::kRowExpr) {
      AddComplex(std::make_unique<RowNullTestStep>(is_null), {expr.arg}, resv, resn);
      return;
    }
    const auto& row = *nodes::As<nodes::RowExpr>(expr.arg.get());
    nodes::BoolExpr conj;
    conj.boolop = nodes::BoolExprType::kAnd;
    conj.result_type = 16;
    for (const auto& field : row.args) {
      auto test = std::make_shared<nodes::NullTest>();
      test->arg = field;
      test->nulltesttype = expr.nulltesttype;
      test->result_type = 16;
      conj.args.push_back(test);
    }
    // The temporary nodes are only read during compilation.
    if (conj.args.empty()) {
      int c = Emit(ExprOp::kConst, resv, resn);
      step(c).d.constant.value = BoolGetDatum(true);
      return;
    }
    CompileBool(conj, resv, resn);
    return;
  }
  Compile(*expr.arg, resv, resn);
  Emit(is_null ? ExprOp::kNullTestIsNull : ExprOp::kNullTestIsNotNull, resv, resn);
}

void ExprCompiler::CompileParam(const nodes::Param& param, Datum* resv, bool* resn) {
  if (param.paramkind == nodes::ParamKind::kExtern) {
    int i = Emit(ExprOp::kParamExtern, resv, resn);
    step(i).d.param.paramid = param.paramid;
    return;
  }
  if (param.paramkind != nodes::ParamKind::kExec) Unsupported("this kind of Param");
  HYRAX_CHECK(estate_ != nullptr, "PARAM_EXEC without executor state");
  estate_->NoteParamUse(param.paramid);
  int i = Emit(ExprOp::kParamExec, resv, resn);
  step(i).d.param.paramid = param.paramid;
}

void ExprCompiler::CompileSubPlan(const nodes::SubPlan& subplan, Datum* resv, bool* resn) {
  HYRAX_CHECK(estate_ != nullptr, "SubPlan without executor state");
  auto sp = std::make_unique<SubPlanState>(subplan, estate_);
  SubPlanState* raw = sp.get();
  estate_->subplan_states.push_back(std::move(sp));
  AddComplex(std::make_unique<SubPlanStep>(raw), {}, resv, resn);
}

// Nested assignment (`INSERT INTO t (c.f[1])`, `UPDATE t SET a[1].f = ...`): the inner
// assignment's base is a CaseTestExpr standing for the old value of the field or element
// being assigned (PostgreSQL sets it from the deformed row / SBS_STEP_FETCH_OLD). Here the
// placeholder is replaced by an expression fetching that old value -- `fetch` builds it
// with the placeholder's type -- so the assignment compiles as ordinary expressions (the
// container expression is evaluated again for it).
nodes::ExprPtr ReplaceAssignmentBase(
    const nodes::ExprPtr& e, const std::function<nodes::ExprPtr(const nodes::Expr&)>& fetch) {
  if (!e) return e;
  switch (e->tag) {
    case NodeTag::kCaseTestExpr:
      return fetch(*e);
    case NodeTag::kSubscriptingRef: {
      auto copy = std::make_shared<nodes::SubscriptingRef>(*nodes::As<nodes::SubscriptingRef>(e));
      copy->refexpr = ReplaceAssignmentBase(copy->refexpr, fetch);
      return copy;
    }
    case NodeTag::kFieldStore: {
      auto copy = std::make_shared<nodes::FieldStore>(*nodes::As<nodes::FieldStore>(e));
      copy->arg = ReplaceAssignmentBase(copy->arg, fetch);
      return copy;
    }
    case NodeTag::kCoerceToDomain: {
      auto copy = std::make_shared<nodes::CoerceToDomain>(*nodes::As<nodes::CoerceToDomain>(e));
      copy->arg = ReplaceAssignmentBase(copy->arg, fetch);
      return copy;
    }
    case NodeTag::kRelabelType: {
      auto copy = std::make_shared<nodes::RelabelType>(*nodes::As<nodes::RelabelType>(e));
      copy->arg = ReplaceAssignmentBase(copy->arg, fetch);
      return copy;
    }
    default:
      return e;
  }
}

// The old value a placeholder of type `like` stands for: field `fieldnum` of `container`.
nodes::ExprPtr OldFieldValue(const nodes::ExprPtr& container, nodes::AttrNumber fieldnum,
                             const nodes::Expr& like) {
  auto select = std::make_shared<nodes::FieldSelect>();
  select->arg = container;
  select->fieldnum = fieldnum;
  select->result_type = like.result_type;
  select->result_typmod = like.result_typmod;
  select->result_collation = like.result_collation;
  return select;
}

// ... or the element (slice) of `ref`'s container that `ref` assigns.
nodes::ExprPtr OldElementValue(const nodes::SubscriptingRef& ref, const nodes::Expr& like) {
  auto fetch = std::make_shared<nodes::SubscriptingRef>(ref);
  fetch->refassgnexpr = nullptr;
  fetch->result_type = like.result_type;
  fetch->result_typmod = like.result_typmod;
  fetch->result_collation = like.result_collation;
  return fetch;
}

// Whether an element expression only relabels the element (CaseTestExpr, possibly under
// RelabelTypes): then the array keeps its bytes and only its element type changes.
bool IsElementRelabel(const nodes::ExprPtr& elemexpr) {
  const nodes::Expr* e = elemexpr.get();
  while (e != nullptr && e->tag == NodeTag::kRelabelType) {
    e = nodes::As<nodes::RelabelType>(e)->arg.get();
  }
  return e == nullptr || e->tag == NodeTag::kCaseTestExpr;
}

// The value goes to (resv, resn); each constraint is then checked against it (PostgreSQL's
// ExecInitCoerceToDomain).
void ExprCompiler::CompileCoerceToDomain(const nodes::CoerceToDomain& expr, Datum* resv,
                                         bool* resn) {
  Compile(*expr.arg, resv, resn);
  std::vector<DomainConstraint> constraints = LookupDomainConstraints(expr.result_type);
  if (constraints.empty()) return;
  Datum* scratch_value = state_->NewDatumCell();
  bool* scratch_null = state_->NewBoolCell();
  for (auto& con : constraints) {
    if (con.not_null) {
      AddComplex(std::make_unique<DomainNotNullStep>(con.domain_name, resn), {}, scratch_value,
                 scratch_null);
      continue;
    }
    auto check = std::make_unique<DomainCheckStep>(con.domain_name, con.constraint_name, con.check);
    domain_stack_.push_back({resv, resn});
    Compile(*check->check_tree, &check->in.values[0], &check->in.nulls[0]);
    domain_stack_.pop_back();
    AddComplex(std::move(check), {}, scratch_value, scratch_null);
  }
}

void ExprCompiler::CompileArrayCoerce(const nodes::ArrayCoerceExpr& expr, Datum* resv, bool* resn) {
  auto result_type = catalog::Syscache().TypeByOid(expr.result_type);
  if (!result_type || result_type->typelem == kInvalidOid) {
    Unsupported("an array coercion to a non-array type");
  }
  std::unique_ptr<ExprState> elem_state;
  Datum* elem_value = nullptr;
  bool* elem_null = nullptr;
  if (!IsElementRelabel(expr.elemexpr)) {
    elem_state = std::make_unique<ExprState>();
    elem_value = elem_state->NewDatumCell();
    elem_null = elem_state->NewBoolCell();
    ExprCompiler elem_compiler(elem_state.get(), estate_);
    elem_compiler.case_stack_.push_back(CaseCell{elem_value, elem_null});
    elem_compiler.Compile(*expr.elemexpr, &elem_state->resvalue, &elem_state->resnull);
    elem_compiler.Emit(ExprOp::kDone, nullptr, nullptr);
    elem_compiler.Finish();
  }
  AddComplex(std::make_unique<ArrayCoerceStep>(result_type->typelem, std::move(elem_state),
                                               elem_value, elem_null),
             {expr.arg}, resv, resn);
}

template <typename Step>
Step* ExprCompiler::AddComplex(std::unique_ptr<Step> step_obj, const nodes::ExprList& inputs,
                               Datum* resv, bool* resn) {
  Step* raw = step_obj.get();
  if constexpr (requires { raw->in; }) {
    for (size_t i = 0; i < inputs.size(); ++i)
      Compile(*inputs[i], &raw->in.values[i], &raw->in.nulls[i]);
  }
  state_->complex_steps.push_back(std::move(step_obj));
  int i = Emit(ExprOp::kComplex, resv, resn);
  step(i).d.complex.node = raw;
  return raw;
}

ExprOp BoolTestOp(nodes::BoolTestType t) {
  switch (t) {
    case nodes::BoolTestType::kIsTrue:
      return ExprOp::kBoolTestIsTrue;
    case nodes::BoolTestType::kIsNotTrue:
      return ExprOp::kBoolTestIsNotTrue;
    case nodes::BoolTestType::kIsFalse:
      return ExprOp::kBoolTestIsFalse;
    case nodes::BoolTestType::kIsNotFalse:
      return ExprOp::kBoolTestIsNotFalse;
    case nodes::BoolTestType::kIsUnknown:
      return ExprOp::kBoolTestIsUnknown;
    case nodes::BoolTestType::kIsNotUnknown:
      return ExprOp::kBoolTestIsNotUnknown;
  }
  return ExprOp::kBoolTestIsTrue;
}

void ExprCompiler::Compile(const Expr& expr, Datum* resv, bool* resn) {
  CheckStackDepth();
  switch (expr.tag) {
    case NodeTag::kVar:
      CompileVar(*nodes::As<nodes::Var>(&expr), resv, resn);
      return;
    case NodeTag::kConst: {
      const auto& c = *nodes::As<nodes::Const>(&expr);
      int i = Emit(ExprOp::kConst, resv, resn);
      step(i).d.constant.value = c.constisnull ? 0 : c.constvalue;
      step(i).d.constant.isnull = c.constisnull;
      return;
    }
    case NodeTag::kParam:
      CompileParam(*nodes::As<nodes::Param>(&expr), resv, resn);
      return;
    case NodeTag::kAggref: {
      const auto& agg = *nodes::As<nodes::Aggref>(&expr);
      HYRAX_CHECK(agg.aggno >= 0, "Aggref without aggno");
      int i = Emit(ExprOp::kAggref, resv, resn);
      step(i).d.aggref.aggno = agg.aggno;
      return;
    }
    case NodeTag::kGroupingFunc:
      // Its arguments are not evaluated: the Agg says which columns its set groups.
      AddComplex(std::make_unique<GroupingFuncStep>(nodes::As<nodes::GroupingFunc>(&expr)->refs),
                 {}, resv, resn);
      return;
    case NodeTag::kWindowFunc: {
      // The WindowAgg computing it publishes the row's values in econtext->aggvalues.
      const auto& wfunc = *nodes::As<nodes::WindowFunc>(&expr);
      HYRAX_CHECK(wfunc.winfuncno >= 0, "WindowFunc without winfuncno");
      int i = Emit(ExprOp::kAggref, resv, resn);
      step(i).d.aggref.aggno = wfunc.winfuncno;
      return;
    }
    case NodeTag::kFuncExpr: {
      const auto& f = *nodes::As<nodes::FuncExpr>(&expr);
      CompileFunc(f.funcid, f.inputcollid, f.args, resv, resn);
      return;
    }
    case NodeTag::kOpExpr: {
      const auto& op = *nodes::As<nodes::OpExpr>(&expr);
      Oid func = op.opfuncid != kInvalidOid ? op.opfuncid : OperatorFunction(op.opno);
      CompileFunc(func, op.inputcollid, op.args, resv, resn);
      return;
    }
    case NodeTag::kDistinctExpr:
    case NodeTag::kNullIfExpr: {
      const auto& op = *nodes::As<nodes::OpExpr>(&expr);
      Oid func = op.opfuncid != kInvalidOid ? op.opfuncid : OperatorFunction(op.opno);
      ExprOp kind = expr.tag == NodeTag::kDistinctExpr ? ExprOp::kDistinct : ExprOp::kNullIf;
      CompileFunc(func, op.inputcollid, op.args, resv, resn, kind, kind);
      return;
    }
    case NodeTag::kScalarArrayOpExpr: {
      const auto& saop = *nodes::As<nodes::ScalarArrayOpExpr>(&expr);
      AddComplex(std::make_unique<ScalarArrayOpStep>(saop), saop.args, resv, resn);
      return;
    }
    case NodeTag::kBoolExpr:
      CompileBool(*nodes::As<nodes::BoolExpr>(&expr), resv, resn);
      return;
    case NodeTag::kSubPlan:
      CompileSubPlan(*nodes::As<nodes::SubPlan>(&expr), resv, resn);
      return;
    case NodeTag::kRelabelType:
      Compile(*nodes::As<nodes::RelabelType>(&expr)->arg, resv, resn);
      return;
    case NodeTag::kCollateExpr:
      Compile(*nodes::As<nodes::CollateExpr>(&expr)->arg, resv, resn);
      return;
    case NodeTag::kCoerceViaIO: {
      const auto& c = *nodes::As<nodes::CoerceViaIO>(&expr);
      AddComplex(std::make_unique<IoCoerceStep>(c.arg->result_type, c.result_type, c.result_typmod),
                 {c.arg}, resv, resn);
      return;
    }
    case NodeTag::kSubscriptingRef: {
      const auto& ref = *nodes::As<nodes::SubscriptingRef>(&expr);
      nodes::ExprList inputs{ref.refexpr};
      inputs.insert(inputs.end(), ref.refupperindexpr.begin(), ref.refupperindexpr.end());
      if (ref.refassgnexpr) {
        inputs.push_back(ReplaceAssignmentBase(
            ref.refassgnexpr, [&](const nodes::Expr& like) { return OldElementValue(ref, like); }));
      }
      AddComplex(std::make_unique<SubscriptStep>(ref), inputs, resv, resn);
      return;
    }
    case NodeTag::kArrayCoerceExpr:
      CompileArrayCoerce(*nodes::As<nodes::ArrayCoerceExpr>(&expr), resv, resn);
      return;
    case NodeTag::kCaseExpr:
      CompileCase(*nodes::As<nodes::CaseExpr>(&expr), resv, resn);
      return;
    case NodeTag::kCaseTestExpr: {
      if (case_stack_.empty()) Unsupported("a CaseTestExpr outside CASE");
      int i = Emit(ExprOp::kCaseTestVal, resv, resn);
      step(i).d.casetest.value = case_stack_.back().value;
      step(i).d.casetest.isnull = case_stack_.back().isnull;
      return;
    }
    case NodeTag::kArrayExpr: {
      const auto& a = *nodes::As<nodes::ArrayExpr>(&expr);
      if (a.multidims) Unsupported("a multidimensional ARRAY[] constructor");
      AddComplex(std::make_unique<ArrayBuildStep>(a.element_typeid, a.elements.size()), a.elements,
                 resv, resn);
      return;
    }
    case NodeTag::kCoerceToDomain:
      CompileCoerceToDomain(*nodes::As<nodes::CoerceToDomain>(&expr), resv, resn);
      return;
    case NodeTag::kCoerceToDomainValue: {
      if (domain_stack_.empty()) Unsupported("VALUE outside a domain constraint");
      int i = Emit(ExprOp::kCaseTestVal, resv, resn);
      step(i).d.casetest.value = domain_stack_.back().value;
      step(i).d.casetest.isnull = domain_stack_.back().isnull;
      return;
    }
    case NodeTag::kRowCompareExpr: {
      const auto& rc = *nodes::As<nodes::RowCompareExpr>(&expr);
      auto step_obj = std::make_unique<RowCompareStep>(rc);
      for (size_t k = 0; k < rc.largs.size(); ++k) {
        Compile(*rc.largs[k], &step_obj->left.values[k], &step_obj->left.nulls[k]);
        Compile(*rc.rargs[k], &step_obj->right.values[k], &step_obj->right.nulls[k]);
      }
      AddComplex(std::move(step_obj), {}, resv, resn);
      return;
    }
    case NodeTag::kFieldStore: {
      const auto& fs = *nodes::As<nodes::FieldStore>(&expr);
      nodes::ExprList inputs{fs.arg};
      // A field assigned twice (`c.f[1], c.f[2]`): the second assignment starts from the
      // first one's result, as PostgreSQL stores each new value before computing the next.
      std::map<nodes::AttrNumber, nodes::ExprPtr> assigned;
      for (size_t i = 0; i < fs.newvals.size(); ++i) {
        nodes::AttrNumber field = fs.fieldnums.at(i);
        nodes::ExprPtr value =
            ReplaceAssignmentBase(fs.newvals[i], [&](const nodes::Expr& like) -> nodes::ExprPtr {
              auto earlier = assigned.find(field);
              if (earlier != assigned.end()) return earlier->second;
              return OldFieldValue(fs.arg, field, like);
            });
        assigned[field] = value;
        inputs.push_back(value);
      }
      AddComplex(std::make_unique<FieldStoreStep>(fs), inputs, resv, resn);
      return;
    }
    case NodeTag::kFieldSelect: {
      const auto& fs = *nodes::As<nodes::FieldSelect>(&expr);
      AddComplex(std::make_unique<FieldSelectStep>(fs), {fs.arg}, resv, resn);
      return;
    }
    case NodeTag::kRowExpr: {
      const auto& r = *nodes::As<nodes::RowExpr>(&expr);
      AddComplex(std::make_unique<RowBuildStep>(r), r.args, resv, resn);
      return;
    }
    case NodeTag::kCoalesceExpr:
      CompileCoalesce(*nodes::As<nodes::CoalesceExpr>(&expr), resv, resn);
      return;
    case NodeTag::kMinMaxExpr: {
      const auto& m = *nodes::As<nodes::MinMaxExpr>(&expr);
      AddComplex(std::make_unique<MinMaxStep>(m), m.args, resv, resn);
      return;
    }
    case NodeTag::kSQLValueFunction:
      AddComplex(std::make_unique<SqlValueFunctionStep>(*nodes::As<nodes::SQLValueFunction>(&expr)),
                 {}, resv, resn);
      return;
    case NodeTag::kNullTest:
      CompileNullTest(*nodes::As<nodes::NullTest>(&expr), resv, resn);
      return;
    case NodeTag::kBooleanTest: {
      const auto& b = *nodes::As<nodes::BooleanTest>(&expr);
      Compile(*b.arg, resv, resn);
      Emit(BoolTestOp(b.booltesttype), resv, resn);
      return;
    }
    case NodeTag::kNextValueExpr:
      AddComplex(std::make_unique<NextValueStep>(*nodes::As<nodes::NextValueExpr>(&expr)), {}, resv,
                 resn);
      return;
    case NodeTag::kCurrentOfExpr:
      throw Error(errcode::kFeatureNotSupported, "WHERE CURRENT OF is not supported yet");
    default:
      throw MakeError(errcode::kFeatureNotSupported,
                      "expression node type {} is not supported by the executor yet",
                      static_cast<int>(expr.tag));
  }
}

void ExprCompiler::Finish() {
  std::vector<ExprStep> prologue;
  auto add = [&](ExprOp op, int last) {
    if (last <= 0) return;
    ExprStep s;
    s.op = op;
    s.d.fetch.last_attnum = last;
    prologue.push_back(s);
  };
  add(ExprOp::kFetchInner, last_inner_);
  add(ExprOp::kFetchOuter, last_outer_);
  add(ExprOp::kFetchScan, last_scan_);
  if (prologue.empty()) return;
  int shift = static_cast<int>(prologue.size());
  for (auto& s : state_->steps) {
    switch (s.op) {
      case ExprOp::kJump:
      case ExprOp::kJumpIfNull:
      case ExprOp::kJumpIfNotNull:
      case ExprOp::kJumpIfNotTrue:
        s.d.jump.target += shift;
        break;
      case ExprOp::kBoolAndStep:
      case ExprOp::kBoolAndLast:
      case ExprOp::kBoolOrStep:
      case ExprOp::kBoolOrLast:
        s.d.boolexpr.jumpdone += shift;
        break;
      case ExprOp::kQual:
        s.d.qual.jumpdone += shift;
        break;
      default:
        break;
    }
  }
  state_->steps.insert(state_->steps.begin(), prologue.begin(), prologue.end());
}

bool IsMultiExprSubPlan(const Expr& e) {
  return e.tag == NodeTag::kSubPlan &&
         nodes::As<nodes::SubPlan>(&e)->subLinkType == nodes::SubLinkType::kMultiExpr;
}

}  // namespace

std::unique_ptr<ExprState> ExecInitExpr(const nodes::Expr& expr, ExecState* estate) {
  auto state = std::make_unique<ExprState>();
  ExprCompiler compiler(state.get(), estate);
  compiler.Compile(expr, &state->resvalue, &state->resnull);
  compiler.Emit(ExprOp::kDone, nullptr, nullptr);
  compiler.Finish();
  return state;
}

std::unique_ptr<ExprState> ExecInitQual(const nodes::ExprList& quals, ExecState* estate) {
  if (quals.empty()) return nullptr;
  auto state = std::make_unique<ExprState>();
  ExprCompiler compiler(state.get(), estate);
  std::vector<int> jumps;
  for (const auto& qual : quals) {
    compiler.Compile(*qual, &state->resvalue, &state->resnull);
    jumps.push_back(compiler.Emit(ExprOp::kQual, &state->resvalue, &state->resnull));
  }
  // All quals passed: result true.
  int c = compiler.Emit(ExprOp::kConst, &state->resvalue, &state->resnull);
  compiler.step(c).d.constant.value = BoolGetDatum(true);
  int done = compiler.Emit(ExprOp::kDone, nullptr, nullptr);
  for (int j : jumps) compiler.step(j).d.qual.jumpdone = done;
  compiler.Finish();
  return state;
}

std::unique_ptr<ExprState> ExecBuildProjection(const nodes::TargetList& tlist, TupleSlot* result,
                                               ExecState* estate) {
  auto state = std::make_unique<ExprState>();
  state->resultslot = result;
  ExprCompiler compiler(state.get(), estate);
  // MULTIEXPR SubPlans (UPDATE SET (a, b) = (SELECT ...)) run first: the columns before them
  // read the Params they set (PostgreSQL's ExecBuildUpdateProjection). Their own column is
  // NULL; ON CONFLICT's SET list carries them past the table's columns, where the result
  // slot has no column for them.
  int resultnum = 0;
  for (const auto& tle : tlist) {
    if (IsMultiExprSubPlan(*tle.expr)) {
      compiler.Compile(*tle.expr, &state->resvalue, &state->resnull);
      if (resultnum < result->natts()) {
        int i = compiler.Emit(ExprOp::kAssignTmp, &state->resvalue, &state->resnull);
        compiler.step(i).d.assign_tmp.resultnum = resultnum;
      }
    }
    ++resultnum;
  }
  resultnum = 0;
  for (const auto& tle : tlist) {
    const nodes::Expr& e = *tle.expr;
    if (IsMultiExprSubPlan(e)) {
      // compiled above
    } else if (e.tag == NodeTag::kVar && nodes::As<nodes::Var>(&e)->varattno > 0 &&
               nodes::As<nodes::Var>(&e)->varlevelsup == 0) {
      const auto& var = *nodes::As<nodes::Var>(&e);
      compiler.NoteVar(var.varno, var.varattno);
      ExprOp op = var.varno == nodes::kInnerVar   ? ExprOp::kAssignInnerVar
                  : var.varno == nodes::kOuterVar ? ExprOp::kAssignOuterVar
                                                  : ExprOp::kAssignScanVar;
      int i = compiler.Emit(op, nullptr, nullptr);
      compiler.step(i).d.assign_var.index = var.varattno - 1;
      compiler.step(i).d.assign_var.resultnum = resultnum;
    } else {
      compiler.Compile(e, &state->resvalue, &state->resnull);
      int i = compiler.Emit(ExprOp::kAssignTmp, &state->resvalue, &state->resnull);
      compiler.step(i).d.assign_tmp.resultnum = resultnum;
    }
    ++resultnum;
  }
  compiler.Emit(ExprOp::kDone, nullptr, nullptr);
  compiler.Finish();
  return state;
}

}  // namespace hyrax::executor
