// regtype, regclass, regrole, regnamespace, regcollation (and regconfig/regdictionary, which
// only take numeric OIDs here): input by name or OID, output by name through the SysCache,
// the to_reg* variants, and the binary I/O shared by every reg* type (an OID).
// See README.md "Object identifiers".
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/catalog_names.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/format_type.h"
#include "executor/types/int_io.h"
#include "executor/types/qualified_name.h"
#include "executor/types/quote_ident.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

bool IsNumericOid(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string NamespaceName(Oid ns) {
  auto n = catalog::Syscache().NamespaceByOid(ns);
  return n ? n->nspname : std::to_string(ns);
}

std::optional<Oid> RegtypeLookup(std::string_view text, bool missing_ok) {
  if (text == "-") return kInvalidOid;
  if (IsNumericOid(text)) return ParseUInt32(text, "oid");
  return LookupTypeName(text, missing_ok);
}

std::optional<Oid> RegclassLookup(std::string_view text, bool missing_ok) {
  if (text == "-") return kInvalidOid;
  if (IsNumericOid(text)) return ParseUInt32(text, "oid");
  std::vector<std::string> parts = ParseQualifiedName(text);
  if (parts.size() > 3) {
    throw MakeError(errcode::kSyntaxError, "improper relation name (too many dotted names): {}",
                    text);
  }
  const std::string& name = parts.back();
  std::vector<Oid> namespaces;
  if (parts.size() >= 2) {
    auto ns = catalog::Syscache().NamespaceByName(parts[parts.size() - 2]);
    if (!ns) {
      if (missing_ok) return std::nullopt;
      throw MakeError(errcode::kUndefinedSchema, "schema \"{}\" does not exist",
                      parts[parts.size() - 2]);
    }
    namespaces.push_back(ns->oid);
  } else {
    namespaces = SearchPathNamespaces();
  }
  for (Oid ns : namespaces) {
    if (auto rel = catalog::Syscache().RelationByName(name, ns)) return rel->oid;
  }
  if (missing_ok) return std::nullopt;
  std::string shown = parts.size() >= 2 ? parts[parts.size() - 2] + "." + name : name;
  throw MakeError(errcode::kUndefinedTable, "relation \"{}\" does not exist", shown);
}

std::optional<Oid> RegroleLookup(std::string_view text, bool missing_ok) {
  if (IsNumericOid(text)) return ParseUInt32(text, "oid");
  if (text == "-") return kInvalidOid;
  std::vector<std::string> parts = ParseQualifiedName(text);
  if (parts.size() != 1) throw Error(errcode::kInvalidName, "invalid name syntax");
  if (auto role = catalog::Syscache().RoleByName(parts[0])) return role->oid;
  if (missing_ok) return std::nullopt;
  throw MakeError(errcode::kUndefinedObject, "role \"{}\" does not exist", parts[0]);
}

std::optional<Oid> RegnamespaceLookup(std::string_view text, bool missing_ok) {
  if (IsNumericOid(text)) return ParseUInt32(text, "oid");
  if (text == "-") return kInvalidOid;
  std::vector<std::string> parts = ParseQualifiedName(text);
  if (parts.size() != 1) throw Error(errcode::kInvalidName, "invalid name syntax");
  if (auto ns = catalog::Syscache().NamespaceByName(parts[0])) return ns->oid;
  if (missing_ok) return std::nullopt;
  throw MakeError(errcode::kUndefinedSchema, "schema \"{}\" does not exist", parts[0]);
}

std::optional<Oid> RegcollationLookup(std::string_view text, bool missing_ok) {
  if (text == "-") return kInvalidOid;
  if (IsNumericOid(text)) return ParseUInt32(text, "oid");
  std::vector<std::string> parts = ParseQualifiedName(text);
  std::vector<Oid> namespaces = SearchPathNamespaces();
  if (parts.size() == 2) {
    auto ns = catalog::Syscache().NamespaceByName(parts[0]);
    namespaces = ns ? std::vector<Oid>{ns->oid} : std::vector<Oid>{};
  }
  for (Oid ns : namespaces) {
    if (auto c = catalog::Syscache().CollationByName(parts.back(), ns)) return c->oid;
  }
  if (missing_ok) return std::nullopt;
  throw MakeError(errcode::kUndefinedObject,
                  "collation \"{}\" for encoding \"UTF8\" does not exist", parts.back());
}

template <std::optional<Oid> (*kLookup)(std::string_view, bool)>
Datum RegIn(FunctionCallInfo* f) {
  return ObjectIdGetDatum(*kLookup(f->ArgCString(0), false));
}
template <std::optional<Oid> (*kLookup)(std::string_view, bool)>
Datum ToReg(FunctionCallInfo* f) {
  std::optional<Oid> oid = kLookup(f->ArgText(0), true);
  return oid ? ObjectIdGetDatum(*oid) : f->ReturnNull();
}
Datum TextRegclass(FunctionCallInfo* f) {
  return ObjectIdGetDatum(*RegclassLookup(f->ArgText(0), false));
}

Datum RegtypeOut(FunctionCallInfo* f) {
  Oid oid = f->ArgOid(0);
  if (oid == kInvalidOid) return CStringDatum("-");
  if (!catalog::Syscache().TypeByOid(oid)) return CStringDatum(std::to_string(oid));
  return CStringDatum(FormatTypeName(oid));
}

Datum RegclassOut(FunctionCallInfo* f) {
  Oid oid = f->ArgOid(0);
  if (oid == kInvalidOid) return CStringDatum("-");
  auto rel = catalog::Syscache().RelationByOid(oid);
  if (!rel) return CStringDatum(std::to_string(oid));
  std::string schema = catalog::RelationIsVisible(rel->oid) ? "" : NamespaceName(rel->relnamespace);
  return CStringDatum(QuoteQualifiedIdentifier(schema, rel->relname));
}

Datum RegroleOut(FunctionCallInfo* f) {
  Oid oid = f->ArgOid(0);
  if (oid == kInvalidOid) return CStringDatum("-");
  auto role = catalog::Syscache().RoleByOid(oid);
  return CStringDatum(role ? QuoteIdentifier(role->rolname) : std::to_string(oid));
}

Datum RegnamespaceOut(FunctionCallInfo* f) {
  Oid oid = f->ArgOid(0);
  if (oid == kInvalidOid) return CStringDatum("-");
  auto ns = catalog::Syscache().NamespaceByOid(oid);
  return CStringDatum(ns ? QuoteIdentifier(ns->nspname) : std::to_string(oid));
}

Datum RegcollationOut(FunctionCallInfo* f) {
  Oid oid = f->ArgOid(0);
  if (oid == kInvalidOid) return CStringDatum("-");
  auto coll = catalog::Syscache().CollationByOid(oid);
  if (!coll) return CStringDatum(std::to_string(oid));
  std::string schema =
      IsVisibleNamespace(coll->collnamespace) ? "" : NamespaceName(coll->collnamespace);
  return CStringDatum(QuoteQualifiedIdentifier(schema, coll->collname));
}

// regconfig / regdictionary: text search objects are not in the SysCache; OIDs only.
Datum NumericOidIn(FunctionCallInfo* f) {
  std::string_view text = f->ArgCString(0);
  if (!IsNumericOid(text)) {
    throw MakeError(errcode::kFeatureNotSupported,
                    "text search object names are not supported: \"{}\"", text);
  }
  return ObjectIdGetDatum(ParseUInt32(text, "oid"));
}
Datum NumericOidOut(FunctionCallInfo* f) {
  Oid oid = f->ArgOid(0);
  return CStringDatum(oid == kInvalidOid ? "-" : std::to_string(oid));
}

Datum OidRecv(FunctionCallInfo* f) {
  return UInt32GetDatum(static_cast<uint32_t>(RecvArg(f, 0)->GetInt32()));
}
Datum OidSend(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutInt32(static_cast<int32_t>(f->ArgOid(0)));
  return buf.Finish();
}

const BuiltinFunction kRegtypeBuiltins[] = {
    {"regtypein", RegIn<RegtypeLookup>, 1},
    {"regtypeout", RegtypeOut, 1},
    {"regclassin", RegIn<RegclassLookup>, 1},
    {"regclassout", RegclassOut, 1},
    {"regrolein", RegIn<RegroleLookup>, 1},
    {"regroleout", RegroleOut, 1},
    {"regnamespacein", RegIn<RegnamespaceLookup>, 1},
    {"regnamespaceout", RegnamespaceOut, 1},
    {"regcollationin", RegIn<RegcollationLookup>, 1},
    {"regcollationout", RegcollationOut, 1},
    {"regconfigin", NumericOidIn, 1},
    {"regconfigout", NumericOidOut, 1},
    {"regdictionaryin", NumericOidIn, 1},
    {"regdictionaryout", NumericOidOut, 1},
    {"to_regtype", ToReg<RegtypeLookup>, 1},
    {"to_regclass", ToReg<RegclassLookup>, 1},
    {"to_regrole", ToReg<RegroleLookup>, 1},
    {"to_regnamespace", ToReg<RegnamespaceLookup>, 1},
    {"to_regcollation", ToReg<RegcollationLookup>, 1},
    {"text_regclass", TextRegclass, 1},
    {"regprocrecv", OidRecv, 1},
    {"regprocsend", OidSend, 1},
    {"regprocedurerecv", OidRecv, 1},
    {"regproceduresend", OidSend, 1},
    {"regoperrecv", OidRecv, 1},
    {"regopersend", OidSend, 1},
    {"regoperatorrecv", OidRecv, 1},
    {"regoperatorsend", OidSend, 1},
    {"regclassrecv", OidRecv, 1},
    {"regclasssend", OidSend, 1},
    {"regtyperecv", OidRecv, 1},
    {"regtypesend", OidSend, 1},
    {"regrolerecv", OidRecv, 1},
    {"regrolesend", OidSend, 1},
    {"regnamespacerecv", OidRecv, 1},
    {"regnamespacesend", OidSend, 1},
    {"regcollationrecv", OidRecv, 1},
    {"regcollationsend", OidSend, 1},
    {"regconfigrecv", OidRecv, 1},
    {"regconfigsend", OidSend, 1},
    {"regdictionaryrecv", OidRecv, 1},
    {"regdictionarysend", OidSend, 1},
};

}  // namespace

std::span<const BuiltinFunction> RegtypeBuiltins() {
  return kRegtypeBuiltins;
}

}  // namespace hyrax::executor
