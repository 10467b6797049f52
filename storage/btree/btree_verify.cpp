// Structural verification in the spirit of amcheck's bt_index_parent_check: each level is
// walked left to right from its leftmost page; pages are checked on their own (order,
// high key, tuple kinds), against their left sibling (links, lower bound) and against the
// level above (each downlink's key is the high key of the child's left sibling, children
// in downlink order, only the right halves of incomplete splits lack a downlink).
// README "Verification".
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "storage/btree/btree.h"
#include "storage/btree/btree_compare.h"
#include "storage/btree/btree_search.h"

namespace hyrax::storage {

using namespace btree;

namespace {

// A downlink found on the level above: the child and its key (the key of a page's first
// item, minus infinity there, is the page's lower bound: its left sibling's high key).
struct DownlinkInfo {
  BlockNumber child;
  IndexTupleBuf key;  // empty = minus infinity (the leftmost child of the level)
};

class Verifier {
 public:
  explicit Verifier(const IndexRelationInfo& index) : index_(index) {}

  std::vector<std::string> Run() {
    uint32_t root_level = 0;
    BlockNumber root;
    try {
      root = GetRoot(index_, false, &root_level);
    } catch (const Error& error) {
      problems_.push_back(error.message());
      return problems_;
    }
    nblocks_ = BufferManager::NumBlocks(index_.locator, ForkNumber::kMain);
    if (root == kNoBlock) return problems_;
    if (root >= nblocks_) {
      Problem(kMetaBlock, fmt::format("root {} is beyond the end of the index", root));
      return problems_;
    }
    BlockNumber leftmost = root;
    std::vector<DownlinkInfo> parent_downlinks;
    for (int64_t level = root_level; level >= 0; --level) {
      std::vector<DownlinkInfo> downlinks;
      const BlockNumber next_leftmost =
          WalkLevel(static_cast<uint32_t>(level), leftmost, level == root_level, parent_downlinks,
                    &downlinks);
      if (level == 0 || next_leftmost == kNoBlock) break;
      leftmost = next_leftmost;
      parent_downlinks = std::move(downlinks);
    }
    CheckAllReached();
    return problems_;
  }

 private:
  void Problem(BlockNumber block, const std::string& text) {
    problems_.push_back(fmt::format("block {}: {}", block, text));
  }

  // Walks one level; returns the leftmost child (first downlink) for the next level.
  BlockNumber WalkLevel(uint32_t level, BlockNumber leftmost, bool is_root_level,
                        const std::vector<DownlinkInfo>& parent_downlinks,
                        std::vector<DownlinkInfo>* downlinks) {
    BlockNumber block = leftmost;
    BlockNumber prev = kNoBlock;
    IndexTupleBuf prev_high_key;
    bool prev_incomplete = false;
    size_t downlink_idx = 0;
    BlockNumber first_child = kNoBlock;
    while (block != kNoBlock) {
      if (block >= nblocks_ || !visited_.insert(block).second) {
        Problem(block, "right-link leads outside the index or into a cycle");
        break;
      }
      BtPage page = BtPage::Read(index_, block, BufferLockMode::kShare, true);
      if (PageIsNew(page.page())) {
        Problem(block, "reached an uninitialised page");
        break;
      }
      const char* p = page.page();
      const BtPageOpaqueData* opaque = page.opaque();
      CheckPageHeader(block, opaque, level, prev, prev_incomplete, is_root_level);
      CheckItems(block, p);
      CheckLowerBound(block, p, prev_high_key);
      if (!is_root_level) {
        CheckDownlink(block, prev_incomplete, prev_high_key, parent_downlinks, &downlink_idx);
      }
      if (!IsLeaf(opaque)) CollectDownlinks(p, prev_high_key, downlinks, &first_child);
      prev_high_key = IsRightmost(opaque)
                          ? IndexTupleBuf()
                          : IndexTupleBuf(ItemAt(p, kHighKeyOffset), ItemSizeAt(p, kHighKeyOffset));
      prev_incomplete = IsIncompleteSplit(opaque);
      prev = block;
      block = opaque->btpo_next;
    }
    if (!is_root_level && downlink_idx != parent_downlinks.size()) {
      Problem(prev, fmt::format("level {} has {} pages with downlinks, the level above has {}",
                                level, downlink_idx, parent_downlinks.size()));
    }
    return first_child;
  }

