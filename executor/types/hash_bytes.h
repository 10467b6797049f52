// PostgreSQL's hash function for hash indexes, hash joins and hash aggregation (Bob Jenkins'
// lookup3 as in PostgreSQL's hash_bytes), reproduced bit for bit so that hash values, hash
// partitioning and `hashint4(1)`-style SQL results match PostgreSQL 15 on little-endian
// machines. See executor/types/README.md "Hashing".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace hyrax::executor {

// 32-bit hash of `len` bytes (PostgreSQL's hash_bytes / hash_any).
uint32_t HashBytes(const void* data, size_t len);
inline uint32_t HashBytes(std::string_view s) {
  return HashBytes(s.data(), s.size());
}
// 32-bit hash of one uint32 (PostgreSQL's hash_bytes_uint32 / hash_uint32).
uint32_t HashUInt32(uint32_t k);

// 64-bit seeded variants (PostgreSQL's hash_bytes_extended / hash_bytes_uint32_extended,
// behind the *extended hash support functions). Seed 0 gives the 32-bit hash in the low half.
uint64_t HashBytesExtended(const void* data, size_t len, uint64_t seed);
uint64_t HashUInt32Extended(uint32_t k, uint64_t seed);

}  // namespace hyrax::executor
