// Default selectivity estimation (see clausesel.h).
#include "planner/path/clausesel.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "common/array_layout.h"
#include "executor/expr/expr_tree.h"
#include "planner/cost/costsize.h"
#include "planner/path/column_stats.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

constexpr double kDefaultEqSel = 0.005;
constexpr double kDefaultIneqSel = 0.3333333333333333;
constexpr double kDefaultRangeIneqSel = 0.005;
constexpr double kDefaultMatchSel = 0.005;
constexpr double kDefaultUnkSel = 0.005;
constexpr double kDefaultNotUnkSel = 1.0 - kDefaultUnkSel;
constexpr double kDefaultNumDistinct = 200.0;
constexpr Oid kBoolType = 16;

using nodes::NodeTag;

// The Var under a RelabelType, if any.
const nodes::Var* StripToVar(const ExprPtr& e) {
  const nodes::Expr* x = e.get();
  while (x->tag == NodeTag::kRelabelType) x = nodes::As<nodes::RelabelType>(x)->arg.get();
  return x->tag == NodeTag::kVar ? nodes::As<nodes::Var>(x) : nullptr;
}

bool IsPseudoConstant(const ExprPtr& e) {
  bool has_var = false;
  executor::WalkExpr(e, [&](const ExprPtr& n) {
    if (n->tag == NodeTag::kVar || n->tag == NodeTag::kAggref) has_var = true;
    return !has_var;
  });
  return !has_var;
}

std::string RestrictionEstimator(Oid opno) {
  auto& cache = catalog::Syscache();
  auto op = cache.OperatorByOid(opno);
  if (!op || op->oprrest == kInvalidOid) return "";
  auto proc = cache.ProcByOid(op->oprrest);
  return proc ? proc->proname : "";
}

double RelTuples(PlannerInfo* root, const nodes::Var& var) {
  if (root == nullptr || var.varlevelsup != 0 || var.varno >= root->simple_rel_array.size())
    return 0;
  const auto& rel = root->simple_rel_array[var.varno];
  return rel ? rel->tuples : 0;
}

bool HasUniqueIndex(PlannerInfo* root, const nodes::Var& var) {
  if (root == nullptr || var.varlevelsup != 0 || var.varno >= root->simple_rel_array.size())
    return false;
  const auto& rel = root->simple_rel_array[var.varno];
  if (!rel) return false;
  for (const auto& index : rel->indexlist) {
    if (index->unique && index->nkeycolumns == 1 && index->indexkeys[0] == var.varattno)
      return true;
  }
  return false;
}

// Equality with a constant: 1 / ndistinct (var_eq_const without statistics).
double EqSel(PlannerInfo* root, const nodes::OpExpr& op) {
  for (size_t i = 0; i < op.args.size(); ++i) {
    const nodes::Var* var = StripToVar(op.args[i]);
    if (var != nullptr && op.args.size() == 2) {
      std::optional<double> s =
          StatsEqSel(root, op, static_cast<int>(i), HasUniqueIndex(root, *var));
      if (s) return *s;
    }
  }
  for (const auto& arg : op.args) {
    if (StripToVar(arg) != nullptr) {
      bool isdefault;
      double nd = EstimateNumDistinct(root, arg, &isdefault);
      return 1.0 / std::max(nd, 1.0);
    }
  }
  return kDefaultEqSel;
}

enum class Bound { kNone, kLow, kHigh };

}  // namespace

size_t ArrayLength(const ExprPtr& array) {
  if (array->tag == NodeTag::kArrayExpr) return nodes::As<nodes::ArrayExpr>(array)->elements.size();
  if (array->tag == NodeTag::kConst) {
    const auto& c = *nodes::As<nodes::Const>(array);
    if (c.constisnull) return 0;
    return static_cast<size_t>(ArrayNumElements(DatumGetPointer<const void>(c.constvalue)));
  }
  return 10;  // estimate_array_length's default
}

namespace {

// For the range-pair rule: is this "var < const"-like, and which bound does it give?
Bound RangeBound(const ExprPtr& clause, const nodes::Var** var_out) {
  if (clause->tag != NodeTag::kOpExpr) return Bound::kNone;
  const auto& op = *nodes::As<nodes::OpExpr>(clause);
  if (op.args.size() != 2) return Bound::kNone;
  std::string est = RestrictionEstimator(op.opno);
  bool lt = est == "scalarltsel" || est == "scalarlesel";
  bool gt = est == "scalargtsel" || est == "scalargesel";
  if (!lt && !gt) return Bound::kNone;
  const nodes::Var* lv = StripToVar(op.args[0]);
  const nodes::Var* rv = StripToVar(op.args[1]);
  if (lv != nullptr && IsPseudoConstant(op.args[1])) {
    *var_out = lv;
    return lt ? Bound::kHigh : Bound::kLow;
  }
  if (rv != nullptr && IsPseudoConstant(op.args[0])) {
    *var_out = rv;
    return lt ? Bound::kLow : Bound::kHigh;  // const < var is a lower bound on var
  }
  return Bound::kNone;
}

}  // namespace

