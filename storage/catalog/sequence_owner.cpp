// Sequence ownership from pg_depend (see sequence_owner.h).
#include "storage/catalog/sequence_owner.h"

#include "storage/catalog/catalog_scan.h"

namespace hyrax::catalog {

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
  for (const auto& d : DependentsOf(kRelationRelationId, relid)) {
    if (d.classid != kRelationRelationId || d.refobjsubid == 0) continue;
    if (attnum > 0 && d.refobjsubid != attnum) continue;
    bool owning = d.deptype == kDependencyAuto || d.deptype == kDependencyInternal;
    if (!owning || (deptype != '\0' && d.deptype != deptype)) continue;
    out.push_back(d.objid);
  }
  return out;
}

}  // namespace hyrax::catalog
