// Function signatures as psql's \df shows them (PostgreSQL's pg_get_function_arguments,
// pg_get_function_identity_arguments and pg_get_function_result): argument modes, names,
// types and defaults from pg_proc, result types with SETOF and TABLE(...); and the whole
// definition (pg_get_functiondef).
#include <string>

#include "common/error.h"
#include "executor/deparse/deparse_expr.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/plpgsql/plpgsql_call.h"
#include "executor/types/format_type.h"
#include "executor/types/quote_ident.h"
#include "nodes/pg_node_tree.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

struct ProcArgument {
  char mode = 'i';  // i, o, b (INOUT), v (VARIADIC), t (TABLE column)
  std::string name;
  Oid type = kInvalidOid;
};

std::vector<ProcArgument> ArgumentsOf(const catalog::PgProc& proc) {
  const std::vector<Oid>& types =
      proc.proallargtypes.empty() ? proc.proargtypes : proc.proallargtypes;
  std::vector<ProcArgument> args(types.size());
  for (size_t i = 0; i < types.size(); ++i) {
    args[i].type = types[i];
    if (i < proc.proargmodes.size()) args[i].mode = proc.proargmodes[i];
    if (i < proc.proargnames.size()) args[i].name = proc.proargnames[i];
  }
  return args;
}

bool IsInputMode(char mode) {
  return mode == 'i' || mode == 'b' || mode == 'v';
}

const char* ModePrefix(char mode) {
  switch (mode) {
    case 'o':
      return "OUT ";
    case 'b':
      return "INOUT ";
    case 'v':
      return "VARIADIC ";
    default:
      return "";
  }
}

// "name type" of one argument.
std::string NameAndType(const ProcArgument& arg) {
  std::string text = arg.name.empty() ? "" : QuoteIdentifier(arg.name) + " ";
  return text + FormatTypeName(arg.type);
}

// PostgreSQL's print_function_arguments: `table_args` prints only TABLE columns (for the
// result), otherwise every non-TABLE argument, with defaults when `with_defaults`, and
// without OUT arguments when `identity_only`.
std::string FormatArguments(const catalog::PgProc& proc, bool table_args, bool with_defaults,
                            bool identity_only) {
  nodes::ExprList defaults;
  if (with_defaults && proc.proargdefaults) {
    defaults = nodes::ReadProcArgDefaults(proc.oid, *proc.proargdefaults);
  }
  int ninputs = 0;
  for (const auto& arg : ArgumentsOf(proc)) ninputs += IsInputMode(arg.mode);
  // Defaults belong to the last inputs.
  int first_default = ninputs - static_cast<int>(defaults.size());
  std::string text;
  int input_index = 0;
  for (const auto& arg : ArgumentsOf(proc)) {
    if ((arg.mode == 't') != table_args) continue;
    if (identity_only && arg.mode == 'o') continue;
    if (!text.empty()) text += ", ";
    text += (table_args ? "" : ModePrefix(arg.mode)) + NameAndType(arg);
    if (!IsInputMode(arg.mode)) continue;
    if (input_index >= first_default && !defaults.empty()) {
      DeparseContext context;
      text += " DEFAULT " + DeparseExpr(defaults[input_index - first_default], context);
    }
    ++input_index;
  }
  return text;
}

std::string FormatResult(const catalog::PgProc& proc);

// Calls `format` on the pg_proc row of argument 0, or returns NULL when there is none.
template <typename Format>
Datum WithProc(FunctionCallInfo* f, Format format) {
  auto proc = catalog::Syscache().ProcByOid(f->ArgOid(0));
  if (!proc) return f->ReturnNull();
  return TextDatum(format(*proc));
}

Datum PgGetFunctionArguments(FunctionCallInfo* f) {
  return WithProc(f,
                  [](const catalog::PgProc& p) { return FormatArguments(p, false, true, false); });
}

Datum PgGetFunctionIdentityArguments(FunctionCallInfo* f) {
  return WithProc(f,
                  [](const catalog::PgProc& p) { return FormatArguments(p, false, false, true); });
}

