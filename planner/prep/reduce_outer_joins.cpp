// Outer-join reduction (see reduce_outer_joins.h). The rules and the order in which the
// constraints of upper quals are passed down follow PostgreSQL 15's
// reduce_outer_joins_pass2 and find_nonnullable_rels.
#include "planner/prep/reduce_outer_joins.h"

#include "planner/prep/clauses.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using nodes::ExprPtr;
using nodes::JoinType;
using nodes::NodeTag;

bool FunctionIsStrict(Oid funcid) {
  auto proc = catalog::Syscache().ProcByOid(funcid);
  return proc && proc->proisstrict;
}

bool OperatorIsStrict(const nodes::OpExpr& op) {
  Oid funcid = op.opfuncid;
  if (funcid == kInvalidOid) {
    auto oper = catalog::Syscache().OperatorByOid(op.opno);
    if (!oper) return false;
    funcid = oper->oprcode;
  }
  return FunctionIsStrict(funcid);
}

// Relations whose all-NULL rows would make `expr` NULL or FALSE (find_nonnullable_rels):
// `top_level` is true for a qual itself, where FALSE counts as well as NULL.
Relids NonNullableRels(const ExprPtr& expr, bool top_level);

Relids UnionOf(const nodes::ExprList& args, bool top_level) {
  Relids out = 0;
  for (const auto& a : args) out |= NonNullableRels(a, top_level);
  return out;
}

Relids IntersectionOf(const nodes::ExprList& args, bool top_level) {
  Relids out = ~Relids{0};
  for (const auto& a : args) out &= NonNullableRels(a, top_level);
  return args.empty() ? 0 : out;
}

Relids NonNullableRels(const ExprPtr& expr, bool top_level) {
  if (!expr) return 0;
  switch (expr->tag) {
    case NodeTag::kVar: {
      const auto& v = *nodes::As<nodes::Var>(expr);
      return v.varlevelsup == 0 && v.varno < 64 ? RelidsSingleton(v.varno) : 0;
    }
    case NodeTag::kFuncExpr: {
      const auto& f = *nodes::As<nodes::FuncExpr>(expr);
      return FunctionIsStrict(f.funcid) ? UnionOf(f.args, false) : 0;
    }
    case NodeTag::kOpExpr: {
      const auto& op = *nodes::As<nodes::OpExpr>(expr);
      return OperatorIsStrict(op) ? UnionOf(op.args, false) : 0;
    }
    case NodeTag::kBoolExpr: {
      const auto& b = *nodes::As<nodes::BoolExpr>(expr);
      switch (b.boolop) {
        case nodes::BoolExprType::kAnd:
          // At top level every arm must hold; below it, only all-NULL arms give NULL.
          return top_level ? UnionOf(b.args, true) : IntersectionOf(b.args, false);
        case nodes::BoolExprType::kOr:
          return IntersectionOf(b.args, top_level);
        case nodes::BoolExprType::kNot:
          return b.args.empty() ? 0 : NonNullableRels(b.args[0], false);
      }
      return 0;
    }
    case NodeTag::kRelabelType:
      return NonNullableRels(nodes::As<nodes::RelabelType>(expr)->arg, top_level);
    case NodeTag::kCoerceViaIO:
      return NonNullableRels(nodes::As<nodes::CoerceViaIO>(expr)->arg, top_level);
    case NodeTag::kNullTest: {
      const auto& t = *nodes::As<nodes::NullTest>(expr);
      if (top_level && t.nulltesttype == nodes::NullTestType::kIsNotNull && !t.argisrow) {
        return NonNullableRels(t.arg, false);
      }
      return 0;
    }
    case NodeTag::kBooleanTest: {
      const auto& t = *nodes::As<nodes::BooleanTest>(expr);
      bool forces = t.booltesttype == nodes::BoolTestType::kIsTrue ||
                    t.booltesttype == nodes::BoolTestType::kIsFalse ||
                    t.booltesttype == nodes::BoolTestType::kIsNotUnknown;
      return top_level && forces ? NonNullableRels(t.arg, false) : 0;
    }
    default:
      return 0;
  }
}

