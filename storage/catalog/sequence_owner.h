// Which table column owns a sequence, read from pg_depend (storage/catalog/pg_depend.h): a
// sequence owned by a column (serial, OWNED BY: deptype 'a'; identity: 'i'). DROP TABLE uses
// it to drop owned sequences, DROP SEQUENCE to refuse (or cascade to) defaults that use it,
// pg_get_serial_sequence to find a column's sequence.
#pragma once

#include <optional>
#include <vector>

#include "storage/catalog/pg_depend.h"

namespace hyrax::catalog {

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
