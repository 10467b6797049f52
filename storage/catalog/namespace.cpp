// The search path and name lookups (see namespace.h). Follows PostgreSQL's namespace.c:
// recomputeNamespacePath's handling of "$user", pg_catalog and pg_temp, RangeVarGetRelid's
// errors, and the *IsVisible rules.
#include "storage/catalog/namespace.h"

#include <cctype>

#include "common/error.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::catalog {

std::string g_search_path = "\"$user\", public";

namespace {

Oid g_namespace_user = kBootstrapSuperuserId;
Oid g_temp_namespace = kInvalidOid;

// Splits a search_path value into identifiers (PostgreSQL's SplitIdentifierString):
// unquoted names are lower-cased, "quoted" ones kept verbatim with "" for a quote.
std::vector<std::string> SplitPath(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  for (;;) {
    skip_space();
    if (i >= text.size()) break;
    std::string name;
    if (text[i] == '"') {
      ++i;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            name += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        name += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != ',' &&
             !std::isspace(static_cast<unsigned char>(text[i]))) {
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i++])));
      }
    }
    out.push_back(std::move(name));
    skip_space();
    if (i < text.size() && text[i] == ',') ++i;
  }
  return out;
}

// The explicit path entries that exist, resolved to namespace OIDs, and whether pg_catalog
// and pg_temp were listed explicitly.
struct ResolvedPath {
  std::vector<Oid> explicit_oids;
  bool lists_catalog = false;
  bool lists_temp = false;
};

ResolvedPath ResolvePath() {
  ResolvedPath path;
  for (const std::string& entry : SplitPath(g_search_path)) {
    std::optional<Oid> nsp;
    if (entry == "$user") {
      auto role = Syscache().RoleByOid(g_namespace_user);
      if (role) nsp = FindNamespace(role->rolname);
    } else if (entry == "pg_temp") {
      path.lists_temp = true;
      if (g_temp_namespace != kInvalidOid) nsp = g_temp_namespace;
    } else {
      nsp = FindNamespace(entry);
    }
    if (!nsp) continue;
    if (*nsp == kPgCatalogNamespace) path.lists_catalog = true;
    bool duplicate = false;
    for (Oid o : path.explicit_oids) duplicate |= o == *nsp;
    if (!duplicate) path.explicit_oids.push_back(*nsp);
  }
  return path;
}

}  // namespace

void SetNamespaceUser(Oid roleid) {
  g_namespace_user = roleid;
}

void SetTempNamespace(Oid namespace_oid) {
  g_temp_namespace = namespace_oid;
}

Oid TempNamespace() {
  return g_temp_namespace;
}

std::vector<Oid> RelationSearchPath() {
  ResolvedPath path = ResolvePath();
  std::vector<Oid> out;
  if (g_temp_namespace != kInvalidOid && !path.lists_temp) out.push_back(g_temp_namespace);
  if (!path.lists_catalog) out.push_back(kPgCatalogNamespace);
  out.insert(out.end(), path.explicit_oids.begin(), path.explicit_oids.end());
  return out;
}

std::vector<Oid> ObjectSearchPath() {
  std::vector<Oid> out;
  for (Oid nsp : RelationSearchPath()) {
    if (nsp != g_temp_namespace || g_temp_namespace == kInvalidOid) out.push_back(nsp);
  }
  return out;
}

int SearchPathPosition(Oid namespace_oid) {
  std::vector<Oid> path = ObjectSearchPath();
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == namespace_oid) return static_cast<int>(i);
  }
  return -1;
}

std::optional<Oid> FindNamespace(std::string_view name) {
  if (name == "pg_temp") {
    if (g_temp_namespace != kInvalidOid) return g_temp_namespace;
    return std::nullopt;
  }
  auto nsp = Syscache().NamespaceByName(name);
  if (!nsp) return std::nullopt;
  return nsp->oid;
}

Oid LookupNamespace(std::string_view name) {
  auto nsp = FindNamespace(name);
  if (!nsp) throw MakeError(errcode::kUndefinedSchema, "schema \"{}\" does not exist", name);
  return *nsp;
}

std::string QualifiedName::ToString() const {
  std::string out;
  if (!catalog.empty()) out += catalog + ".";
  if (!schema.empty()) out += schema + ".";
  return out + name;
}

QualifiedName MakeQualifiedName(const std::vector<std::string>& parts) {
  QualifiedName q;
  if (parts.empty()) return q;
  q.name = parts.back();
  if (parts.size() >= 2) q.schema = parts[parts.size() - 2];
  if (parts.size() >= 3) q.catalog = parts[parts.size() - 3];
  return q;
}

Oid RelnameGetRelid(std::string_view relname) {
  for (Oid nsp : RelationSearchPath()) {
    auto rel = Syscache().RelationByName(relname, nsp);
    if (rel) return rel->oid;
  }
  return kInvalidOid;
}

namespace {

void CheckCatalogName(const QualifiedName& name) {
  if (name.catalog.empty() || storage::g_my_database_id == kInvalidOid) return;
  auto db = Syscache().DatabaseByOid(storage::g_my_database_id);
  if (db && db->datname == name.catalog) return;
  throw MakeError(errcode::kFeatureNotSupported,
                  "cross-database references are not implemented: \"{}.{}.{}\"", name.catalog,
                  name.schema, name.name);
}

}  // namespace

