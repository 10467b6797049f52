// Structural verification in the spirit of amcheck's bt_index_check and
// bt_index_parent_check: each level is walked left to right from its leftmost page along
// right-links; every page is copied under a share lock and checked from the copy on its
// own (order, high key, tuple kinds), against its left sibling (links, lower bound) and,
// for the parent check, against the level above (each downlink's key is the high key of
// the child's left sibling, children in downlink order, only the right halves of
// incomplete splits lack a downlink). README "Verification".
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "storage/btree/btree.h"
#include "storage/btree/btree_check.h"
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

// A private, aligned copy of one page, so that checks hold no buffer lock and may read
// other pages in any order (amcheck's palloc_btree_page).
class PageCopy {
 public:
  PageCopy(const IndexRelationInfo& index, BlockNumber block) : words_(kBlockSize / 8) {
    BtPage page = BtPage::Read(index, block, BufferLockMode::kShare, true);
    std::memcpy(words_.data(), page.page(), kBlockSize);
  }
  const char* page() const { return reinterpret_cast<const char*>(words_.data()); }

 private:
  std::vector<uint64_t> words_;
};

// Why the page's header or line pointers cannot be trusted, or "" when they can. Checked
// before any item is read, so a corrupt page yields a problem instead of a wild read.
std::string PageLayoutProblem(const char* p) {
  const PageHeaderData* header = GetPageHeader(p);
  if (header->pd_special != kBlockSize - sizeof(BtPageOpaqueData)) {
    return fmt::format("special area starts at {}, not at {}", header->pd_special,
                       kBlockSize - sizeof(BtPageOpaqueData));
  }
  if (header->pd_lower < page_layout::kHeaderSize || header->pd_lower > header->pd_upper ||
      header->pd_upper > header->pd_special) {
    return fmt::format("free space bounds {}..{} are invalid", header->pd_lower, header->pd_upper);
  }
  const OffsetNumber maxoff = PageGetMaxOffsetNumber(p);
  for (OffsetNumber off = 1; off <= maxoff; ++off) {
    const ItemIdData* item = PageGetItemId(p, off);
    if (item->lp_off < header->pd_upper || item->lp_off + item->lp_len > header->pd_special ||
        item->lp_len < sizeof(IndexTupleData)) {
      return fmt::format("line pointer {} (offset {}, length {}) is outside the item space", off,
                         item->lp_off, item->lp_len);
    }
  }
  return std::string();
}

class Verifier {
 public:
  Verifier(const IndexRelationInfo& index, const BtreeCheckOptions& options)
      : index_(index), options_(options) {}

  std::vector<BtreeProblem> Run() {
    try {
      root_ = GetRoot(index_, false, &root_level_);
    } catch (const Error& error) {
      Problem(BtreeInvariant::kMetapage, kMetaBlock, error.message());
      return problems_;
    }
    nblocks_ = BufferManager::NumBlocks(index_.locator, ForkNumber::kMain);
    if (root_ == kNoBlock) return problems_;
    if (root_ >= nblocks_) {
      Problem(BtreeInvariant::kMetapage, kMetaBlock,
              fmt::format("root {} is beyond the end of the index", root_));
      return problems_;
    }
    BlockNumber leftmost = root_;
    std::vector<DownlinkInfo> parent_downlinks;
    for (int64_t level = root_level_; level >= 0; --level) {
      std::vector<DownlinkInfo> downlinks;
      const BlockNumber next_leftmost =
          WalkLevel(static_cast<uint32_t>(level), leftmost, parent_downlinks, &downlinks);
      if (level == 0 || next_leftmost == kNoBlock) break;
      leftmost = next_leftmost;
      parent_downlinks = std::move(downlinks);
    }
    if (options_.parent_check) CheckAllReached();
    return problems_;
  }

 private:
  void Problem(BtreeInvariant invariant, BlockNumber block, std::string text) {
    problems_.push_back(BtreeProblem{invariant, block, std::move(text)});
  }

