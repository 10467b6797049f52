// PostgreSQL-compatible hashing: values PostgreSQL 15 returns for hashtext()/hashint4() and the
// relation between the 32-bit and seeded 64-bit variants.
#include "executor/types/hash_bytes.h"

#include <string>

#include <gtest/gtest.h>

namespace hyrax::executor {
namespace {

int32_t Signed(uint32_t v) {
  return static_cast<int32_t>(v);
}

TEST(HashBytesTest, MatchesPostgresForEveryTailLength) {
  // select hashtext(s) on PostgreSQL 15 (C collation hashes the bytes).
  EXPECT_EQ(Signed(HashBytes("")), -1477818771);
  EXPECT_EQ(Signed(HashBytes("abc")), -785388649);
  EXPECT_EQ(Signed(HashBytes("hello world, this is a longer string")), -1069853716);
}

TEST(HashBytesTest, HashUInt32MatchesHashint4) {
  EXPECT_EQ(Signed(HashUInt32(1)), -1905060026);
  EXPECT_EQ(Signed(HashUInt32(static_cast<uint32_t>(-1))), 385747274);
}

TEST(HashBytesTest, ExtendedWithSeedZeroKeepsThe32BitHashInTheLowHalf) {
  for (std::string s : {"", "a", "abcd", "abcdefghijkl", "abcdefghijklm"}) {
    EXPECT_EQ(static_cast<uint32_t>(HashBytesExtended(s.data(), s.size(), 0)), HashBytes(s)) << s;
  }
  EXPECT_EQ(static_cast<uint32_t>(HashUInt32Extended(42, 0)), HashUInt32(42));
}

TEST(HashBytesTest, SeedChangesTheExtendedHash) {
  EXPECT_NE(HashBytesExtended("abc", 3, 1), HashBytesExtended("abc", 3, 2));
}

}  // namespace
}  // namespace hyrax::executor
