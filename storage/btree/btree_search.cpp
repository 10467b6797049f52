// Descending the tree (PostgreSQL's nbtsearch.c _bt_search/_bt_moveright and nbtpage.c
// _bt_getroot/_bt_get_endpoint). Only one page is locked at a time on the way down, so
// readers never wait for a split to finish: a page that split after we read its parent is
// handled by moving right (README "Locking").
#include "storage/btree/btree_search.h"

#include "common/error.h"
#include "storage/btree/btree_write.h"

namespace hyrax::storage::btree {

namespace {

[[noreturn]] void ThrowCorrupt(const IndexRelationInfo& index, std::string message) {
  throw Error(errcode::kIndexCorrupted, std::move(message)).Hint("Please REINDEX it.");
}

void CheckPage(const IndexRelationInfo& index, const char* page, BlockNumber block) {
  if (PageIsNew(page)) {
    ThrowCorrupt(index, fmt::format("index \"{}\" contains unexpected zero page at block {}",
                                    index.name, block));
  }
  if (kBlockSize - GetPageHeader(page)->pd_special != sizeof(BtPageOpaqueData)) {
    ThrowCorrupt(
        index, fmt::format("index \"{}\" contains corrupted page at block {}", index.name, block));
  }
}

}  // namespace

BtPage& BtPage::operator=(BtPage&& other) noexcept {
  if (this != &other) {
    Release();
    pin_ = std::move(other.pin_);
    lock_ = std::move(other.lock_);
    block_ = other.block_;
  }
  return *this;
}

BtPage BtPage::Read(const IndexRelationInfo& index, BlockNumber block, BufferLockMode mode,
                    bool allow_new) {
  BtPage result;
  result.pin_ = BufferManager::Read(index.locator, ForkNumber::kMain, block);
  result.lock_ = BufferLock(result.pin_, mode);
  result.block_ = block;
  if (!allow_new) CheckPage(index, result.page(), block);
  return result;
}

BtPage BtPage::Extend(const IndexRelationInfo& index) {
  BtPage result;
  result.pin_ = BufferManager::Extend(index.locator, ForkNumber::kMain, &result.lock_);
  result.block_ = result.pin_.block();
  return result;
}

void BtPage::Relock(BufferLockMode mode) {
  lock_.Unlock();
  lock_ = BufferLock(pin_, mode);
}

void BtPage::Release() {
  lock_.Unlock();
  pin_.Reset();
  block_ = kNoBlock;
}

BlockNumber GetRoot(const IndexRelationInfo& index, bool create, uint32_t* level) {
  BtPage meta_page = BtPage::Read(index, kMetaBlock, BufferLockMode::kShare);
  const char* page = meta_page.page();
  const BtMetaPageData* meta = MetaData(page);
  if ((Opaque(page)->btpo_flags & kBtpMeta) == 0 || meta->btm_magic != kBtreeMagic) {
    ThrowCorrupt(index, fmt::format("index \"{}\" is not a btree", index.name));
  }
  if (meta->btm_version != kBtreeVersion) {
    ThrowCorrupt(index, fmt::format("version mismatch in index \"{}\": file version {}, current "
                                    "version {}, minimal supported version {}",
                                    index.name, meta->btm_version, kBtreeVersion, kBtreeVersion));
  }
  BlockNumber root = meta->btm_root;
  *level = meta->btm_level;
  meta_page.Release();
  if (root == kNoBlock && create) {
    root = CreateFirstRoot(index);
    *level = 0;
  }
  return root;
}

BtPage MoveRight(const IndexRelationInfo& index, const BtScanInsert& key, BtPage page,
                 bool for_update, const BtStack& stack, BufferLockMode mode) {
  // Move right while the key is beyond the high key: > it, or >= it with nextkey.
  const int cmpval = key.nextkey ? 0 : 1;
  for (;;) {
    const BtPageOpaqueData* opaque = page.opaque();
    if (for_update && IsIncompleteSplit(opaque)) {
      const BlockNumber block = page.block();
      if (page.mode() != BufferLockMode::kExclusive) page.Relock(BufferLockMode::kExclusive);
      if (IsIncompleteSplit(page.opaque())) {
        FinishSplit(index, std::move(page), stack);
      } else {
        page.Release();
      }
      page = BtPage::Read(index, block, mode);
      continue;
    }
    if (IsRightmost(opaque)) break;
    if (CompareWithItem(index, key, page.page(), kHighKeyOffset) < cmpval) break;
    const BlockNumber next = opaque->btpo_next;
    page.Release();
    page = BtPage::Read(index, next, mode);
  }
  return page;
}

BtPage SearchLeaf(const IndexRelationInfo& index, const BtScanInsert& key, BufferLockMode mode,
                  BtStack* stack) {
  const bool for_update = mode == BufferLockMode::kExclusive;
  uint32_t root_level = 0;
  const BlockNumber root = GetRoot(index, for_update, &root_level);
  if (root == kNoBlock) return {};
  BtStack local_stack;
  BtStack& parents = stack != nullptr ? *stack : local_stack;
  parents.clear();
  // Internal pages are share-locked; the leaf is locked in `mode` directly when we know
  // the next level is the leaves (PostgreSQL's _bt_search does the same).
  BufferLockMode page_mode = root_level == 0 ? mode : BufferLockMode::kShare;
  BtPage page = BtPage::Read(index, root, page_mode);
  for (;;) {
    page = MoveRight(index, key, std::move(page), for_update, parents, page_mode);
    const BtPageOpaqueData* opaque = page.opaque();
    if (IsLeaf(opaque)) break;
    const OffsetNumber offnum = BinarySearch(index, key, page.page());
    const BlockNumber child = Downlink(ItemAt(page.page(), offnum));
    parents.push_back({page.block(), offnum});
    page_mode = opaque->btpo_level == 1 ? mode : BufferLockMode::kShare;
    page.Release();
    page = BtPage::Read(index, child, page_mode);
  }
  if (page.mode() != mode) {
    // The root was a leaf when the metapage said otherwise (or vice versa): relock, and
    // move right again since the page may have split while unlocked.
    page.Relock(mode);
    page = MoveRight(index, key, std::move(page), for_update, parents, mode);
  }
  return page;
}

BtPage GetEndpoint(const IndexRelationInfo& index, uint32_t level, bool rightmost) {
  uint32_t root_level = 0;
  const BlockNumber root = GetRoot(index, false, &root_level);
  if (root == kNoBlock) return {};
  BtPage page = BtPage::Read(index, root, BufferLockMode::kShare);
  for (;;) {
    // Pages may have split since we read their parent: the rightmost page is found by
    // following right-links. (The leftmost page of a level never changes.)
    while (rightmost && !IsRightmost(page.opaque())) {
      const BlockNumber next = page.opaque()->btpo_next;
      page.Release();
      page = BtPage::Read(index, next, BufferLockMode::kShare);
    }
    const BtPageOpaqueData* opaque = page.opaque();
    if (opaque->btpo_level == level) return page;
    if (opaque->btpo_level < level) {
      throw MakeError(errcode::kInternalError, "btree level {} not found in index \"{}\"", level,
                      index.name);
    }
    const OffsetNumber offnum =
        rightmost ? PageGetMaxOffsetNumber(page.page()) : FirstDataOffset(opaque);
    const BlockNumber child = Downlink(ItemAt(page.page(), offnum));
    page.Release();
    page = BtPage::Read(index, child, BufferLockMode::kShare);
  }
}

}  // namespace hyrax::storage::btree