  // Walks one level; returns the leftmost child (first downlink) for the next level.
  BlockNumber WalkLevel(uint32_t level, BlockNumber leftmost,
                        const std::vector<DownlinkInfo>& parent_downlinks,
                        std::vector<DownlinkInfo>* downlinks) {
    const bool is_root_level = level == root_level_;
    BlockNumber block = leftmost;
    BlockNumber prev = kNoBlock;
    IndexTupleBuf prev_high_key;
    bool prev_incomplete = false;
    size_t downlink_idx = 0;
    BlockNumber first_child = kNoBlock;
    while (block != kNoBlock) {
      if (!BlockExists(block) || !visited_.insert(block).second) {
        Problem(BtreeInvariant::kSiblingLinks, block,
                "right-link leads outside the index or into a cycle");
        break;
      }
      const PageCopy copy(index_, block);
      const char* p = copy.page();
      if (PageIsNew(p)) {
        Problem(BtreeInvariant::kSiblingLinks, block, "reached an uninitialised page");
        break;
      }
      if (std::string layout = PageLayoutProblem(p); !layout.empty()) {
        Problem(BtreeInvariant::kPageHeader, block, std::move(layout));
        break;
      }
      const BtPageOpaqueData* opaque = Opaque(p);
      CheckPageHeader(block, opaque, level, prev, prev_incomplete, is_root_level);
      // Keys are compared only on pages whose tuples have sane sizes and kinds.
      const bool items_usable = CheckTupleFormats(block, p);
      if (items_usable) {
        CheckItemOrder(block, p);
        CheckLowerBound(block, p, prev_high_key);
      }
      if (options_.parent_check && !is_root_level) {
        CheckDownlink(block, prev_incomplete, prev_high_key, parent_downlinks, &downlink_idx);
      }
      if (IsLeaf(opaque)) {
        if (items_usable) VisitLeafTuples(block, p);
      } else if (first_child == kNoBlock && PageGetMaxOffsetNumber(p) >= FirstDataOffset(opaque)) {
        first_child = Downlink(ItemAt(p, FirstDataOffset(opaque)));
      }
      if (options_.parent_check && !IsLeaf(opaque)) CollectDownlinks(p, prev_high_key, downlinks);
      prev_high_key = IsRightmost(opaque) || !items_usable
                          ? IndexTupleBuf()
                          : IndexTupleBuf(ItemAt(p, kHighKeyOffset), ItemSizeAt(p, kHighKeyOffset));
      prev_incomplete = IsIncompleteSplit(opaque);
      prev = block;
      block = opaque->btpo_next;
    }
    if (options_.parent_check && !is_root_level && downlink_idx != parent_downlinks.size()) {
      Problem(BtreeInvariant::kParentChild, prev,
              fmt::format("level {} has {} pages with downlinks, the level above has {}", level,
                          downlink_idx, parent_downlinks.size()));
    }
    return first_child;
  }

  void CheckPageHeader(BlockNumber block, const BtPageOpaqueData* opaque, uint32_t level,
                       BlockNumber prev, bool prev_incomplete, bool is_root_level) {
    if (opaque->btpo_level != level) {
      Problem(BtreeInvariant::kPageHeader, block,
              fmt::format("level is {}, expected {}", opaque->btpo_level, level));
    }
    if (IsLeaf(opaque) != (level == 0)) {
      Problem(BtreeInvariant::kPageHeader, block, "leaf flag does not match the level");
    }
    if ((opaque->btpo_flags & (kBtpDeleted | kBtpHalfDead | kBtpMeta)) != 0) {
      Problem(BtreeInvariant::kPageHeader, block,
              "deleted, half-dead or metapage flag set on a live page");
    }
    if (opaque->btpo_prev != prev && !SplitSinceRead(prev, block)) {
      Problem(BtreeInvariant::kSiblingLinks, block,
              fmt::format("left-link is {}, but the page reached from the left is {}",
                          opaque->btpo_prev, prev));
    }
    if (is_root_level) {
      // A root split interrupted before the new root was made leaves two pages on the top
      // level, the left one (still named by the metapage) with INCOMPLETE_SPLIT.
      const bool root_lacks_flag =
          prev == kNoBlock && !IsRoot(opaque) && !IsIncompleteSplit(opaque);
      const bool extra_root_page = prev != kNoBlock && !prev_incomplete;
      if ((root_lacks_flag || extra_root_page) && !RootMovedSinceRead()) {
        Problem(BtreeInvariant::kPageHeader, block,
                root_lacks_flag ? "root page lacks the root flag"
                                : "the root level has more than one page");
      }
    } else if (IsRoot(opaque)) {
      Problem(BtreeInvariant::kPageHeader, block, "root flag on a page below the root");
    }
  }

