// Composite values (row types and anonymous records) in PostgreSQL's in-memory format: a
// varlena whose bytes are a heap tuple, with the header's xmin/xmax/cid words holding the
// datum length, the typmod and the type OID (PostgreSQL's DatumTupleFields). Named row types
// (a table's or CREATE TYPE ... AS's) are described by their relation's pg_attribute rows;
// anonymous records (type `record`) by a per-backend registry that hands out typmods
// (PostgreSQL's assign_record_type_typmod), so a record Datum always says how to read it.
// See executor/types/README.md "Composite values".
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/datum.h"
#include "common/ids.h"
#include "storage/heap/heap_tuple.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::executor {

inline constexpr Oid kRecordTypeOid = 2249;

// The columns of row type `type_oid` (a composite type, a domain over one, or `record` with
// a registered `typmod`); dropped columns included, as stored. Throws 42809 "type x is not
// composite" for other types and 42804 "record type has not been registered" for `record`
// with an unknown typmod.
storage::TupleDescPtr LookupRowTypeDesc(Oid type_oid, int32_t typmod);

// Registers an anonymous record layout (the column types and typmods of `desc`) and returns
// its typmod; an equal layout gets the same typmod. Lives as long as the backend.
int32_t AssignRecordTypmod(const storage::TupleDesc& desc);

// Builds a composite Datum of type `type_oid` / `typmod` from `values` / `isnull` laid out
// by `desc`, in the current memory context.
Datum MakeCompositeDatum(const storage::TupleDesc& desc, const Datum* values, const bool* isnull,
                         Oid type_oid, int32_t typmod);

// The type OID and typmod stored in a composite Datum's header.
Oid CompositeDatumType(Datum value);
int32_t CompositeDatumTypmod(Datum value);

// A composite Datum taken apart: its descriptor and every column's value (by-reference
// values point into the Datum or into memory of the current context).
struct CompositeFields {
  storage::TupleDescPtr desc;
  std::vector<Datum> values;
  std::unique_ptr<bool[]> isnull;
};
CompositeFields DeformComposite(Datum value);

}  // namespace hyrax::executor
