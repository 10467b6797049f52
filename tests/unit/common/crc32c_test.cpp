// CRC-32C against the standard check value and incremental use.
#include "common/crc32c.h"

#include <cstring>

#include <gtest/gtest.h>

namespace hyrax {
namespace {

TEST(Crc32cTest, MatchesStandardCheckValue) {
  const char* s = "123456789";
  EXPECT_EQ(Crc32c(s, std::strlen(s)), 0xE3069283u);
}

TEST(Crc32cTest, IncrementalEqualsOneShot) {
  const char* s = "The quick brown fox jumps over the lazy dog";
  uint32_t crc = Crc32cInit();
  crc = Crc32cUpdate(crc, s, 10);
  crc = Crc32cUpdate(crc, s + 10, std::strlen(s) - 10);
  EXPECT_EQ(Crc32cFinish(crc), Crc32c(s, std::strlen(s)));
}

}  // namespace
}  // namespace hyrax
