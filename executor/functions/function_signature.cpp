// Function signatures as psql's \df shows them (PostgreSQL's pg_get_function_arguments,
// pg_get_function_identity_arguments and pg_get_function_result): argument modes, names,
// types and defaults from pg_proc, result types with SETOF and TABLE(...).
#include <string>

#include "common/error.h"
#include "executor/deparse/deparse_expr.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
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
    defaults = nodes::ReadPgNodeTreeList(*proc.proargdefaults);
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
  std::string table = FormatArguments(*proc, true, false, false);
  if (!table.empty()) return TextDatum("TABLE(" + table + ")");
  return TextDatum((proc->proretset ? "SETOF " : "") + FormatTypeName(proc->prorettype));
}

const BuiltinFunction kFunctionSignatureBuiltins[] = {
    {"pg_get_function_arguments", PgGetFunctionArguments, 1},
    {"pg_get_function_identity_arguments", PgGetFunctionIdentityArguments, 1},
    {"pg_get_function_result", PgGetFunctionResult, 1},
};

}  // namespace

std::span<const BuiltinFunction> FunctionSignatureBuiltins() {
  return kFunctionSignatureBuiltins;
}

}  // namespace hyrax::executor
