// CRC-32C (Castagnoli), used for WAL records and page checksums. Uses the SSE4.2 crc32
// instruction when the CPU has it, a slicing table otherwise.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hyrax {

// Continues a CRC over `len` bytes: start with crc = Crc32cInit(), finish with Crc32cFinish().
uint32_t Crc32cUpdate(uint32_t crc, const void* data, size_t len);
inline uint32_t Crc32cInit() {
  return 0xFFFFFFFFu;
}
inline uint32_t Crc32cFinish(uint32_t crc) {
  return crc ^ 0xFFFFFFFFu;
}
// One-shot CRC-32C of a buffer.
inline uint32_t Crc32c(const void* data, size_t len) {
  return Crc32cFinish(Crc32cUpdate(Crc32cInit(), data, len));
}

}  // namespace hyrax
