// The buffer mapping table (PostgreSQL's buf_table.c): BufferTag -> buffer, a fixed array
// of bucket heads chained through the descriptors themselves, so it never allocates after
// start. A bucket belongs to one of 128 partitions (hash % 128), each with its own LWLock.
// storage/buffer/README.md "Mapping table".
#pragma once

#include <cstdint>

#include "storage/buffer/buf_internals.h"

namespace hyrax::storage::buf {

uint32_t TagHash(const BufferTag& tag);
LWLock& PartitionLock(uint32_t hash);
inline int PartitionOf(uint32_t hash) {
  return static_cast<int>(hash % kMappingPartitions);
}

// Buffer holding `tag`, or nullptr. Requires: the tag's partition lock (any mode).
BufferDesc* LookupBuffer(const BufferTag& tag, uint32_t hash);
// Links `desc` (whose tag is already set) into its bucket. Requires: partition lock
// exclusive, tag not present.
void InsertBuffer(BufferDesc* desc, uint32_t hash);
// Unlinks `desc` from the bucket of `hash`. Requires: partition lock exclusive.
void RemoveBuffer(BufferDesc* desc, uint32_t hash);

// Number of bucket heads for a pool of `nbuffers` (a power of two >= 128).
uint32_t BucketCount(int nbuffers);

}  // namespace hyrax::storage::buf