  // Without the parent check writers run concurrently: a left-link that names a page we
  // did not come from is fine when `left` was split after we read it (its right-link no
  // longer leads to `block`; the new page in between holds entries we already checked).
  bool SplitSinceRead(BlockNumber left, BlockNumber block) const {
    if (options_.parent_check || left == kNoBlock) return false;
    const PageCopy copy(index_, left);
    return Opaque(copy.page())->btpo_next != block;
  }

  // Concurrent splits extend the file; a block past the length we saw may be one of theirs.
  bool BlockExists(BlockNumber block) {
    if (block < nblocks_) return true;
    if (options_.parent_check) return false;
    nblocks_ = BufferManager::NumBlocks(index_.locator, ForkNumber::kMain);
    return block < nblocks_;
  }

  // Likewise, a root split after we read the metapage adds a page to the old root level.
  bool RootMovedSinceRead() const {
    if (options_.parent_check) return false;
    uint32_t level = 0;
    const BlockNumber root = GetRoot(index_, false, &level);
    return root != root_ || level != root_level_;
  }

  // Checks every item's kind (pivot or not), size, attribute count and downlink. Returns
  // false when some item is unfit to be compared.
  bool CheckTupleFormats(BlockNumber block, const char* p) {
    const BtPageOpaqueData* opaque = Opaque(p);
    const OffsetNumber minoff = FirstDataOffset(opaque);
    bool usable = true;
    for (OffsetNumber off = kHighKeyOffset; off <= PageGetMaxOffsetNumber(p); ++off) {
      const bool high_key = off < minoff;
      usable &= CheckTupleFormat(block, p, off, high_key, high_key || !IsLeaf(opaque));
    }
    return usable;
  }

  // Keys strictly increase along the page, and none is above the high key.
  void CheckItemOrder(BlockNumber block, const char* p) {
    const BtPageOpaqueData* opaque = Opaque(p);
    const OffsetNumber minoff = FirstDataOffset(opaque);
    const OffsetNumber maxoff = PageGetMaxOffsetNumber(p);
    // The first item of an internal page is minus infinity: order starts after it.
    const OffsetNumber first_keyed = IsLeaf(opaque) ? minoff : minoff + 1;
    for (OffsetNumber off = first_keyed + 1; off <= maxoff; ++off) {
      if (CompareTuples(index_, ItemAt(p, off - 1), ItemAt(p, off)) >= 0) {
        Problem(BtreeInvariant::kItemOrder, block,
                fmt::format("items {} and {} are out of order", off - 1, off));
      }
    }
    if (!IsRightmost(opaque) && maxoff >= first_keyed &&
        CompareTuples(index_, ItemAt(p, maxoff), ItemAt(p, kHighKeyOffset)) > 0) {
      Problem(BtreeInvariant::kHighKey, block,
              fmt::format("item {} is above the high key", maxoff));
    }
  }