  void CheckPageHeader(BlockNumber block, const BtPageOpaqueData* opaque, uint32_t level,
                       BlockNumber prev, bool prev_incomplete, bool is_root_level) {
    if (opaque->btpo_level != level) {
      Problem(block, fmt::format("level is {}, expected {}", opaque->btpo_level, level));
    }
    if (IsLeaf(opaque) != (level == 0)) Problem(block, "leaf flag does not match the level");
    if ((opaque->btpo_flags & (kBtpDeleted | kBtpHalfDead | kBtpMeta)) != 0) {
      Problem(block, "deleted, half-dead or metapage flag set on a live page");
    }
    if (opaque->btpo_prev != prev) {
      Problem(block, fmt::format("left-link is {}, but the page reached from the left is {}",
                                 opaque->btpo_prev, prev));
    }
    if (is_root_level) {
      // A root split interrupted before the new root was made leaves two pages on the top
      // level, the left one (still named by the metapage) with INCOMPLETE_SPLIT.
      if (prev == kNoBlock && !IsRoot(opaque) && !IsIncompleteSplit(opaque)) {
        Problem(block, "root page lacks the root flag");
      }
      if (prev != kNoBlock && !prev_incomplete) {
        Problem(block, "the root level has more than one page");
      }
    } else if (IsRoot(opaque)) {
      Problem(block, "root flag on a page below the root");
    }
  }

  void CheckItems(BlockNumber block, const char* p) {
    const BtPageOpaqueData* opaque = Opaque(p);
    const OffsetNumber minoff = FirstDataOffset(opaque);
    const OffsetNumber maxoff = PageGetMaxOffsetNumber(p);
    for (OffsetNumber off = kHighKeyOffset; off <= maxoff; ++off) {
      const char* tuple = ItemAt(p, off);
      const bool high_key = off < minoff;
      const bool pivot_expected = high_key || !IsLeaf(opaque);
      if (IsPivot(tuple) != pivot_expected) {
        Problem(block,
                fmt::format("item {} is {}a pivot tuple", off, IsPivot(tuple) ? "" : "not "));
        continue;
      }
      if (!pivot_expected && !TupleHeader(tuple)->t_tid.valid()) {
        Problem(block, fmt::format("item {} has an invalid heap TID", off));
      }
      if (IndexTupleSize(tuple) != ItemSizeAt(p, off)) {
        Problem(block, fmt::format("item {} size does not match its line pointer", off));
      }
      if (pivot_expected && TupleNatts(index_, tuple) > index_.nkeyatts) {
        Problem(block, fmt::format("pivot item {} has non-key attributes", off));
      }
      if (!IsLeaf(opaque) && !high_key) {
        const BlockNumber child = Downlink(tuple);
        if (child == kNoBlock || child >= nblocks_) {
          Problem(block, fmt::format("item {} has invalid downlink {}", off, child));
        }
        if (off == minoff && TupleNatts(index_, tuple) != 0) {
          Problem(block, "first item of an internal page is not minus infinity");
        }
      }
      if (!high_key && off > minoff) {
        // Keys strictly increase (the first item of an internal page is minus infinity).
        const bool skip = !IsLeaf(opaque) && off - 1 == minoff;
        if (!skip && CompareTuples(index_, ItemAt(p, off - 1), tuple) >= 0) {
          Problem(block, fmt::format("items {} and {} are out of order", off - 1, off));
        }
      }
    }
    // Everything on the page is at or below the high key.
    if (!IsRightmost(opaque) && maxoff >= minoff) {
      const bool only_minus_infinity = !IsLeaf(opaque) && maxoff == minoff;
      if (!only_minus_infinity &&
          CompareTuples(index_, ItemAt(p, maxoff), ItemAt(p, kHighKeyOffset)) > 0) {
        Problem(block, fmt::format("item {} is above the high key", maxoff));
      }
    }
  }

