// Walkers, mutators and node properties (see node_funcs.h). The child slots of each node
// come from the field lists in node_fields.h; this file only says which field types hold
// expressions.
#include "nodes/node_funcs.h"

#include <type_traits>

#include "common/stack_depth.h"
#include "nodes/node_dispatch.h"
#include "nodes/node_fields.h"

namespace hyrax::nodes {

namespace {

// Calls f(slot) for every expression slot among a node's fields. With kMutate, an Aggref's
// shared target list is replaced by a private copy first, so mutating it cannot affect the
// original node.
template <typename F, bool kMutate>
struct SlotVisitor {
  F& f;
  template <typename T>
  void operator()(const char*, T&& field) {
    using U = std::remove_cvref_t<T>;
    if constexpr (std::is_same_v<U, ExprPtr>) {
      if (field) f(field);
    } else if constexpr (std::is_same_v<U, ExprList>) {
      for (auto& e : field) {
        if (e) f(e);
      }
    } else if constexpr (std::is_same_v<U, std::shared_ptr<TargetList>>) {
      if (!field) return;
      if constexpr (kMutate) field = std::make_shared<TargetList>(*field);
      for (auto& te : *field) {
        if (te.expr) f(te.expr);
      }
    } else if constexpr (std::is_same_v<U, std::vector<CaseWhen>>) {
      for (auto& w : field) {
        if (w.expr) f(w.expr);
        if (w.result) f(w.result);
      }
    }
  }
};

template <bool kMutate, typename E, typename F>
void ForEachChildSlot(E& node, F&& f) {
  SlotVisitor<F, kMutate> visitor{f};
  DispatchExpr(node, [&](auto& typed) {
    using T = std::remove_cvref_t<decltype(typed)>;
    fields::Fields<T>::Apply(visitor, typed);
  });
}

int LeftmostLoc(int a, int b) {
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

}  // namespace

bool ExpressionTreeWalker(const Expr& node, const ExprWalkerFn& fn) {
  CheckStackDepth();
  bool stop = false;
  ForEachChildSlot<false>(node, [&](const ExprPtr& child) {
    if (!stop) stop = fn(child);
  });
  return stop;
}

ExprPtr ExpressionTreeMutator(const ExprPtr& node, const ExprMutatorFn& fn) {
  CheckStackDepth();
  if (!node) return nullptr;
  ExprPtr copy = CopyExprShallow(*node);
  ForEachChildSlot<true>(*copy, [&](ExprPtr& child) { child = fn(child); });
  return copy;
}

namespace {

// The expression slots held directly by a query (QueryTreeWalker's set), as mutable refs.
template <typename Q, typename F>
void ForEachQuerySlot(Q& query, QueryWalkOptions options, F&& f) {
  auto slot = [&](auto& e) {
    if (e) f(e);
  };
  for (auto& te : query.targetList) slot(te.expr);
  for (auto& te : query.returningList) slot(te.expr);
  if (query.onConflict) {
    for (auto& e : query.onConflict->arbiterElems) slot(e);
    slot(query.onConflict->arbiterWhere);
    for (auto& te : query.onConflict->onConflictSet) slot(te.expr);
    slot(query.onConflict->onConflictWhere);
    for (auto& te : query.onConflict->exclRelTlist) slot(te.expr);
  }
  // Join tree quals, depth first.
  std::function<void(const JoinTreeNodePtr&)> jt = [&](const JoinTreeNodePtr& n) {
    if (!n) return;
    if (n->tag == JoinTreeTag::kFromExpr) {
      auto* from = static_cast<FromExpr*>(n.get());
      for (auto& child : from->fromlist) jt(child);
      slot(from->quals);
    } else if (n->tag == JoinTreeTag::kJoinExpr) {
      auto* join = static_cast<JoinExpr*>(n.get());
      jt(join->larg);
      jt(join->rarg);
      slot(join->quals);
    }
  };
  if (query.jointree) jt(query.jointree);
  slot(query.havingQual);
  slot(query.limitOffset);
  slot(query.limitCount);
  for (auto& wc : query.windowClause) {
    slot(wc.startOffset);
    slot(wc.endOffset);
  }
  for (auto& rte : query.rtable) {
    switch (rte.rtekind) {
      case RteKind::kJoin:
        if (!options.ignore_join_aliases) {
          for (auto& e : rte.joinaliasvars) slot(e);
        }
        break;
      case RteKind::kFunction:
        for (auto& fn : rte.functions) slot(fn.funcexpr);
        break;
      case RteKind::kValues:
        for (auto& row : rte.values_lists) {
          for (auto& e : row) slot(e);
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace

bool QueryTreeWalker(const Query& query, const ExprWalkerFn& fn,
                     const std::function<bool(const Query&)>& query_fn, QueryWalkOptions options) {
  bool stop = false;
  ForEachQuerySlot(query, options, [&](const ExprPtr& e) {
    if (!stop) stop = fn(e);
  });
  if (stop || !query_fn) return stop;
  if (!options.ignore_cte_subqueries) {
    for (const auto& cte : query.cteList) {
      if (cte.ctequery && query_fn(*cte.ctequery)) return true;
    }
  }
  if (!options.ignore_rt_subqueries) {
    for (const auto& rte : query.rtable) {
      if (rte.rtekind == RteKind::kSubquery && rte.subquery && query_fn(*rte.subquery)) {
        return true;
      }
    }
  }
  return false;
}

void QueryTreeMutate(Query& query, const ExprMutatorFn& fn, QueryWalkOptions options) {
  ForEachQuerySlot(query, options, [&](ExprPtr& e) { e = fn(e); });
}

namespace {

bool WalkRec(const ExprPtr& node, const std::function<bool(const Expr&, int)>& fn,
             bool into_sublinks, int levels_up);

bool WalkQueryRec(const Query& query, const std::function<bool(const Expr&, int)>& fn,
                  int levels_up) {
  return QueryTreeWalker(
      query, [&](const ExprPtr& e) { return WalkRec(e, fn, true, levels_up); },
      [&](const Query& sub) { return WalkQueryRec(sub, fn, levels_up + 1); });
}

bool WalkRec(const ExprPtr& node, const std::function<bool(const Expr&, int)>& fn,
             bool into_sublinks, int levels_up) {
  if (!node) return false;
  if (fn(*node, levels_up)) return true;
  if (ExpressionTreeWalker(
          *node, [&](const ExprPtr& c) { return WalkRec(c, fn, into_sublinks, levels_up); })) {
    return true;
  }
  if (into_sublinks && node->tag == NodeTag::kSubLink) {
    const auto* sublink = static_cast<const SubLink*>(node.get());
    if (sublink->subselect && WalkQueryRec(*sublink->subselect, fn, levels_up + 1)) return true;
  }
  return false;
}

}  // namespace

bool WalkExprTree(const ExprPtr& root, const std::function<bool(const Expr&, int)>& fn,
                  bool into_sublinks) {
  return WalkRec(root, fn, into_sublinks, 0);
}

bool WalkQueryExprs(const Query& query, const std::function<bool(const Expr&, int)>& fn) {
  return WalkQueryRec(query, fn, 0);
}

Oid ExprInputCollation(const Expr& e) {
  switch (e.tag) {
    case NodeTag::kFuncExpr:
      return static_cast<const FuncExpr&>(e).inputcollid;
    case NodeTag::kOpExpr:
    case NodeTag::kDistinctExpr:
    case NodeTag::kNullIfExpr:
      return static_cast<const OpExpr&>(e).inputcollid;
    case NodeTag::kScalarArrayOpExpr:
      return static_cast<const ScalarArrayOpExpr&>(e).inputcollid;
    case NodeTag::kMinMaxExpr:
      return static_cast<const MinMaxExpr&>(e).inputcollid;
    case NodeTag::kAggref:
      return static_cast<const Aggref&>(e).inputcollid;
    case NodeTag::kWindowFunc:
      return static_cast<const WindowFunc&>(e).inputcollid;
    default:
      return kInvalidOid;
  }
}

void ExprSetCollation(Expr& e, Oid collation) {
  e.result_collation = collation;
}

void ExprSetInputCollation(Expr& e, Oid collation) {
  switch (e.tag) {
    case NodeTag::kFuncExpr:
      static_cast<FuncExpr&>(e).inputcollid = collation;
      break;
    case NodeTag::kOpExpr:
    case NodeTag::kDistinctExpr:
    case NodeTag::kNullIfExpr:
      static_cast<OpExpr&>(e).inputcollid = collation;
      break;
    case NodeTag::kScalarArrayOpExpr:
      static_cast<ScalarArrayOpExpr&>(e).inputcollid = collation;
      break;
    case NodeTag::kMinMaxExpr:
      static_cast<MinMaxExpr&>(e).inputcollid = collation;
      break;
    case NodeTag::kAggref:
      static_cast<Aggref&>(e).inputcollid = collation;
      break;
    case NodeTag::kWindowFunc:
      static_cast<WindowFunc&>(e).inputcollid = collation;
      break;
    default:
      break;
  }
}

int ExprListLocation(const ExprList& list) {
  for (const auto& e : list) {
    int loc = ExprLocation(e.get());
    if (loc >= 0) return loc;
  }
  return -1;
}

int ExprLocation(const Expr* e) {
  if (e == nullptr) return -1;
  switch (e->tag) {
    case NodeTag::kFuncExpr:
      return LeftmostLoc(e->location, ExprListLocation(As<FuncExpr>(e)->args));
    case NodeTag::kOpExpr:
    case NodeTag::kDistinctExpr:
    case NodeTag::kNullIfExpr:
      return LeftmostLoc(e->location, ExprListLocation(As<OpExpr>(e)->args));
    case NodeTag::kScalarArrayOpExpr:
      return LeftmostLoc(e->location, ExprListLocation(As<ScalarArrayOpExpr>(e)->args));
    case NodeTag::kBoolExpr:
      return LeftmostLoc(e->location, ExprListLocation(As<BoolExpr>(e)->args));
    case NodeTag::kNamedArgExpr:
      return LeftmostLoc(e->location, ExprLocation(As<NamedArgExpr>(e)->arg.get()));
    case NodeTag::kSubLink:
      return LeftmostLoc(ExprLocation(As<SubLink>(e)->testexpr.get()), e->location);
    case NodeTag::kSubscriptingRef:
      return ExprLocation(As<SubscriptingRef>(e)->refexpr.get());
    case NodeTag::kFieldSelect:
      return ExprLocation(As<FieldSelect>(e)->arg.get());
    case NodeTag::kFieldStore:
      return ExprLocation(As<FieldStore>(e)->arg.get());
    case NodeTag::kCollateExpr:
      return ExprLocation(As<CollateExpr>(e)->arg.get());
    case NodeTag::kRelabelType:
      return LeftmostLoc(e->location, ExprLocation(As<RelabelType>(e)->arg.get()));
    case NodeTag::kCoerceViaIO:
      return LeftmostLoc(e->location, ExprLocation(As<CoerceViaIO>(e)->arg.get()));
    case NodeTag::kArrayCoerceExpr:
      return LeftmostLoc(e->location, ExprLocation(As<ArrayCoerceExpr>(e)->arg.get()));
    case NodeTag::kConvertRowtypeExpr:
      return LeftmostLoc(e->location, ExprLocation(As<ConvertRowtypeExpr>(e)->arg.get()));
    case NodeTag::kNullTest:
      return LeftmostLoc(e->location, ExprLocation(As<NullTest>(e)->arg.get()));
    case NodeTag::kBooleanTest:
      return LeftmostLoc(e->location, ExprLocation(As<BooleanTest>(e)->arg.get()));
    case NodeTag::kCoerceToDomain:
      return LeftmostLoc(e->location, ExprLocation(As<CoerceToDomain>(e)->arg.get()));
    case NodeTag::kRowCompareExpr:
      return ExprListLocation(As<RowCompareExpr>(e)->largs);
    case NodeTag::kInferenceElem:
      return ExprLocation(As<InferenceElem>(e)->expr.get());
    case NodeTag::kPlaceHolderVar:
      return ExprLocation(As<PlaceHolderVar>(e)->phexpr.get());
    case NodeTag::kCurrentOfExpr:
      return -1;
    default:
      return e->location;
  }
}

bool ExpressionReturnsSet(const ExprPtr& e) {
  if (!e) return false;
  if (e->tag == NodeTag::kFuncExpr && As<FuncExpr>(e)->funcretset) return true;
  if (e->tag == NodeTag::kOpExpr && As<OpExpr>(e)->opretset) return true;
  // Aggregates, window functions and sub-selects hide their arguments' sets.
  if (e->tag == NodeTag::kAggref || e->tag == NodeTag::kWindowFunc || e->tag == NodeTag::kSubLink ||
      e->tag == NodeTag::kSubPlan) {
    return false;
  }
  return ExpressionTreeWalker(*e, [](const ExprPtr& c) { return ExpressionReturnsSet(c); });
}

const char* NodeTagName(NodeTag tag) {
  switch (tag) {
    case NodeTag::kDistinctExpr:
      return "DISTINCTEXPR";
    case NodeTag::kNullIfExpr:
      return "NULLIFEXPR";
    default:
      break;
  }
  return DispatchTagType(tag, [](auto* type_tag) -> const char* {
    using T = std::remove_pointer_t<decltype(type_tag)>;
    return fields::Fields<T>::kName.data();
  });
}

}  // namespace hyrax::nodes
