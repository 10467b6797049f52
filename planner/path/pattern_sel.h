// LIKE and ILIKE selectivity (PostgreSQL's patternsel for likesel, nlikesel, iclikesel and
// icnlikesel): the pattern's fixed prefix (like_fixed_prefix: up to the first wildcard, and
// for ILIKE up to the first letter) and a per-character guess for the rest
// (like_selectivity). A pattern without wildcards is estimated as `=`; otherwise the
// MCVs are tested against the pattern exactly, and the rest of the population by testing
// the histogram's entries (100 or more of them), by the prefix's range in the histogram
// (prefix_selectivity: "var >= prefix AND var < prefix-incremented") times the guess for
// the rest, or a mix of the two for histograms of 10 to 100 entries. Without statistics
// the prefix counts 0.005, as in PostgreSQL. Only text (and varchar) columns are estimated
// this way; other types, regular expressions and SIMILAR TO keep the 0.005 default
// (clausesel.cpp).
#pragma once

#include <functional>

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Selectivity of `op`, a LIKE (`case_insensitive`: ILIKE) operator or, when `negate`, its
// NOT form. `eq_sel` estimates an equality clause (eqsel), for patterns that are an exact
// value and for the prefix's own frequency.
double PatternSel(PlannerInfo* root, const nodes::OpExpr& op, bool case_insensitive, bool negate,
                  const std::function<double(const nodes::OpExpr&)>& eq_sel);

}  // namespace hyrax::planner
