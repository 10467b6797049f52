// Collation assignment (see collate.h); follows PostgreSQL's assign_collations_walker and
// merge_collation_state.
#include "parser/analyze/collate.h"

#include "nodes/node_funcs.h"
#include "parser/analyze/type_info.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

using nodes::As;
using nodes::Expr;
using nodes::NodeTag;

namespace {

enum class Strength : uint8_t { kNone, kImplicit, kConflict, kExplicit };

struct CollState {
  Oid collation = kInvalidOid;
  Strength strength = Strength::kNone;
  int location = -1;
  Oid collation2 = kInvalidOid;  // the other side of an implicit conflict
  int location2 = -1;
};

std::string CollationName(Oid oid) {
  auto c = catalog::Syscache().CollationByOid(oid);
  return c ? c->collname : std::to_string(oid);
}

void Merge(ParseState& ps, CollState& ctx, Oid collation, Strength strength, int location,
           Oid collation2, int location2) {
  if (strength > ctx.strength) {
    ctx = CollState{collation, strength, location, collation2, location2};
    return;
  }
  if (strength != ctx.strength) return;
  switch (strength) {
    case Strength::kNone:
      break;
    case Strength::kImplicit:
      if (collation == ctx.collation) break;
      if (ctx.collation == catalog::kDefaultCollationOid) {
        ctx.collation = collation;
        ctx.location = location;
      } else if (collation != catalog::kDefaultCollationOid) {
        ctx.strength = Strength::kConflict;
        ctx.collation2 = collation;
        ctx.location2 = location;
      }
      break;
    case Strength::kConflict:
      break;
    case Strength::kExplicit:
      if (collation != ctx.collation) {
        ThrowAt(ps,
                MakeError(errcode::kCollationMismatch,
                          "collation mismatch between explicit collations \"{}\" and \"{}\"",
                          CollationName(ctx.collation), CollationName(collation)),
                location);
      }
      break;
  }
}

void Walk(ParseState& ps, const nodes::ExprPtr& node, CollState& parent);

// Walks each child into one local state (the default rule).
CollState WalkChildren(ParseState& ps, Expr& node) {
  CollState local;
  nodes::ExpressionTreeWalker(node, [&](const nodes::ExprPtr& child) {
    Walk(ps, child, local);
    return false;
  });
  return local;
}

// Contributes the first output column of a sub-select (what EXPR/ARRAY sub-links return).
void MergeSubselect(ParseState& ps, const nodes::SubLink& link, CollState& local) {
  if (!link.subselect || link.subselect->targetList.empty()) return;
  const auto& tle = link.subselect->targetList[0];
  if (tle.resjunk) return;
  Oid coll = tle.expr->result_collation;
  Merge(ps, local, coll, coll != kInvalidOid ? Strength::kImplicit : Strength::kNone,
        nodes::ExprLocation(tle.expr.get()), kInvalidOid, -1);
}

[[noreturn]] void ThrowImplicitConflict(ParseState& ps, const CollState& state) {
  ThrowAt(ps,
          MakeError(errcode::kCollationMismatch,
                    "collation mismatch between implicit collations \"{}\" and \"{}\"",
                    CollationName(state.collation), CollationName(state.collation2))
              .Hint("You can choose the collation by applying the COLLATE clause to one or both "
                    "expressions."),
          state.location2);
}

// Ordered-set and hypothetical-set aggregates (PostgreSQL's assign_ordered_set_collations
// and assign_hypothetical_collations): direct arguments are ordinary children; the sort
// columns' collations reach the aggregate only when there is exactly one; a hypothetical
// argument and its sort column share one collation, relabeling the column if needed.
void WalkOrderedSetArgs(ParseState& ps, nodes::Aggref& agg, CollState& local) {
  auto proc = catalog::Syscache().ProcByOid(agg.aggfnoid);
  bool merge_sort = agg.args && agg.args->size() == 1 && proc && proc->provariadic == kInvalidOid;
  size_t nsort = agg.args ? agg.args->size() : 0;
  if (agg.aggkind == 'o') {
    for (const auto& d : agg.aggdirectargs) Walk(ps, d, local);
    for (size_t i = 0; i < nsort; ++i) {
      CollState own;
      Walk(ps, (*agg.args)[i].expr, merge_sort ? local : own);
    }
    return;
  }
  size_t plain = agg.aggdirectargs.size() - nsort;
  for (size_t i = 0; i < plain; ++i) Walk(ps, agg.aggdirectargs[i], local);
  for (size_t i = 0; i < nsort; ++i) {
    nodes::TargetEntry& tle = (*agg.args)[i];
    CollState pair;
    Walk(ps, agg.aggdirectargs[plain + i], pair);
    Walk(ps, tle.expr, pair);
    if (pair.strength == Strength::kConflict) ThrowImplicitConflict(ps, pair);
    if (pair.collation != kInvalidOid && pair.collation != tle.expr->result_collation) {
      auto relabel = std::make_shared<nodes::RelabelType>();
      relabel->result_type = tle.expr->result_type;
      relabel->result_typmod = tle.expr->result_typmod;
      relabel->result_collation = pair.collation;
      relabel->relabelformat = nodes::CoercionForm::kImplicitCast;
      relabel->arg = tle.expr;
      tle.expr = relabel;
    }
    if (merge_sort) {
      Merge(ps, local, pair.collation, pair.strength, pair.location, pair.collation2,
            pair.location2);
    }
  }
}

void Walk(ParseState& ps, const nodes::ExprPtr& ptr, CollState& parent) {
  if (!ptr) return;
  Expr& node = *ptr;
  Oid collation = kInvalidOid;
  Strength strength = Strength::kNone;
  int location = -1;
  CollState local;
  switch (node.tag) {
    case NodeTag::kCollateExpr: {
      local = WalkChildren(ps, node);
      collation = As<nodes::CollateExpr>(ptr)->collOid;
      node.result_collation = collation;
      strength = Strength::kExplicit;
      location = node.location;
      break;
    }
    case NodeTag::kVar:
    case NodeTag::kConst:
    case NodeTag::kParam:
    case NodeTag::kCoerceToDomainValue:
    case NodeTag::kCaseTestExpr:
    case NodeTag::kSetToDefault:
    case NodeTag::kCurrentOfExpr:
      collation = node.result_collation;
      strength = collation != kInvalidOid ? Strength::kImplicit : Strength::kNone;
      location = nodes::ExprLocation(&node);
      break;
    case NodeTag::kRowExpr: {
      // Each field keeps its own collation; the row has none.
      for (const auto& arg : As<nodes::RowExpr>(ptr)->args) {
        CollState own;
        Walk(ps, arg, own);
      }
      return;
    }
    case NodeTag::kRowCompareExpr: {
      auto* rc = As<nodes::RowCompareExpr>(ptr);
      rc->inputcollids.clear();
      for (size_t i = 0; i < rc->largs.size(); ++i) {
        CollState pair;
        Walk(ps, rc->largs[i], pair);
        Walk(ps, rc->rargs[i], pair);
        rc->inputcollids.push_back(pair.strength == Strength::kConflict ? kInvalidOid
                                                                        : pair.collation);
      }
      return;
    }
    case NodeTag::kCaseExpr: {
      auto* c = As<nodes::CaseExpr>(ptr);
      CollState ignored;
      if (c->arg) Walk(ps, c->arg, ignored);
      for (auto& when : c->args) {
        CollState cond;
        Walk(ps, when.expr, cond);
        Walk(ps, when.result, local);
      }
      Walk(ps, c->defresult, local);
      break;
    }
    case NodeTag::kAggref: {
      auto* agg = As<nodes::Aggref>(ptr);
      if (agg->aggkind == 'n') {
        if (agg->args) {
          for (auto& tle : *agg->args) {
            if (tle.resjunk) {
              CollState own;
              Walk(ps, tle.expr, own);
            } else {
              Walk(ps, tle.expr, local);
            }
          }
        }
      } else {
        WalkOrderedSetArgs(ps, *agg, local);
      }
      if (agg->aggfilter) {
        CollState own;
        Walk(ps, agg->aggfilter, own);
      }
      break;
    }
    case NodeTag::kWindowFunc: {
      auto* w = As<nodes::WindowFunc>(ptr);
      for (const auto& a : w->args) Walk(ps, a, local);
      if (w->aggfilter) {
        CollState own;
        Walk(ps, w->aggfilter, own);
      }
      break;
    }
    case NodeTag::kSubLink: {
      auto* link = As<nodes::SubLink>(ptr);
      if (link->testexpr) {
        CollState own;
        Walk(ps, link->testexpr, own);
      }
      MergeSubselect(ps, *link, local);
      break;
    }
    default:
      local = WalkChildren(ps, node);
      break;
  }
  if (strength == Strength::kNone && node.tag != NodeTag::kCollateExpr &&
      node.tag != NodeTag::kVar && node.tag != NodeTag::kConst && node.tag != NodeTag::kParam &&
      node.tag != NodeTag::kCaseTestExpr && node.tag != NodeTag::kSetToDefault &&
      node.tag != NodeTag::kCoerceToDomainValue && node.tag != NodeTag::kCurrentOfExpr) {
    Oid typcoll = TypeCollation(node.result_type);
    if (typcoll != kInvalidOid) {
      if (local.strength > Strength::kNone) {
        collation = local.collation;
        strength = local.strength;
        location = local.location;
      } else {
        collation = typcoll;
        strength = Strength::kImplicit;
        location = nodes::ExprLocation(&node);
      }
    }
    nodes::ExprSetCollation(node, strength == Strength::kConflict ? kInvalidOid : collation);
    nodes::ExprSetInputCollation(
        node, local.strength == Strength::kConflict ? kInvalidOid : local.collation);
  }
  Merge(ps, parent, collation, strength, location, local.collation2, local.location2);
}

}  // namespace

