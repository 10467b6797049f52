// Finding pages: a pinned+locked page holder, the metapage and root, the descent from the
// root to a leaf with a stack of parents (PostgreSQL's _bt_search), moving right past
// concurrent splits (_bt_moveright, Lehman & Yao) and the leftmost/rightmost page of a
// level (_bt_get_endpoint). README "Searching" and "Locking".
#pragma once

#include <vector>

#include "storage/btree/btree.h"
#include "storage/btree/btree_compare.h"
#include "storage/btree/btree_page.h"
#include "storage/buffer/buffer_manager.h"

namespace hyrax::storage::btree {

// One btree page, pinned and content-locked; the destructor unlocks and unpins. Movable.
class BtPage {
 public:
  BtPage() = default;
  ~BtPage() { Release(); }
  BtPage(BtPage&& other) noexcept
      : pin_(std::move(other.pin_)), lock_(std::move(other.lock_)), block_(other.block_) {}
  BtPage& operator=(BtPage&& other) noexcept;
  BtPage(const BtPage&) = delete;
  BtPage& operator=(const BtPage&) = delete;

  // Pins `block` and locks it in `mode`; unless `allow_new`, checks it is an initialised
  // btree page (XX002 "index ... contains unexpected zero page at block N" otherwise).
  static BtPage Read(const IndexRelationInfo& index, BlockNumber block, BufferLockMode mode,
                     bool allow_new = false);
  // Adds a new zeroed page at the end of the index, exclusively locked. The buffer
  // manager serialises extension of one fork, so no relation extension lock is needed.
  static BtPage Extend(const IndexRelationInfo& index);

  bool valid() const { return pin_.valid(); }
  BlockNumber block() const { return block_; }
  char* page() const { return lock_.page(); }
  BtPageOpaqueData* opaque() const { return Opaque(lock_.page()); }
  BufferLockMode mode() const { return lock_.mode(); }
  // Drops the lock and takes it again in `mode` (the page may change in between).
  void Relock(BufferLockMode mode);
  void MarkDirty() { lock_.MarkDirty(); }
  // For hint-only changes (LP_DEAD on killed entries), allowed under a share lock.
  void MarkDirtyHint() { lock_.MarkDirtyHint(); }
  void Release();

 private:
  PinnedBuffer pin_;
  BufferLock lock_;
  BlockNumber block_ = kNoBlock;
};

// Parents visited on the way down, root first: the page and the item whose downlink we
// followed. Only a hint: splits may have moved the item right since.
struct BtStackEntry {
  BlockNumber block;
  OffsetNumber offset;
};
using BtStack = std::vector<BtStackEntry>;

// The root block and its level from the metapage; kNoBlock when the index is empty and
// `create` is false. With `create`, an empty index gets a leaf root first (WAL-logged).
// Throws XX002 when block 0 is not a valid btree metapage.
BlockNumber GetRoot(const IndexRelationInfo& index, bool create, uint32_t* level);

// Descends to the leaf page where `key` belongs, returning it locked share (kShare) or
// exclusive (kExclusive: inserts, which also finish incomplete splits on the way and
// create the root of an empty index). `stack`, when non-null, receives the parents.
// Returns an invalid BtPage for an empty index in share mode.
BtPage SearchLeaf(const IndexRelationInfo& index, const BtScanInsert& key, BufferLockMode mode,
                  BtStack* stack);

// Moves right from `page` while `key` is beyond its high key (Lehman & Yao). With
// `for_update`, finishes incomplete splits met on the way (`stack`: the page's parents).
BtPage MoveRight(const IndexRelationInfo& index, const BtScanInsert& key, BtPage page,
                 bool for_update, const BtStack& stack, BufferLockMode mode);

// The leftmost or rightmost page of `level`, share-locked; invalid for an empty index.
// Throws XX000 when the tree has no such level.
BtPage GetEndpoint(const IndexRelationInfo& index, uint32_t level, bool rightmost);

}  // namespace hyrax::storage::btree
