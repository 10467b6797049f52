// Buffer mapping table (see storage/buffer/buf_table.h). Chains are singly linked through
// BufferDesc::next_in_bucket; a buffer is in at most one chain (its current tag's).
#include "storage/buffer/buf_table.h"

#include "common/error.h"

namespace hyrax::storage::buf {

uint32_t TagHash(const BufferTag& tag) {
  // 64-bit mix of the tag fields, then MurmurHash3's finaliser.
  uint64_t h = tag.locator.rel_number;
  h = h * 0x9E3779B97F4A7C15ull ^ tag.locator.db_oid;
  h = h * 0x9E3779B97F4A7C15ull ^ tag.locator.spc_oid;
  h = h * 0x9E3779B97F4A7C15ull ^ (uint64_t{tag.block} << 8 | static_cast<uint64_t>(tag.fork));
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return static_cast<uint32_t>(h);
}

LWLock& PartitionLock(uint32_t hash) {
  return Pool()->partition_locks[PartitionOf(hash)].lock;
}

BufferDesc* LookupBuffer(const BufferTag& tag, uint32_t hash) {
  BufferPoolShared* pool = Pool();
  for (int id = pool->buckets[hash & pool->bucket_mask]; id >= 0;
       id = pool->descriptors[id].next_in_bucket) {
    BufferDesc* desc = &pool->descriptors[id];
    if (desc->tag == tag) return desc;
  }
  return nullptr;
}

void InsertBuffer(BufferDesc* desc, uint32_t hash) {
  BufferPoolShared* pool = Pool();
  int32_t& head = pool->buckets[hash & pool->bucket_mask];
  desc->next_in_bucket = head;
  head = desc->buf_id;
}

void RemoveBuffer(BufferDesc* desc, uint32_t hash) {
  BufferPoolShared* pool = Pool();
  int32_t* link = &pool->buckets[hash & pool->bucket_mask];
  while (*link >= 0) {
    if (*link == desc->buf_id) {
      *link = desc->next_in_bucket;
      desc->next_in_bucket = -1;
      return;
    }
    link = &pool->descriptors[*link].next_in_bucket;
  }
  ThrowInternalError(__FILE__, __LINE__, "shared buffer hash table corrupted");
}

uint32_t BucketCount(int nbuffers) {
  uint32_t count = kMappingPartitions;
  while (count < static_cast<uint32_t>(nbuffers) * 2) count <<= 1;
  return count;
}

}  // namespace hyrax::storage::buf
