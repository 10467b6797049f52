// Catalog information functions that psql's meta-commands and drivers' metadata queries call:
// pg_get_userbyid, pg_encoding_to_char / pg_char_to_encoding, the search-path visibility tests
// (pg_table_is_visible, pg_type_is_visible, pg_function_is_visible, pg_operator_is_visible,
// pg_opclass/opfamily/collation_is_visible), pg_tablespace_location, object comments
// (obj_description, col_description, shobj_description) and pg_relation_is_publishable.
// They read the catalog through the SysCache or a catalog scan (storage/catalog).
#include <string>

#include "common/encoding_names.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/name_type.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

constexpr Oid kPgClassRelationId = 1259;

Datum PgGetUserById(FunctionCallInfo* f) {
  Oid roleid = f->ArgOid(0);
  auto role = catalog::Syscache().RoleByOid(roleid);
  return MakeNameDatum(role ? role->rolname : "unknown (OID=" + std::to_string(roleid) + ")");
}

Datum PgEncodingToChar(FunctionCallInfo* f) {
  return MakeNameDatum(EncodingName(f->ArgInt32(0)));
}

Datum PgCharToEncoding(FunctionCallInfo* f) {
  std::optional<int> encoding = EncodingNumber(NameView(f->Arg(0)));
  return Int32GetDatum(encoding ? *encoding : -1);
}

// The visibility tests return NULL for an OID without a catalog row (PostgreSQL does so that
// queries over a catalog being changed concurrently do not fail).
Datum PgTableIsVisible(FunctionCallInfo* f) {
  Oid relid = f->ArgOid(0);
  if (!catalog::Syscache().RelationByOid(relid)) return f->ReturnNull();
  return BoolGetDatum(catalog::RelationIsVisible(relid));
}

Datum PgTypeIsVisible(FunctionCallInfo* f) {
  Oid type_oid = f->ArgOid(0);
  if (!catalog::Syscache().TypeByOid(type_oid)) return f->ReturnNull();
  return BoolGetDatum(catalog::TypeIsVisible(type_oid));
}

Datum PgFunctionIsVisible(FunctionCallInfo* f) {
  Oid func_oid = f->ArgOid(0);
  if (!catalog::Syscache().ProcByOid(func_oid)) return f->ReturnNull();
  return BoolGetDatum(catalog::FunctionIsVisible(func_oid));
}

Datum PgOperatorIsVisible(FunctionCallInfo* f) {
  Oid operator_oid = f->ArgOid(0);
  if (!catalog::Syscache().OperatorByOid(operator_oid)) return f->ReturnNull();
  return BoolGetDatum(catalog::OperatorIsVisible(operator_oid));
}

// Operator classes, families and collations can only be built-in (Hyrax has no CREATE for
// them), so nothing can hide one: it is visible when its namespace is on the search path.
template <typename Lookup>
Datum NamespaceIsSearched(FunctionCallInfo* f, Lookup namespace_of) {
  std::optional<Oid> namespace_oid = namespace_of(f->ArgOid(0));
  if (!namespace_oid) return f->ReturnNull();
  return BoolGetDatum(catalog::SearchPathPosition(*namespace_oid) >= 0);
}

Datum PgOpclassIsVisible(FunctionCallInfo* f) {
  return NamespaceIsSearched(f, [](Oid oid) -> std::optional<Oid> {
    auto row = catalog::Syscache().OpclassByOid(oid);
    return row ? std::optional<Oid>(row->opcnamespace) : std::nullopt;
  });
}

Datum PgOpfamilyIsVisible(FunctionCallInfo* f) {
  return NamespaceIsSearched(f, [](Oid oid) -> std::optional<Oid> {
    auto row = catalog::Syscache().OpfamilyByOid(oid);
    return row ? std::optional<Oid>(row->opfnamespace) : std::nullopt;
  });
}

Datum PgCollationIsVisible(FunctionCallInfo* f) {
  return NamespaceIsSearched(f, [](Oid oid) -> std::optional<Oid> {
    auto row = catalog::Syscache().CollationByOid(oid);
    return row ? std::optional<Oid>(row->collnamespace) : std::nullopt;
  });
}

// The built-in tablespaces (the only ones) live in the data directory: an empty location.
Datum PgTablespaceLocation(FunctionCallInfo*) {
  return TextDatum("");
}

// The OID of the pg_catalog relation called `catalog_name` (obj_description's second
// argument), or kInvalidOid.
Oid CatalogRelationOid(std::string_view catalog_name) {
  auto rel = catalog::Syscache().RelationByName(catalog_name, catalog::kPgCatalogNamespace);
  return rel ? rel->oid : kInvalidOid;
}

// The comment on (objoid, classoid, objsubid); classoid kInvalidOid matches any catalog.
Datum FindDescription(FunctionCallInfo* f, Oid objoid, Oid classoid, int32_t objsubid) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgDescription>()) {
    const catalog::PgDescription& d = ref.row;
    if (d.objoid == objoid && d.objsubid == objsubid &&
        (classoid == kInvalidOid || d.classoid == classoid)) {
      return TextDatum(d.description);
    }
  }
  return f->ReturnNull();
}

