// Function candidate lookup and selection (see func_resolution.h). Follows PostgreSQL's
// FuncnameGetCandidates (namespace.c), func_match_argtypes, func_select_candidate and
// func_get_detail (parse_func.c).
#include "parser/analyze/func_resolution.h"

#include <algorithm>

#include "nodes/pg_node_tree.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_names.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

// Names of the input parameters of `proc`, by input position ("" when unnamed).
std::vector<std::string> InputArgNames(const catalog::PgProc& proc) {
  std::vector<std::string> names;
  if (proc.proargnames.empty()) return names;
  if (proc.proargmodes.empty()) {
    for (int i = 0; i < proc.pronargs && i < static_cast<int>(proc.proargnames.size()); ++i) {
      names.push_back(proc.proargnames[i]);
    }
    return names;
  }
  for (size_t i = 0; i < proc.proargmodes.size() && i < proc.proargnames.size(); ++i) {
    char mode = proc.proargmodes[i];
    if (mode == 'i' || mode == 'b' || mode == 'v') names.push_back(proc.proargnames[i]);
  }
  return names;
}

// Named-notation matching (PostgreSQL's MatchNamedCall): every named argument names an
// input parameter not already given positionally, and every other parameter has a default.
bool MatchNamedCall(const catalog::PgProc& proc, int nargs,
                    const std::vector<std::string>& argnames, std::vector<int>* argnumbers) {
  int pronargs = proc.pronargs;
  int numposargs = nargs - static_cast<int>(argnames.size());
  if (pronargs < nargs) return false;
  std::vector<std::string> names = InputArgNames(proc);
  if (names.empty()) return false;
  std::vector<bool> assigned(pronargs, false);
  argnumbers->clear();
  for (int i = 0; i < numposargs; ++i) {
    argnumbers->push_back(i);
    assigned[i] = true;
  }
  for (const std::string& argname : argnames) {
    int found = -1;
    for (int p = 0; p < pronargs && p < static_cast<int>(names.size()); ++p) {
      if (names[p] == argname) found = p;
    }
    if (found < 0 || assigned[found]) return false;
    assigned[found] = true;
    argnumbers->push_back(found);
  }
  // Unassigned parameters must all be defaulted (defaults cover the last parameters).
  int first_default = pronargs - proc.pronargdefaults;
  for (int p = 0; p < pronargs; ++p) {
    if (assigned[p]) continue;
    if (p < first_default) return false;
    argnumbers->push_back(p);
  }
  return true;
}

}  // namespace

std::string NameListToString(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += '.';
    out += n;
  }
  return out;
}

