// Outer-join reduction (see reduce_outer_joins.h). The rules and the order in which the
// constraints of upper quals are passed down follow PostgreSQL 15's
// reduce_outer_joins_pass2 and find_nonnullable_rels.
#include "planner/prep/reduce_outer_joins.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

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

// A column as (range-table index, attribute number): PostgreSQL's lists of Vars in
// find_nonnullable_vars / find_forced_null_vars compare just these.
using VarKey = std::pair<nodes::Index, nodes::AttrNumber>;
using VarKeys = std::vector<VarKey>;

void AddUnique(VarKeys* out, const VarKey& key) {
  if (std::find(out->begin(), out->end(), key) == out->end()) out->push_back(key);
}

VarKeys NonNullableVars(const ExprPtr& expr, bool top_level);

VarKeys VarsUnion(const nodes::ExprList& args, bool top_level) {
  VarKeys out;
  for (const auto& a : args) {
    for (const auto& k : NonNullableVars(a, top_level)) AddUnique(&out, k);
  }
  return out;
}

VarKeys VarsIntersection(const nodes::ExprList& args, bool top_level) {
  VarKeys out;
  for (size_t i = 0; i < args.size(); ++i) {
    VarKeys arm = NonNullableVars(args[i], top_level);
    if (i == 0) {
      out = arm;
      continue;
    }
    VarKeys kept;
    for (const auto& k : out) {
      if (std::find(arm.begin(), arm.end(), k) != arm.end()) kept.push_back(k);
    }
    out = kept;
  }
  return out;
}

// The columns whose NULL makes `expr` NULL (or FALSE at top level): find_nonnullable_vars,
// the column-level twin of NonNullableRels.
VarKeys NonNullableVars(const ExprPtr& expr, bool top_level) {
  if (!expr) return {};
  switch (expr->tag) {
    case NodeTag::kVar: {
      const auto& v = *nodes::As<nodes::Var>(expr);
      if (v.varlevelsup != 0) return {};
      return {{v.varno, v.varattno}};
    }
    case NodeTag::kFuncExpr: {
      const auto& f = *nodes::As<nodes::FuncExpr>(expr);
      return FunctionIsStrict(f.funcid) ? VarsUnion(f.args, false) : VarKeys{};
    }
    case NodeTag::kOpExpr: {
      const auto& op = *nodes::As<nodes::OpExpr>(expr);
      return OperatorIsStrict(op) ? VarsUnion(op.args, false) : VarKeys{};
    }
    case NodeTag::kBoolExpr: {
      const auto& b = *nodes::As<nodes::BoolExpr>(expr);
      if (b.boolop == nodes::BoolExprType::kAnd && top_level) return VarsUnion(b.args, true);
      if (b.boolop == nodes::BoolExprType::kNot) {
        return b.args.empty() ? VarKeys{} : NonNullableVars(b.args[0], false);
      }
      return VarsIntersection(b.args, b.boolop == nodes::BoolExprType::kOr && top_level);
    }
    case NodeTag::kRelabelType:
      return NonNullableVars(nodes::As<nodes::RelabelType>(expr)->arg, top_level);
    case NodeTag::kCoerceViaIO:
      return NonNullableVars(nodes::As<nodes::CoerceViaIO>(expr)->arg, top_level);
    case NodeTag::kNullTest: {
      const auto& t = *nodes::As<nodes::NullTest>(expr);
      if (top_level && t.nulltesttype == nodes::NullTestType::kIsNotNull && !t.argisrow) {
        return NonNullableVars(t.arg, false);
      }
      return {};
    }
    default:
      return {};
  }
}

// `var IS NULL` on a plain column of this level (find_forced_null_var), else nullopt.
std::optional<VarKey> ForcedNullVar(const ExprPtr& clause) {
  if (clause->tag != NodeTag::kNullTest) return std::nullopt;
  const auto& t = *nodes::As<nodes::NullTest>(clause);
  if (t.nulltesttype != nodes::NullTestType::kIsNull || t.argisrow || t.arg->tag != NodeTag::kVar) {
    return std::nullopt;
  }
  const auto& v = *nodes::As<nodes::Var>(t.arg);
  if (v.varlevelsup != 0) return std::nullopt;
  return VarKey{v.varno, v.varattno};
}

// The columns the top-level AND of `quals` forces to be NULL (find_forced_null_vars).
VarKeys ForcedNullVars(const ExprPtr& quals) {
  VarKeys out;
  for (const auto& q : MakeAndsImplicit(quals)) {
    if (auto key = ForcedNullVar(q)) AddUnique(&out, *key);
  }
  return out;
}

