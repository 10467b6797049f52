// patternsel for LIKE / ILIKE (see pattern_sel.h). PostgreSQL's constants and rules; the
// database is in the C locale, so only ASCII letters vary in case and strings compare
// bytewise.
#include "planner/path/pattern_sel.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "common/varlena.h"
#include "nodes/make_nodes.h"
#include "planner/path/column_stats.h"
#include "planner/path/scalar_ineq_sel.h"
#include "planner/prep/clauses.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

constexpr double kDefaultMatchSel = 0.005;
constexpr double kFixedCharSel = 0.20;
constexpr double kAnyCharSel = 0.9;
constexpr double kFullWildcardSel = 5.0;

constexpr Oid kTextType = 25;
constexpr Oid kTextEqualOperator = 98;
constexpr Oid kTextLessOperator = 664;
constexpr Oid kTextGreaterEqualOperator = 667;

enum class PrefixStatus { kNone, kPartial, kExact };

struct FixedPrefix {
  std::string prefix;
  PrefixStatus status = PrefixStatus::kNone;
  double rest_selec = 1.0;  // like_selectivity of the pattern after the prefix
};

// like_selectivity: leading wildcards are already in the prefix's estimate; each fixed
// character then counts 0.2, `_` 0.9 and `%` 5, capped at 1.
double LikeRestSelectivity(std::string_view rest) {
  size_t pos = 0;
  while (pos < rest.size() && (rest[pos] == '%' || rest[pos] == '_')) ++pos;
  double sel = 1.0;
  for (; pos < rest.size(); ++pos) {
    if (rest[pos] == '%') {
      sel *= kFullWildcardSel;
    } else if (rest[pos] == '_') {
      sel *= kAnyCharSel;
    } else {
      if (rest[pos] == '\\' && ++pos >= rest.size()) break;  // backslash quotes the next
      sel *= kFixedCharSel;
    }
  }
  return std::min(sel, 1.0);
}

bool IsAsciiLetter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// like_fixed_prefix: the characters before the first wildcard (for ILIKE, before the first
// letter: it matches either case), unescaped.
FixedPrefix LikeFixedPrefix(std::string_view pattern, bool case_insensitive) {
  FixedPrefix out;
  size_t pos = 0;
  for (; pos < pattern.size(); ++pos) {
    if (pattern[pos] == '%' || pattern[pos] == '_') break;
    if (pattern[pos] == '\\' && ++pos >= pattern.size()) break;
    if (case_insensitive && IsAsciiLetter(pattern[pos])) break;
    out.prefix.push_back(pattern[pos]);
  }
  out.rest_selec = LikeRestSelectivity(pattern.substr(std::min(pos, pattern.size())));
  if (pos >= pattern.size()) {
    out.status = PrefixStatus::kExact;
  } else if (!out.prefix.empty()) {
    out.status = PrefixStatus::kPartial;
  }
  return out;
}

// make_greater_string for the C collation: the prefix with its last character incremented
// (dropping last characters that cannot be), nullopt when none can. A multibyte UTF-8
// character is incremented in its last byte only (PostgreSQL's pg_utf8_increment also
// carries into the earlier bytes).
std::optional<std::string> MakeGreaterString(std::string s) {
  while (!s.empty()) {
    size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    auto& last = reinterpret_cast<unsigned char&>(s.back());
    const bool ascii = start == s.size() - 1 && last < 0x80;
    if (ascii ? last < 0x7F : last < 0xBF) {
      ++last;
      return s;
    }
    s.resize(start);
  }
  return std::nullopt;
}

// histogram_selectivity: the share of the histogram's entries (skipping one at each end)
// that match, with `hist_size` the number of entries; -1 with fewer than 10.
double HistogramMatchFraction(const VarStats* stats, const std::function<bool(Datum)>& matches,
                              int* hist_size) {
  const catalog::ColumnStatistic::Slot* hist =
      stats != nullptr ? stats->column->Find(kStatisticKindHistogram) : nullptr;
  *hist_size = hist != nullptr ? static_cast<int>(hist->values.size()) : 0;
  if (*hist_size < 10) return -1.0;
  int nmatch = 0;
  for (int i = 1; i < *hist_size - 1; ++i) nmatch += matches(hist->values[i]) ? 1 : 0;
  return static_cast<double>(nmatch) / (*hist_size - 2);
}

std::shared_ptr<nodes::OpExpr> TextEquality(const nodes::ExprPtr& var,
                                            const std::shared_ptr<nodes::Const>& c, Oid collation) {
  auto eq = std::make_shared<nodes::OpExpr>();
  eq->opno = kTextEqualOperator;
  eq->result_type = 16;  // bool
  eq->inputcollid = collation;
  eq->args = {var, c};
  return eq;
}

