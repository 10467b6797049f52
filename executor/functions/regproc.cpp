// regproc, regprocedure, regoper, regoperator: OID-valued aliases whose text form is the
// function or operator name (with argument types for the *-edure/-ator variants). Input
// accepts a numeric OID, "-" (0) or a name resolved through the SysCache; output prints the
// name, qualified when PostgreSQL would (the name alone is not unique), or the number for an
// unknown OID. See README.md "Object identifiers".
#include <cstring>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/catalog_names.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/fmgr_catalog.h"
#include "executor/types/format_type.h"
#include "executor/types/int_io.h"
#include "executor/types/qualified_name.h"
#include "executor/types/quote_ident.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

using catalog::PgOperator;
using catalog::PgProc;

// A name that is all digits is an OID (PostgreSQL's check in every reg*in function).
bool IsNumericOid(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string NamespaceName(Oid ns) {
  auto n = catalog::Syscache().NamespaceByOid(ns);
  return n ? n->nspname : std::to_string(ns);
}

// Functions called `parts` (optionally schema-qualified) in visible namespaces.
std::vector<PgProc> FindProcs(const std::vector<std::string>& parts) {
  std::vector<PgProc> found;
  const std::string& name = parts.back();
  std::optional<Oid> schema;
  if (parts.size() == 2) {
    auto ns = catalog::Syscache().NamespaceByName(parts[0]);
    if (!ns) throw MakeError(errcode::kUndefinedSchema, "schema \"{}\" does not exist", parts[0]);
    schema = ns->oid;
  } else if (parts.size() > 2) {
    throw Error(errcode::kInvalidName, "invalid name syntax");
  }
  for (const PgProc& p : catalog::Syscache().ProcsByName(name)) {
    if (schema ? p.pronamespace == *schema : IsVisibleNamespace(p.pronamespace)) {
      found.push_back(p);
    }
  }
  return found;
}

std::vector<Oid> ArgTypeOids(const std::vector<std::string>& args) {
  std::vector<Oid> oids;
  for (const std::string& a : args) oids.push_back(*LookupTypeName(a, false));
  return oids;
}

// regprocin/to_regproc share this; returns nullopt when not found and `missing_ok`.
std::optional<Oid> RegprocLookup(std::string_view text, bool missing_ok) {
  if (text == "-") return kInvalidOid;
  if (IsNumericOid(text)) return ParseUInt32(text, "oid");
  std::vector<PgProc> procs = FindProcs(ParseQualifiedName(text));
  if (procs.empty()) {
    if (missing_ok) return std::nullopt;
    throw MakeError(errcode::kUndefinedFunction, "function \"{}\" does not exist", text);
  }
  if (procs.size() > 1) {
    if (missing_ok) return std::nullopt;
    throw MakeError(errcode::kAmbiguousFunction, "more than one function named \"{}\"", text);
  }
  return procs[0].oid;
}

std::optional<Oid> RegprocedureLookup(std::string_view text, bool missing_ok) {
  if (text == "-") return kInvalidOid;
  if (IsNumericOid(text)) return ParseUInt32(text, "oid");
  std::string name;
  std::vector<std::string> args;
  SplitNameAndArgs(text, &name, &args);
  std::vector<Oid> argtypes = ArgTypeOids(args);
  for (const PgProc& p : FindProcs(ParseQualifiedName(name))) {
    if (p.proargtypes == argtypes) return p.oid;
  }
  if (missing_ok) return std::nullopt;
  throw MakeError(errcode::kUndefinedFunction, "function \"{}\" does not exist", text);
}

std::vector<PgOperator> FindOperators(std::string_view text) {
  std::string name(text);
  std::optional<Oid> schema;
  if (size_t dot = name.find('.');
      dot != std::string::npos && dot > 0 && std::isalpha(static_cast<unsigned char>(name[0]))) {
    auto ns = catalog::Syscache().NamespaceByName(DowncaseIdentifier(name.substr(0, dot)));
    if (ns) schema = ns->oid;
    name = name.substr(dot + 1);
  }
  std::vector<PgOperator> found;
  for (const PgOperator& o : catalog::Syscache().OperatorsByName(name)) {
    if (schema ? o.oprnamespace == *schema : IsVisibleNamespace(o.oprnamespace)) found.push_back(o);
  }
  return found;
}

std::optional<Oid> RegoperLookup(std::string_view text, bool missing_ok) {
  if (text == "0") return kInvalidOid;
  if (IsNumericOid(text)) return ParseUInt32(text, "oid");
  std::vector<PgOperator> ops = FindOperators(text);
  if (ops.empty()) {
    if (missing_ok) return std::nullopt;
    throw MakeError(errcode::kUndefinedFunction, "operator does not exist: {}", text);
  }
  if (ops.size() > 1) {
    if (missing_ok) return std::nullopt;
    throw MakeError(errcode::kAmbiguousFunction, "more than one operator named {}", text);
  }
  return ops[0].oid;
}

std::optional<Oid> RegoperatorLookup(std::string_view text, bool missing_ok) {
  if (text == "0") return kInvalidOid;
  if (IsNumericOid(text)) return ParseUInt32(text, "oid");
  std::string name;
  std::vector<std::string> args;
  SplitNameAndArgs(text, &name, &args);
  if (args.size() != 2) {
    if (args.size() == 1) {
      throw Error(errcode::kUndefinedParameter, "missing argument")
          .Hint("Use NONE to denote the missing argument of a unary operator.");
    }
    throw Error(errcode::kTooManyArguments, "too many arguments")
        .Hint("Provide two argument types for operator.");
  }
  Oid left = DowncaseIdentifier(args[0]) == "none" ? kInvalidOid : *LookupTypeName(args[0], false);
  Oid right = DowncaseIdentifier(args[1]) == "none" ? kInvalidOid : *LookupTypeName(args[1], false);
  for (const PgOperator& o : FindOperators(name)) {
    if (o.oprleft == left && o.oprright == right) return o.oid;
  }
  if (missing_ok) return std::nullopt;
  throw MakeError(errcode::kUndefinedFunction, "operator does not exist: {}", text);
}

Datum RegprocIn(FunctionCallInfo* f) {
  return ObjectIdGetDatum(*RegprocLookup(f->ArgCString(0), false));
}
Datum RegprocedureIn(FunctionCallInfo* f) {
  return ObjectIdGetDatum(*RegprocedureLookup(f->ArgCString(0), false));
}
Datum RegoperIn(FunctionCallInfo* f) {
  return ObjectIdGetDatum(*RegoperLookup(f->ArgCString(0), false));
}
Datum RegoperatorIn(FunctionCallInfo* f) {
  return ObjectIdGetDatum(*RegoperatorLookup(f->ArgCString(0), false));
}

// to_reg*: NULL instead of an error when the object does not exist.
template <std::optional<Oid> (*kLookup)(std::string_view, bool)>
Datum ToReg(FunctionCallInfo* f) {
  std::optional<Oid> oid = kLookup(f->ArgText(0), true);
  return oid ? ObjectIdGetDatum(*oid) : f->ReturnNull();
}

Datum RegprocOut(FunctionCallInfo* f) {
  Oid oid = f->ArgOid(0);
  if (oid == kInvalidOid) return CStringDatum("-");
  std::optional<PgProc> proc = catalog::Syscache().ProcByOid(oid);
  if (!proc) return CStringDatum(std::to_string(oid));
  std::vector<PgProc> same_name = FindProcs({proc->proname});
  bool unique = same_name.size() == 1 && same_name[0].oid == oid;
  return CStringDatum(
      QuoteQualifiedIdentifier(unique ? "" : NamespaceName(proc->pronamespace), proc->proname));
}

Datum RegprocedureOut(FunctionCallInfo* f) {
  Oid oid = f->ArgOid(0);
  if (oid == kInvalidOid) return CStringDatum("-");
  return CStringDatum(FormatProcedure(oid));
}

Datum RegoperOut(FunctionCallInfo* f) {
  Oid oid = f->ArgOid(0);
  if (oid == kInvalidOid) return CStringDatum("0");
  std::optional<PgOperator> op = catalog::Syscache().OperatorByOid(oid);
  if (!op) return CStringDatum(std::to_string(oid));
  std::vector<PgOperator> same_name = FindOperators(op->oprname);
  bool unique = same_name.size() == 1 && same_name[0].oid == oid;
  return CStringDatum(unique ? op->oprname : NamespaceName(op->oprnamespace) + "." + op->oprname);
}

Datum RegoperatorOut(FunctionCallInfo* f) {
  Oid oid = f->ArgOid(0);
  if (oid == kInvalidOid) return CStringDatum("0");
  std::optional<PgOperator> op = catalog::Syscache().OperatorByOid(oid);
  if (!op) return CStringDatum(std::to_string(oid));
  std::string prefix = IsVisibleNamespace(op->oprnamespace)
                           ? ""
                           : QuoteIdentifier(NamespaceName(op->oprnamespace)) + ".";
  std::string left = op->oprleft == kInvalidOid ? "NONE" : FormatTypeName(op->oprleft);
  std::string right = op->oprright == kInvalidOid ? "NONE" : FormatTypeName(op->oprright);
  return CStringDatum(prefix + op->oprname + "(" + left + "," + right + ")");
}

const BuiltinFunction kRegprocBuiltins[] = {
    {"regprocin", RegprocIn, 1},
    {"regprocout", RegprocOut, 1},
    {"regprocedurein", RegprocedureIn, 1},
    {"regprocedureout", RegprocedureOut, 1},
    {"regoperin", RegoperIn, 1},
    {"regoperout", RegoperOut, 1},
    {"regoperatorin", RegoperatorIn, 1},
    {"regoperatorout", RegoperatorOut, 1},
    {"to_regproc", ToReg<RegprocLookup>, 1},
    {"to_regprocedure", ToReg<RegprocedureLookup>, 1},
    {"to_regoper", ToReg<RegoperLookup>, 1},
    {"to_regoperator", ToReg<RegoperatorLookup>, 1},
};

}  // namespace

std::span<const BuiltinFunction> RegprocBuiltins() {
  return kRegprocBuiltins;
}

}  // namespace hyrax::executor
