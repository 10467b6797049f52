// FmgrInfoForOid: binding pg_proc rows to built-ins (see fmgr_catalog.h).
#include "executor/functions/fmgr_catalog.h"

#include "common/error.h"
#include "executor/functions/builtin_registry.h"
#include "executor/functions/sql_function.h"
#include "executor/plpgsql/plpgsql_call.h"
#include "executor/types/format_type.h"
#include "executor/types/quote_ident.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

constexpr Oid kInternalLanguage = 12;
constexpr Oid kSqlLanguage = 14;

std::string FormatSignature(const catalog::PgProc& proc) {
  std::string text = QuoteIdentifier(proc.proname) + "(";
  for (size_t i = 0; i < proc.proargtypes.size(); ++i) {
    if (i > 0) text += ",";
    text += FormatTypeName(proc.proargtypes[i]);
  }
  return text + ")";
}

}  // namespace

std::string FormatProcedure(Oid fn_oid) {
  std::optional<catalog::PgProc> proc = catalog::Syscache().ProcByOid(fn_oid);
  return proc ? FormatSignature(*proc) : std::to_string(fn_oid);
}

void FmgrInfoForOid(Oid fn_oid, FmgrInfo* flinfo, MemoryContext* mcxt) {
  std::optional<catalog::PgProc> proc = catalog::Syscache().ProcByOid(fn_oid);
  if (!proc) {
    throw MakeError(errcode::kInternalError, "cache lookup failed for function {}", fn_oid);
  }
  // Internal functions by prosrc; a few SQL-language ones of pg_proc (prolang 14) have a
  // native implementation registered under their exact SQL body (session_info.cpp).
  const BuiltinFunction* builtin =
      proc->prolang == kInternalLanguage || proc->prolang == kSqlLanguage
          ? FindBuiltin(proc->prosrc)
          : nullptr;
  // User LANGUAGE sql functions run their body (sql_function.h); built-in SQL-language
  // functions without a native implementation stay 0A000.
  bool sql_body =
      builtin == nullptr && proc->prolang == kSqlLanguage && fn_oid >= kFirstNormalObjectId;
  bool plpgsql_body = proc->prolang == plpgsql::kPlpgsqlLanguageOid;
  if (builtin == nullptr && !sql_body && !plpgsql_body) {
    throw MakeError(errcode::kFeatureNotSupported, "function {} is not implemented in Hyrax",
                    FormatSignature(*proc));
  }
  *flinfo = FmgrInfo();
  flinfo->fn_addr = plpgsql_body ? plpgsql::PlpgsqlFunctionCall
                    : sql_body   ? SqlFunctionCall
                                 : builtin->fn;
  flinfo->fn_oid = fn_oid;
  flinfo->fn_nargs = proc->pronargs;
  flinfo->fn_strict = proc->proisstrict;
  flinfo->fn_retset = proc->proretset;
  flinfo->fn_name = plpgsql_body ? "plpgsql" : sql_body ? "sql" : builtin->prosrc;
  flinfo->fn_mcxt = mcxt;
  flinfo->fn_argtypes = proc->proargtypes;
  flinfo->fn_rettype = proc->prorettype;
}

}  // namespace hyrax::executor