CandidateList FuncnameGetCandidates(const std::vector<std::string>& names, int nargs,
                                    const std::vector<std::string>& argnames, bool expand_variadic,
                                    bool expand_defaults) {
  Oid namespace_oid = kInvalidOid;
  if (names.size() >= 2) namespace_oid = catalog::LookupNamespace(names[names.size() - 2]);
  CandidateList result;
  for (const catalog::PgProc& proc : catalog::Syscache().ProcsByName(names.back())) {
    int pathpos = 0;
    if (namespace_oid != kInvalidOid) {
      if (proc.pronamespace != namespace_oid) continue;
    } else {
      pathpos = catalog::SearchPathPosition(proc.pronamespace);
      if (pathpos < 0) continue;
    }
    int pronargs = proc.pronargs;
    FuncCandidate cand;
    bool variadic = false;
    bool use_defaults = false;
    Oid va_elem = kInvalidOid;
    if (!argnames.empty()) {
      if (!MatchNamedCall(proc, nargs, argnames, &cand.argnumbers)) continue;
      use_defaults = pronargs > nargs;
    } else {
      if (pronargs <= nargs && expand_variadic) {
        va_elem = proc.provariadic;
        variadic = va_elem != kInvalidOid;
      }
      if (pronargs > nargs && expand_defaults) {
        if (nargs + proc.pronargdefaults < pronargs) continue;
        use_defaults = true;
      }
      if (pronargs != nargs && !variadic && !use_defaults) continue;
    }
    int effective = std::max(pronargs, nargs);
    cand.oid = proc.oid;
    cand.pathpos = pathpos;
    cand.nominal_nargs = pronargs;
    if (!cand.argnumbers.empty()) {
      for (int p : cand.argnumbers) cand.args.push_back(proc.proargtypes[p]);
    } else {
      cand.args.assign(proc.proargtypes.begin(), proc.proargtypes.end());
      cand.args.resize(effective, kInvalidOid);
    }
    if (variadic) {
      cand.nvargs = effective - pronargs + 1;
      for (int i = pronargs - 1; i < effective; ++i) cand.args[i] = va_elem;
    }
    cand.ndargs = use_defaults ? pronargs - nargs : 0;
    // Same effective signature as an earlier candidate: keep the one earlier in the path,
    // prefer non-variadic, else mark ambiguous.
    auto prev = std::find_if(result.begin(), result.end(),
                             [&](const FuncCandidate& c) { return c.args == cand.args; });
    if (prev != result.end()) {
      int preference;
      if (pathpos != prev->pathpos) {
        preference = pathpos - prev->pathpos;
      } else if (variadic && prev->nvargs == 0) {
        preference = 1;
      } else if (!variadic && prev->nvargs > 0) {
        preference = -1;
      } else {
        preference = 0;
      }
      if (preference > 0) continue;
      if (preference < 0) {
        *prev = std::move(cand);
      } else {
        prev->oid = kInvalidOid;
      }
      continue;
    }
    result.push_back(std::move(cand));
  }
  return result;
}

int FuncMatchArgtypes(const std::vector<Oid>& inputs, CandidateList& candidates) {
  CandidateList kept;
  for (auto& c : candidates) {
    std::vector<Oid> targets(c.args.begin(), c.args.begin() + inputs.size());
    if (CanCoerceType(inputs, targets, CoercionContext::kImplicit)) kept.push_back(std::move(c));
  }
  candidates = std::move(kept);
  return static_cast<int>(candidates.size());
}

namespace {

// Keeps the candidates scoring best under `score` (all of them when every score is 0).
template <typename Score>
void KeepBest(CandidateList& candidates, Score&& score) {
  int best = -1;
  CandidateList kept;
  for (auto& c : candidates) {
    int s = score(c);
    if (s > best) {
      best = s;
      kept.clear();
    }
    if (s == best) kept.push_back(c);
  }
  candidates = std::move(kept);
}

}  // namespace