void AssignExprCollations(ParseState& ps, const ExprPtr& expr) {
  CollState state;
  Walk(ps, expr, state);
}

void AssignListCollations(ParseState& ps, const ExprList& exprs) {
  for (const auto& e : exprs) AssignExprCollations(ps, e);
}

Oid SelectCommonCollation(ParseState& ps, const ExprList& exprs, bool none_ok) {
  CollState state;
  for (const auto& e : exprs) Walk(ps, e, state);
  if (state.strength == Strength::kConflict) {
    if (none_ok) return kInvalidOid;
    ThrowImplicitConflict(ps, state);
  }
  return state.collation;
}

void AssignQueryCollations(ParseState& ps, nodes::Query& query) {
  auto assign_tle = [&](nodes::TargetEntry& tle) {
    CollState state;
    Walk(ps, tle.expr, state);
    if (state.strength == Strength::kConflict && tle.ressortgroupref != 0) {
      ThrowImplicitConflict(ps, state);
    }
  };
  for (auto& tle : query.targetList) assign_tle(tle);
  for (auto& tle : query.returningList) assign_tle(tle);
  nodes::QueryWalkOptions options;
  options.ignore_join_aliases = true;
  // Every other top-level expression is its own context.
  nodes::QueryTreeWalker(
      query,
      [&](const ExprPtr& e) {
        bool in_tlist = false;
        for (const auto& tle : query.targetList) in_tlist |= tle.expr == e;
        for (const auto& tle : query.returningList) in_tlist |= tle.expr == e;
        if (!in_tlist) AssignExprCollations(ps, e);
        return false;
      },
      nullptr, options);
}

}  // namespace hyrax::parser
