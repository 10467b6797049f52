// Tuple routing for INSERT (and moved UPDATE rows) into a partitioned table (PostgreSQL's
// execPartition.c, ExecFindPartition): the row, in the partitioned table's layout, is
// matched against each level's bounds down to a leaf partition, which is locked and opened
// as a ResultRelation on first use.
#pragma once

#include <map>
#include <memory>

#include "executor/exec/result_relation.h"
#include "executor/partition/partition_bounds.h"
#include "executor/partition/partition_key_values.h"

namespace hyrax::executor {

class TupleRouter {
 public:
  TupleRouter(const catalog::RelationData& root, ExecState* estate);
  ~TupleRouter();

  // The leaf partition for a row of the root's layout. Throws 23514 "no partition of
  // relation \"t\" found for row" (with the failing key in the DETAIL).
  ResultRelation* Route(const Datum* values, const bool* nulls);

 private:
  struct Level {
    std::unique_ptr<PartitionDescriptor> desc;
    std::unique_ptr<PartitionKeyValues> key_values;  // from a row of the root's layout
  };
  Level& LevelOf(Oid relid);

  const catalog::RelationData& root_;
  ExecState* estate_;
  std::map<Oid, Level> levels_;
  std::map<Oid, std::unique_ptr<ResultRelation>> leaves_;
};

}  // namespace hyrax::executor