const FuncCandidate* FuncSelectCandidate(const std::vector<Oid>& inputs,
                                         CandidateList& candidates) {
  size_t nargs = inputs.size();
  std::vector<Oid> base(nargs);
  int nunknowns = 0;
  for (size_t i = 0; i < nargs; ++i) {
    base[i] = inputs[i] == kUnknownOid ? kUnknownOid : BaseType(inputs[i]);
    if (base[i] == kUnknownOid) ++nunknowns;
  }
  // 1. Most exact matches on the known input types.
  KeepBest(candidates, [&](const FuncCandidate& c) {
    int n = 0;
    for (size_t i = 0; i < nargs; ++i) n += base[i] != kUnknownOid && c.args[i] == base[i];
    return n;
  });
  if (candidates.size() == 1) return &candidates[0];
  // 2. Most exact-or-preferred matches where coercion is needed (same category only).
  std::vector<char> category(nargs);
  for (size_t i = 0; i < nargs; ++i) category[i] = TypeCategory(base[i]);
  KeepBest(candidates, [&](const FuncCandidate& c) {
    int n = 0;
    for (size_t i = 0; i < nargs; ++i) {
      if (base[i] == kUnknownOid) continue;
      n += c.args[i] == base[i] || IsPreferredType(category[i], c.args[i]);
    }
    return n;
  });
  if (candidates.size() == 1) return &candidates[0];
  if (nunknowns == 0) return nullptr;
  // 3. A category for each unknown position: STRING if any candidate takes one there,
  // else the category all candidates agree on; prefer preferred types of it.
  std::vector<bool> has_preferred(nargs, false);
  bool resolved = true;
  for (size_t i = 0; i < nargs && resolved; ++i) {
    if (base[i] != kUnknownOid) continue;
    char slot = 0;
    bool conflict = false;
    for (const auto& c : candidates) {
      char cat = TypeCategory(c.args[i]);
      bool preferred = IsPreferredType(cat, c.args[i]);
      if (slot == 0) {
        slot = cat;
        has_preferred[i] = preferred;
      } else if (cat == slot) {
        has_preferred[i] = has_preferred[i] || preferred;
      } else if (cat == 'S') {
        slot = cat;
        has_preferred[i] = preferred;
      } else {
        conflict = true;
      }
    }
    if (conflict && slot != 'S') resolved = false;
    category[i] = slot;
  }
  if (resolved) {
    CandidateList kept;
    for (const auto& c : candidates) {
      bool keep = true;
      for (size_t i = 0; i < nargs && keep; ++i) {
        if (base[i] != kUnknownOid) continue;
        char cat = TypeCategory(c.args[i]);
        if (cat != category[i]) keep = false;
        if (has_preferred[i] && !IsPreferredType(cat, c.args[i])) keep = false;
      }
      if (keep) kept.push_back(c);
    }
    if (!kept.empty()) candidates = std::move(kept);
    if (candidates.size() == 1) return &candidates[0];
  }
  // 4. If all known inputs share one type, assume the unknowns have it too.
  if (nunknowns < static_cast<int>(nargs)) {
    Oid known = kUnknownOid;
    for (size_t i = 0; i < nargs; ++i) {
      if (base[i] == kUnknownOid) continue;
      if (known == kUnknownOid) {
        known = base[i];
      } else if (known != base[i]) {
        known = kUnknownOid;
        break;
      }
    }
    if (known != kUnknownOid) {
      std::vector<Oid> assumed(nargs, known);
      const FuncCandidate* match = nullptr;
      int count = 0;
      for (const auto& c : candidates) {
        std::vector<Oid> targets(c.args.begin(), c.args.begin() + nargs);
        if (CanCoerceType(assumed, targets, CoercionContext::kImplicit)) {
          if (++count > 1) break;
          match = &c;
        }
      }
      if (count == 1) return match;
    }
  }
  return nullptr;
}

namespace {

// A function name that is a type name (typename(arg) as a cast), or kInvalidOid.
Oid FuncNameAsType(const std::vector<std::string>& names) {
  Oid type = LookupTypeNameOid(names);
  if (type == kInvalidOid) return kInvalidOid;
  const catalog::PgType* row = FindType(type);
  if (row == nullptr || row->typrelid != kInvalidOid) return kInvalidOid;
  return type;
}

}  // namespace

