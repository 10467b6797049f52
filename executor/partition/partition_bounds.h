// The partitions of a partitioned table with their bounds as Datums (PostgreSQL's
// PartitionDesc / PartitionBoundInfo, partbounds.c), and what is built on it: finding the
// partition of a row (get_partition_for_tuple), the partition constraint of a partition,
// and the checks of a new partition's bound against its siblings
// (check_new_partition_bound, check_default_partition_contents).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/memory_context.h"
#include "executor/partition/partition_key.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::executor {

// One bound value as a Datum (kind kValue) or a marker (NULL, MINVALUE, MAXVALUE).
struct BoundValue {
  BoundDatum::Kind kind = BoundDatum::Kind::kValue;
  Datum value = 0;
};

struct PartitionEntry {
  Oid relid = kInvalidOid;
  std::string name;
  char relkind = 'r';
  PartitionBoundSpec spec;
  std::vector<BoundValue> list;          // list partitions
  std::vector<BoundValue> lower, upper;  // range partitions
};

class PartitionDescriptor {
 public:
  // The partitions of partitioned table `parent` (by OID, as PostgreSQL orders them).
  explicit PartitionDescriptor(const catalog::RelationData& parent);

  const catalog::RelationData& parent() const { return *parent_; }
  const PartitionKey& key() const { return key_; }
  const std::vector<PartitionEntry>& partitions() const { return partitions_; }
  // Index into partitions() of the default partition, -1 when there is none.
  int default_index() const { return default_index_; }

  // The partition a row with these key values belongs to (the default partition when no
  // other accepts it), or -1.
  int FindPartition(const Datum* key_values, const bool* key_nulls) const;
  // Converts a bound of this table's key to Datums (allocated in this descriptor).
  std::vector<BoundValue> BoundValues(const std::vector<BoundDatum>& datums) const;
  // Whether the row's key is accepted by non-default partition `entry`.
  bool BoundAccepts(const PartitionEntry& entry, const Datum* key_values,
                    const bool* key_nulls) const;
  // partition_rbound_cmp: range bounds compared column by column (MINVALUE < values <
  // MAXVALUE).
  int CompareRangeBounds(const std::vector<BoundValue>& a, const std::vector<BoundValue>& b) const;

 private:
  int CompareKeyToRangeBound(const std::vector<BoundValue>& bound, const Datum* values) const;
  PartitionEntry LoadEntry(Oid relid) const;

  catalog::RelationPtr parent_;
  PartitionKey key_;
  std::unique_ptr<MemoryContext> memory_;
  std::vector<PartitionEntry> partitions_;
  int default_index_ = -1;
};

// "(a, b) = (1, null)" for the DETAIL of routing and constraint errors.
std::string DescribeKeyValues(const PartitionKey& key, const Datum* values, const bool* nulls);

// Whether a row of `partition` (values in its own column order) satisfies its partition
// constraint, at every level up to the root (ExecPartitionCheck).
bool PartitionConstraintHolds(const catalog::RelationData& partition, const Datum* values,
                              const bool* nulls);

// Checks the bound of a new partition `name` of `parent` against the existing partitions:
// 42P16 for a bound of the wrong strategy, 42P17 for an empty range, overlaps, a second
// default partition or hash moduli that do not divide each other, 23514 when rows of the
// default partition would belong to the new partition.
void CheckNewPartitionBound(Oid parent, const std::string& name, const std::string& bound_text);

// ATTACH PARTITION's validation scan: 23514 "partition constraint of relation \"leaf\" is
// violated by some row" when a row of `partition` (any of its leaves) does not satisfy its
// partition constraint at every level. Requires: `partition` already linked to its parent.
void ValidatePartitionRows(Oid partition);

}  // namespace hyrax::executor