  // Everything on the page is above its left sibling's high key.
  void CheckLowerBound(BlockNumber block, const char* p, const IndexTupleBuf& prev_high_key) {
    if (prev_high_key.empty()) return;
    const BtPageOpaqueData* opaque = Opaque(p);
    OffsetNumber first = FirstDataOffset(opaque);
    if (!IsLeaf(opaque)) ++first;  // skip minus infinity
    if (first > PageGetMaxOffsetNumber(p)) return;
    if (CompareTuples(index_, ItemAt(p, first), prev_high_key.data()) <= 0) {
      Problem(block, fmt::format("item {} is not above the left sibling's high key", first));
    }
  }

  void CheckDownlink(BlockNumber block, bool prev_incomplete, const IndexTupleBuf& prev_high_key,
                     const std::vector<DownlinkInfo>& parent_downlinks, size_t* downlink_idx) {
    const bool expect_downlink = !prev_incomplete;
    const bool has_next = *downlink_idx < parent_downlinks.size();
    if (!expect_downlink) {
      if (has_next && parent_downlinks[*downlink_idx].child == block) {
        Problem(block, "right half of an incomplete split has a downlink");
        ++*downlink_idx;
      }
      return;
    }
    if (!has_next || parent_downlinks[*downlink_idx].child != block) {
      Problem(block, fmt::format("page is not the next downlink of the level above (expected {})",
                                 has_next ? parent_downlinks[*downlink_idx].child : kNoBlock));
      return;
    }
    const DownlinkInfo& downlink = parent_downlinks[*downlink_idx];
    ++*downlink_idx;
    if (downlink.key.empty() != prev_high_key.empty() ||
        (!downlink.key.empty() &&
         CompareTuples(index_, downlink.key.data(), prev_high_key.data()) != 0)) {
      Problem(block, "downlink key differs from the left sibling's high key");
    }
  }

  // Records this internal page's downlinks with their keys; the first item's key is the
  // page's own lower bound (the left sibling's high key).
  void CollectDownlinks(const char* p, const IndexTupleBuf& page_low_key,
                        std::vector<DownlinkInfo>* downlinks, BlockNumber* first_child) {
    const BtPageOpaqueData* opaque = Opaque(p);
    const OffsetNumber minoff = FirstDataOffset(opaque);
    const OffsetNumber maxoff = PageGetMaxOffsetNumber(p);
    for (OffsetNumber off = minoff; off <= maxoff; ++off) {
      const char* tuple = ItemAt(p, off);
      if (*first_child == kNoBlock) *first_child = Downlink(tuple);
      if (off == minoff) {
        downlinks->push_back(
            {Downlink(tuple), IndexTupleBuf(page_low_key.data(), page_low_key.size())});
      } else {
        downlinks->push_back({Downlink(tuple), IndexTupleBuf(tuple, IndexTupleSize(tuple))});
      }
    }
  }

  // Every initialised page must belong to the tree.
  void CheckAllReached() {
    for (BlockNumber block = kMetaBlock + 1; block < nblocks_; ++block) {
      if (visited_.count(block) != 0) continue;
      BtPage page = BtPage::Read(index_, block, BufferLockMode::kShare, true);
      if (!PageIsNew(page.page())) Problem(block, "page is not reachable from the root");
    }
  }

  const IndexRelationInfo& index_;
  std::vector<std::string> problems_;
  std::set<BlockNumber> visited_;
  BlockNumber nblocks_ = 0;
};

}  // namespace

std::vector<std::string> BtreeVerify(const IndexRelationInfo& index) {
  return Verifier(index).Run();
}

}  // namespace hyrax::storage
