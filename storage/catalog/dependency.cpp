// pg_depend rows (see dependency.h).
#include "storage/catalog/dependency.h"

#include "storage/catalog/catalog_scan.h"

namespace hyrax::catalog {

void RecordDependency(Oid classid, Oid objid, int32_t objsubid, Oid refclassid, Oid refobjid,
                      int32_t refobjsubid, char deptype) {
  PgDepend row;
  row.classid = classid;
  row.objid = objid;
  row.objsubid = objsubid;
  row.refclassid = refclassid;
  row.refobjid = refobjid;
  row.refobjsubid = refobjsubid;
  row.deptype = deptype;
  InsertCatalogRow(row);
}

void DeleteDependenciesOf(Oid classid, Oid objid) {
  DeleteCatalogRows<PgDepend>(
      [&](const PgDepend& d) { return d.classid == classid && d.objid == objid; });
}

std::vector<PgDepend> DependenciesOn(Oid refclassid, Oid refobjid) {
  std::vector<PgDepend> out;
  for (const auto& ref : ScanCatalog<PgDepend>()) {
    if (ref.row.refclassid == refclassid && ref.row.refobjid == refobjid) out.push_back(ref.row);
  }
  return out;
}

std::optional<SequenceOwner> GetSequenceOwner(Oid seqid) {
  for (const auto& ref : ScanCatalog<PgDepend>()) {
    const PgDepend& d = ref.row;
    if (d.classid != kRelationRelationId || d.objid != seqid ||
        d.refclassid != kRelationRelationId) {
      continue;
    }
    if (d.deptype != kDependencyAuto && d.deptype != kDependencyInternal) continue;
    return SequenceOwner{d.refobjid, static_cast<int16_t>(d.refobjsubid), d.deptype};
  }
  return std::nullopt;
}

std::vector<Oid> OwnedSequences(Oid relid, int16_t attnum, char deptype) {
  std::vector<Oid> out;
  for (const auto& d : DependenciesOn(kRelationRelationId, relid)) {
    if (d.classid != kRelationRelationId || d.refobjsubid == 0) continue;
    if (attnum > 0 && d.refobjsubid != attnum) continue;
    bool owning = d.deptype == kDependencyAuto || d.deptype == kDependencyInternal;
    if (!owning || (deptype != '\0' && d.deptype != deptype)) continue;
    out.push_back(d.objid);
  }
  return out;
}

}  // namespace hyrax::catalog
