// The hashed strategy's group and batch records (agg.h, agg_hash.cpp), complete types for
// the Agg operator's containers of them.
#pragma once

#include <cstdint>
#include <memory>

#include "executor/exec/spill_partitions.h"
#include "executor/operators/agg.h"

namespace hyrax::executor {

// One group of the hashed strategy: its first input row (copied into the table's memory)
// and one transition value per aggregate, chained into its bucket.
struct AggOperator::HashGroup {
  uint32_t hash = 0;
  int32_t next = -1;
  Datum* values = nullptr;
  bool* nulls = nullptr;
  TransValues trans;
};

// A spilled partition waiting to be aggregated.
struct AggOperator::HashBatch {
  std::shared_ptr<SpillPartitions> source;
  int partition = 0;
  int used_bits = 0;
  int64_t rows = 0;
};

}  // namespace hyrax::executor
