// Page checksums: the values equal PostgreSQL's pg_checksum_page (vectors from PostgreSQL's
// contrib/pageinspect checksum test, 8 KB little-endian), a flipped bit or a wrong block
// number is detected, and all-zero pages verify without a checksum.
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "storage/page/page.h"

namespace hyrax::storage {
namespace {

void FillPattern(char* page, const std::string& pattern) {
  for (size_t i = 0; i < kBlockSize; ++i) page[i] = pattern[i % pattern.size()];
}

struct Vector {
  std::string pattern;
  BlockNumber block;
  int16_t expected;  // pageinspect shows the checksum as a signed int2
};

TEST(PageChecksumTest, MatchesPostgresValuesForKnownPatterns) {
  const Vector vectors[] = {
      {"\x01", 0, 1175},       {"\x01", 50, 1225},       {"\x01", 100, 1139},
      {"\x04", 0, 28338},      {"\x04", 50, 28352},      {"\x04", 100, 28438},
      {"\xff", 0, 3612},       {"\xff", 50, 3598},       {"\xff", 100, 3648},
      {"\xab\xcd", 0, -30781}, {"\xab\xcd", 50, -30795}, {"\xab\xcd", 100, -30881},
      {"\xe6\xd6", 0, -16269}, {"\xe6\xd6", 50, -16251}, {"\xe6\xd6", 100, -16305},
      {"\x4a\x5e", 0, -27377}, {"\x4a\x5e", 50, -27391}, {"\x4a\x5e", 100, -27349},
  };
  alignas(8) char page[kBlockSize];
  for (const Vector& v : vectors) {
    FillPattern(page, v.pattern);
    EXPECT_EQ(static_cast<int16_t>(PageComputeChecksum(page, v.block)), v.expected)
        << "block " << v.block;
  }
}

TEST(PageChecksumTest, StoredChecksumDoesNotAffectTheValue) {
  alignas(8) char page[kBlockSize];
  PageInit(page, 0);
  const uint16_t before = PageComputeChecksum(page, 7);
  GetPageHeader(page)->pd_checksum = 0xBEEF;
  EXPECT_EQ(PageComputeChecksum(page, 7), before);
}

TEST(PageChecksumTest, SetChecksumVerifiesAndAnyFlippedBitIsDetected) {
  alignas(8) char page[kBlockSize];
  PageInit(page, 0);
  const char tuple[] = "some tuple bytes";
  ASSERT_NE(PageAddItem(page, tuple, sizeof(tuple), kInvalidOffsetNumber, false, true),
            kInvalidOffsetNumber);
  PageSetChecksum(page, 42);
  EXPECT_NE(GetPageHeader(page)->pd_checksum, 0);
  EXPECT_TRUE(PageVerifyChecksum(page, 42));
  EXPECT_FALSE(PageVerifyChecksum(page, 43)) << "the block number is part of the checksum";

  for (size_t byte : {size_t{0}, size_t{30}, size_t{4000}, size_t{kBlockSize - 1}}) {
    for (int bit = 0; bit < 8; bit += 3) {
      page[byte] ^= static_cast<char>(1 << bit);
      EXPECT_FALSE(PageVerifyChecksum(page, 42)) << "byte " << byte << " bit " << bit;
      page[byte] ^= static_cast<char>(1 << bit);
    }
  }
  EXPECT_TRUE(PageVerifyChecksum(page, 42));
}

TEST(PageChecksumTest, AllZeroPageVerifiesAndStaysZero) {
  alignas(8) char page[kBlockSize] = {};
  PageSetChecksum(page, 3);
  EXPECT_EQ(GetPageHeader(page)->pd_checksum, 0) << "new pages are written without checksum";
  EXPECT_TRUE(PageVerifyChecksum(page, 3));
  page[5000] = 1;  // pd_upper still 0, but not all zeros: garbage
  EXPECT_FALSE(PageVerifyChecksum(page, 3));
}

TEST(PageChecksumTest, InsaneHeaderFailsEvenWithMatchingChecksum) {
  alignas(8) char page[kBlockSize];
  PageInit(page, 0);
  GetPageHeader(page)->pd_lower = 8000;
  GetPageHeader(page)->pd_upper = 100;
  PageSetChecksum(page, 0);
  EXPECT_FALSE(PageVerifyChecksum(page, 0));
}

}  // namespace
}  // namespace hyrax::storage
