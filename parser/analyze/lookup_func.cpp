// Exact function lookup by name and argument types (see lookup_func.h).
#include "parser/analyze/lookup_func.h"

#include <algorithm>

#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

std::vector<catalog::PgProc> FunctionsNamed(const std::vector<std::string>& names) {
  catalog::QualifiedName q = catalog::MakeQualifiedName(names);
  std::vector<catalog::PgProc> out;
  std::vector<catalog::PgProc> all = catalog::Syscache().ProcsByName(q.name);
  if (!q.schema.empty()) {
    Oid nsp = catalog::LookupNamespace(q.schema);
    for (auto& p : all) {
      if (p.pronamespace == nsp) out.push_back(std::move(p));
    }
    return out;
  }
  // Search path order; a function hidden by an identical signature earlier in the path is
  // left out.
  for (Oid nsp : catalog::ObjectSearchPath()) {
    for (auto& p : all) {
      if (p.pronamespace != nsp) continue;
      bool hidden = std::any_of(out.begin(), out.end(), [&](const catalog::PgProc& seen) {
        return seen.proargtypes == p.proargtypes;
      });
      if (!hidden) out.push_back(p);
    }
  }
  return out;
}

std::optional<catalog::PgProc> LookupFuncName(const std::vector<std::string>& names,
                                              const std::vector<Oid>& argtypes) {
  for (auto& p : FunctionsNamed(names)) {
    if (p.proargtypes == argtypes) return p;
  }
  return std::nullopt;
}

}  // namespace hyrax::parser
