// Sizing of a hash join's hash table (PostgreSQL's ExecChooseHashTableSize): the number of
// buckets and batches for an inner side of `ntuples` rows of `tuple_width` bytes within
// hash_mem. The Hash operator starts with it and the planner's hash join cost uses it, so
// the batches EXPLAIN ANALYZE reports and the costed ones agree.
#pragma once

#include <cstddef>

namespace hyrax::executor {

struct HashTableSize {
  int nbuckets = 1024;       // a power of two
  int nbatch = 1;            // a power of two
  size_t space_allowed = 0;  // bytes the in-memory table may hold (hash_mem)
};

// Rows in the hash table take about this many bytes each (PostgreSQL's tupsize: the
// HashJoinTuple header, a MinimalTuple header and the MAXALIGNed data).
double HashTupleSize(int tuple_width);
HashTableSize ChooseHashTableSize(double ntuples, int tuple_width);

}  // namespace hyrax::executor
