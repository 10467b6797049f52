// pg_depend rows (see pg_depend.h). The catalog is read with a full scan: it is only
// consulted by DDL (CREATE/DROP of views and the relations they read).
#include "storage/catalog/pg_depend.h"

#include "storage/catalog/catalog_scan.h"

namespace hyrax::catalog {

void RecordDependency(const ObjectAddress& depender, const ObjectAddress& referenced,
                      char deptype) {
  PgDepend row;
  row.classid = depender.classid;
  row.objid = depender.objid;
  row.objsubid = depender.objsubid;
  row.refclassid = referenced.classid;
  row.refobjid = referenced.objid;
  row.refobjsubid = referenced.objsubid;
  row.deptype = deptype;
  InsertCatalogRow(row);
}

void DeleteDependencies(Oid classid, Oid objid) {
  DeleteCatalogRows<PgDepend>(
      [&](const PgDepend& d) { return d.classid == classid && d.objid == objid; });
}

std::vector<PgDepend> DependentsOf(Oid refclassid, Oid refobjid) {
  std::vector<PgDepend> out;
  for (auto& ref : ScanCatalog<PgDepend>()) {
    if (ref.row.refclassid == refclassid && ref.row.refobjid == refobjid) {
      out.push_back(std::move(ref.row));
    }
  }
  return out;
}

}  // namespace hyrax::catalog