double EstimateNumDistinct(PlannerInfo* root, const ExprPtr& expr, bool* isdefault) {
  *isdefault = false;
  const nodes::Var* var = StripToVar(expr);
  if (var != nullptr) {
    std::optional<double> nd = StatsNumDistinct(root, *var, HasUniqueIndex(root, *var));
    if (nd) return *nd;
  }
  if (expr->result_type == kBoolType) return 2.0;
  if (var != nullptr) {
    if (var->varattno == nodes::kSelfItemPointerAttributeNumber ||
        var->varattno == nodes::kTableOidAttributeNumber) {
      double t = RelTuples(root, *var);
      if (var->varattno == nodes::kTableOidAttributeNumber) return 1.0;
      if (t > 0) return t;
    }
    double ntuples = RelTuples(root, *var);
    // A single-column unique index makes the column unique (examine_variable's isunique).
    if (ntuples > 0 && HasUniqueIndex(root, *var)) return ClampRowEst(ntuples);
    if (ntuples > 0 && ntuples < kDefaultNumDistinct) return ClampRowEst(ntuples);
  }
  *isdefault = true;
  return kDefaultNumDistinct;
}

double ClauseSelectivity(PlannerInfo* root, const ExprPtr& clause) {
  switch (clause->tag) {
    case NodeTag::kConst: {
      const auto& c = *nodes::As<nodes::Const>(clause);
      return (!c.constisnull && DatumGetBool(c.constvalue)) ? 1.0 : 0.0;
    }
    case NodeTag::kVar: {
      // A boolean column used as a qual: var = true.
      bool isdefault;
      return 1.0 / EstimateNumDistinct(root, clause, &isdefault);
    }
    case NodeTag::kBoolExpr: {
      const auto& b = *nodes::As<nodes::BoolExpr>(clause);
      if (b.boolop == nodes::BoolExprType::kNot) return 1.0 - ClauseSelectivity(root, b.args[0]);
      if (b.boolop == nodes::BoolExprType::kAnd) return ClauseListSelectivity(root, b.args);
      double s = 0;
      for (const auto& a : b.args) {
        double s2 = ClauseSelectivity(root, a);
        s = s + s2 - s * s2;
      }
      return s;
    }
    case NodeTag::kOpExpr: {
      const auto& op = *nodes::As<nodes::OpExpr>(clause);
      std::string est = RestrictionEstimator(op.opno);
      if (est == "eqsel") return EqSel(root, op);
      if (est == "neqsel") return 1.0 - EqSel(root, op);
      if (est == "scalarltsel" || est == "scalarlesel" || est == "scalargtsel" ||
          est == "scalargesel") {
        return kDefaultIneqSel;
      }
      if (est.find("like") != std::string::npos || est.find("regex") != std::string::npos) {
        return kDefaultMatchSel;
      }
      return kDefaultIneqSel;
    }
    case NodeTag::kScalarArrayOpExpr: {
      // x = ANY(array): disjoint equality probabilities add up (scalararraysel).
      const auto& saop = *nodes::As<nodes::ScalarArrayOpExpr>(clause);
      size_t n = ArrayLength(saop.args[1]);
      auto op = std::make_shared<nodes::OpExpr>();
      op->opno = saop.opno;
      op->args = saop.args;
      double s2 = ClauseSelectivity(root, op);
      double s = saop.useOr ? 0.0 : 1.0;
      for (size_t i = 0; i < n; ++i) s = saop.useOr ? s + s2 - s * s2 : s * s2;
      if (saop.useOr && RestrictionEstimator(saop.opno) == "eqsel") {
        double disjoint = s2 * static_cast<double>(n);
        if (disjoint >= 0 && disjoint <= 1) s = disjoint;
      }
      return s;
    }
    case NodeTag::kNullTest: {
      const auto& nt = *nodes::As<nodes::NullTest>(clause);
      if (const nodes::Var* var = StripToVar(nt.arg)) {
        std::optional<double> s =
            StatsNullTestSel(root, *var, nt.nulltesttype == nodes::NullTestType::kIsNull);
        if (s) return *s;
      }
      return nt.nulltesttype == nodes::NullTestType::kIsNull ? kDefaultUnkSel : kDefaultNotUnkSel;
    }
    case NodeTag::kBooleanTest: {
      const auto& bt = *nodes::As<nodes::BooleanTest>(clause);
      switch (bt.booltesttype) {
        case nodes::BoolTestType::kIsUnknown:
          return kDefaultUnkSel;
        case nodes::BoolTestType::kIsNotUnknown:
          return kDefaultNotUnkSel;
        case nodes::BoolTestType::kIsTrue:
        case nodes::BoolTestType::kIsFalse:
          return 0.5 * kDefaultNotUnkSel;
        default:
          return 1.0 - 0.5 * kDefaultNotUnkSel;
      }
    }
    case NodeTag::kRelabelType:
      return ClauseSelectivity(root, nodes::As<nodes::RelabelType>(clause)->arg);
    default:
      return kDefaultIneqSel;  // functions and anything else: PostgreSQL's 1/3 default
  }
}