Datum PgGetFunctionResult(FunctionCallInfo* f) {
  auto proc = catalog::Syscache().ProcByOid(f->ArgOid(0));
  if (!proc || proc->prokind == 'p') return f->ReturnNull();  // procedures have no result
  return TextDatum(FormatResult(*proc));
}

std::string FormatResult(const catalog::PgProc& proc) {
  std::string table = FormatArguments(proc, true, false, false);
  if (!table.empty()) return "TABLE(" + table + ")";
  return (proc.proretset ? "SETOF " : "") + FormatTypeName(proc.prorettype);
}

// " IMMUTABLE PARALLEL SAFE STRICT ..." in PostgreSQL's order, or "".
std::string FormatAttributes(const catalog::PgProc& proc) {
  std::string text;
  if (proc.provolatile == 'i') text += " IMMUTABLE";
  if (proc.provolatile == 's') text += " STABLE";
  if (proc.proparallel == 's') text += " PARALLEL SAFE";
  if (proc.proparallel == 'r') text += " PARALLEL RESTRICTED";
  if (proc.proisstrict) text += " STRICT";
  float default_cost = proc.prolang == 12 || proc.prolang == 13 ? 1 : 100;
  if (proc.procost != default_cost) text += fmt::format(" COST {}", proc.procost);
  if (proc.prorows > 0 && proc.prorows != 1000) text += fmt::format(" ROWS {}", proc.prorows);
  return text;
}

// The body: a SQL-standard one as written (its text ends with ';' for BEGIN ATOMIC and is
// "SELECT expr" for RETURN, parser/raw/sql_body_text.h), else AS $function$...$function$.
std::string FormatBody(const catalog::PgProc& proc) {
  if (proc.prosqlbody) {
    const std::string& body = *proc.prosqlbody;
    if (body.empty() || body.back() == ';') return "BEGIN ATOMIC\n " + body + "\nEND";
    return "RETURN " + body.substr(body.rfind("SELECT ", 0) == 0 ? 7 : 0);
  }
  std::string delimiter = "$function";
  while (proc.prosrc.find(delimiter) != std::string::npos) delimiter += 'x';
  delimiter += '$';
  std::string text = "AS ";
  if (proc.probin) text += QuoteLiteral(*proc.probin) + ", ";
  return text + delimiter + proc.prosrc + delimiter;
}

// PostgreSQL's pg_get_functiondef (ruleutils.c), for functions.
Datum PgGetFunctionDef(FunctionCallInfo* f) {
  auto proc = catalog::Syscache().ProcByOid(f->ArgOid(0));
  if (!proc) return f->ReturnNull();
  if (proc->prokind == 'a') {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is an aggregate function", proc->proname);
  }
  auto nsp = catalog::Syscache().NamespaceByOid(proc->pronamespace);
  std::string language = proc->prolang == 12                             ? "internal"
                         : proc->prolang == 13                           ? "c"
                         : proc->prolang == plpgsql::kPlpgsqlLanguageOid ? "plpgsql"
                                                                         : "sql";
  std::string text =
      fmt::format("CREATE OR REPLACE FUNCTION {}({})\n RETURNS {}\n LANGUAGE {}\n",
                  QuoteQualifiedIdentifier(nsp ? nsp->nspname : "", proc->proname),
                  FormatArguments(*proc, false, true, false), FormatResult(*proc), language);
  std::string attributes = FormatAttributes(*proc);
  if (!attributes.empty()) text += attributes + "\n";
  return TextDatum(text + FormatBody(*proc) + "\n");
}

const BuiltinFunction kFunctionSignatureBuiltins[] = {
    {"pg_get_functiondef", PgGetFunctionDef, 1},
    {"pg_get_function_arguments", PgGetFunctionArguments, 1},
    {"pg_get_function_identity_arguments", PgGetFunctionIdentityArguments, 1},
    {"pg_get_function_result", PgGetFunctionResult, 1},
};

}  // namespace

std::span<const BuiltinFunction> FunctionSignatureBuiltins() {
  return kFunctionSignatureBuiltins;
}

}  // namespace hyrax::executor
