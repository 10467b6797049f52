// Looking up built-in functions by pg_proc OID (PostgreSQL's fmgr_info): the catalog row says
// which language and prosrc implement the function; internal-language functions are bound
// to the registry entry with that prosrc. Requires an installed SysCache
// (storage/catalog/syscache.h). See executor/functions/README.md "Calling convention".
#pragma once

#include <string>

#include "common/ids.h"
#include "common/memory_context.h"
#include "executor/functions/fmgr.h"

namespace hyrax::executor {

// Fills `flinfo` for pg_proc row `fn_oid`: fn_addr, fn_nargs, fn_strict, fn_retset, fn_name,
// fn_mcxt = `mcxt`; fn_argtypes gets the declared argument types (the expression compiler
// overwrites them with actual types for polymorphic calls).
// Throws XX000 "cache lookup failed for function <oid>" when the row does not exist, and
// 0A000 "function <name>(<argtypes>) is not implemented in Hyrax" when the function is not
// internal-language or its prosrc is not in the built-in registry.
void FmgrInfoForOid(Oid fn_oid, FmgrInfo* flinfo, MemoryContext* mcxt = nullptr);

// "name(type, ...)" for pg_proc row `fn_oid` (PostgreSQL's format_procedure), or the number
// when there is no such row.
std::string FormatProcedure(Oid fn_oid);

}  // namespace hyrax::executor