FuncDetail FuncGetDetail(ParseState& ps, const std::vector<std::string>& names,
                         const ExprList& fargs, const std::vector<std::string>& argnames,
                         const std::vector<Oid>& argtypes, bool expand_variadic,
                         bool expand_defaults) {
  FuncDetail detail;
  CandidateList raw = FuncnameGetCandidates(names, static_cast<int>(argtypes.size()), argnames,
                                            expand_variadic, expand_defaults);
  const FuncCandidate* best = nullptr;
  for (const auto& c : raw) {
    if (std::equal(argtypes.begin(), argtypes.end(), c.args.begin())) {
      best = &c;
      break;
    }
  }
  CandidateList current;
  if (best == nullptr) {
    if (argtypes.size() == 1 && argnames.empty() && !fargs.empty()) {
      Oid target = FuncNameAsType(names);
      if (target != kInvalidOid) {
        Oid source = argtypes[0];
        bool iscoercion = false;
        if (source == kUnknownOid && fargs[0]->tag == nodes::NodeTag::kConst) {
          iscoercion = true;
        } else {
          Oid funcid;
          switch (FindCoercionPathway(target, source, CoercionContext::kExplicit, &funcid)) {
            case CoercionPath::kRelabelType:
              iscoercion = true;
              break;
            case CoercionPath::kCoerceViaIO:
              iscoercion =
                  !(source != kRecordOid && IsComplexType(source) && TypeCategory(target) == 'S');
              break;
            default:
              break;
          }
        }
        if (iscoercion) {
          detail.kind = FuncDetailKind::kCoercion;
          detail.rettype = target;
          detail.true_typeids = argtypes;
          return detail;
        }
      }
    }
    if (!raw.empty()) {
      current = raw;
      int n = FuncMatchArgtypes(argtypes, current);
      if (n == 1) {
        best = &current[0];
      } else if (n > 1) {
        best = FuncSelectCandidate(argtypes, current);
        if (best == nullptr) {
          detail.kind = FuncDetailKind::kMultiple;
          return detail;
        }
      }
    }
  }
  if (best == nullptr) return detail;
  if (best->oid == kInvalidOid) {
    detail.kind = FuncDetailKind::kMultiple;
    return detail;
  }
  auto proc = catalog::Syscache().ProcByOid(best->oid);
  if (!proc)
    throw MakeError(errcode::kInternalError, "cache lookup failed for function {}", best->oid);
  detail.funcid = best->oid;
  detail.nvargs = best->nvargs;
  detail.true_typeids = best->args;
  detail.argnumbers = best->argnumbers;
  detail.rettype = proc->prorettype;
  detail.retset = proc->proretset;
  detail.vatype = proc->provariadic;
  if (best->ndargs > 0) {
    if (!proc->proargdefaults) throw Error(errcode::kInternalError, "not enough default arguments");
    ExprList defaults = nodes::ReadProcArgDefaults(proc->oid, *proc->proargdefaults);
    int first_default = proc->pronargs - static_cast<int>(defaults.size());
    if (!best->argnumbers.empty()) {
      // The defaulted parameters are listed after the call arguments in argnumbers.
      for (size_t i = argtypes.size(); i < best->argnumbers.size(); ++i) {
        detail.argdefaults.push_back(defaults[best->argnumbers[i] - first_default]);
      }
    } else {
      detail.argdefaults.assign(defaults.end() - best->ndargs, defaults.end());
    }
  }
  switch (proc->prokind) {
    case 'a':
      detail.kind = FuncDetailKind::kAggregate;
      break;
    case 'w':
      detail.kind = FuncDetailKind::kWindowFunc;
      break;
    case 'p':
      detail.kind = FuncDetailKind::kProcedure;
      break;
    default:
      detail.kind = FuncDetailKind::kNormal;
      break;
  }
  detail.proc = std::move(*proc);
  (void)ps;
  return detail;
}

std::string FuncSignatureString(const std::vector<std::string>& names,
                                const std::vector<std::string>& argnames,
                                const std::vector<Oid>& argtypes) {
  std::string out = NameListToString(names) + "(";
  size_t numposargs = argtypes.size() - argnames.size();
  for (size_t i = 0; i < argtypes.size(); ++i) {
    if (i > 0) out += ", ";
    if (i >= numposargs) out += argnames[i - numposargs] + " => ";
    out += FormatTypeBe(argtypes[i]);
  }
  return out + ")";
}

void MakeFnArguments(ParseState& ps, ExprList& args, const std::vector<Oid>& actual,
                     const std::vector<Oid>& declared) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (actual[i] == declared[i]) continue;
    if (args[i]->tag == nodes::NodeTag::kNamedArgExpr) {
      auto named = std::make_shared<nodes::NamedArgExpr>(*nodes::As<nodes::NamedArgExpr>(args[i]));
      named->arg = CoerceType(ps, named->arg, actual[i], declared[i], -1,
                              CoercionContext::kImplicit, nodes::CoercionForm::kImplicitCast, -1);
      named->result_type = named->arg->result_type;
      args[i] = named;
    } else {
      args[i] = CoerceType(ps, args[i], actual[i], declared[i], -1, CoercionContext::kImplicit,
                           nodes::CoercionForm::kImplicitCast, -1);
    }
  }
}

}  // namespace hyrax::parser