  // One item's format; false when it must not be compared (wrong kind, size or width).
  bool CheckTupleFormat(BlockNumber block, const char* p, OffsetNumber off, bool high_key,
                        bool pivot) {
    const BtPageOpaqueData* opaque = Opaque(p);
    const char* tuple = ItemAt(p, off);
    if (IsPivot(tuple) != pivot) {
      Problem(BtreeInvariant::kTupleFormat, block,
              fmt::format("item {} is {}a pivot tuple", off, IsPivot(tuple) ? "" : "not "));
      return false;
    }
    if (IndexTupleSize(tuple) != ItemSizeAt(p, off)) {
      Problem(BtreeInvariant::kTupleFormat, block,
              fmt::format("item {} size does not match its line pointer", off));
      return false;
    }
    if (pivot && TupleNatts(index_, tuple) > index_.nkeyatts) {
      Problem(BtreeInvariant::kTupleFormat, block,
              fmt::format("pivot item {} has non-key attributes", off));
      return false;
    }
    if (!pivot && !TupleHeader(tuple)->t_tid.valid()) {
      Problem(BtreeInvariant::kTupleFormat, block,
              fmt::format("item {} has an invalid heap TID", off));
    }
    if (IsLeaf(opaque) || high_key) return true;
    const BlockNumber child = Downlink(tuple);
    if (child == kNoBlock || !BlockExists(child)) {
      Problem(BtreeInvariant::kTupleFormat, block,
              fmt::format("item {} has invalid downlink {}", off, child));
    }
    if (off == FirstDataOffset(opaque) && TupleNatts(index_, tuple) != 0) {
      Problem(BtreeInvariant::kTupleFormat, block,
              "first item of an internal page is not minus infinity");
    }
    return true;
  }

  // Everything on the page is above its left sibling's high key: the left page's high key
  // is at or below its right sibling's first key.
  void CheckLowerBound(BlockNumber block, const char* p, const IndexTupleBuf& prev_high_key) {
    if (prev_high_key.empty()) return;
    const BtPageOpaqueData* opaque = Opaque(p);
    OffsetNumber first = FirstDataOffset(opaque);
    if (!IsLeaf(opaque)) ++first;  // skip minus infinity
    if (first > PageGetMaxOffsetNumber(p)) return;
    if (CompareTuples(index_, ItemAt(p, first), prev_high_key.data()) <= 0) {
      Problem(BtreeInvariant::kCrossPage, block,
              fmt::format("item {} is not above the left sibling's high key", first));
    }
  }

  // Hands leaf tuples to the caller and, with rootdescend, re-finds each from the root.
  void VisitLeafTuples(BlockNumber block, const char* p) {
    if (!options_.visit_leaf_tuple && !options_.rootdescend) return;
    const OffsetNumber maxoff = PageGetMaxOffsetNumber(p);
    for (OffsetNumber off = FirstDataOffset(Opaque(p)); off <= maxoff; ++off) {
      const char* tuple = ItemAt(p, off);
      if (IsPivot(tuple)) continue;  // reported by CheckItems
      if (options_.visit_leaf_tuple) options_.visit_leaf_tuple(tuple);
      if (options_.rootdescend) RefindFromRoot(block, off, tuple);
    }
  }

  void RefindFromRoot(BlockNumber block, OffsetNumber off, const char* tuple) {
    const BtScanInsert key = MakeInsertKey(index_, tuple);
    const BtPage leaf = SearchLeaf(index_, key, BufferLockMode::kShare, nullptr);
    if (leaf.valid() && leaf.block() == block) {
      const OffsetNumber found = BinarySearch(index_, key, leaf.page());
      if (found == off && CompareWithItem(index_, key, leaf.page(), found) == 0) return;
    }
    Problem(BtreeInvariant::kRootDescend, block,
            fmt::format("item {} is not found by a search from the root (it leads to block {})",
                        off, leaf.valid() ? leaf.block() : kNoBlock));
  }

  void CheckDownlink(BlockNumber block, bool prev_incomplete, const IndexTupleBuf& prev_high_key,
                     const std::vector<DownlinkInfo>& parent_downlinks, size_t* downlink_idx) {
    const bool expect_downlink = !prev_incomplete;
    const bool has_next = *downlink_idx < parent_downlinks.size();
    if (!expect_downlink) {
      if (has_next && parent_downlinks[*downlink_idx].child == block) {
        Problem(BtreeInvariant::kParentChild, block,
                "right half of an incomplete split has a downlink");
        ++*downlink_idx;
      }
      return;
    }
    if (!has_next || parent_downlinks[*downlink_idx].child != block) {
      Problem(BtreeInvariant::kParentChild, block,
              fmt::format("page is not the next downlink of the level above (expected {})",
                          has_next ? parent_downlinks[*downlink_idx].child : kNoBlock));
      return;
    }
    const DownlinkInfo& downlink = parent_downlinks[*downlink_idx];
    ++*downlink_idx;
    if (downlink.key.empty() != prev_high_key.empty() ||
        (!downlink.key.empty() &&
         CompareTuples(index_, downlink.key.data(), prev_high_key.data()) != 0)) {
      Problem(BtreeInvariant::kParentChild, block,
              "downlink key differs from the left sibling's high key");
    }
  }

