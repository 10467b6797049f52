// Default selectivity estimation (see clausesel.h).
#include "planner/path/clausesel.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "common/array_layout.h"
#include "executor/expr/expr_tree.h"
#include "nodes/make_nodes.h"
#include "planner/cost/costsize.h"
#include "planner/path/column_stats.h"
#include "planner/path/join_sel.h"
#include "planner/path/pattern_sel.h"
#include "planner/path/scalar_ineq_sel.h"
#include "planner/prep/clauses.h"
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
const nodes::Var* VarOf(const ExprPtr& e) {
  return StripToVar(e.get());
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

std::string JoinEstimator(Oid opno) {
  auto& cache = catalog::Syscache();
  auto op = cache.OperatorByOid(opno);
  if (!op || op->oprjoin == kInvalidOid) return "";
  auto proc = cache.ProcByOid(op->oprjoin);
  return proc ? proc->proname : "";
}

double RelTuples(PlannerInfo* root, const nodes::Var& var) {
  if (root == nullptr || var.varlevelsup != 0 || var.varno >= root->simple_rel_array.size())
    return 0;
  const auto& rel = root->simple_rel_array[var.varno];
  return rel ? rel->tuples : 0;
}

// get_restriction_variable: the argument of a two-argument operator that holds the Vars of
// one relation while the other holds none (0 or 1), or -1 (e.g. "a = b" on one table).
int RestrictionVarIndex(const nodes::OpExpr& op) {
  if (op.args.size() != 2) return -1;
  const Relids left = PullVarnos(op.args[0]);
  const Relids right = PullVarnos(op.args[1]);
  if (left != 0 && right == 0) return 0;
  if (left == 0 && right != 0) return 1;
  return -1;
}

// More than one relation's Vars: PostgreSQL estimates the clause as a join clause.
bool IsJoinClause(const ExprPtr& clause) {
  const Relids relids = PullVarnos(clause);
  return relids != 0 && (relids & (relids - 1)) != 0;
}

// `op` with its negator instead (`<>` estimated through `=`), or nullopt.
std::optional<nodes::OpExpr> Negated(const nodes::OpExpr& op) {
  std::optional<catalog::PgOperator> opr = catalog::Syscache().OperatorByOid(op.opno);
  if (!opr || opr->oprnegate == kInvalidOid) return std::nullopt;
  nodes::OpExpr negated = op;
  negated.opno = opr->oprnegate;
  return negated;
}

// eqsel / neqsel (`negate`: `op` is the `<>`-like operator): var_eq_const with statistics,
// else 1 / ndistinct; 0.005 when no side is a single relation's expression.
double EqSel(PlannerInfo* root, const nodes::OpExpr& op, bool negate) {
  std::optional<nodes::OpExpr> negated;
  if (negate) {
    negated = Negated(op);
    if (!negated) return 1.0 - kDefaultEqSel;
  }
  const nodes::OpExpr& eq = negate ? *negated : op;
  const int var_index = RestrictionVarIndex(eq);
  if (var_index < 0) return negate ? 1.0 - kDefaultEqSel : kDefaultEqSel;
  if (const nodes::Var* var = VarOf(eq.args[var_index])) {
    std::optional<double> s =
        StatsEqSel(root, eq, var_index, VarHasUniqueIndex(root, *var), negate);
    if (s) return *s;
  }
  bool isdefault;
  const double nd = EstimateNumDistinct(root, eq.args[var_index], &isdefault);
  const double selec = 1.0 / std::max(nd, 1.0);
  return negate ? 1.0 - selec : selec;
}

// scalarltsel / le / gt / ge.
double IneqSel(PlannerInfo* root, const nodes::OpExpr& op, const std::string& est) {
  const int var_index = RestrictionVarIndex(op);
  if (var_index < 0) return kDefaultIneqSel;
  const bool isgt = est == "scalargtsel" || est == "scalargesel";
  const bool iseq = est == "scalarlesel" || est == "scalargesel";
  return StatsIneqSel(root, op, var_index, isgt, iseq).value_or(kDefaultIneqSel);
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
  const nodes::Var* lv = VarOf(op.args[0]);
  const nodes::Var* rv = VarOf(op.args[1]);
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
  const nodes::Var* var = VarOf(expr);
  if (var != nullptr) {
    std::optional<double> nd = StatsNumDistinct(root, *var, VarHasUniqueIndex(root, *var));
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
    if (ntuples > 0 && VarHasUniqueIndex(root, *var)) return ClampRowEst(ntuples);
    if (ntuples > 0 && ntuples < kDefaultNumDistinct) return ClampRowEst(ntuples);
  }
  *isdefault = true;
  return kDefaultNumDistinct;
}

namespace {

// A boolean column used as a qual is "var = true" (boolvarsel).
double BoolVarSel(PlannerInfo* root, const ExprPtr& var) {
  constexpr Oid kBoolEqOperator = 91;
  nodes::OpExpr eq;
  eq.opno = kBoolEqOperator;
  eq.result_type = kBoolType;
  eq.args = {var, nodes::MakeBoolConst(true)};
  if (VarOf(var) != nullptr) {
    if (std::optional<double> s = StatsEqSel(root, eq, 0, false)) return *s;
  }
  bool isdefault;
  return 1.0 / EstimateNumDistinct(root, var, &isdefault);
}

// The elements of a constant array or ARRAY[...] expression as expressions, or nullopt when
// they are not known at planning time.
std::optional<ExprList> ArrayElements(const ExprPtr& array) {
  if (array->tag == NodeTag::kArrayExpr) {
    const auto& a = *nodes::As<nodes::ArrayExpr>(array);
    if (a.multidims) return std::nullopt;
    return a.elements;
  }
  if (array->tag != NodeTag::kConst) return std::nullopt;
  const auto& c = *nodes::As<nodes::Const>(array);
  if (c.constisnull) return std::nullopt;
  const void* p = DatumGetPointer<const void>(c.constvalue);
  const Oid elemtype = ArrayElemType(p);
  std::optional<catalog::PgType> type = catalog::Syscache().TypeByOid(elemtype);
  if (!type) return std::nullopt;
  std::vector<Datum> values;
  std::vector<bool> nulls;
  DeconstructArray(p, ElementLayout{type->typlen, type->typbyval, type->typalign}, &values, &nulls);
  ExprList out;
  for (size_t i = 0; i < values.size(); ++i) {
    out.push_back(nodes::MakeConst(elemtype, -1, type->typcollation, type->typlen, type->typbyval,
                                   values[i], nulls[i]));
  }
  return out;
}

// An unknown value of the array's element type (PostgreSQL's CaseTestExpr stand-in).
ExprPtr UnknownElement(const ExprPtr& array) {
  auto param = std::make_shared<nodes::Param>();
  param->paramkind = nodes::ParamKind::kExec;
  std::optional<catalog::PgType> type = catalog::Syscache().TypeByOid(array->result_type);
  param->result_type = type ? type->typelem : kInvalidOid;
  return param;
}

double ScalarArraySel(PlannerInfo* root, const nodes::ScalarArrayOpExpr& saop) {
  // scalararraysel: each element's selectivity through the operator's own estimator,
  // combined as independent events, or added up (disjoint) for "= ANY" and "<> ALL".
  const std::string est = RestrictionEstimator(saop.opno);
  const bool disjoint_rule = saop.useOr ? est == "eqsel" : est == "neqsel";
  if (saop.args[1]->tag == NodeTag::kConst && nodes::As<nodes::Const>(saop.args[1])->constisnull) {
    return 0.0;
  }
  auto element_sel = [&](const ExprPtr& element) {
    auto op = std::make_shared<nodes::OpExpr>();
    op->opno = saop.opno;
    op->inputcollid = saop.inputcollid;
    op->result_type = kBoolType;
    op->args = {saop.args[0], element};
    return ClauseSelectivity(root, op);
  };
  double s = saop.useOr ? 0.0 : 1.0;
  double disjoint = saop.useOr ? 0.0 : 1.0;
  if (std::optional<ExprList> elements = ArrayElements(saop.args[1])) {
    for (const auto& element : *elements) {
      const double s2 = element_sel(element);
      s = saop.useOr ? s + s2 - s * s2 : s * s2;
      disjoint += saop.useOr ? s2 : s2 - 1.0;
    }
  } else {
    // Unknown elements: ArrayLength's estimate of equally selective ones.
    const size_t n = ArrayLength(saop.args[1]);
    const double s2 = element_sel(UnknownElement(saop.args[1]));
    for (size_t i = 0; i < n; ++i) s = saop.useOr ? s + s2 - s * s2 : s * s2;
    disjoint = -1;
  }
  if (disjoint_rule && disjoint >= 0 && disjoint <= 1) s = disjoint;
  return std::clamp(s, 0.0, 1.0);
}

}  // namespace

double ClauseSelectivity(PlannerInfo* root, const ExprPtr& clause) {
  switch (clause->tag) {
    case NodeTag::kConst: {
      const auto& c = *nodes::As<nodes::Const>(clause);
      return (!c.constisnull && DatumGetBool(c.constvalue)) ? 1.0 : 0.0;
    }
    case NodeTag::kVar:
      return BoolVarSel(root, clause);
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
      if (IsJoinClause(clause)) return JoinClauseSelectivity(root, clause);
      const auto& op = *nodes::As<nodes::OpExpr>(clause);
      std::string est = RestrictionEstimator(op.opno);
      if (est == "eqsel") return EqSel(root, op, false);
      if (est == "neqsel") return EqSel(root, op, true);
      if (est == "scalarltsel" || est == "scalarlesel" || est == "scalargtsel" ||
          est == "scalargesel") {
        return IneqSel(root, op, est);
      }
      if (est == "likesel" || est == "nlikesel" || est == "iclikesel" || est == "icnlikesel") {
        return PatternSel(root, op, /*case_insensitive=*/est.rfind("ic", 0) == 0,
                          /*negate=*/est == "nlikesel" || est == "icnlikesel",
                          [&](const nodes::OpExpr& eq) { return EqSel(root, eq, false); });
      }
      if (est.find("regex") != std::string::npos) return kDefaultMatchSel;
      return est.empty() ? 0.5 : kDefaultIneqSel;  // restriction_selectivity without oprrest
    }
    case NodeTag::kScalarArrayOpExpr:
      return ScalarArraySel(root, *nodes::As<nodes::ScalarArrayOpExpr>(clause));
    case NodeTag::kNullTest: {
      const auto& nt = *nodes::As<nodes::NullTest>(clause);
      if (const nodes::Var* var = VarOf(nt.arg)) {
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
    const nodes::Var* var = nullptr;
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
    r.var = var;
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
      } else {
        // Both bounds' estimates excluded the nulls: add them back once.
        s2 += StatsNullTestSel(root, *r.var, true).value_or(kDefaultUnkSel);
        if (s2 <= 0) s2 = s2 < -0.01 ? kDefaultRangeIneqSel : 1.0e-10;
      }
      s *= s2;
    } else {
      s *= r.have_lo ? r.lo : r.hi;
    }
  }
  return s;
}

double JoinClauseSelectivity(PlannerInfo* root, const ExprPtr& clause) {
  if (clause->tag != NodeTag::kOpExpr) return ClauseSelectivity(root, clause);
  const auto& op = *nodes::As<nodes::OpExpr>(clause);
  // join_selectivity: the operator's oprjoin estimator.
  const std::string est = JoinEstimator(op.opno);
  if (op.args.size() == 2 && est == "eqjoinsel") return EqJoinSelInner(root, op);
  if (op.args.size() == 2 && est == "neqjoinsel") {
    std::optional<nodes::OpExpr> eq = Negated(op);
    return 1.0 - (eq ? EqJoinSelInner(root, *eq) : kDefaultEqSel);
  }
  if (est.empty()) return 0.5;
  if (est.find("like") != std::string::npos || est.find("regex") != std::string::npos) {
    return kDefaultMatchSel;
  }
  return kDefaultIneqSel;
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
    const nodes::Var* v = VarOf(e);
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
