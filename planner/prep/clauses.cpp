// Expression preprocessing (see clauses.h).
#include "planner/prep/clauses.h"

#include <cstring>

#include "common/stack_depth.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/expr_state.h"
#include "executor/expr/expr_tree.h"
#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

// Evaluates an expression without Vars through the executor and wraps the result in a
// Const.
nodes::ExprPtr EvaluateExprToConst(const nodes::ExprPtr& expr) {
  auto type = catalog::Syscache().TypeByOid(expr->result_type);
  if (!type) return expr;
  MemoryContext scratch("const folding");
  MemoryContextScope scope(&scratch);
  auto state = executor::ExecInitExpr(*expr, nullptr);
  executor::ExprContext econtext(nullptr);
  bool isnull;
  Datum value = executor::ExecInterpExpr(state.get(), &econtext, &isnull);
  // MakeConst copies a by-reference value into the node.
  auto c = nodes::MakeConst(expr->result_type, expr->result_typmod, expr->result_collation,
                            type->typlen, type->typbyval, value, isnull);
  c->location = expr->location;
  return c;
}

namespace {

using nodes::ExprPtr;
using nodes::NodeTag;

bool IsConst(const ExprPtr& e) {
  return e->tag == NodeTag::kConst;
}
const nodes::Const& AsConst(const ExprPtr& e) {
  return *nodes::As<nodes::Const>(e);
}

ExprPtr FoldToConst(const ExprPtr& expr) {
  return EvaluateExprToConst(expr);
}

char Volatility(Oid funcid, bool* strict) {
  auto proc = catalog::Syscache().ProcByOid(funcid);
  if (!proc) return 'v';
  *strict = proc->proisstrict;
  if (proc->proretset) return 'v';
  return proc->provolatile;
}

Oid OpFunc(const nodes::OpExpr& op) {
  if (op.opfuncid != kInvalidOid) return op.opfuncid;
  auto o = catalog::Syscache().OperatorByOid(op.opno);
  return o ? o->oprcode : kInvalidOid;
}

ExprPtr SimplifyFunction(const ExprPtr& e, Oid funcid, const nodes::ExprList& args) {
  bool strict = false;
  if (Volatility(funcid, &strict) != 'i') return e;
  bool all_const = true;
  for (const auto& a : args) {
    if (!IsConst(a)) {
      all_const = false;
    } else if (strict && AsConst(a).constisnull) {
      // A strict function of a NULL constant is NULL whatever the other arguments are.
      auto type = catalog::Syscache().TypeByOid(e->result_type);
      if (type) {
        return nodes::MakeNullConst(e->result_type, e->result_typmod, e->result_collation,
                                    type->typlen, type->typbyval);
      }
    }
  }
  return all_const ? FoldToConst(e) : e;
}

ExprPtr SimplifyBool(const std::shared_ptr<nodes::BoolExpr>& b) {
  using nodes::BoolExprType;
  if (b->boolop == BoolExprType::kNot) {
    if (IsConst(b->args[0])) return FoldToConst(b);
    return b;
  }
  bool is_and = b->boolop == BoolExprType::kAnd;
  nodes::ExprList kept;
  bool have_null = false;
  for (const auto& a : b->args) {
    // Flatten nested ANDs/ORs of the same kind.
    if (a->tag == NodeTag::kBoolExpr && nodes::As<nodes::BoolExpr>(a)->boolop == b->boolop) {
      for (const auto& inner : nodes::As<nodes::BoolExpr>(a)->args) kept.push_back(inner);
      continue;
    }
    if (IsConst(a)) {
      const auto& c = AsConst(a);
      if (c.constisnull) {
        have_null = true;
        continue;
      }
      bool v = DatumGetBool(c.constvalue);
      if (is_and && !v) return nodes::MakeBoolConst(false);  // AND with FALSE
      if (!is_and && v) return nodes::MakeBoolConst(true);   // OR with TRUE
      continue;                                              // neutral element
    }
    kept.push_back(a);
  }
  if (kept.empty())
    return have_null ? nodes::MakeBoolConst(false, true) : nodes::MakeBoolConst(is_and);
  if (have_null) kept.push_back(nodes::MakeBoolConst(false, true));
  if (kept.size() == 1) return kept[0];
  auto out = std::make_shared<nodes::BoolExpr>(*b);
  out->args = std::move(kept);
  return out;
}

ExprPtr Simplify(const ExprPtr& e) {
  CheckStackDepth();
  switch (e->tag) {
    case NodeTag::kFuncExpr: {
      const auto& f = *nodes::As<nodes::FuncExpr>(e);
      if (f.funcretset) return e;
      return SimplifyFunction(e, f.funcid, f.args);
    }
    case NodeTag::kOpExpr: {
      const auto& op = *nodes::As<nodes::OpExpr>(e);
      return SimplifyFunction(e, OpFunc(op), op.args);
    }
    case NodeTag::kBoolExpr:
      return SimplifyBool(std::static_pointer_cast<nodes::BoolExpr>(e));
    case NodeTag::kRelabelType: {
      const auto& r = *nodes::As<nodes::RelabelType>(e);
      if (IsConst(r.arg)) {
        auto c = std::make_shared<nodes::Const>(AsConst(r.arg));
        c->result_type = e->result_type;
        c->result_typmod = e->result_typmod;
        c->result_collation = e->result_collation;
        return c;
      }
      return e;
    }
    case NodeTag::kCoerceViaIO: {
      const auto& c = *nodes::As<nodes::CoerceViaIO>(e);
      // Type input/output functions are immutable for the built-in types we fold.
      if (IsConst(c.arg)) return FoldToConst(e);
      return e;
    }
    case NodeTag::kArrayExpr: {
      // ARRAY[1, 2, 3] of constants becomes one array constant (IN lists).
      const auto& a = *nodes::As<nodes::ArrayExpr>(e);
      if (a.multidims) return e;
      for (const auto& el : a.elements) {
        if (!IsConst(el)) return e;
      }
      return FoldToConst(e);
    }
    case NodeTag::kNullTest: {
      const auto& n = *nodes::As<nodes::NullTest>(e);
      if (!n.argisrow && IsConst(n.arg)) return FoldToConst(e);
      return e;
    }
    case NodeTag::kNullIfExpr: {
      const auto& n = *nodes::As<nodes::OpExpr>(e);
      if (n.args.size() == 2 && IsConst(n.args[0]) && IsConst(n.args[1])) return FoldToConst(e);
      return e;
    }
    case NodeTag::kBooleanTest: {
      const auto& b = *nodes::As<nodes::BooleanTest>(e);
      if (IsConst(b.arg)) return FoldToConst(e);
      return e;
    }
    default:
      return e;
  }
}

// The CASE test value in a simple CASE's WHEN conditions replaced by `value` (not inside
// nested expressions that bring their own test value).
ExprPtr ReplaceCaseTest(const ExprPtr& cond, const ExprPtr& value) {
  return executor::MutateExpr(cond, [&](const ExprPtr& e) -> ExprPtr {
    if (e->tag == NodeTag::kCaseTestExpr) return value;
    if (e->tag == NodeTag::kCaseExpr || e->tag == NodeTag::kArrayCoerceExpr ||
        e->tag == NodeTag::kCoerceToDomain) {
      return e;  // their own placeholders: leave the subtree as it is
    }
    return nullptr;
  });
}

ExprPtr SimplifyCase(const ExprPtr& e);
ExprPtr SimplifyCoalesce(const ExprPtr& e);

}  // namespace

