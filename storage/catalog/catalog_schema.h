// The layouts of PostgreSQL's system catalogs (every pg_catalog table: OID, name, shared or
// not, row type, columns), read from storage/catalog/data/catalog_columns.tsv. The relcache
// needs them to read catalogs before any catalog row exists (bootstrap), and `hyrax init`
// creates one heap per entry.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/catalog/catalog_rows.h"

namespace hyrax::catalog {

struct CatalogSchema {
  Oid oid = kInvalidOid;
  std::string name;
  bool shared = false;  // lives in global/ (pg_database, pg_authid, ...)
  Oid reltype = kInvalidOid;
  std::vector<PgAttribute> columns;  // attnum order, attrelid = oid
  // Its TOAST table pg_toast.pg_toast_<oid> (PostgreSQL's fixed OID), kInvalidOid when
  // PostgreSQL gives it none (pg_class, pg_attribute, pg_index ...).
  Oid toast_oid = kInvalidOid;

  // The pg_class row such a catalog gets at init (relfilenode = oid, reltoastrelid =
  // toast_oid).
  PgClass ToPgClass() const;
};

// All system catalogs, in OID order. Built once per process.
const std::vector<CatalogSchema>& SystemCatalogSchemas();
// nullptr when `oid` is not a system catalog.
const CatalogSchema* FindCatalogSchema(Oid oid);
const CatalogSchema* FindCatalogSchema(std::string_view name);

}  // namespace hyrax::catalog
