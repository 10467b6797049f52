// Function overload resolution (PostgreSQL's parse_func.c func_get_detail and friends, and
// namespace.c FuncnameGetCandidates): candidates by name along the search path with
// variadic and default-argument expansion and named-argument matching, exact match, the
// type-coercion interpretation of typename(arg), then func_match_argtypes and
// func_select_candidate (exact matches, preferred types, unknown-literal categories). The
// candidate-selection heuristics are shared with operator resolution.
#pragma once

#include <string>
#include <vector>

#include "parser/analyze/parse_state.h"
#include "storage/catalog/catalog_rows.h"

namespace hyrax::parser {

struct FuncCandidate {
  Oid oid = kInvalidOid;  // kInvalidOid: several functions match this signature equally
  int pathpos = 0;        // position of its namespace in the search path
  int nominal_nargs = 0;  // pronargs
  int nvargs = 0;         // arguments absorbed by the variadic parameter
  int ndargs = 0;         // parameters filled from defaults
  std::vector<Oid> args;  // declared type of each call argument (then of each default)
  // Named notation: the parameter index (0-based) of each call argument, then of each
  // defaulted parameter; empty for positional calls.
  std::vector<int> argnumbers;
};
using CandidateList = std::vector<FuncCandidate>;

// Candidate functions called `names` (qualified or not) for `nargs` arguments, of which the
// trailing argnames.size() are named. Throws 3F000 for a qualified name with a missing
// schema.
CandidateList FuncnameGetCandidates(const std::vector<std::string>& names, int nargs,
                                    const std::vector<std::string>& argnames, bool expand_variadic,
                                    bool expand_defaults);
// Keeps the candidates whose argument types `inputs` coerce to implicitly; returns how many.
int FuncMatchArgtypes(const std::vector<Oid>& inputs, CandidateList& candidates);
// The best candidate by PostgreSQL's heuristics, or nullptr if they do not single one out.
// `candidates` is reordered/filtered in the process.
const FuncCandidate* FuncSelectCandidate(const std::vector<Oid>& inputs, CandidateList& candidates);

enum class FuncDetailKind : uint8_t {
  kNotFound,
  kMultiple,
  kNormal,
  kProcedure,
  kAggregate,
  kWindowFunc,
  kCoercion,  // typename(arg) meaning a cast
};

struct FuncDetail {
  FuncDetailKind kind = FuncDetailKind::kNotFound;
  Oid funcid = kInvalidOid;
  Oid rettype = kInvalidOid;
  bool retset = false;
  int nvargs = 0;
  Oid vatype = kInvalidOid;       // provariadic
  std::vector<Oid> true_typeids;  // declared types per call argument (+ defaults)
  ExprList argdefaults;           // default expressions for the omitted parameters
  std::vector<int> argnumbers;    // named notation (see FuncCandidate)
  catalog::PgProc proc;           // the chosen function (kind != kNotFound/kMultiple)
};

// PostgreSQL's func_get_detail for a call of `names` with arguments `fargs` (types
// `argtypes`; the last argnames.size() are named).
FuncDetail FuncGetDetail(ParseState& ps, const std::vector<std::string>& names,
                         const ExprList& fargs, const std::vector<std::string>& argnames,
                         const std::vector<Oid>& argtypes, bool expand_variadic,
                         bool expand_defaults);

// "name(type, type)" for messages (PostgreSQL's func_signature_string).
std::string FuncSignatureString(const std::vector<std::string>& names,
                                const std::vector<std::string>& argnames,
                                const std::vector<Oid>& argtypes);
// Dotted name as PostgreSQL's NameListToString.
std::string NameListToString(const std::vector<std::string>& names);

// Coerces each argument whose actual type differs from the declared one (implicit
// context, implicit-cast display), as PostgreSQL's make_fn_arguments.
void MakeFnArguments(ParseState& ps, ExprList& args, const std::vector<Oid>& actual,
                     const std::vector<Oid>& declared);

}  // namespace hyrax::parser
