// Test support: installs the catalog served from the embedded PostgreSQL 15 data
// (storage/catalog/bootstrap_catalog.h) as the process SysCache (see test_syscache.h).
#include "tests/unit/executor/functions/test_syscache.h"

#include "storage/catalog/bootstrap_catalog.h"
#include "storage/catalog/catalog_rows.h"

namespace hyrax::executor::testing {

namespace {

catalog::BootstrapCatalog& Catalog() {
  static catalog::BootstrapCatalog* cache = [] {
    auto* c = new catalog::BootstrapCatalog();
    // System catalogs get pg_class rows at init; add the ones the regclass tests use.
    for (auto [oid, name] : {std::pair<Oid, const char*>{1247, "pg_type"},
                             {1249, "pg_attribute"},
                             {1255, "pg_proc"},
                             {1259, "pg_class"}}) {
      catalog::PgClass rel;
      rel.oid = oid;
      rel.relname = name;
      rel.relnamespace = catalog::kPgCatalogNamespace;
      if (!c->RelationByOid(oid)) c->AddRelation(rel, {});
    }
    return c;
  }();
  return *cache;
}

}  // namespace

catalog::SysCache& InstallTestSysCache() {
  catalog::SysCache& cache = Catalog();
  catalog::InstallSysCache(&cache);
  return cache;
}

}  // namespace hyrax::executor::testing