// check_redundant_nullability_qual: `var IS NULL` on the inner side of an anti join made
// from a LEFT join below is always true there; those conjuncts are dropped.
ExprPtr DropRedundantNullTests(const ExprPtr& quals, Relids anti_inner) {
  if (!quals || anti_inner == 0) return quals;
  nodes::ExprList kept;
  for (const auto& q : MakeAndsImplicit(quals)) {
    auto key = ForcedNullVar(q);
    if (key && key->first < 64 && (RelidsSingleton(key->first) & anti_inner) != 0) continue;
    kept.push_back(q);
  }
  return MakeAndsExplicit(kept);
}

// A LEFT join whose ON clause is strict in an inner column that the quals above force to
// be NULL keeps only the unmatched outer rows: an anti join (reduce_outer_joins_pass2).
bool BecomesAntiJoin(const nodes::JoinExpr& join, const VarKeys& forced_null) {
  if (join.jointype != JoinType::kLeft || forced_null.empty()) return false;
  Relids inner = RelidsOfTree(join.rarg);
  for (const auto& key : NonNullableVars(join.quals, true)) {
    bool forced = std::find(forced_null.begin(), forced_null.end(), key) != forced_null.end();
    if (forced && key.first < 64 && (RelidsSingleton(key.first) & inner) != 0) return true;
  }
  return false;
}

VarKeys Concat(VarKeys a, const VarKeys& b) {
  for (const auto& k : b) AddUnique(&a, k);
  return a;
}

// Returns the inner relations of the anti joins made below `node` (the quals above them
// lose their redundant IS NULL tests).
Relids Reduce(const nodes::JoinTreeNodePtr& node, Relids nonnullable, const VarKeys& forced_null) {
  switch (node->tag) {
    case nodes::JoinTreeTag::kRangeTblRef:
      return 0;
    case nodes::JoinTreeTag::kFromExpr: {
      auto& from = static_cast<nodes::FromExpr&>(*node);
      Relids pass = nonnullable | QualNonNullableRels(from.quals);
      VarKeys pass_forced = Concat(forced_null, ForcedNullVars(from.quals));
      Relids anti_inner = 0;
      for (const auto& item : from.fromlist) anti_inner |= Reduce(item, pass, pass_forced);
      from.quals = DropRedundantNullTests(from.quals, anti_inner);
      return anti_inner;
    }
    case nodes::JoinTreeTag::kJoinExpr: {
      auto& join = static_cast<nodes::JoinExpr&>(*node);
      join.jointype = ReducedJoinType(join.jointype, nonnullable, RelidsOfTree(join.larg),
                                      RelidsOfTree(join.rarg));
      if (join.jointype == JoinType::kRight) {
        std::swap(join.larg, join.rarg);
        join.jointype = JoinType::kLeft;
      }
      Relids anti_inner = 0;
      if (BecomesAntiJoin(join, forced_null)) {
        join.jointype = JoinType::kAnti;
        anti_inner = RelidsOfTree(join.rarg);
      }
      if (join.jointype == JoinType::kFull) {
        Reduce(join.larg, 0, {});
        Reduce(join.rarg, 0, {});
        return anti_inner;
      }
      Relids local = QualNonNullableRels(join.quals);
      VarKeys local_forced = ForcedNullVars(join.quals);
      bool inner_like = join.jointype == JoinType::kInner || join.jointype == JoinType::kSemi;
      // Upper constraints reach the left input of an inner or left join; the right input
      // of a left join sees only the ON clause's (as reduce_outer_joins_pass2, which also
      // merges the upper ones into an inner join's right input only after its left input
      // was visited for containing outer joins).
      bool left_has_outer = ContainsOuterJoin(join.larg);
      if (join.jointype == JoinType::kInner && left_has_outer) local |= nonnullable;
      anti_inner |= Reduce(join.larg, inner_like ? local | nonnullable : nonnullable,
                           inner_like ? Concat(local_forced, forced_null) : forced_null);
      anti_inner |= Reduce(join.rarg, local, local_forced);
      if (join.jointype == JoinType::kInner) {
        join.quals = DropRedundantNullTests(join.quals, anti_inner);
      }
      return anti_inner;
    }
  }
  return 0;
}

}  // namespace

void ReduceOuterJoins(nodes::Query* query) {
  if (!query->jointree) return;
  Reduce(query->jointree, 0, {});
}

}  // namespace hyrax::planner