Datum ObjDescription(FunctionCallInfo* f) {
  Oid classoid = CatalogRelationOid(NameView(f->Arg(1)));
  if (classoid == kInvalidOid) return f->ReturnNull();
  return FindDescription(f, f->ArgOid(0), classoid, 0);
}

Datum ObjDescriptionAnyCatalog(FunctionCallInfo* f) {
  return FindDescription(f, f->ArgOid(0), kInvalidOid, 0);
}

Datum ColDescription(FunctionCallInfo* f) {
  return FindDescription(f, f->ArgOid(0), kPgClassRelationId, f->ArgInt32(1));
}

Datum ShobjDescription(FunctionCallInfo* f) {
  Oid objoid = f->ArgOid(0);
  Oid classoid = CatalogRelationOid(NameView(f->Arg(1)));
  for (const auto& ref : catalog::ScanCatalog<catalog::PgShDescription>()) {
    if (ref.row.objoid == objoid && ref.row.classoid == classoid) {
      return TextDatum(ref.row.description);
    }
  }
  return f->ReturnNull();
}

// Whether the relation could be part of a publication: an ordinary or partitioned table
// outside the system schemas (PostgreSQL's is_publishable_class; user OIDs only).
Datum PgRelationIsPublishable(FunctionCallInfo* f) {
  auto rel = catalog::Syscache().RelationByOid(f->ArgOid(0));
  if (!rel) return f->ReturnNull();
  bool publishable = (rel->relkind == 'r' || rel->relkind == 'p') &&
                     rel->relnamespace != catalog::kPgCatalogNamespace &&
                     rel->relpersistence == 'p' && rel->oid >= kFirstNormalObjectId;
  return BoolGetDatum(publishable);
}

// The SQL-standard bodies of the SQL-language description functions in pg_proc.tsv: they
// are bound by their exact body text (see fmgr_catalog.cpp).
constexpr const char* kObjDescriptionBody =
    "BEGIN ATOMIC\n SELECT pg_description.description\n    FROM pg_description\n   WHERE "
    "((pg_description.objoid = $1) AND (pg_description.classoid = ( SELECT pg_class.oid\n     "
    "       FROM pg_class\n           WHERE ((pg_class.relname = $2) AND "
    "(pg_class.relnamespace = ('pg_catalog'::regnamespace)::oid)))) AND "
    "(pg_description.objsubid = 0));\nEND";
constexpr const char* kObjDescriptionAnyBody =
    "BEGIN ATOMIC\n SELECT pg_description.description\n    FROM pg_description\n   WHERE "
    "((pg_description.objoid = $1) AND (pg_description.objsubid = 0));\nEND";
constexpr const char* kColDescriptionBody =
    "BEGIN ATOMIC\n SELECT pg_description.description\n    FROM pg_description\n   WHERE "
    "((pg_description.objoid = $1) AND (pg_description.classoid = "
    "('pg_class'::regclass)::oid) AND (pg_description.objsubid = $2));\nEND";
constexpr const char* kShobjDescriptionBody =
    "BEGIN ATOMIC\n SELECT pg_shdescription.description\n    FROM pg_shdescription\n   WHERE "
    "((pg_shdescription.objoid = $1) AND (pg_shdescription.classoid = ( SELECT pg_class.oid\n "
    "           FROM pg_class\n           WHERE ((pg_class.relname = $2) AND "
    "(pg_class.relnamespace = ('pg_catalog'::regnamespace)::oid)))));\nEND";

const BuiltinFunction kObjectInfoBuiltins[] = {
    {"pg_get_userbyid", PgGetUserById, 1},
    {"PG_encoding_to_char", PgEncodingToChar, 1},
    {"PG_char_to_encoding", PgCharToEncoding, 1},
    {"pg_table_is_visible", PgTableIsVisible, 1},
    {"pg_type_is_visible", PgTypeIsVisible, 1},
    {"pg_function_is_visible", PgFunctionIsVisible, 1},
    {"pg_operator_is_visible", PgOperatorIsVisible, 1},
    {"pg_opclass_is_visible", PgOpclassIsVisible, 1},
    {"pg_opfamily_is_visible", PgOpfamilyIsVisible, 1},
    {"pg_collation_is_visible", PgCollationIsVisible, 1},
    {"pg_tablespace_location", PgTablespaceLocation, 1},
    {"pg_relation_is_publishable", PgRelationIsPublishable, 1},
    {kObjDescriptionBody, ObjDescription, 2},
    {kObjDescriptionAnyBody, ObjDescriptionAnyCatalog, 1},
    {kColDescriptionBody, ColDescription, 2},
    {kShobjDescriptionBody, ShobjDescription, 2},
};

}  // namespace

std::span<const BuiltinFunction> ObjectInfoBuiltins() {
  return kObjectInfoBuiltins;
}

}  // namespace hyrax::executor
