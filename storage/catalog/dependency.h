// pg_depend rows for the dependencies Hyrax acts on (PostgreSQL's pg_depend.c): a sequence
// owned by a table column (serial, OWNED BY: deptype 'a'; identity: 'i'), and column
// defaults that name a sequence (deptype 'n'). DROP TABLE uses them to drop owned
// sequences, DROP SEQUENCE to refuse (or cascade to) defaults that use it,
// pg_get_serial_sequence to find a column's sequence. Rows are ordinary catalog rows:
// written in the current transaction and read through full scans of pg_depend.
#pragma once

#include <optional>
#include <vector>

#include "storage/catalog/catalog_rows.h"

namespace hyrax::catalog {

inline constexpr char kDependencyNormal = 'n';
inline constexpr char kDependencyAuto = 'a';
inline constexpr char kDependencyInternal = 'i';

// Records that (classid, objid, objsubid) depends on (refclassid, refobjid, refobjsubid).
void RecordDependency(Oid classid, Oid objid, int32_t objsubid, Oid refclassid, Oid refobjid,
                      int32_t refobjsubid, char deptype);
// Removes every dependency of object (classid, objid) (any objsubid).
void DeleteDependenciesOf(Oid classid, Oid objid);

// Rows whose referenced object is (refclassid, refobjid) (any sub-object).
std::vector<PgDepend> DependenciesOn(Oid refclassid, Oid refobjid);

// The column owning sequence `seqid` (auto or internal dependency), if any.
struct SequenceOwner {
  Oid relid = kInvalidOid;
  int16_t attnum = 0;
  char deptype = kDependencyAuto;
};
std::optional<SequenceOwner> GetSequenceOwner(Oid seqid);
// Sequences owned by columns of `relid` (by `attnum` only when attnum > 0), with `deptype`
// ('a' or 'i'; '\0' = either).
std::vector<Oid> OwnedSequences(Oid relid, int16_t attnum = 0, char deptype = '\0');

}  // namespace hyrax::catalog
