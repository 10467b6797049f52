// Slotted-page operations on PostgreSQL's page layout (bufpage.c behaviour): initialisation,
// adding items, free-space accounting, compaction and index-item deletion. Pure functions
// on 8 KB byte arrays; the caller holds the buffer content lock. storage/page/README.md.
#include "storage/page/page.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "common/error.h"
#include "common/logging.h"

namespace hyrax::storage {

namespace {

constexpr size_t kItemIdSize = sizeof(ItemIdData);
constexpr uint16_t kPageLayoutVersion = 4;

ItemIdData* LinePointers(Page page) {
  return reinterpret_cast<ItemIdData*>(page + page_layout::kHeaderSize);
}

bool ItemIdIsUsed(const ItemIdData* item) {
  return item->lp_flags != kLpUnused;
}
bool ItemIdHasStorage(const ItemIdData* item) {
  return item->lp_len != 0;
}

// The pd_lower/pd_upper/pd_special consistency check every mutator starts with.
void CheckPagePointers(const PageHeaderData* header, Severity severity) {
  if (header->pd_lower < page_layout::kHeaderSize || header->pd_lower > header->pd_upper ||
      header->pd_upper > header->pd_special || header->pd_special > kBlockSize) {
    throw Error(errcode::kDataCorrupted,
                fmt::format("corrupted page pointers: lower = {}, upper = {}, special = {}",
                            header->pd_lower, header->pd_upper, header->pd_special),
                severity);
  }
}

}  // namespace

void PageInit(Page page, size_t special_size) {
  special_size = MaxAlign(special_size);
  if (special_size > kBlockSize - page_layout::kHeaderSize) {
    ThrowInternalError(__FILE__, __LINE__, "special space does not fit on a page");
  }
  std::memset(page, 0, kBlockSize);
  PageHeaderData* header = GetPageHeader(page);
  header->pd_lower = page_layout::kHeaderSize;
  header->pd_upper = static_cast<uint16_t>(kBlockSize - special_size);
  header->pd_special = static_cast<uint16_t>(kBlockSize - special_size);
  header->pd_pagesize_version = static_cast<uint16_t>(kBlockSize | kPageLayoutVersion);
}

bool PageIsNew(const char* page) {
  return GetPageHeader(page)->pd_upper == 0;
}

OffsetNumber PageGetMaxOffsetNumber(const char* page) {
  uint16_t lower = GetPageHeader(page)->pd_lower;
  if (lower <= page_layout::kHeaderSize) return 0;
  return static_cast<OffsetNumber>((lower - page_layout::kHeaderSize) / kItemIdSize);
}

ItemIdData* PageGetItemId(Page page, OffsetNumber offnum) {
  return LinePointers(page) + (offnum - 1);
}

const ItemIdData* PageGetItemId(const char* page, OffsetNumber offnum) {
  return reinterpret_cast<const ItemIdData*>(page + page_layout::kHeaderSize) + (offnum - 1);
}

size_t PageGetFreeSpace(const char* page) {
  const PageHeaderData* header = GetPageHeader(page);
  int space = static_cast<int>(header->pd_upper) - static_cast<int>(header->pd_lower);
  if (space < static_cast<int>(kItemIdSize)) return 0;
  return static_cast<size_t>(space) - kItemIdSize;
}

size_t PageGetHeapFreeSpace(const char* page) {
  size_t space = PageGetFreeSpace(page);
  if (space == 0) return 0;
  OffsetNumber nline = PageGetMaxOffsetNumber(page);
  if (nline < kMaxHeapTuplesPerPage) return space;
  // At the line-pointer limit a new tuple fits only into a free line pointer. The flag is a
  // hint; it may be stale, so look (PostgreSQL's PageGetHeapFreeSpace).
  if ((GetPageHeader(page)->pd_flags & kPdHasFreeLines) != 0) {
    for (OffsetNumber off = kFirstOffsetNumber; off <= nline; ++off) {
      const ItemIdData* item = PageGetItemId(page, off);
      if (!ItemIdIsUsed(item)) return space;
    }
  }
  return 0;
}

OffsetNumber PageAddItem(Page page, const char* item, size_t size, OffsetNumber offnum,
                         bool overwrite, bool reuse_unused) {
  PageHeaderData* header = GetPageHeader(page);
  CheckPagePointers(header, Severity::kPanic);

  const OffsetNumber limit = static_cast<OffsetNumber>(PageGetMaxOffsetNumber(page) + 1);
  bool needs_shuffle = false;
  if (offnum != kInvalidOffsetNumber) {
    if (overwrite) {
      if (offnum < limit) {
        const ItemIdData* existing = PageGetItemId(page, offnum);
        if (ItemIdIsUsed(existing) || ItemIdHasStorage(existing)) {
          log::Warning("will not overwrite a used ItemId");
          return kInvalidOffsetNumber;
        }
      }
    } else if (offnum < limit) {
      needs_shuffle = true;
    }
  } else if (reuse_unused && (header->pd_flags & kPdHasFreeLines) != 0) {
    for (offnum = kFirstOffsetNumber; offnum < limit; ++offnum) {
      const ItemIdData* candidate = PageGetItemId(page, offnum);
      if (!ItemIdIsUsed(candidate) && !ItemIdHasStorage(candidate)) break;
    }
    // The hint was wrong: there is no free line pointer after all.
    if (offnum >= limit) header->pd_flags &= static_cast<uint16_t>(~kPdHasFreeLines);
  } else {
    offnum = limit;
  }

  if (offnum > limit) {
    log::Warning("specified item offset is too large");
    return kInvalidOffsetNumber;
  }
  if (reuse_unused && offnum > kMaxHeapTuplesPerPage) {
    log::Warning("can't put more than MaxHeapTuplesPerPage items in a heap page");
    return kInvalidOffsetNumber;
  }

  const size_t lower = header->pd_lower + ((offnum == limit || needs_shuffle) ? kItemIdSize : 0);
  const size_t aligned = MaxAlign(size);
  if (aligned > header->pd_upper || lower > header->pd_upper - aligned) {
    return kInvalidOffsetNumber;
  }
  const size_t upper = header->pd_upper - aligned;

  ItemIdData* slot = PageGetItemId(page, offnum);
  if (needs_shuffle) {
    std::memmove(slot + 1, slot, (limit - offnum) * kItemIdSize);
  }
  slot->lp_off = static_cast<uint32_t>(upper);
  slot->lp_flags = kLpNormal;
  slot->lp_len = static_cast<uint32_t>(size);
  std::memcpy(page + upper, item, size);
  header->pd_lower = static_cast<uint16_t>(lower);
  header->pd_upper = static_cast<uint16_t>(upper);
  return offnum;
}

void PageRepairFragmentation(Page page) {
  PageHeaderData* header = GetPageHeader(page);
  CheckPagePointers(header, Severity::kError);
  const uint16_t special = header->pd_special;

  struct Stored {
    OffsetNumber offnum;
    uint16_t offset;
    uint16_t aligned_len;
  };
  std::vector<Stored> stored;
  size_t total_len = 0;
  int unused = 0;
  const OffsetNumber nline = PageGetMaxOffsetNumber(page);
  for (OffsetNumber off = kFirstOffsetNumber; off <= nline; ++off) {
    ItemIdData* item = PageGetItemId(page, off);
    if (!ItemIdIsUsed(item)) {
      // Unused line pointers must have no storage; make sure (as PostgreSQL does).
      item->lp_off = 0;
      item->lp_len = 0;
      ++unused;
      continue;
    }
    if (!ItemIdHasStorage(item)) continue;  // redirect or dead without storage
    if (item->lp_off < header->pd_upper || item->lp_off >= special) {
      throw MakeError(errcode::kDataCorrupted, "corrupted line pointer: {}",
                      static_cast<unsigned>(item->lp_off));
    }
    const size_t aligned = MaxAlign(item->lp_len);
    stored.push_back({off, static_cast<uint16_t>(item->lp_off), static_cast<uint16_t>(aligned)});
    total_len += aligned;
  }

  if (stored.empty()) {
    header->pd_upper = special;
  } else {
    if (total_len > static_cast<size_t>(special - header->pd_lower)) {
      throw MakeError(errcode::kDataCorrupted,
                      "corrupted item lengths: total {}, available space {}", total_len,
                      special - header->pd_lower);
    }
    // Move items towards pd_special, highest offset first, so the physical order is kept.
    std::sort(stored.begin(), stored.end(),
              [](const Stored& a, const Stored& b) { return a.offset > b.offset; });
    char scratch[kBlockSize];
    std::memcpy(scratch, page, kBlockSize);
    size_t upper = special;
    for (const Stored& s : stored) {
      upper -= s.aligned_len;
      ItemIdData* item = PageGetItemId(page, s.offnum);
      std::memcpy(page + upper, scratch + s.offset, item->lp_len);
      item->lp_off = static_cast<uint32_t>(upper);
    }
    header->pd_upper = static_cast<uint16_t>(upper);
  }

  if (unused > 0) {
    header->pd_flags |= kPdHasFreeLines;
  } else {
    header->pd_flags &= static_cast<uint16_t>(~kPdHasFreeLines);
  }
}

void PageIndexTupleDelete(Page page, OffsetNumber offnum) {
  PageHeaderData* header = GetPageHeader(page);
  CheckPagePointers(header, Severity::kError);
  const OffsetNumber nline = PageGetMaxOffsetNumber(page);
  if (offnum == kInvalidOffsetNumber || offnum > nline) {
    throw MakeError(errcode::kInternalError, "invalid index offnum: {}", offnum);
  }
  ItemIdData* item = PageGetItemId(page, offnum);
  const size_t offset = item->lp_off;
  size_t size = item->lp_len;
  if (offset < header->pd_upper || offset + size > header->pd_special ||
      offset != MaxAlign(offset)) {
    throw MakeError(errcode::kDataCorrupted, "corrupted line pointer: offset = {}, size = {}",
                    offset, size);
  }
  size = MaxAlign(size);

  // Close the gap in the line-pointer array.
  const size_t after = header->pd_lower - (page_layout::kHeaderSize + offnum * kItemIdSize);
  if (after > 0) std::memmove(item, item + 1, after);

  // Slide the items stored below the deleted one up by its size.
  if (offset > header->pd_upper) {
    std::memmove(page + header->pd_upper + size, page + header->pd_upper,
                 offset - header->pd_upper);
  }
  header->pd_upper = static_cast<uint16_t>(header->pd_upper + size);
  header->pd_lower = static_cast<uint16_t>(header->pd_lower - kItemIdSize);

  const OffsetNumber remaining = PageGetMaxOffsetNumber(page);
  for (OffsetNumber off = kFirstOffsetNumber; off <= remaining; ++off) {
    ItemIdData* moved = PageGetItemId(page, off);
    if (ItemIdHasStorage(moved) && moved->lp_off <= offset) {
      moved->lp_off = static_cast<uint32_t>(moved->lp_off + size);
    }
  }
}

}  // namespace hyrax::storage