ExprPtr EvalConstExpressions(const ExprPtr& expr) {
  if (!expr) return expr;
  // Bottom-up: mutate children first, then simplify this node.
  std::function<ExprPtr(const ExprPtr&)> rec = [&](const ExprPtr& e) -> ExprPtr {
    if (e->tag == NodeTag::kSubLink || e->tag == NodeTag::kSubPlan || e->tag == NodeTag::kAggref) {
      return nullptr;  // leave sub-selects and aggregate inputs alone here
    }
    if (e->tag == NodeTag::kCaseExpr) return SimplifyCase(e);
    if (e->tag == NodeTag::kCoalesceExpr) return SimplifyCoalesce(e);
    ExprPtr with_children = e;
    // Rebuild children through the generic mutator, then simplify.
    with_children = executor::MutateExpr(e, [&](const ExprPtr& child) -> ExprPtr {
      if (child == e) return nullptr;
      return EvalConstExpressions(child);
    });
    return Simplify(with_children);
  };
  ExprPtr out = rec(expr);
  return out ? out : expr;
}

namespace {

// PostgreSQL's CASE folding: arms whose condition folds to false or NULL are dropped; an
// arm whose condition folds to true ends the list and becomes the ELSE. Arms after it are
// never folded, so `CASE WHEN true THEN 1 ELSE 1/0 END` does not raise division by zero.
// A constant CASE argument is substituted into the WHEN comparisons first.
ExprPtr SimplifyCase(const ExprPtr& e) {
  const auto& c = *nodes::As<nodes::CaseExpr>(e);
  auto out = std::make_shared<nodes::CaseExpr>(c);
  ExprPtr arg = c.arg ? EvalConstExpressions(c.arg) : nullptr;
  bool const_arg = arg && IsConst(arg);
  out->arg = const_arg ? nullptr : arg;
  out->args.clear();
  ExprPtr defresult = c.defresult;
  for (const auto& when : c.args) {
    ExprPtr cond = const_arg ? ReplaceCaseTest(when.expr, arg) : when.expr;
    cond = EvalConstExpressions(cond);
    if (IsConst(cond)) {
      const auto& k = AsConst(cond);
      if (k.constisnull || !DatumGetBool(k.constvalue)) continue;  // never taken
      defresult = when.result;  // always taken (unless an earlier arm is)
      break;
    }
    out->args.push_back({cond, EvalConstExpressions(when.result), when.location});
  }
  defresult = EvalConstExpressions(defresult);
  if (out->args.empty()) return defresult;
  out->defresult = defresult;
  return out;
}

// PostgreSQL's COALESCE folding: arguments are folded in order; NULL constants go; a non-NULL
// constant is the result when nothing precedes it, else the last argument kept -- those after
// it are never reached and never folded (`COALESCE(1, 1/0)` is 1, not division by zero).
ExprPtr SimplifyCoalesce(const ExprPtr& e) {
  const auto& c = *nodes::As<nodes::CoalesceExpr>(e);
  nodes::ExprList kept;
  for (const auto& arg : c.args) {
    ExprPtr folded = EvalConstExpressions(arg);
    if (IsConst(folded)) {
      if (AsConst(folded).constisnull) continue;
      if (kept.empty()) return folded;
      kept.push_back(folded);
      break;
    }
    kept.push_back(folded);
  }
  if (kept.empty()) return FoldToConst(e);  // all NULL constants: NULL
  auto out = std::make_shared<nodes::CoalesceExpr>(c);
  out->args = std::move(kept);
  return out;
}

}  // namespace