Relids QualNonNullableRels(const ExprPtr& quals) {
  Relids out = 0;
  for (const auto& q : MakeAndsImplicit(quals)) out |= NonNullableRels(q, true);
  return out;
}

Relids RelidsOfTree(const nodes::JoinTreeNodePtr& node) {
  switch (node->tag) {
    case nodes::JoinTreeTag::kRangeTblRef:
      return RelidsSingleton(static_cast<const nodes::RangeTblRef&>(*node).rtindex);
    case nodes::JoinTreeTag::kJoinExpr: {
      const auto& j = static_cast<const nodes::JoinExpr&>(*node);
      return RelidsOfTree(j.larg) | RelidsOfTree(j.rarg);
    }
    case nodes::JoinTreeTag::kFromExpr: {
      Relids out = 0;
      for (const auto& item : static_cast<const nodes::FromExpr&>(*node).fromlist) {
        out |= RelidsOfTree(item);
      }
      return out;
    }
  }
  return 0;
}

bool ContainsOuterJoin(const nodes::JoinTreeNodePtr& node) {
  switch (node->tag) {
    case nodes::JoinTreeTag::kRangeTblRef:
      return false;
    case nodes::JoinTreeTag::kJoinExpr: {
      const auto& j = static_cast<const nodes::JoinExpr&>(*node);
      return j.jointype != JoinType::kInner || ContainsOuterJoin(j.larg) ||
             ContainsOuterJoin(j.rarg);
    }
    case nodes::JoinTreeTag::kFromExpr:
      for (const auto& item : static_cast<const nodes::FromExpr&>(*node).fromlist) {
        if (ContainsOuterJoin(item)) return true;
      }
      return false;
  }
  return false;
}

// The join type once `nonnullable` (relations forced non-NULL above) is taken into account.
JoinType ReducedJoinType(JoinType jointype, Relids nonnullable, Relids left, Relids right) {
  bool left_forced = (nonnullable & left) != 0;
  bool right_forced = (nonnullable & right) != 0;
  switch (jointype) {
    case JoinType::kLeft:
      return right_forced ? JoinType::kInner : jointype;
    case JoinType::kRight:
      return left_forced ? JoinType::kInner : jointype;
    case JoinType::kFull:
      if (left_forced) return right_forced ? JoinType::kInner : JoinType::kLeft;
      return right_forced ? JoinType::kRight : jointype;
    default:
      return jointype;
  }
}

void Reduce(const nodes::JoinTreeNodePtr& node, Relids nonnullable) {
  switch (node->tag) {
    case nodes::JoinTreeTag::kRangeTblRef:
      return;
    case nodes::JoinTreeTag::kFromExpr: {
      auto& from = static_cast<nodes::FromExpr&>(*node);
      Relids pass = nonnullable | QualNonNullableRels(from.quals);
      for (const auto& item : from.fromlist) Reduce(item, pass);
      return;
    }
    case nodes::JoinTreeTag::kJoinExpr: {
      auto& join = static_cast<nodes::JoinExpr&>(*node);
      join.jointype = ReducedJoinType(join.jointype, nonnullable, RelidsOfTree(join.larg),
                                      RelidsOfTree(join.rarg));
      if (join.jointype == JoinType::kRight) {
        std::swap(join.larg, join.rarg);
        join.jointype = JoinType::kLeft;
      }
      if (join.jointype == JoinType::kFull) {
        Reduce(join.larg, 0);
        Reduce(join.rarg, 0);
        return;
      }
      Relids local = QualNonNullableRels(join.quals);
      // Upper constraints reach the left input of an inner or left join; the right input
      // of a left join sees only the ON clause's (as reduce_outer_joins_pass2, which also
      // merges the upper ones into an inner join's right input only after its left input
      // was visited for containing outer joins).
      bool left_has_outer = ContainsOuterJoin(join.larg);
      if (join.jointype == JoinType::kInner && left_has_outer) local |= nonnullable;
      Reduce(join.larg, join.jointype == JoinType::kInner ? local | nonnullable : nonnullable);
      Reduce(join.rarg, local);
      return;
    }
  }
}

}  // namespace

void ReduceOuterJoins(nodes::Query* query) {
  if (!query->jointree) return;
  Reduce(query->jointree, 0);
}

}  // namespace hyrax::planner
