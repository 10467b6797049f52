// CREATE [OR REPLACE] FUNCTION (PostgreSQL's CreateFunction and interpret_function_parameter_list
// in functioncmds.c): the name's schema, the parameters (modes, names, types, defaults), the
// result type (RETURNS, SETOF, TABLE, OUT parameters), the options and the body, which is
// analyzed here when check_function_bodies is on (as PostgreSQL's SQL validator). LANGUAGE sql
// and plpgsql (whose body is only parsed here) are supported; the stored row is built by
// executor/commands/function_commands.
#include <algorithm>

#include "common/guc/guc.h"
#include "nodes/function_refs.h"
#include "nodes/serialize.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/def_elem.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/sql_function_body.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_names.h"
#include "parser/analyze/type_oids.h"
#include "parser/raw/plpgsql_parse.h"
#include "parser/raw/sql_body_text.h"
#include "storage/catalog/namespace.h"

namespace hyrax::parser {

namespace {

constexpr Oid kSqlLanguage = 14;
constexpr Oid kInternalLanguage = 12;
constexpr Oid kPlpgsqlLanguage = 13563;  // pg_language.oid of plpgsql, as in PostgreSQL 15

[[noreturn]] void ThrowDefinition(std::string message) {
  throw Error(errcode::kInvalidFunctionDefinition, std::move(message));
}

// The options of CREATE FUNCTION, each given at most once (42601 otherwise).
struct FunctionOptions {
  const PgQuery__DefElem* as = nullptr;
  const PgQuery__DefElem* language = nullptr;
  const PgQuery__DefElem* volatility = nullptr;
  const PgQuery__DefElem* strict = nullptr;
  const PgQuery__DefElem* parallel = nullptr;
  const PgQuery__DefElem* cost = nullptr;
  const PgQuery__DefElem* rows = nullptr;
};

FunctionOptions ReadOptions(ParseState& ps, raw::NodeSpan options) {
  FunctionOptions out;
  for (const raw::Node* n : options) {
    const PgQuery__DefElem* def = n->def_elem;
    std::string name = DefName(def);
    const PgQuery__DefElem** slot = name == "as"           ? &out.as
                                    : name == "language"   ? &out.language
                                    : name == "volatility" ? &out.volatility
                                    : name == "strict"     ? &out.strict
                                    : name == "parallel"   ? &out.parallel
                                    : name == "cost"       ? &out.cost
                                    : name == "rows"       ? &out.rows
                                                           : nullptr;
    if (name == "window" || name == "set" || name == "support") {
      throw MakeError(errcode::kFeatureNotSupported, "CREATE FUNCTION ... {} is not supported yet",
                      name == "window" ? "WINDOW"
                      : name == "set"  ? "SET"
                                       : "SUPPORT");
    }
    if (slot == nullptr) continue;  // SECURITY DEFINER, LEAKPROOF: accepted, no effect
    if (*slot != nullptr) {
      ThrowAt(ps, Error(errcode::kSyntaxError, "conflicting or redundant options"), def->location);
    }
    *slot = def;
  }
  return out;
}

void ApplyOptions(ParseState& ps, const FunctionOptions& options, nodes::ProcDefinition& proc) {
  if (options.volatility) {
    std::string v = DefGetString(ps, options.volatility);
    proc.volatility = v == "immutable" ? 'i' : v == "stable" ? 's' : 'v';
  }
  if (options.strict) proc.strict = DefGetBoolean(ps, options.strict);
  if (options.parallel) {
    std::string p = DefGetString(ps, options.parallel);
    if (p != "safe" && p != "restricted" && p != "unsafe") {
      throw MakeError(errcode::kSyntaxError,
                      "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE");
    }
    proc.parallel = p[0];
  }
  if (options.cost) {
    proc.cost = std::stof(DefGetString(ps, options.cost));
    if (proc.cost <= 0) throw Error(errcode::kInvalidParameterValue, "COST must be positive");
  }
  if (options.rows) {
    proc.rows = std::stof(DefGetString(ps, options.rows));
    if (proc.rows <= 0) throw Error(errcode::kInvalidParameterValue, "ROWS must be positive");
    if (!proc.retset) {
      throw Error(errcode::kInvalidParameterValue,
                  "ROWS is not applicable when function does not return a set");
    }
  } else if (proc.retset) {
    proc.rows = 1000;
  }
}

// Language name -> pg_language OID; 0A000 for the languages Hyrax cannot run.
Oid ResolveLanguage(const std::string& language) {
  if (language == "sql") return kSqlLanguage;
  if (language == "internal") return kInternalLanguage;
  if (language == "plpgsql") return kPlpgsqlLanguage;
  if (language == "c") {
    throw MakeError(errcode::kFeatureNotSupported,
                    "functions in language \"{}\" are not supported yet", language);
  }
  throw MakeError(errcode::kUndefinedObject, "language \"{}\" does not exist", language);
}

// The parameter list (PostgreSQL's interpret_function_parameter_list).
void ReadParameters(ParseState& ps, raw::NodeSpan parameters, nodes::ProcDefinition& proc,
                    ExprList* defaults) {
  bool any_out = false, any_named = false, have_defaults = false;
  std::vector<Oid> all_types;
  std::vector<char> modes;
  std::vector<std::string> names;
  for (const raw::Node* n : parameters) {
    const PgQuery__FunctionParameter* fp = n->function_parameter;
    TypeWithMod type = TypenameTypeIdAndMod(ps, fp->arg_type);
    char mode = 'i';
    switch (fp->mode) {
      case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
        mode = 'o';
        break;
      case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT:
        mode = 'b';
        break;
      case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC:
        mode = 'v';
        break;
      case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE:
        mode = 't';
        break;
      default:
        break;
    }
    bool is_input = mode == 'i' || mode == 'b' || mode == 'v';
    if (!is_input) any_out = true;
    if (mode == 'v') {
      proc.variadic_type = type.type == kAnyOid                  ? kAnyOid
                           : type.type == kAnyArrayOid           ? kAnyElementOid
                           : type.type == kAnyCompatibleArrayOid ? kAnyCompatibleOid
                                                                 : ElementTypeOf(type.type);
      if (proc.variadic_type == kInvalidOid) ThrowDefinition("VARIADIC parameter must be an array");
    } else if (is_input && proc.variadic_type != kInvalidOid) {
      ThrowDefinition("VARIADIC parameter must be the last input parameter");
    }
    std::string name(raw::Str(fp->name));
    if (!name.empty()) {
      any_named = true;
      for (size_t i = 0; i < names.size(); ++i) {
        bool other_is_input = modes[i] == 'i' || modes[i] == 'b' || modes[i] == 'v';
        if (names[i] == name && (is_input == other_is_input || mode == 'b' || modes[i] == 'b')) {
          throw MakeError(errcode::kInvalidFunctionDefinition,
                          "parameter name \"{}\" used more than once", name);
        }
      }
    }
    if (fp->defexpr != nullptr) {
      if (!is_input) ThrowDefinition("only input parameters can have default values");
      ExprPtr expr = TransformExpr(ps, fp->defexpr, ExprKind::kFunctionDefault);
      ExprPtr coerced =
          CoerceToTargetType(ps, expr, expr->result_type, type.type, type.typmod,
                             CoercionContext::kAssignment, nodes::CoercionForm::kImplicitCast, -1);
      if (!coerced) {
        throw MakeError(errcode::kDatatypeMismatch,
                        "argument of DEFAULT must be type {}, not type {}", FormatTypeBe(type.type),
                        FormatTypeBe(expr->result_type));
      }
      defaults->push_back(std::move(coerced));
      have_defaults = true;
    } else if (is_input && have_defaults) {
      ThrowDefinition("input parameters after one with a default value must also have defaults");
    }
    if (is_input) proc.argtypes.push_back(type.type);
    all_types.push_back(type.type);
    modes.push_back(mode);
    names.push_back(name);
  }
  if (any_out || proc.variadic_type != kInvalidOid) {
    proc.allargtypes = all_types;
    proc.argmodes = modes;
  }
  if (any_named) proc.argnames = names;
  proc.nargdefaults = static_cast<int16_t>(defaults->size());
}

// The result type from RETURNS and the OUT parameters (PostgreSQL's compute_return_type and
// the OUT-parameter rules of CreateFunction).
void ResolveReturnType(ParseState& ps, const PgQuery__CreateFunctionStmt* s,
                       nodes::ProcDefinition& proc) {
  std::vector<Oid> out_types;
  for (size_t i = 0; i < proc.argmodes.size(); ++i) {
    if (proc.argmodes[i] == 'o' || proc.argmodes[i] == 'b' || proc.argmodes[i] == 't') {
      out_types.push_back(proc.allargtypes[i]);
    }
  }
  Oid out_result = out_types.empty()       ? kInvalidOid
                   : out_types.size() == 1 ? out_types[0]
                                           : kRecordOid;
  if (s->return_type != nullptr) {
    proc.rettype = TypenameTypeIdAndMod(ps, s->return_type).type;
    proc.retset = s->return_type->setof;
    if (out_result != kInvalidOid && out_result != proc.rettype) {
      throw MakeError(errcode::kInvalidFunctionDefinition,
                      "function result type must be {} because of OUT parameters",
                      FormatTypeBe(out_result));
    }
  } else if (out_result != kInvalidOid) {
    proc.rettype = out_result;
  } else {
    ThrowDefinition("function result type must be specified");
  }
  if (IsComplexType(proc.rettype)) {
    throw Error(errcode::kFeatureNotSupported,
                "functions returning composite types or records are not supported yet");
  }
}

bool HasPolymorphicArgument(const nodes::ProcDefinition& proc) {
  return std::any_of(proc.argtypes.begin(), proc.argtypes.end(), IsPolymorphicType);
}

std::string_view StatementText(const ParseState& ps) {
  if (!ps.source) return {};
  std::string_view text(*ps.source);
  text = text.substr(std::min<size_t>(ps.stmt_location, text.size()));
  if (ps.stmt_len > 0) text = text.substr(0, ps.stmt_len);
  return text;
}

}  // namespace

nodes::UtilityStmtPtr TransformCreateFunctionStmt(ParseState& ps,
                                                  const PgQuery__CreateFunctionStmt* s) {
  auto stmt = std::make_shared<nodes::CreateFunctionStmt>();
  stmt->replace = s->replace;
  nodes::ProcDefinition& proc = stmt->proc;
  std::vector<std::string> names = raw::StringList(raw::Span(s->n_funcname, s->funcname));
  catalog::QualifiedName qname = catalog::MakeQualifiedName(names);
  char persistence = 'p';
  proc.name = qname.name;
  proc.namespace_oid = catalog::RangeVarGetCreationNamespace(qname, &persistence);
  FunctionOptions options = ReadOptions(ps, raw::Span(s->n_options, s->options));
  if (options.language) {
    proc.language = ResolveLanguage(DefGetString(ps, options.language));
  } else if (s->sql_body == nullptr) {
    throw Error(errcode::kInvalidFunctionDefinition, "no language specified");
  }
  ExprList defaults;
  ReadParameters(ps, raw::Span(s->n_parameters, s->parameters), proc, &defaults);
  ResolveReturnType(ps, s, proc);
  ApplyOptions(ps, options, proc);
  if (!defaults.empty()) proc.argdefaults = nodes::NodeListToString(defaults);

  bool sql_standard_body = s->sql_body != nullptr;
  if (sql_standard_body && options.as) ThrowDefinition("duplicate function body specified");
  if (sql_standard_body) {
    if (proc.language != kSqlLanguage) {
      ThrowDefinition("inline SQL function body only valid for language SQL");
    }
    std::optional<std::string> body = raw::SqlStandardBodyText(StatementText(ps));
    if (!body) throw Error(errcode::kInternalError, "could not find the SQL function body");
    proc.sqlbody = *body;
  } else if (options.as) {
    raw::Node* arg = options.as->arg;
    raw::NodeSpan parts =
        raw::Is(arg, PG_QUERY__NODE__NODE_LIST) ? raw::ListItems(arg) : raw::NodeSpan(1, &arg);
    if (parts.size() > 1) {
      throw MakeError(errcode::kInvalidFunctionDefinition,
                      "only one AS item needed for language \"{}\"",
                      proc.language == kSqlLanguage       ? "sql"
                      : proc.language == kPlpgsqlLanguage ? "plpgsql"
                                                          : "internal");
    }
    proc.prosrc = std::string(raw::StrVal(parts[0]));
  } else {
    ThrowDefinition("no function body specified");
  }

  if (proc.language == kInternalLanguage) return stmt;
  if (proc.language == kPlpgsqlLanguage) {
    // PostgreSQL's plpgsql_validator: the body must parse (42601); names in it are resolved
    // only when it runs.
    if (guc::GetConfigOption("check_function_bodies").value_or("on") == "on") {
      raw::ParsePlpgsqlFunction(StatementText(ps));
    }
    return stmt;
  }
  bool check =
      sql_standard_body || guc::GetConfigOption("check_function_bodies").value_or("on") == "on";
  if (check && !HasPolymorphicArgument(proc)) {
    SqlFunctionSignature signature{proc.name, proc.argtypes,
                                   InputParameterNames(proc.argnames, proc.argmodes), proc.rettype,
                                   proc.retset};
    std::vector<nodes::QueryPtr> queries = AnalyzeSqlFunctionBody(
        signature, proc.sqlbody.value_or(proc.prosrc), ps.hooks->lock_relation);
    if (sql_standard_body) {
      for (const auto& q : queries) {
        std::vector<Oid> called = nodes::UserFunctionsCalled(*q);
        proc.referenced_functions.insert(proc.referenced_functions.end(), called.begin(),
                                         called.end());
      }
    }
  }
  for (const auto& d : defaults) {
    std::vector<Oid> called = nodes::UserFunctionsCalled(d);
    proc.referenced_functions.insert(proc.referenced_functions.end(), called.begin(), called.end());
  }
  return stmt;
}

}  // namespace hyrax::parser
