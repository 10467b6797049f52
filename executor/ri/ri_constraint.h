// A foreign key constraint prepared for checking (PostgreSQL's RI_ConstraintInfo in
// ri_triggers.c): its pg_constraint row, both relations, the key columns on each side, the
// equality functions of conpfeqop/conffeqop and PostgreSQL's error reports. Built once per
// statement by the RI event queue (ri_event_queue.h); executor/ri/README.md has the design.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/datum.h"
#include "executor/functions/fmgr.h"
#include "storage/catalog/relcache.h"

namespace hyrax::executor::ri {

// Key values of one side of a constraint, in conkey/confkey order.
struct RiKey {
  std::vector<Datum> values;
  std::vector<bool> nulls;

  bool AnyNull() const;
  bool AllNull() const;
};

struct RiConstraint {
  catalog::PgConstraint con;
  catalog::RelationPtr fk_rel;  // the referencing table (conrelid)
  catalog::RelationPtr pk_rel;  // the referenced table (confrelid)
  std::vector<int> fk_cols;     // 0-based attribute indexes (conkey)
  std::vector<int> pk_cols;     // 0-based attribute indexes (confkey)
  // pf_eq[i](pk value, fk value), pp_eq[i](pk, pk), ff_eq[i](fk, fk).
  std::vector<FmgrInfo> pf_eq, pp_eq, ff_eq;
  std::vector<Oid> collations;  // of the referenced columns

  int nkeys() const { return static_cast<int>(fk_cols.size()); }
  const std::string& name() const { return con.conname; }

  // The key of a row of the referencing / referenced table (values point into the row).
  RiKey FkKeyOf(const Datum* values, const bool* nulls) const;
  RiKey PkKeyOf(const Datum* values, const bool* nulls) const;
  // Whether two referencing-side keys are equal by conffeqop (NULLs equal only to NULLs).
  bool FkKeysEqual(const RiKey& a, const RiKey& b) const;
  // Whether two referenced-side keys have the same bytes (PostgreSQL compares the
  // referenced side's old and new keys with datum_image_eq).
  bool PkKeysIdentical(const RiKey& a, const RiKey& b) const;

  // 23503 "insert or update on table ... violates foreign key constraint ..." with
  // "Key (a)=(5) is not present in table \"p\"." (or the MATCH FULL detail when
  // `mixed_nulls`).
  [[noreturn]] void ReportMissingKey(const RiKey& fk_key, bool mixed_nulls) const;
  // 23503 "update or delete on table ... violates foreign key constraint ... on table ..."
  // with "Key (a)=(1) is still referenced from table \"c\"."
  [[noreturn]] void ReportStillReferenced(const RiKey& pk_key) const;
};
using RiConstraintPtr = std::shared_ptr<const RiConstraint>;

// Prepares constraint `con` (contype 'f'). Requires: both relations are locked.
RiConstraintPtr LoadRiConstraint(const catalog::PgConstraint& con);

}  // namespace hyrax::executor::ri
