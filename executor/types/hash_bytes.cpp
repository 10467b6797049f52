// lookup3-based hashing compatible with PostgreSQL's hash_bytes (see hash_bytes.h). The
// algorithm is Bob Jenkins' public-domain lookup3 with PostgreSQL's initial value
// (0x9e3779b9 + length + 3923095) and little-endian byte order for partial words.
#include "executor/types/hash_bytes.h"

#include <cstring>

namespace hyrax::executor {

namespace {

constexpr uint32_t kInitValue = 0x9e3779b9u + 3923095u;

inline uint32_t Rot(uint32_t x, int k) {
  return (x << k) | (x >> (32 - k));
}

inline void Mix(uint32_t& a, uint32_t& b, uint32_t& c) {
  a -= c;
  a ^= Rot(c, 4);
  c += b;
  b -= a;
  b ^= Rot(a, 6);
  a += c;
  c -= b;
  c ^= Rot(b, 8);
  b += a;
  a -= c;
  a ^= Rot(c, 16);
  c += b;
  b -= a;
  b ^= Rot(a, 19);
  a += c;
  c -= b;
  c ^= Rot(b, 4);
  b += a;
}

inline void Final(uint32_t& a, uint32_t& b, uint32_t& c) {
  c ^= b;
  c -= Rot(b, 14);
  a ^= c;
  a -= Rot(c, 11);
  b ^= a;
  b -= Rot(a, 25);
  c ^= b;
  c -= Rot(b, 16);
  a ^= c;
  a -= Rot(c, 4);
  b ^= a;
  b -= Rot(a, 14);
  c ^= b;
  c -= Rot(b, 24);
}

inline uint32_t LoadLE(const uint8_t* p, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= static_cast<uint32_t>(p[i]) << (8 * i);
  return v;
}

// The shared body: consumes 12-byte blocks, then the tail. The tail's third word is shifted
// up one byte (lookup3 reserves c's low byte), which is how PostgreSQL adds bytes 9..11.
void HashBody(const uint8_t* k, size_t len, uint32_t& a, uint32_t& b, uint32_t& c) {
  while (len >= 12) {
    a += LoadLE(k, 4);
    b += LoadLE(k + 4, 4);
    c += LoadLE(k + 8, 4);
    Mix(a, b, c);
    k += 12;
    len -= 12;
  }
  if (len > 8) {
    c += LoadLE(k + 8, len - 8) << 8;
    b += LoadLE(k + 4, 4);
    a += LoadLE(k, 4);
  } else if (len > 4) {
    b += LoadLE(k + 4, len - 4);
    a += LoadLE(k, 4);
  } else if (len > 0) {
    a += LoadLE(k, len);
  }
  Final(a, b, c);
}

}  // namespace

uint32_t HashBytes(const void* data, size_t len) {
  uint32_t a = kInitValue + static_cast<uint32_t>(len);
  uint32_t b = a;
  uint32_t c = a;
  HashBody(static_cast<const uint8_t*>(data), len, a, b, c);
  return c;
}

uint32_t HashUInt32(uint32_t k) {
  uint32_t a = kInitValue + sizeof(uint32_t);
  uint32_t b = a;
  uint32_t c = a;
  a += k;
  Final(a, b, c);
  return c;
}

uint64_t HashBytesExtended(const void* data, size_t len, uint64_t seed) {
  uint32_t a = kInitValue + static_cast<uint32_t>(len);
  uint32_t b = a;
  uint32_t c = a;
  if (seed != 0) {
    a += static_cast<uint32_t>(seed >> 32);
    b += static_cast<uint32_t>(seed);
    Mix(a, b, c);
  }
  HashBody(static_cast<const uint8_t*>(data), len, a, b, c);
  return (static_cast<uint64_t>(b) << 32) | c;
}

uint64_t HashUInt32Extended(uint32_t k, uint64_t seed) {
  uint32_t a = kInitValue + sizeof(uint32_t);
  uint32_t b = a;
  uint32_t c = a;
  if (seed != 0) {
    a += static_cast<uint32_t>(seed >> 32);
    b += static_cast<uint32_t>(seed);
    Mix(a, b, c);
  }
  a += k;
  Final(a, b, c);
  return (static_cast<uint64_t>(b) << 32) | c;
}

}  // namespace hyrax::executor