double ClauseListSelectivity(PlannerInfo* root, const ExprList& clauses) {
  if (clauses.size() == 1) return ClauseSelectivity(root, clauses[0]);
  double s = 1.0;
  // Range pairs: "var > a AND var < b" are estimated together (clauselist_selectivity).
  struct Range {
    bool have_lo = false, have_hi = false;
    double lo = 0, hi = 0;
  };
  std::map<std::pair<Index, int>, Range> ranges;
  for (const auto& clause : clauses) {
    const nodes::Var* var = nullptr;
    Bound b = RangeBound(clause, &var);
    if (b == Bound::kNone) {
      s *= ClauseSelectivity(root, clause);
      continue;
    }
    Range& r = ranges[{var->varno, var->varattno}];
    double sel = ClauseSelectivity(root, clause);
    if (b == Bound::kLow) {
      r.lo = r.have_lo ? std::min(r.lo, sel) : sel;
      r.have_lo = true;
    } else {
      r.hi = r.have_hi ? std::min(r.hi, sel) : sel;
      r.have_hi = true;
    }
  }
  for (const auto& [key, r] : ranges) {
    if (r.have_lo && r.have_hi) {
      double s2 = r.hi + r.lo - 1.0;
      if (r.hi == kDefaultIneqSel || r.lo == kDefaultIneqSel) {
        s2 = kDefaultRangeIneqSel;
      } else if (s2 <= 0) {
        s2 = s2 < -0.01 ? kDefaultRangeIneqSel : 1.0e-10;
      }
      s *= s2;
    } else {
      s *= r.have_lo ? r.lo : r.hi;
    }
  }
  return s;
}

double JoinClauseSelectivity(PlannerInfo* root, const ExprPtr& clause) {
  if (clause->tag == NodeTag::kOpExpr) {
    const auto& op = *nodes::As<nodes::OpExpr>(clause);
    std::string est = RestrictionEstimator(op.opno);
    if (est == "eqsel" && op.args.size() == 2) {
      // eqjoinsel without statistics: 1 / max(nd1, nd2).
      bool d1, d2;
      double nd1 = EstimateNumDistinct(root, op.args[0], &d1);
      double nd2 = EstimateNumDistinct(root, op.args[1], &d2);
      return 1.0 / std::max({nd1, nd2, 1.0});
    }
  }
  return ClauseSelectivity(root, clause);
}

double EstimateNumGroups(PlannerInfo* root, const ExprList& exprs, double input_rows) {
  if (exprs.empty() || input_rows < 2) return 1.0;
  // Group the Vars by relation; multiply per-relation ndistinct, clamped by the relation's
  // size scaled by the restriction selectivity (estimate_num_groups).
  std::map<Index, double> per_rel;
  double other = 1.0;
  for (const auto& e : exprs) {
    bool isdefault;
    double nd = EstimateNumDistinct(root, e, &isdefault);
    const nodes::Var* v = StripToVar(e);
    if (v != nullptr && v->varlevelsup == 0) {
      auto [it, fresh] = per_rel.emplace(v->varno, nd);
      if (!fresh) it->second *= nd;
    } else {
      other *= nd;
    }
  }
  double numdistinct = other;
  for (auto& [relid, reldistinct] : per_rel) {
    const RelOptInfo* rel =
        relid < root->simple_rel_array.size() ? root->simple_rel_array[relid].get() : nullptr;
    if (rel != nullptr && rel->tuples > 0) {
      reldistinct = std::min(reldistinct, rel->tuples);
      if (reldistinct > 0 && rel->rows < rel->tuples) {
        reldistinct *=
            1.0 - std::pow((rel->tuples - rel->rows) / rel->tuples, rel->tuples / reldistinct);
      }
      reldistinct = ClampRowEst(reldistinct);
    }
    numdistinct *= reldistinct;
  }
  numdistinct = std::ceil(numdistinct);
  if (numdistinct > input_rows) numdistinct = std::ceil(input_rows);
  return std::max(numdistinct, 1.0);
}

}  // namespace hyrax::planner