  // Records this internal page's downlinks with their keys; the first item's key is the
  // page's own lower bound (the left sibling's high key).
  static void CollectDownlinks(const char* p, const IndexTupleBuf& page_low_key,
                               std::vector<DownlinkInfo>* downlinks) {
    const OffsetNumber minoff = FirstDataOffset(Opaque(p));
    const OffsetNumber maxoff = PageGetMaxOffsetNumber(p);
    for (OffsetNumber off = minoff; off <= maxoff; ++off) {
      const char* tuple = ItemAt(p, off);
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
      const PageCopy copy(index_, block);
      if (!PageIsNew(copy.page())) {
        Problem(BtreeInvariant::kUnreachable, block, "page is not reachable from the root");
      }
    }
  }

  const IndexRelationInfo& index_;
  const BtreeCheckOptions& options_;
  std::vector<BtreeProblem> problems_;
  std::set<BlockNumber> visited_;
  BlockNumber nblocks_ = 0;
  BlockNumber root_ = kNoBlock;
  uint32_t root_level_ = 0;
};

// amcheck's primary message for each invariant (verify_nbtree.c), ours where it has none.
std::string InvariantMessage(BtreeInvariant invariant, const std::string& index_name) {
  switch (invariant) {
    case BtreeInvariant::kMetapage:
      return fmt::format("index \"{}\" has an invalid metapage", index_name);
    case BtreeInvariant::kPageHeader:
      return fmt::format("index \"{}\" has a page with an invalid level or flags", index_name);
    case BtreeInvariant::kTupleFormat:
      return fmt::format("index \"{}\" contains an invalid index tuple", index_name);
    case BtreeInvariant::kItemOrder:
      return fmt::format("item order invariant violated for index \"{}\"", index_name);
    case BtreeInvariant::kHighKey:
      return fmt::format("high key invariant violated for index \"{}\"", index_name);
    case BtreeInvariant::kCrossPage:
      return fmt::format("cross page item order invariant violated for index \"{}\"", index_name);
    case BtreeInvariant::kSiblingLinks:
      return fmt::format("left link/right link pair in index \"{}\" not in agreement", index_name);
    case BtreeInvariant::kParentChild:
      return fmt::format("mismatch between parent key and child high key in index \"{}\"",
                         index_name);
    case BtreeInvariant::kUnreachable:
      return fmt::format("index \"{}\" contains a page not reachable from the root", index_name);
    case BtreeInvariant::kRootDescend:
      return fmt::format("could not find tuple using search from root page in index \"{}\"",
                         index_name);
  }
  return fmt::format("index \"{}\" is corrupt", index_name);
}

}  // namespace

std::vector<BtreeProblem> BtreeCheck(const IndexRelationInfo& index,
                                     const BtreeCheckOptions& options) {
  return Verifier(index, options).Run();
}

std::string DescribeProblem(const BtreeProblem& problem) {
  return fmt::format("block {}: {}", problem.block, problem.text);
}

Error BtreeProblemError(const IndexRelationInfo& index, const BtreeProblem& problem) {
  return Error(errcode::kIndexCorrupted, InvariantMessage(problem.invariant, index.name))
      .Detail(fmt::format("Block {}: {}.", problem.block, problem.text));
}

std::vector<std::string> BtreeVerify(const IndexRelationInfo& index) {
  std::vector<std::string> out;
  for (const BtreeProblem& problem : BtreeCheck(index, BtreeCheckOptions{})) {
    out.push_back(DescribeProblem(problem));
  }
  return out;
}

}  // namespace hyrax::storage
