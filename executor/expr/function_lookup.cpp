// Function binding for the executor (see function_lookup.h). Catalog facts used: pg_proc
// (prosrc, strictness), pg_type (typinput/typoutput/typelem), pg_amop/pg_amproc (btree
// comparison support 1, hash support 1), as PostgreSQL's fmgr_info, getTypeInputInfo and
// get_sort_function_for_ordering_op.
#include "executor/expr/function_lookup.h"

#include <map>
#include <string>

#include "common/assert.h"
#include "common/error.h"
#include "executor/expr/support_lookup.h"
#include "executor/functions/builtin_registry.h"
#include "executor/functions/fmgr_catalog.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

std::map<std::string, PGFunction, std::less<>>& Fallbacks() {
  static std::map<std::string, PGFunction, std::less<>> table;
  return table;
}

// fn_name of a stub carries the full error message (interned, static storage).
Datum NotImplemented(FunctionCallInfo* fcinfo) {
  throw Error(errcode::kFeatureNotSupported, fcinfo->flinfo->fn_name);
}

const char* InternName(const std::string& name) {
  static std::map<std::string, std::string> names;
  auto it = names.emplace(name, name).first;
  return it->second.c_str();
}

}  // namespace

void RegisterFallbackBuiltin(std::string_view prosrc, PGFunction fn) {
  Fallbacks()[std::string(prosrc)] = fn;
}

void FmgrInfoForFunction(Oid funcid, FmgrInfo* flinfo) {
  try {
    FmgrInfoForOid(funcid, flinfo);
    return;
  } catch (const Error& e) {
    if (e.code() != errcode::kFeatureNotSupported) throw;
    auto proc = catalog::Syscache().ProcByOid(funcid);
    *flinfo = FmgrInfo();
    flinfo->fn_oid = funcid;
    flinfo->fn_nargs = proc->pronargs;
    flinfo->fn_strict = proc->proisstrict;
    flinfo->fn_retset = proc->proretset;
    flinfo->fn_rettype = proc->prorettype;
    flinfo->fn_argtypes = proc->proargtypes;
    auto& fallbacks = Fallbacks();
    auto it = fallbacks.find(proc->prosrc);
    if (proc->prolang == 12 && it != fallbacks.end()) {
      flinfo->fn_addr = it->second;
      flinfo->fn_name = it->first.c_str();
      return;
    }
    flinfo->fn_addr = NotImplemented;
    flinfo->fn_name = InternName(e.message());
  }
}

Oid OperatorFunction(Oid opno) {
  auto op = catalog::Syscache().OperatorByOid(opno);
  if (!op)
    throw MakeError(errcode::kUndefinedFunction, "operator with OID {} does not exist", opno);
  return op->oprcode;
}

void ComparisonFunctionForSortOp(Oid sortop, FmgrInfo* cmp, bool* reverse) {
  auto& cache = catalog::Syscache();
  for (const auto& amop : cache.AmopsByOperator(sortop)) {
    if (amop.amopmethod != catalog::kBtreeAmOid || amop.amoppurpose != 's') continue;
    if (amop.amopstrategy != 1 && amop.amopstrategy != 5) continue;
    for (const auto& proc : cache.AmprocsOfFamily(amop.amopfamily)) {
      if (proc.amprocnum == 1 && proc.amproclefttype == amop.amoplefttype &&
          proc.amprocrighttype == amop.amoprighttype) {
        FmgrInfoForFunction(proc.amproc, cmp);
        *reverse = amop.amopstrategy == 5;
        return;
      }
    }
  }
  throw MakeError(errcode::kUndefinedFunction,
                  "could not identify a comparison function for operator {}", sortop);
}

void ComparisonFunctionForOperator(Oid opno, Oid opfamily, FmgrInfo* cmp) {
  auto& cache = catalog::Syscache();
  for (const auto& amop : cache.AmopsByOperator(opno)) {
    if (amop.amopfamily != opfamily) continue;
    for (const auto& proc : cache.AmprocsOfFamily(opfamily)) {
      if (proc.amprocnum == 1 && proc.amproclefttype == amop.amoplefttype &&
          proc.amprocrighttype == amop.amoprighttype) {
        FmgrInfoForFunction(proc.amproc, cmp);
        return;
      }
    }
  }
  throw MakeError(errcode::kUndefinedFunction,
                  "could not identify a comparison function for operator {}", opno);
}

void ComparisonFunctionForType(Oid type, FmgrInfo* cmp) {
  auto& cache = catalog::Syscache();
  auto opclass = cache.DefaultOpclass(catalog::kBtreeAmOid, type);
  if (opclass) {
    for (const auto& proc : cache.AmprocsOfFamily(opclass->opcfamily)) {
      if (proc.amprocnum == 1 && proc.amproclefttype == opclass->opcintype &&
          proc.amprocrighttype == opclass->opcintype) {
        FmgrInfoForFunction(proc.amproc, cmp);
        return;
      }
    }
  }
  auto t = cache.TypeByOid(type);
  throw MakeError(errcode::kUndefinedFunction,
                  "could not identify a comparison function for type {}",
                  t ? t->typname : std::to_string(type));
}

void HashFunctionForType(Oid type, FmgrInfo* hash) {
  auto& cache = catalog::Syscache();
  auto opclass = cache.DefaultOpclass(catalog::kHashAmOid, type);
  if (opclass) {
    for (const auto& proc : cache.AmprocsOfFamily(opclass->opcfamily)) {
      if (proc.amprocnum == 1 && proc.amproclefttype == opclass->opcintype) {
        FmgrInfoForFunction(proc.amproc, hash);
        return;
      }
    }
  }
  auto t = cache.TypeByOid(type);
  throw MakeError(errcode::kUndefinedFunction, "could not identify a hash function for type {}",
                  t ? t->typname : std::to_string(type));
}

void HashFunctionForEqOp(Oid eqop, FmgrInfo* hash) {
  auto& cache = catalog::Syscache();
  for (const auto& amop : cache.AmopsByOperator(eqop)) {
    if (amop.amopmethod != catalog::kHashAmOid) continue;
    for (const auto& proc : cache.AmprocsOfFamily(amop.amopfamily)) {
      if (proc.amprocnum == 1 && proc.amproclefttype == amop.amoplefttype) {
        FmgrInfoForFunction(proc.amproc, hash);
        return;
      }
    }
  }
  throw MakeError(errcode::kUndefinedFunction, "could not identify a hash function for operator {}",
                  eqop);
}

}  // namespace hyrax::executor

namespace hyrax::executor {

void HashFunctionsForEqOp(Oid eqop, FmgrInfo* lhs, FmgrInfo* rhs) {
  auto& cache = catalog::Syscache();
  for (const auto& amop : cache.AmopsByOperator(eqop)) {
    if (amop.amopmethod != catalog::kHashAmOid) continue;
    bool have_l = false, have_r = false;
    for (const auto& proc : cache.AmprocsOfFamily(amop.amopfamily)) {
      if (proc.amprocnum != 1) continue;
      if (!have_l && proc.amproclefttype == amop.amoplefttype) {
        FmgrInfoForFunction(proc.amproc, lhs);
        have_l = true;
      }
      if (!have_r && proc.amproclefttype == amop.amoprighttype) {
        FmgrInfoForFunction(proc.amproc, rhs);
        have_r = true;
      }
    }
    if (have_l && have_r) return;
  }
  throw MakeError(errcode::kUndefinedFunction, "could not find hash function for hash operator {}",
                  eqop);
}

}  // namespace hyrax::executor
