// Visibility map pages: PostgreSQL's layout (a standard page header, then 8168 bytes of
// bits, two per heap page), read with kZeroOnError (a torn or corrupt map page only loses
// bits, which is always safe), extended and initialised without WAL like the FSM, and set
// under one WAL record with the heap page's PD_ALL_VISIBLE. storage/vm/README.md.
#include "storage/vm/visibility_map.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "common/assert.h"
#include "common/interrupts.h"
#include "common/page_layout.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"
#include "storage/vm/vm_wal.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage {
namespace {

constexpr size_t kMapOffset = MaxAlign(page_layout::kHeaderSize);
constexpr uint32_t kMapBytes = kBlockSize - kMapOffset;  // 8168
constexpr uint32_t kHeapBlocksPerByte = 4;
static_assert(VisibilityMap::kHeapBlocksPerPage == kMapBytes * kHeapBlocksPerByte);

uint8_t* MapBytes(char* page) {
  return reinterpret_cast<uint8_t*>(page + kMapOffset);
}
const uint8_t* MapBytes(const char* page) {
  return reinterpret_cast<const uint8_t*>(page + kMapOffset);
}

uint8_t BitsOf(const char* page, const VmAddress& addr) {
  if (PageIsNew(page)) return 0;  // never initialised, or zeroed after a failed read
  return static_cast<uint8_t>((MapBytes(page)[addr.byte] >> addr.shift) & kVmValidBits);
}

bool PinMatches(const PinnedBuffer& pin, const RelFileLocator& locator, BlockNumber map_block) {
  if (!pin.valid()) return false;
  const BufferTag& tag = pin.tag();
  return tag.locator == locator && tag.fork == ForkNumber::kVisibilityMap && tag.block == map_block;
}

// Adds initialised map pages until `map_block` exists (PostgreSQL's vm_extend). Concurrent
// extenders are serialised by BufferManager::Extend; a page someone else added counts too.
void ExtendTo(const RelFileLocator& locator, BlockNumber map_block) {
  if (!Smgr::Exists(locator, ForkNumber::kVisibilityMap)) {
    Smgr::Create(locator, ForkNumber::kVisibilityMap, /*is_redo=*/true);  // tolerate a race
  }
  BlockNumber nblocks = BufferManager::NumBlocks(locator, ForkNumber::kVisibilityMap);
  while (map_block >= nblocks) {
    BufferLock lock;
    PinnedBuffer added = BufferManager::Extend(locator, ForkNumber::kVisibilityMap, &lock);
    PageInit(lock.page(), 0);
    lock.MarkDirty();
    nblocks = std::max(nblocks, added.block() + 1);
  }
}

}  // namespace

VmAddress VisibilityMap::Locate(BlockNumber heap_block) {
  const uint32_t in_page = heap_block % kHeapBlocksPerPage;
  return {heap_block / kHeapBlocksPerPage, in_page / kHeapBlocksPerByte,
          (in_page % kHeapBlocksPerByte) * 2};
}

PinnedBuffer VisibilityMap::Pin(const RelFileLocator& locator, BlockNumber heap_block,
                                bool extend) {
  const VmAddress addr = Locate(heap_block);
  if (extend) {
    ExtendTo(locator, addr.map_block);
  } else if (!Smgr::Exists(locator, ForkNumber::kVisibilityMap) ||
             addr.map_block >= BufferManager::NumBlocks(locator, ForkNumber::kVisibilityMap)) {
    return PinnedBuffer();
  }
  return BufferManager::Read(locator, ForkNumber::kVisibilityMap, addr.map_block,
                             ReadMode::kZeroOnError);
}

uint8_t VisibilityMap::GetStatus(const RelFileLocator& locator, BlockNumber heap_block,
                                 PinnedBuffer* vm_pin) {
  const VmAddress addr = Locate(heap_block);
  if (!PinMatches(*vm_pin, locator, addr.map_block)) {
    vm_pin->Reset();
    *vm_pin = Pin(locator, heap_block, /*extend=*/false);
    if (!vm_pin->valid()) return 0;
  }
  BufferLock lock(*vm_pin, BufferLockMode::kShare);
  return BitsOf(lock.page(), addr);
}

uint8_t VisibilityMap::GetStatus(const RelFileLocator& locator, BlockNumber heap_block) {
  PinnedBuffer pin;
  return GetStatus(locator, heap_block, &pin);
}

bool VisibilityMap::IsAllVisible(const RelFileLocator& locator, BlockNumber heap_block,
                                 PinnedBuffer* vm_pin) {
  return (GetStatus(locator, heap_block, vm_pin) & kVmAllVisible) != 0;
}

bool VisibilityMap::IsAllVisible(const RelFileLocator& locator, BlockNumber heap_block) {
  PinnedBuffer pin;
  return IsAllVisible(locator, heap_block, &pin);
}