// prefix_selectivity: "var >= prefix AND var < next string" from the histogram, at least
// the prefix's own frequency; 0.005 without a histogram.
double PrefixSelectivity(const VarStats* stats, const nodes::ExprPtr& var,
                         const std::string& prefix, Oid collation,
                         const std::function<double(const nodes::OpExpr&)>& eq_sel) {
  const std::shared_ptr<nodes::Const> prefix_const = nodes::MakeTextConst(prefix);
  double prefixsel = stats == nullptr
                         ? -1.0
                         : IneqHistogramSelectivity(*stats, kTextGreaterEqualOperator, collation,
                                                    kTextType, *prefix_const, true, true);
  if (prefixsel < 0.0) return kDefaultMatchSel;
  if (std::optional<std::string> greater = MakeGreaterString(prefix)) {
    const double topsel = IneqHistogramSelectivity(*stats, kTextLessOperator, collation, kTextType,
                                                   *nodes::MakeTextConst(*greater), false, false);
    prefixsel = topsel + prefixsel - 1.0;
  }
  return std::max(prefixsel, eq_sel(*TextEquality(var, prefix_const, collation)));
}

}  // namespace

double PatternSel(PlannerInfo* root, const nodes::OpExpr& op, bool case_insensitive, bool negate,
                  const std::function<double(const nodes::OpExpr&)>& eq_sel) {
  const double fallback = negate ? 1.0 - kDefaultMatchSel : kDefaultMatchSel;
  // get_restriction_variable with the variable on the left and a constant pattern.
  if (op.args.size() != 2 || PullVarnos(op.args[0]) == 0 || PullVarnos(op.args[1]) != 0) {
    return fallback;
  }
  const nodes::ExprPtr& var = op.args[0];
  nodes::ExprPtr other = op.args[1];
  while (other->tag == nodes::NodeTag::kRelabelType) {
    other = nodes::As<nodes::RelabelType>(other)->arg;
  }
  if (other->tag != nodes::NodeTag::kConst) return fallback;
  const auto& pattern = *nodes::As<nodes::Const>(other);
  if (pattern.constisnull) return 0.0;
  if (pattern.result_type != kTextType || var->result_type != kTextType) return fallback;
  // The positive operator tests MCVs and histogram entries.
  Oid match_op = op.opno;
  if (negate) {
    std::optional<catalog::PgOperator> opr = catalog::Syscache().OperatorByOid(op.opno);
    if (!opr || opr->oprnegate == kInvalidOid) return fallback;
    match_op = opr->oprnegate;
  }
  const nodes::Var* column = StripToVar(var.get());
  std::optional<VarStats> stats;
  if (column != nullptr) stats = LookupVarStats(root, *column);
  const double nullfrac = stats ? stats->column->nullfrac : 0.0;

  const FixedPrefix fixed = LikeFixedPrefix(DatumGetTextView(pattern.constvalue), case_insensitive);
  double result;
  if (fixed.status == PrefixStatus::kExact) {
    result = eq_sel(*TextEquality(var, nodes::MakeTextConst(fixed.prefix), op.inputcollid));
  } else {
    OperatorPredicate like(match_op, op.inputcollid);
    const std::function<bool(Datum)> matches = [&](Datum value) {
      return like(value, pattern.constvalue);
    };
    int hist_size = 0;
    double selec = HistogramMatchFraction(stats ? &*stats : nullptr, matches, &hist_size);
    if (hist_size < 100) {
      const double prefixsel = fixed.status == PrefixStatus::kPartial
                                   ? PrefixSelectivity(stats ? &*stats : nullptr, var, fixed.prefix,
                                                       op.inputcollid, eq_sel)
                                   : 1.0;
      const double heursel = prefixsel * fixed.rest_selec;
      if (selec < 0) {
        selec = heursel;
      } else {
        const double hist_weight = hist_size / 100.0;
        selec = selec * hist_weight + heursel * (1.0 - hist_weight);
      }
    }
    selec = std::clamp(selec, 0.0001, 0.9999);
    double sumcommon = 0;
    const double mcv_selec =
        stats ? McvSelectivity(*stats, matches, &sumcommon).value_or(0.0) : 0.0;
    selec *= 1.0 - nullfrac - sumcommon;
    result = selec + mcv_selec;
  }
  if (negate) result = 1.0 - result - nullfrac;
  return std::clamp(result, 0.0, 1.0);
}

}  // namespace hyrax::planner