nodes::ExprList MakeAndsImplicit(const ExprPtr& qual) {
  nodes::ExprList out;
  if (!qual) return out;
  if (qual->tag == NodeTag::kBoolExpr &&
      nodes::As<nodes::BoolExpr>(qual)->boolop == nodes::BoolExprType::kAnd) {
    for (const auto& a : nodes::As<nodes::BoolExpr>(qual)->args) {
      auto sub = MakeAndsImplicit(a);
      out.insert(out.end(), sub.begin(), sub.end());
    }
    return out;
  }
  if (IsConst(qual) && !AsConst(qual).constisnull && DatumGetBool(AsConst(qual).constvalue)) {
    return out;  // WHERE true
  }
  out.push_back(qual);
  return out;
}

ExprPtr MakeAndsExplicit(const nodes::ExprList& quals) {
  if (quals.empty()) return nullptr;
  if (quals.size() == 1) return quals[0];
  auto b = nodes::MakeBoolExpr(nodes::BoolExprType::kAnd, quals);
  b->result_type = 16;
  return b;
}

Relids PullVarnos(const ExprPtr& expr) {
  Relids out = 0;
  executor::WalkExpr(expr, [&](const ExprPtr& e) {
    if (e->tag == NodeTag::kVar) {
      const auto& v = *nodes::As<nodes::Var>(e);
      if (v.varlevelsup == 0 && v.varno < 64) out |= RelidsSingleton(v.varno);
    }
    return true;
  });
  return out;
}

void PullVars(const ExprPtr& expr, std::vector<std::shared_ptr<nodes::Var>>* out,
              bool include_agg_args) {
  executor::WalkExpr(expr, [&](const ExprPtr& e) {
    if (e->tag == NodeTag::kAggref && !include_agg_args) return false;
    if (e->tag != NodeTag::kVar) return true;
    auto v = std::static_pointer_cast<nodes::Var>(e);
    if (v->varlevelsup != 0) return false;
    for (const auto& have : *out) {
      if (have->varno == v->varno && have->varattno == v->varattno) return false;
    }
    out->push_back(v);
    return false;
  });
}

void PullSubqueryOuterVars(const nodes::Query& subquery,
                           std::vector<std::shared_ptr<nodes::Var>>* out) {
  nodes::WalkQueryExprs(subquery, [&](const nodes::Expr& e, int sublevels_up) {
    if (e.tag != NodeTag::kVar) return false;
    const auto& v = static_cast<const nodes::Var&>(e);
    if (v.varlevelsup != static_cast<nodes::Index>(sublevels_up) + 1) return false;
    for (const auto& have : *out) {
      if (have->varno == v.varno && have->varattno == v.varattno) return false;
    }
    auto var = std::make_shared<nodes::Var>(v);
    var->varlevelsup = 0;
    out->push_back(var);
    return false;
  });
}

