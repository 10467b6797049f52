// Free space map: a two-level byte map in the _fsm fork, read and written through the
// buffer pool and never WAL-logged. Block 0 (root) holds, per leaf, an upper bound of the
// leaf's largest category; leaves (blocks 1..) hold one category byte per heap page. Raises
// are propagated to the root at once, decreases lazily: a search that finds a leaf poorer
// than the root claimed corrects the root (PostgreSQL's fsm_search self-correction).
// storage/fsm/README.md.
#include "storage/fsm/free_space_map.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"

namespace hyrax::storage {

namespace {

constexpr size_t kSlotsOffset = MaxAlign(page_layout::kHeaderSize);
constexpr uint32_t kSlotsPerPage = kBlockSize - kSlotsOffset;  // 8168 heap pages per leaf
constexpr BlockNumber kRootBlock = 0;
constexpr uint32_t kCatStep = kBlockSize / 256;  // 32 bytes per category
constexpr size_t kMaxRequestSize = 8160;         // MaxHeapTupleSize

struct Address {
  uint32_t leaf_index;  // which leaf, = root slot
  uint32_t slot;        // slot within the leaf
  BlockNumber leaf_block() const { return leaf_index + 1; }
};

Address Locate(BlockNumber heap_block) {
  return {heap_block / kSlotsPerPage, heap_block % kSlotsPerPage};
}

uint8_t* Slots(char* page) {
  return reinterpret_cast<uint8_t*>(page + kSlotsOffset);
}

// PostgreSQL's fsm_space_avail_to_cat / fsm_space_needed_to_cat.
uint8_t AvailToCategory(size_t avail) {
  if (avail >= kMaxRequestSize) return 255;
  return static_cast<uint8_t>(std::min<size_t>(avail / kCatStep, 254));
}

uint8_t NeededToCategory(size_t needed) {
  if (needed > kMaxRequestSize) {
    throw MakeError(errcode::kInternalError, "invalid FSM request size {}", needed);
  }
  if (needed == 0) return 1;
  return static_cast<uint8_t>(std::min<size_t>((needed + kCatStep - 1) / kCatStep, 255));
}

// Per-backend search start: the block this backend was last pointed to, per relation.
std::unordered_map<RelFileLocator, BlockNumber, RelFileLocatorHash>& Hints() {
  static std::unordered_map<RelFileLocator, BlockNumber, RelFileLocatorHash> hints;
  return hints;
}

// Formats a page that was never initialised (new, or zeroed after a checksum failure).
void InitIfNew(const PinnedBuffer& pin) {
  {
    BufferLock shared(pin, BufferLockMode::kShare);
    if (!PageIsNew(shared.page())) return;
  }
  BufferLock lock(pin, BufferLockMode::kExclusive);
  if (PageIsNew(lock.page())) {
    PageInit(lock.page(), 0);
    lock.MarkDirty();
  }
}

// Pins FSM block `fsm_block`. When it does not exist: with `extend`, creates the fork and
// extends it; otherwise returns an invalid pin. A page failing its checksum reads as empty.
PinnedBuffer ReadFsmPage(const RelFileLocator& locator, BlockNumber fsm_block, bool extend) {
  if (!Smgr::Exists(locator, ForkNumber::kFsm)) {
    if (!extend) return PinnedBuffer();
    Smgr::Create(locator, ForkNumber::kFsm, /*is_redo=*/true);  // tolerate a racing creator
  }
  BlockNumber nblocks = BufferManager::NumBlocks(locator, ForkNumber::kFsm);
  while (fsm_block >= nblocks) {
    if (!extend) return PinnedBuffer();
    BufferLock lock;
    PinnedBuffer added = BufferManager::Extend(locator, ForkNumber::kFsm, &lock);
    PageInit(lock.page(), 0);
    lock.MarkDirty();
    nblocks = std::max(nblocks, added.block() + 1);
  }
  PinnedBuffer pin =
      BufferManager::Read(locator, ForkNumber::kFsm, fsm_block, ReadMode::kZeroOnError);
  InitIfNew(pin);
  return pin;
}

// Raises the root's bound for a leaf to at least `category`.
void RaiseRoot(const RelFileLocator& locator, uint32_t leaf_index, uint8_t category) {
  PinnedBuffer pin = ReadFsmPage(locator, kRootBlock, true);
  BufferLock lock(pin, BufferLockMode::kExclusive);
  uint8_t& bound = Slots(lock.page())[leaf_index];
  if (bound < category) {
    bound = category;
    lock.MarkDirty();
  }
}

void SetCategory(const RelFileLocator& locator, BlockNumber heap_block, uint8_t category) {
  const Address addr = Locate(heap_block);
  if (addr.leaf_index >= kSlotsPerPage) return;  // beyond what the map covers (512 GB)
  {
    PinnedBuffer pin = ReadFsmPage(locator, addr.leaf_block(), true);
    BufferLock lock(pin, BufferLockMode::kExclusive);
    uint8_t& slot = Slots(lock.page())[addr.slot];
    if (slot == category) return;
    slot = category;
    lock.MarkDirty();
  }
  RaiseRoot(locator, addr.leaf_index, category);
}

// Scans one leaf, starting at `start_slot` and wrapping around, for a slot >= `category`.
// When the whole leaf has none, lowers the root's bound to the leaf's real maximum.
BlockNumber SearchLeaf(const RelFileLocator& locator, uint32_t leaf_index, uint32_t start_slot,
                       uint8_t category) {
  PinnedBuffer pin = ReadFsmPage(locator, leaf_index + 1, false);
  if (!pin.valid()) return kInvalidBlockNumber;
  BufferLock leaf(pin, BufferLockMode::kShare);
  const uint8_t* slots = Slots(leaf.page());
  uint8_t leaf_max = 0;
  for (uint32_t i = 0; i < kSlotsPerPage; ++i) {
    const uint32_t slot = (start_slot + i) % kSlotsPerPage;
    if (slots[slot] >= category) return leaf_index * kSlotsPerPage + slot;
    leaf_max = std::max(leaf_max, slots[slot]);
  }
  // Lock order inside the FSM: a leaf may be held while the root is locked, never the
  // reverse (searches copy the root and release it before visiting leaves).
  PinnedBuffer root_pin = ReadFsmPage(locator, kRootBlock, false);
  BufferLock root(root_pin, BufferLockMode::kExclusive);
  uint8_t& bound = Slots(root.page())[leaf_index];
  if (bound > leaf_max) {
    bound = leaf_max;
    root.MarkDirty();
  }
  return kInvalidBlockNumber;
}

// Searches every leaf whose root bound admits `category`, starting at `start_block`.
BlockNumber Search(const RelFileLocator& locator, uint8_t category, BlockNumber start_block) {
  if (!Smgr::Exists(locator, ForkNumber::kFsm)) return kInvalidBlockNumber;
  const BlockNumber nblocks = BufferManager::NumBlocks(locator, ForkNumber::kFsm);
  if (nblocks <= 1) return kInvalidBlockNumber;
  const uint32_t nleaves = std::min<uint32_t>(nblocks - 1, kSlotsPerPage);
  std::vector<uint8_t> bounds(nleaves);
  {
    PinnedBuffer pin = ReadFsmPage(locator, kRootBlock, false);
    BufferLock root(pin, BufferLockMode::kShare);
    std::memcpy(bounds.data(), Slots(root.page()), nleaves);
  }
  Address start = Locate(start_block);
  if (start.leaf_index >= nleaves) start = {0, 0};
  for (uint32_t k = 0; k < nleaves; ++k) {
    const uint32_t leaf_index = (start.leaf_index + k) % nleaves;
    if (bounds[leaf_index] < category) continue;
    const uint32_t start_slot = k == 0 ? start.slot : 0;
    const BlockNumber found = SearchLeaf(locator, leaf_index, start_slot, category);
    if (found != kInvalidBlockNumber) return found;
  }
  return kInvalidBlockNumber;
}

BlockNumber SearchAndRemember(const RelFileLocator& locator, uint8_t category,
                              BlockNumber start_block) {
  const BlockNumber found = Search(locator, category, start_block);
  auto& hints = Hints();
  if (hints.size() > 1024) hints.clear();
  if (found != kInvalidBlockNumber) hints[locator] = found;
  return found;
}

}  // namespace

BlockNumber FreeSpaceMap::GetPageWithFreeSpace(const RelFileLocator& locator, size_t needed) {
  const uint8_t category = NeededToCategory(needed);
  auto it = Hints().find(locator);
  return SearchAndRemember(locator, category, it == Hints().end() ? 0 : it->second);
}

BlockNumber FreeSpaceMap::RecordAndGetPageWithFreeSpace(const RelFileLocator& locator,
                                                        BlockNumber block, size_t free_bytes,
                                                        size_t needed) {
  const uint8_t category = NeededToCategory(needed);
  SetCategory(locator, block, AvailToCategory(free_bytes));
  return SearchAndRemember(locator, category, block + 1);
}

void FreeSpaceMap::RecordPageWithFreeSpace(const RelFileLocator& locator, BlockNumber block,
                                           size_t free_bytes) {
  SetCategory(locator, block, AvailToCategory(free_bytes));
}

void FreeSpaceMap::Truncate(const RelFileLocator& locator, BlockNumber nblocks) {
  Hints().erase(locator);
  if (!Smgr::Exists(locator, ForkNumber::kFsm)) return;
  const BlockNumber fsm_nblocks = BufferManager::NumBlocks(locator, ForkNumber::kFsm);
  const Address cut = Locate(nblocks);
  if (cut.leaf_index >= kSlotsPerPage) return;  // the cut lies beyond what the map covers
  // Leaves wholly before the cut survive, plus the leaf the cut falls into (if partial).
  const uint32_t kept_leaves = std::min(cut.leaf_index + (cut.slot > 0 ? 1 : 0), kSlotsPerPage);
  const BlockNumber new_fsm_nblocks = nblocks == 0 ? 0 : kept_leaves + 1;
  if (nblocks > 0 && fsm_nblocks > 0) {
    uint8_t partial_max = 0;
    if (cut.slot > 0 && cut.leaf_block() < fsm_nblocks) {
      PinnedBuffer pin = ReadFsmPage(locator, cut.leaf_block(), false);
      BufferLock lock(pin, BufferLockMode::kExclusive);
      uint8_t* slots = Slots(lock.page());
      std::memset(slots + cut.slot, 0, kSlotsPerPage - cut.slot);
      partial_max = *std::max_element(slots, slots + cut.slot);
      lock.MarkDirty();
    }
    PinnedBuffer pin = ReadFsmPage(locator, kRootBlock, false);
    BufferLock root(pin, BufferLockMode::kExclusive);
    uint8_t* bounds = Slots(root.page());
    if (cut.slot > 0) bounds[cut.leaf_index] = partial_max;
    std::memset(bounds + kept_leaves, 0, kSlotsPerPage - kept_leaves);
    root.MarkDirty();
  }
  if (new_fsm_nblocks < fsm_nblocks) {
    BufferManager::TruncateFork(locator, ForkNumber::kFsm, new_fsm_nblocks);
  }
}

}  // namespace hyrax::storage