Oid RangeVarGetRelid(const QualifiedName& name, bool missing_ok) {
  CheckCatalogName(name);
  Oid relid = kInvalidOid;
  if (!name.schema.empty()) {
    // A missing schema reads as a missing relation (PostgreSQL's RangeVarGetRelidExtended).
    auto nsp = FindNamespace(name.schema);
    if (nsp) {
      auto rel = Syscache().RelationByName(name.name, *nsp);
      if (rel) relid = rel->oid;
    }
  } else {
    relid = RelnameGetRelid(name.name);
  }
  if (relid == kInvalidOid && !missing_ok) {
    if (!name.schema.empty()) {
      throw MakeError(errcode::kUndefinedTable, "relation \"{}.{}\" does not exist", name.schema,
                      name.name);
    }
    throw MakeError(errcode::kUndefinedTable, "relation \"{}\" does not exist", name.name);
  }
  return relid;
}

Oid RangeVarGetCreationNamespace(const QualifiedName& name, char* persistence) {
  CheckCatalogName(name);
  Oid nsp = kInvalidOid;
  bool is_temp = false;
  if (!name.schema.empty()) {
    if (name.schema == "pg_temp") {
      // The session's temporary schema, possibly not created yet.
      nsp = g_temp_namespace;
      is_temp = true;
    } else {
      nsp = LookupNamespace(name.schema);
      is_temp = g_temp_namespace != kInvalidOid && nsp == g_temp_namespace;
    }
  } else if (*persistence == 't') {
    nsp = g_temp_namespace;
    is_temp = true;
  } else {
    std::vector<Oid> path = ResolvePath().explicit_oids;
    if (path.empty()) {
      throw Error(errcode::kUndefinedSchema, "no schema has been selected to create in");
    }
    nsp = path.front();
    is_temp = g_temp_namespace != kInvalidOid && nsp == g_temp_namespace;
  }
  // Another session's temporary schema (pg_temp_N / pg_toast_temp_N).
  bool other_temp = false;
  if (!is_temp && nsp != kInvalidOid) {
    auto row = Syscache().NamespaceByOid(nsp);
    other_temp =
        row && (row->nspname.starts_with("pg_temp_") || row->nspname.starts_with("pg_toast_temp_"));
  }
  switch (*persistence) {
    case 't':
      if (!is_temp) {
        throw Error(errcode::kInvalidTableDefinition,
                    other_temp ? "cannot create relations in temporary schemas of other sessions"
                               : "cannot create temporary relation in non-temporary schema");
      }
      break;
    case 'p':
      if (is_temp) {
        *persistence = 't';
      } else if (other_temp) {
        throw Error(errcode::kInvalidTableDefinition,
                    "cannot create relations in temporary schemas of other sessions");
      }
      break;
    default:
      if (is_temp || other_temp) {
        throw Error(errcode::kInvalidTableDefinition,
                    "only temporary relations may be created in temporary schemas");
      }
      break;
  }
  return nsp;
}

bool RelationIsVisible(Oid relid) {
  auto rel = Syscache().RelationByOid(relid);
  if (!rel) return false;
  for (Oid nsp : RelationSearchPath()) {
    if (nsp == rel->relnamespace) return true;
    if (Syscache().RelationByName(rel->relname, nsp)) return false;  // hidden
  }
  return false;
}

Oid TypenameGetTypid(std::string_view typname) {
  for (Oid nsp : ObjectSearchPath()) {
    auto type = Syscache().TypeByName(typname, nsp);
    if (type) return type->oid;
  }
  return kInvalidOid;
}

bool TypeIsVisible(Oid type_oid) {
  auto type = Syscache().TypeByOid(type_oid);
  if (!type) return false;
  for (Oid nsp : ObjectSearchPath()) {
    if (nsp == type->typnamespace) return true;
    if (Syscache().TypeByName(type->typname, nsp)) return false;
  }
  return false;
}

bool FunctionIsVisible(Oid func_oid) {
  auto proc = Syscache().ProcByOid(func_oid);
  if (!proc) return false;
  int pos = SearchPathPosition(proc->pronamespace);
  if (pos < 0) return false;
  for (const PgProc& other : Syscache().ProcsByName(proc->proname)) {
    if (other.oid == proc->oid || other.proargtypes != proc->proargtypes) continue;
    int other_pos = SearchPathPosition(other.pronamespace);
    if (other_pos >= 0 && other_pos < pos) return false;
  }
  return true;
}

bool OperatorIsVisible(Oid operator_oid) {
  auto opr = Syscache().OperatorByOid(operator_oid);
  if (!opr) return false;
  int pos = SearchPathPosition(opr->oprnamespace);
  if (pos < 0) return false;
  for (const PgOperator& other : Syscache().OperatorsByName(opr->oprname)) {
    if (other.oid == opr->oid || other.oprleft != opr->oprleft || other.oprright != opr->oprright) {
      continue;
    }
    int other_pos = SearchPathPosition(other.oprnamespace);
    if (other_pos >= 0 && other_pos < pos) return false;
  }
  return true;
}

}  // namespace hyrax::catalog
