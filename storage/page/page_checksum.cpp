// Data page checksums with PostgreSQL's algorithm (checksum_impl.h facts): 32 parallel
// FNV-1a-style lanes over the page read as 32-bit words with pd_checksum taken as zero, two
// extra mixing rounds, lanes XOR-ed, mixed with the block number and folded to 1..65535.
// Identical to PostgreSQL's pg_checksum_page on little-endian machines. README "Checksums".
#include <cstring>

#include "storage/page/page.h"

namespace hyrax::storage {

namespace {

constexpr int kLanes = 32;
constexpr uint32_t kFnvPrime = 16777619;
constexpr int kRounds = kBlockSize / (sizeof(uint32_t) * kLanes);
constexpr size_t kChecksumOffset = 8;  // offsetof(PageHeaderData, pd_checksum)
constexpr uint16_t kValidFlagBits = kPdHasFreeLines | kPdPageFull | kPdAllVisible;

// Initial states of the lanes: the fixed constants of PostgreSQL's checksumBaseOffsets.
constexpr uint32_t kLaneOffsets[kLanes] = {
    0x5B1F36E9, 0xB8525960, 0x02AB50AA, 0x1DE66D2A, 0x79FF467A, 0x9BB9F8A3, 0x217E7CD2, 0x83E13D2C,
    0xF8D4474F, 0xE39EB970, 0x42C6AE16, 0x993216FA, 0x7B093B5D, 0x98DAFF3C, 0xF718902A, 0x0B1C9CDB,
    0xE58F764B, 0x187636BC, 0x5D7B3BB1, 0xE73DE7DE, 0x92BEC979, 0xCCA6C0B2, 0x304A0979, 0x85AA43D4,
    0x783125BB, 0x6CA8EAA2, 0xE407EAC6, 0x4B5CFC3E, 0x9FBF8C76, 0x15CA20BE, 0xF2CA9FD3, 0x959BD756};

inline uint32_t Mix(uint32_t lane, uint32_t value) {
  uint32_t tmp = lane ^ value;
  return tmp * kFnvPrime ^ (tmp >> 17);
}

bool IsAllZero(const char* page) {
  static const char kZeros[kBlockSize] = {};
  return std::memcmp(page, kZeros, kBlockSize) == 0;
}

bool HeaderIsSane(const PageHeaderData* header) {
  return (header->pd_flags & ~kValidFlagBits) == 0 && header->pd_lower <= header->pd_upper &&
         header->pd_upper <= header->pd_special && header->pd_special <= kBlockSize &&
         header->pd_special == MaxAlign(header->pd_special);
}

}  // namespace

uint16_t PageComputeChecksum(const char* page, BlockNumber block) {
  uint32_t lanes[kLanes];
  std::memcpy(lanes, kLaneOffsets, sizeof(lanes));
  for (int round = 0; round < kRounds; ++round) {
    uint32_t words[kLanes];
    std::memcpy(words, page + static_cast<size_t>(round) * sizeof(words), sizeof(words));
    if (round == 0) {
      // The stored checksum does not take part: treat its two bytes as zero.
      std::memset(reinterpret_cast<char*>(words) + kChecksumOffset, 0, sizeof(uint16_t));
    }
    for (int lane = 0; lane < kLanes; ++lane) lanes[lane] = Mix(lanes[lane], words[lane]);
  }
  for (int extra = 0; extra < 2; ++extra) {
    for (int lane = 0; lane < kLanes; ++lane) lanes[lane] = Mix(lanes[lane], 0);
  }
  uint32_t result = 0;
  for (uint32_t lane : lanes) result ^= lane;
  result ^= block;
  return static_cast<uint16_t>(result % 65535 + 1);
}

bool PageVerifyChecksum(const char* page, BlockNumber block) {
  if (!PageIsNew(page)) {
    const PageHeaderData* header = GetPageHeader(page);
    return header->pd_checksum == PageComputeChecksum(page, block) && HeaderIsSane(header);
  }
  return IsAllZero(page);
}

void PageSetChecksum(char* page, BlockNumber block) {
  // An all-zero page is written as is: setting a checksum would make it look initialised.
  if (PageIsNew(page)) return;
  GetPageHeader(page)->pd_checksum = PageComputeChecksum(page, block);
}

}  // namespace hyrax::storage
