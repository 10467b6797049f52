// Maps an expression node's tag to its concrete struct, so generic code (walkers, copy,
// equality, serialization) can be written once as a template over the node type:
//   DispatchExpr(node, [&](auto& typed) { ... typed is Var&, OpExpr& ... });
// DistinctExpr and NullIfExpr share OpExpr's struct (their tags differ).
#pragma once

#include <type_traits>
#include <utility>

#include "common/assert.h"
#include "nodes/primnodes.h"

namespace hyrax::nodes {

// Calls f(static_cast<T*>(nullptr)) with T the concrete node struct of `tag`; returns what f
// returns. Used where only the type matters (names, construction).
template <typename F>
decltype(auto) DispatchTagType(NodeTag tag, F&& f) {
  switch (tag) {
    case NodeTag::kVar:
      return f(static_cast<Var*>(nullptr));
    case NodeTag::kConst:
      return f(static_cast<Const*>(nullptr));
    case NodeTag::kParam:
      return f(static_cast<Param*>(nullptr));
    case NodeTag::kAggref:
      return f(static_cast<Aggref*>(nullptr));
    case NodeTag::kGroupingFunc:
      return f(static_cast<GroupingFunc*>(nullptr));
    case NodeTag::kWindowFunc:
      return f(static_cast<WindowFunc*>(nullptr));
    case NodeTag::kSubscriptingRef:
      return f(static_cast<SubscriptingRef*>(nullptr));
    case NodeTag::kFuncExpr:
      return f(static_cast<FuncExpr*>(nullptr));
    case NodeTag::kNamedArgExpr:
      return f(static_cast<NamedArgExpr*>(nullptr));
    case NodeTag::kOpExpr:
    case NodeTag::kDistinctExpr:
    case NodeTag::kNullIfExpr:
      return f(static_cast<OpExpr*>(nullptr));
    case NodeTag::kScalarArrayOpExpr:
      return f(static_cast<ScalarArrayOpExpr*>(nullptr));
    case NodeTag::kBoolExpr:
      return f(static_cast<BoolExpr*>(nullptr));
    case NodeTag::kSubLink:
      return f(static_cast<SubLink*>(nullptr));
    case NodeTag::kSubPlan:
      return f(static_cast<SubPlan*>(nullptr));
    case NodeTag::kFieldSelect:
      return f(static_cast<FieldSelect*>(nullptr));
    case NodeTag::kFieldStore:
      return f(static_cast<FieldStore*>(nullptr));
    case NodeTag::kRelabelType:
      return f(static_cast<RelabelType*>(nullptr));
    case NodeTag::kCoerceViaIO:
      return f(static_cast<CoerceViaIO*>(nullptr));
    case NodeTag::kArrayCoerceExpr:
      return f(static_cast<ArrayCoerceExpr*>(nullptr));
    case NodeTag::kConvertRowtypeExpr:
      return f(static_cast<ConvertRowtypeExpr*>(nullptr));
    case NodeTag::kCollateExpr:
      return f(static_cast<CollateExpr*>(nullptr));
    case NodeTag::kCaseExpr:
      return f(static_cast<CaseExpr*>(nullptr));
    case NodeTag::kCaseTestExpr:
      return f(static_cast<CaseTestExpr*>(nullptr));
    case NodeTag::kArrayExpr:
      return f(static_cast<ArrayExpr*>(nullptr));
    case NodeTag::kRowExpr:
      return f(static_cast<RowExpr*>(nullptr));
    case NodeTag::kRowCompareExpr:
      return f(static_cast<RowCompareExpr*>(nullptr));
    case NodeTag::kCoalesceExpr:
      return f(static_cast<CoalesceExpr*>(nullptr));
    case NodeTag::kMinMaxExpr:
      return f(static_cast<MinMaxExpr*>(nullptr));
    case NodeTag::kSQLValueFunction:
      return f(static_cast<SQLValueFunction*>(nullptr));
    case NodeTag::kNullTest:
      return f(static_cast<NullTest*>(nullptr));
    case NodeTag::kBooleanTest:
      return f(static_cast<BooleanTest*>(nullptr));
    case NodeTag::kCoerceToDomain:
      return f(static_cast<CoerceToDomain*>(nullptr));
    case NodeTag::kCoerceToDomainValue:
      return f(static_cast<CoerceToDomainValue*>(nullptr));
    case NodeTag::kSetToDefault:
      return f(static_cast<SetToDefault*>(nullptr));
    case NodeTag::kCurrentOfExpr:
      return f(static_cast<CurrentOfExpr*>(nullptr));
    case NodeTag::kNextValueExpr:
      return f(static_cast<NextValueExpr*>(nullptr));
    case NodeTag::kInferenceElem:
      return f(static_cast<InferenceElem*>(nullptr));
    case NodeTag::kPlaceHolderVar:
      return f(static_cast<PlaceHolderVar*>(nullptr));
  }
  ThrowInternalError(__FILE__, __LINE__, "unrecognized expression node tag");
}

// Calls f(static_cast<T&>(node)) with T the concrete node type of node.tag; returns what f
// returns. E may be Expr or const Expr.
template <typename E, typename F>
decltype(auto) DispatchExpr(E& node, F&& f) {
  static_assert(std::is_same_v<std::remove_const_t<E>, Expr>);
  return DispatchTagType(node.tag, [&](auto* type_tag) -> decltype(auto) {
    using T = std::remove_pointer_t<decltype(type_tag)>;
    using Q = std::conditional_t<std::is_const_v<E>, const T, T>;
    return f(static_cast<Q&>(node));
  });
}

}  // namespace hyrax::nodes
