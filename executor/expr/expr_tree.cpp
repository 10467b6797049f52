// Expression tree traversal (see expr_tree.h). One switch lists each node kind's children;
// the mutator copies a node only when one of its children changed.
#include "executor/expr/expr_tree.h"

#include "common/error.h"

namespace hyrax::executor {

namespace {

using nodes::Expr;
using nodes::ExprList;
using nodes::ExprPtr;
using nodes::NodeTag;

// Applies `fn` to every child slot of `e` (mutable access for the mutator).
void ForEachChildSlot(Expr& e, const std::function<void(ExprPtr&)>& fn) {
  auto list = [&](ExprList& l) {
    for (auto& c : l)
      if (c) fn(c);
  };
  auto one = [&](ExprPtr& c) {
    if (c) fn(c);
  };
  switch (e.tag) {
    case NodeTag::kAggref: {
      auto& a = static_cast<nodes::Aggref&>(e);
      list(a.aggdirectargs);
      if (a.args) {
        for (auto& tle : *a.args) one(tle.expr);
      }
      one(a.aggfilter);
      break;
    }
    case NodeTag::kGroupingFunc:
      list(static_cast<nodes::GroupingFunc&>(e).args);
      break;
    case NodeTag::kWindowFunc: {
      auto& w = static_cast<nodes::WindowFunc&>(e);
      list(w.args);
      one(w.aggfilter);
      break;
    }
    case NodeTag::kSubscriptingRef: {
      auto& s = static_cast<nodes::SubscriptingRef&>(e);
      list(s.refupperindexpr);
      list(s.reflowerindexpr);
      one(s.refexpr);
      one(s.refassgnexpr);
      break;
    }
    case NodeTag::kFuncExpr:
      list(static_cast<nodes::FuncExpr&>(e).args);
      break;
    case NodeTag::kNamedArgExpr:
      one(static_cast<nodes::NamedArgExpr&>(e).arg);
      break;
    case NodeTag::kOpExpr:
    case NodeTag::kDistinctExpr:
    case NodeTag::kNullIfExpr:
      list(static_cast<nodes::OpExpr&>(e).args);
      break;
    case NodeTag::kScalarArrayOpExpr:
      list(static_cast<nodes::ScalarArrayOpExpr&>(e).args);
      break;
    case NodeTag::kBoolExpr:
      list(static_cast<nodes::BoolExpr&>(e).args);
      break;
    case NodeTag::kSubLink:
      one(static_cast<nodes::SubLink&>(e).testexpr);
      break;
    case NodeTag::kSubPlan: {
      auto& s = static_cast<nodes::SubPlan&>(e);
      one(s.testexpr);
      list(s.args);
      break;
    }
    case NodeTag::kFieldSelect:
      one(static_cast<nodes::FieldSelect&>(e).arg);
      break;
    case NodeTag::kFieldStore: {
      auto& f = static_cast<nodes::FieldStore&>(e);
      one(f.arg);
      list(f.newvals);
      break;
    }
    case NodeTag::kRelabelType:
      one(static_cast<nodes::RelabelType&>(e).arg);
      break;
    case NodeTag::kCoerceViaIO:
      one(static_cast<nodes::CoerceViaIO&>(e).arg);
      break;
    case NodeTag::kArrayCoerceExpr: {
      auto& a = static_cast<nodes::ArrayCoerceExpr&>(e);
      one(a.arg);
      one(a.elemexpr);
      break;
    }
    case NodeTag::kConvertRowtypeExpr:
      one(static_cast<nodes::ConvertRowtypeExpr&>(e).arg);
      break;
    case NodeTag::kCollateExpr:
      one(static_cast<nodes::CollateExpr&>(e).arg);
      break;
    case NodeTag::kCaseExpr: {
      auto& c = static_cast<nodes::CaseExpr&>(e);
      one(c.arg);
      for (auto& w : c.args) {
        one(w.expr);
        one(w.result);
      }
      one(c.defresult);
      break;
    }
    case NodeTag::kArrayExpr:
      list(static_cast<nodes::ArrayExpr&>(e).elements);
      break;
    case NodeTag::kRowExpr:
      list(static_cast<nodes::RowExpr&>(e).args);
      break;
    case NodeTag::kRowCompareExpr: {
      auto& r = static_cast<nodes::RowCompareExpr&>(e);
      list(r.largs);
      list(r.rargs);
      break;
    }
    case NodeTag::kCoalesceExpr:
      list(static_cast<nodes::CoalesceExpr&>(e).args);
      break;
    case NodeTag::kMinMaxExpr:
      list(static_cast<nodes::MinMaxExpr&>(e).args);
      break;
    case NodeTag::kNullTest:
      one(static_cast<nodes::NullTest&>(e).arg);
      break;
    case NodeTag::kBooleanTest:
      one(static_cast<nodes::BooleanTest&>(e).arg);
      break;
    case NodeTag::kCoerceToDomain:
      one(static_cast<nodes::CoerceToDomain&>(e).arg);
      break;
    case NodeTag::kInferenceElem:
      one(static_cast<nodes::InferenceElem&>(e).expr);
      break;
    case NodeTag::kPlaceHolderVar:
      one(static_cast<nodes::PlaceHolderVar&>(e).phexpr);
      break;
    default:
      break;  // leaves: Var, Const, Param, CaseTestExpr, SQLValueFunction, ...
  }
}

// Shallow copy of a node of any kind.
ExprPtr CopyNode(const Expr& e) {
  switch (e.tag) {
#define HYRAX_COPY(TAG, TYPE) \
  case NodeTag::TAG:          \
    return std::make_shared<nodes::TYPE>(static_cast<const nodes::TYPE&>(e));
    HYRAX_COPY(kVar, Var)
    HYRAX_COPY(kConst, Const)
    HYRAX_COPY(kParam, Param)
    case NodeTag::kAggref: {
      // args is shared: give the copy its own list so mutating it leaves the original alone.
      auto copy = std::make_shared<nodes::Aggref>(static_cast<const nodes::Aggref&>(e));
      if (copy->args) copy->args = std::make_shared<nodes::TargetList>(*copy->args);
      return copy;
    }
      HYRAX_COPY(kGroupingFunc, GroupingFunc)
      HYRAX_COPY(kWindowFunc, WindowFunc)
      HYRAX_COPY(kSubscriptingRef, SubscriptingRef)
      HYRAX_COPY(kFuncExpr, FuncExpr)
      HYRAX_COPY(kNamedArgExpr, NamedArgExpr)
      HYRAX_COPY(kOpExpr, OpExpr)
      HYRAX_COPY(kDistinctExpr, OpExpr)
      HYRAX_COPY(kNullIfExpr, OpExpr)
      HYRAX_COPY(kScalarArrayOpExpr, ScalarArrayOpExpr)
      HYRAX_COPY(kBoolExpr, BoolExpr)
      HYRAX_COPY(kSubLink, SubLink)
      HYRAX_COPY(kSubPlan, SubPlan)
      HYRAX_COPY(kFieldSelect, FieldSelect)
      HYRAX_COPY(kFieldStore, FieldStore)
      HYRAX_COPY(kRelabelType, RelabelType)
      HYRAX_COPY(kCoerceViaIO, CoerceViaIO)
      HYRAX_COPY(kArrayCoerceExpr, ArrayCoerceExpr)
      HYRAX_COPY(kConvertRowtypeExpr, ConvertRowtypeExpr)
      HYRAX_COPY(kCollateExpr, CollateExpr)
      HYRAX_COPY(kCaseExpr, CaseExpr)
      HYRAX_COPY(kCaseTestExpr, CaseTestExpr)
      HYRAX_COPY(kArrayExpr, ArrayExpr)
      HYRAX_COPY(kRowExpr, RowExpr)
      HYRAX_COPY(kRowCompareExpr, RowCompareExpr)
      HYRAX_COPY(kCoalesceExpr, CoalesceExpr)
      HYRAX_COPY(kMinMaxExpr, MinMaxExpr)
      HYRAX_COPY(kSQLValueFunction, SQLValueFunction)
      HYRAX_COPY(kNullTest, NullTest)
      HYRAX_COPY(kBooleanTest, BooleanTest)
      HYRAX_COPY(kCoerceToDomain, CoerceToDomain)
      HYRAX_COPY(kCoerceToDomainValue, CoerceToDomainValue)
      HYRAX_COPY(kSetToDefault, SetToDefault)
      HYRAX_COPY(kCurrentOfExpr, CurrentOfExpr)
      HYRAX_COPY(kNextValueExpr, NextValueExpr)
      HYRAX_COPY(kInferenceElem, InferenceElem)
      HYRAX_COPY(kPlaceHolderVar, PlaceHolderVar)
#undef HYRAX_COPY
  }
  ThrowInternalError(__FILE__, __LINE__, "unknown expression node");
}

}  // namespace

void ForEachChild(const Expr& expr, const std::function<void(const ExprPtr&)>& fn) {
  // The walker does not modify: casting away const only to share the child enumeration.
  ForEachChildSlot(const_cast<Expr&>(expr), [&](ExprPtr& c) { fn(c); });
}

void WalkExpr(const ExprPtr& expr, const std::function<bool(const ExprPtr&)>& fn) {
  if (!expr) return;
  if (!fn(expr)) return;
  ForEachChild(*expr, [&](const ExprPtr& c) { WalkExpr(c, fn); });
}

ExprPtr MutateExpr(const ExprPtr& expr, const std::function<ExprPtr(const ExprPtr&)>& fn) {
  if (!expr) return expr;
  if (ExprPtr replaced = fn(expr)) return replaced;
  // Mutate children into a copy; drop the copy if nothing changed.
  ExprPtr copy = CopyNode(*expr);
  bool changed = false;
  ForEachChildSlot(*copy, [&](ExprPtr& c) {
    ExprPtr m = MutateExpr(c, fn);
    if (m != c) {
      c = m;
      changed = true;
    }
  });
  return changed ? copy : expr;
}

}  // namespace hyrax::executor