bool ContainsAggs(const ExprPtr& expr) {
  bool found = false;
  executor::WalkExpr(expr, [&](const ExprPtr& e) {
    if (e->tag == NodeTag::kAggref) found = true;
    return !found;
  });
  return found;
}

namespace {

bool SortGroupClausesEqual(const std::vector<nodes::SortGroupClause>& a,
                           const std::vector<nodes::SortGroupClause>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].tleSortGroupRef != b[i].tleSortGroupRef || a[i].sortop != b[i].sortop ||
        a[i].eqop != b[i].eqop || a[i].nulls_first != b[i].nulls_first) {
      return false;
    }
  }
  return true;
}

// Everything of two Aggrefs but their argument expressions (compared as children):
// DISTINCT, ORDER BY and which arguments they refer to.
bool AggrefHeadersEqual(const nodes::Aggref& x, const nodes::Aggref& y) {
  if (x.aggfnoid != y.aggfnoid || x.aggstar != y.aggstar || x.aggkind != y.aggkind ||
      x.aggvariadic != y.aggvariadic || !SortGroupClausesEqual(x.aggorder, y.aggorder) ||
      !SortGroupClausesEqual(x.aggdistinct, y.aggdistinct)) {
    return false;
  }
  if ((x.args == nullptr) != (y.args == nullptr)) return false;
  if (x.args == nullptr) return true;
  if (x.args->size() != y.args->size()) return false;
  for (size_t i = 0; i < x.args->size(); ++i) {
    const auto& xa = (*x.args)[i];
    const auto& ya = (*y.args)[i];
    if (xa.resjunk != ya.resjunk || xa.ressortgroupref != ya.ressortgroupref) return false;
  }
  return true;
}

}  // namespace

bool ExprEqual(const nodes::Expr* a, const nodes::Expr* b) {
  if (a == b) return true;
  if (a == nullptr || b == nullptr || a->tag != b->tag || a->result_type != b->result_type) {
    return false;
  }
  switch (a->tag) {
    case NodeTag::kVar: {
      const auto* x = nodes::As<nodes::Var>(a);
      const auto* y = nodes::As<nodes::Var>(b);
      return x->varno == y->varno && x->varattno == y->varattno && x->varlevelsup == y->varlevelsup;
    }
    case NodeTag::kConst: {
      const auto* x = nodes::As<nodes::Const>(a);
      const auto* y = nodes::As<nodes::Const>(b);
      if (x->constisnull || y->constisnull) return x->constisnull == y->constisnull;
      if (x->constbyval) return x->constvalue == y->constvalue;
      return x->storage == y->storage;
    }
    case NodeTag::kParam: {
      const auto* x = nodes::As<nodes::Param>(a);
      const auto* y = nodes::As<nodes::Param>(b);
      return x->paramkind == y->paramkind && x->paramid == y->paramid;
    }
    case NodeTag::kAggref:
      if (!AggrefHeadersEqual(*nodes::As<nodes::Aggref>(a), *nodes::As<nodes::Aggref>(b)))
        return false;
      break;
    case NodeTag::kWindowFunc: {
      const auto* x = nodes::As<nodes::WindowFunc>(a);
      const auto* y = nodes::As<nodes::WindowFunc>(b);
      if (x->winfnoid != y->winfnoid || x->winref != y->winref || x->winstar != y->winstar ||
          x->winfuncno != y->winfuncno)
        return false;
      break;
    }
    case NodeTag::kFuncExpr:
      if (nodes::As<nodes::FuncExpr>(a)->funcid != nodes::As<nodes::FuncExpr>(b)->funcid)
        return false;
      break;
    case NodeTag::kOpExpr:
    case NodeTag::kDistinctExpr:
    case NodeTag::kNullIfExpr:
      if (nodes::As<nodes::OpExpr>(a)->opno != nodes::As<nodes::OpExpr>(b)->opno) return false;
      break;
    case NodeTag::kBoolExpr:
      if (nodes::As<nodes::BoolExpr>(a)->boolop != nodes::As<nodes::BoolExpr>(b)->boolop)
        return false;
      break;
    case NodeTag::kSubPlan:
    case NodeTag::kSubLink:
      return false;  // never merged
    default:
      break;
  }
  std::vector<const nodes::Expr*> ca, cb;
  executor::ForEachChild(*a, [&](const ExprPtr& c) { ca.push_back(c.get()); });
  executor::ForEachChild(*b, [&](const ExprPtr& c) { cb.push_back(c.get()); });
  if (ca.size() != cb.size()) return false;
  for (size_t i = 0; i < ca.size(); ++i) {
    if (!planner::ExprEqual(ca[i], cb[i])) return false;
  }
  return true;
}

}  // namespace hyrax::planner