bool VisibilityMap::Set(const RelFileLocator& locator, BlockNumber heap_block,
                        BufferLock* heap_lock, const PinnedBuffer& vm_pin, TransactionId cutoff_xid,
                        uint8_t flags) {
  const VmAddress addr = Locate(heap_block);
  HYRAX_CHECK(PinMatches(vm_pin, locator, addr.map_block),
              "wrong visibility map page pinned for heap block");
  HYRAX_CHECK((flags & kVmAllVisible) != 0 && (flags & ~kVmValidBits) == 0,
              "invalid visibility map flags");
  Page heap_page = heap_lock->page();
  // Lock order: the heap page (held by the caller), then its map page.
  BufferLock vm_lock(vm_pin, BufferLockMode::kExclusive);
  Page map_page = vm_lock.page();
  const bool heap_flag_set = (GetPageHeader(heap_page)->pd_flags & kPdAllVisible) != 0;
  if ((BitsOf(map_page, addr) & flags) == flags && heap_flag_set) return false;

  vmwal::Visible rec{cutoff_xid, flags, {0, 0, 0}};
  CriticalSection critical;
  if (PageIsNew(map_page)) PageInit(map_page, 0);
  MapBytes(map_page)[addr.byte] |= static_cast<uint8_t>(flags << addr.shift);
  GetPageHeader(heap_page)->pd_flags |= kPdAllVisible;
  vm_lock.MarkDirty();
  heap_lock->MarkDirty();
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&rec, sizeof(rec));
  // The bits live in the page's "hole" between pd_lower and pd_upper: image it whole.
  wal::XLogRegisterBlock(0, {locator, ForkNumber::kVisibilityMap, addr.map_block}, map_page,
                         wal::kRegbufNonStandard);
  // The heap page's flag change is like a hint bit, but with checksums always on a torn
  // write of it must be repairable: it may get a full-page image like any change.
  wal::XLogRegisterBlock(1, {locator, ForkNumber::kMain, heap_block}, heap_page,
                         wal::kRegbufStandard);
  const Lsn lsn = wal::XLogInsert(wal::RmgrId::kHeap, vmwal::kHeapVisible);
  page_layout::SetLsn(map_page, lsn);
  page_layout::SetLsn(heap_page, lsn);
  return true;
}

bool VisibilityMap::Clear(const PinnedBuffer& vm_pin, BlockNumber heap_block, uint8_t flags) {
  if (!vm_pin.valid()) return false;
  const VmAddress addr = Locate(heap_block);
  HYRAX_ASSERT(vm_pin.tag().fork == ForkNumber::kVisibilityMap && vm_pin.block() == addr.map_block);
  BufferLock lock(vm_pin, BufferLockMode::kExclusive);
  const uint8_t set = BitsOf(lock.page(), addr) & flags;
  if (set == 0) return false;
  MapBytes(lock.page())[addr.byte] &= static_cast<uint8_t>(~(set << addr.shift));
  // No WAL and no LSN change: the caller's heap record makes redo clear the bits again.
  lock.MarkDirty();
  return true;
}

VisibilityMap::Counts VisibilityMap::Count(const RelFileLocator& locator) {
  Counts counts;
  if (!Smgr::Exists(locator, ForkNumber::kVisibilityMap)) return counts;
  const BlockNumber nblocks = BufferManager::NumBlocks(locator, ForkNumber::kVisibilityMap);
  for (BlockNumber block = 0; block < nblocks; ++block) {
    CheckForInterrupts();
    PinnedBuffer pin =
        BufferManager::Read(locator, ForkNumber::kVisibilityMap, block, ReadMode::kZeroOnError);
    BufferLock lock(pin, BufferLockMode::kShare);
    if (PageIsNew(lock.page())) continue;
    const uint8_t* bytes = MapBytes(lock.page());
    for (uint32_t idx = 0; idx < kMapBytes; ++idx) {
      counts.all_visible += static_cast<BlockNumber>(std::popcount<uint8_t>(bytes[idx] & 0x55));
      counts.all_frozen += static_cast<BlockNumber>(std::popcount<uint8_t>(bytes[idx] & 0xAA));
    }
  }
  return counts;
}

void VisibilityMap::Truncate(const RelFileLocator& locator, BlockNumber nheapblocks) {
  if (!Smgr::Exists(locator, ForkNumber::kVisibilityMap)) return;
  const BlockNumber nblocks = BufferManager::NumBlocks(locator, ForkNumber::kVisibilityMap);
  const VmAddress cut = Locate(nheapblocks);
  BlockNumber new_nblocks = cut.map_block;
  if (cut.byte != 0 || cut.shift != 0) {
    // The cut falls inside a map page: keep it, with the bits of removed pages cleared.
    new_nblocks = cut.map_block + 1;
    if (cut.map_block < nblocks) {
      PinnedBuffer pin = BufferManager::Read(locator, ForkNumber::kVisibilityMap, cut.map_block,
                                             ReadMode::kZeroOnError);
      BufferLock lock(pin, BufferLockMode::kExclusive);
      if (!PageIsNew(lock.page())) {
        uint8_t* bytes = MapBytes(lock.page());
        bytes[cut.byte] &= static_cast<uint8_t>((1u << cut.shift) - 1);
        std::memset(bytes + cut.byte + 1, 0, kMapBytes - cut.byte - 1);
        lock.MarkDirty();
      }
    }
  }
  if (new_nblocks < nblocks) {
    BufferManager::TruncateFork(locator, ForkNumber::kVisibilityMap, new_nblocks);
  }
}

void VisibilityMap::ClearForRedo(const RelFileLocator& locator, BlockNumber heap_block,
                                 uint8_t flags) {
  PinnedBuffer pin = Pin(locator, heap_block, /*extend=*/false);
  Clear(pin, heap_block, flags);
}

}  // namespace hyrax::storage
