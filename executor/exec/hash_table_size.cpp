// Hash table sizing (see hash_table_size.h). One bucket per expected row (NTUP_PER_BUCKET =
// 1), at least 1024 buckets, bucket pointers of 8 bytes; the skew optimisation is not done,
// so no memory is set aside for it.
#include "executor/exec/hash_table_size.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "executor/exec/work_mem.h"

namespace hyrax::executor {

namespace {

constexpr double kBucketPointerSize = 8;
constexpr int64_t kMaxPointers = int64_t{1} << 30;  // INT_MAX / 2 + 1

int64_t NextPowerOfTwo(int64_t n) {
  int64_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

int64_t PreviousPowerOfTwo(int64_t n) {
  int64_t p = 1;
  while (p * 2 <= n) p <<= 1;
  return p;
}

}  // namespace

double HashTupleSize(int tuple_width) {
  double data = static_cast<double>((std::max(tuple_width, 0) + 7) / 8 * 8);
  return 16 + 16 + data;
}

HashTableSize ChooseHashTableSize(double ntuples, int tuple_width) {
  HashTableSize size;
  ntuples = std::max(ntuples, 1.0);
  double tupsize = HashTupleSize(tuple_width);
  double inner_bytes = ntuples * tupsize;
  double hash_table_bytes = static_cast<double>(HashMemBytes());
  size.space_allowed = static_cast<size_t>(hash_table_bytes);

  int64_t max_pointers = static_cast<int64_t>(hash_table_bytes / kBucketPointerSize);
  max_pointers = std::min(PreviousPowerOfTwo(std::max<int64_t>(max_pointers, 1)), kMaxPointers);
  double dbuckets = std::min(std::ceil(ntuples), static_cast<double>(max_pointers));
  int64_t nbuckets = NextPowerOfTwo(std::max<int64_t>(static_cast<int64_t>(dbuckets), 1024));
  double bucket_bytes = kBucketPointerSize * static_cast<double>(nbuckets);
  int64_t nbatch = 1;
  if (inner_bytes + bucket_bytes > hash_table_bytes) {
    // Several batches: as many buckets as a full hash_mem holds rows (rounded up to a power
    // of two, as PostgreSQL 15 rounds), the rest of hash_mem for the rows of one batch.
    double bucket_size = tupsize + kBucketPointerSize;
    int64_t sbuckets =
        NextPowerOfTwo(std::max<int64_t>(static_cast<int64_t>(hash_table_bytes / bucket_size), 1));
    nbuckets = std::min(sbuckets, max_pointers);
    bucket_bytes = kBucketPointerSize * static_cast<double>(nbuckets);
    double room = std::max(hash_table_bytes - bucket_bytes, 1.0);
    double dbatch = std::min(std::ceil(inner_bytes / room), static_cast<double>(max_pointers));
    nbatch = NextPowerOfTwo(std::max<int64_t>(static_cast<int64_t>(dbatch), 2));
  }
  size.nbuckets = static_cast<int>(nbuckets);
  size.nbatch = static_cast<int>(nbatch);
  return size;
}

}  // namespace hyrax::executor
