// Sorted bulk load (PostgreSQL's nbtsort.c): entries are spooled into a memory context,
// sorted, checked for duplicates, and written bottom-up: leaf pages left to right, each
// level's pages finished as the next item no longer fits, the downlink of a finished page
// added to the level above. Pages go through shared buffers and are WAL-logged as
// full-page images. README "Build".
#include <algorithm>
#include <cstring>
#include <vector>

#include "common/assert.h"
#include "common/error.h"
#include "common/interrupts.h"
#include "common/memory_context.h"
#include "storage/btree/btree.h"
#include "storage/btree/btree_compare.h"
#include "storage/btree/btree_search.h"
#include "wal/rmgr/xlog_rmgr.h"

namespace hyrax::storage {

using namespace btree;

namespace {

// Writes finished page images to their blocks, extending the file as needed.
class PageWriter {
 public:
  explicit PageWriter(const IndexRelationInfo& index) : index_(index) {}

  BlockNumber Allocate() { return next_block_++; }
  BlockNumber num_blocks() const { return next_block_; }

  void Write(BlockNumber block, const char* image) {
    BtPage page;
    while (extended_ <= block) {
      page = BtPage::Extend(index_);
      HYRAX_CHECK(page.block() == extended_, "index grew during its build");
      ++extended_;
    }
    if (!page.valid() || page.block() != block) {
      page = BtPage::Read(index_, block, BufferLockMode::kExclusive, true);
    }
    CriticalSection critical;
    std::memcpy(page.page(), image, kBlockSize);
    page.MarkDirty();
    const Lsn lsn = wal::LogPageImage({index_.locator, ForkNumber::kMain, block}, page.page());
    page_layout::SetLsn(page.page(), lsn);
  }

 private:
  const IndexRelationInfo& index_;
  BlockNumber next_block_ = 1;  // block 0 is the metapage
  BlockNumber extended_ = 0;
};

// The page being filled on one level.
struct LevelState {
  uint32_t level = 0;
  BlockNumber block = kNoBlock;
  BlockNumber prev = kNoBlock;
  IndexTupleBuf low_key;  // the downlink key for this page: minus infinity on the first
  std::vector<IndexTupleBuf> items;
  size_t bytes = 0;  // items plus line pointers
  bool first_page = true;
};

class LevelBuilder {
 public:
  explicit LevelBuilder(const IndexRelationInfo& index) : index_(index), writer_(index) {}

  // Appends `tuple` (a leaf tuple on level 0, a pivot with downlink above).
  void Add(uint32_t level, const IndexTupleBuf& tuple) {
    if (level == levels_.size()) StartLevel(level);
    LevelState& lv = levels_[level];
    const size_t need = MaxAlign(tuple.size()) + sizeof(ItemIdData);
    const size_t high_key_room =
        MaxAlign(tuple.size()) + MaxAlign(sizeof(ItemPointerData)) + sizeof(ItemIdData);
    const int fillfactor = level == 0 ? index_.fillfactor : kNonLeafFillfactor;
    const size_t target = kPageUsableSpace * static_cast<size_t>(fillfactor) / 100;
    if (!lv.items.empty() &&
        (lv.bytes + need > target || lv.bytes + need + high_key_room > kPageUsableSpace)) {
      FinishPage(level, &tuple);
    }
    LevelState& cur = levels_[level];
    // Every internal page starts with a minus-infinity item: its key is the low key.
    if (level > 0 && cur.items.empty()) {
      cur.items.push_back(MinusInfinityPivot(Downlink(tuple.data())));
      cur.bytes += sizeof(IndexTupleData) + sizeof(ItemIdData);
    } else {
      cur.items.push_back(tuple);
      cur.bytes += need;
    }
  }

  // Finishes every level's last page; returns the root (kNoBlock when nothing was added).
  BlockNumber Finish(uint32_t* root_level) {
    for (uint32_t level = 0; level < levels_.size(); ++level) FinishPage(level, nullptr);
    if (levels_.empty()) return kNoBlock;
    *root_level = static_cast<uint32_t>(levels_.size() - 1);
    return levels_.back().block;
  }

  PageWriter& writer() { return writer_; }

 private:
  void StartLevel(uint32_t level) {
    LevelState lv;
    lv.level = level;
    lv.block = writer_.Allocate();
    lv.low_key = MinusInfinityPivot(kNoBlock);
    levels_.push_back(std::move(lv));
  }

  // Writes the level's current page. With `next` (the item that did not fit), the page
  // gets a high key and a right sibling, which becomes the level's current page.
  void FinishPage(uint32_t level, const IndexTupleBuf* next) {
    CheckForInterrupts();
    LevelState& lv = levels_[level];
    IndexTupleBuf high_key;
    BlockNumber next_block = kNoBlock;
    if (next != nullptr) {
      high_key = level == 0 ? TruncateForHighKey(index_, lv.items.back().data(), next->data())
                            : CopyAsPivot(index_, next->data(), kNoBlock);
      next_block = writer_.Allocate();
    }
    // The only page of the top level is the root.
    const bool is_root = next == nullptr && level + 1 == levels_.size();
    uint16_t flags = level == 0 ? kBtpLeaf : 0;
    if (is_root) flags |= kBtpRoot;
    std::vector<uint64_t> buf(kBlockSize / sizeof(uint64_t), 0);
    char* image = reinterpret_cast<char*>(buf.data());
    InitBtreePage(image, level, flags, lv.prev, next_block);
    if (next != nullptr) AddItem(image, high_key);
    for (const IndexTupleBuf& item : lv.items) AddItem(image, item);
    writer_.Write(lv.block, image);

    const BlockNumber finished = lv.block;
    IndexTupleBuf downlink_key = std::move(lv.low_key);
    if (next != nullptr) {
      lv.prev = finished;
      lv.block = next_block;
      lv.low_key = std::move(high_key);
      lv.items.clear();
      lv.bytes = 0;
      lv.first_page = false;
    }
    if (!is_root) Add(level + 1, CopyAsPivot(index_, downlink_key.data(), finished));
  }

  static void AddItem(char* image, const IndexTupleBuf& item) {
    if (PageAddItem(image, item.data(), item.size(), kInvalidOffsetNumber, false, false) ==
        kInvalidOffsetNumber) {
      throw MakeError(errcode::kInternalError, "failed to add item to the index page being built");
    }
  }

  const IndexRelationInfo& index_;
  PageWriter writer_;
  std::vector<LevelState> levels_;
};

// True when two leaf tuples' keys are equal for a unique check: NULLs are distinct unless
// NULLS NOT DISTINCT.
bool KeysCollide(const IndexRelationInfo& index, const char* a, const char* b) {
  Datum a_values[kIndexMaxKeys];
  bool a_null[kIndexMaxKeys];
  Datum b_values[kIndexMaxKeys];
  bool b_null[kIndexMaxKeys];
  DeformIndexTuple(index, a, a_values, a_null);
  DeformIndexTuple(index, b, b_values, b_null);
  for (int att_idx = 0; att_idx < index.nkeyatts; ++att_idx) {
    if (a_null[att_idx] || b_null[att_idx]) {
      if (!(a_null[att_idx] && b_null[att_idx] && index.nulls_not_distinct)) return false;
      continue;
    }
    if (index.columns[att_idx].compare(a_values[att_idx], b_values[att_idx]) != 0) return false;
  }
  return true;
}

}  // namespace

struct BtreeBuilder::State {
  State(const IndexRelationInfo& idx, KeyFormatFn fmt)
      : index(idx), format_key(std::move(fmt)), arena("btree build") {}
  struct Entry {
    const char* tuple;
    bool alive;
  };
  const IndexRelationInfo& index;
  KeyFormatFn format_key;
  MemoryContext arena;  // owns the spooled tuples
  std::vector<Entry> entries;
  bool finished = false;
};

BtreeBuilder::BtreeBuilder(const IndexRelationInfo& index, KeyFormatFn format_key)
    : state_(std::make_unique<State>(index, std::move(format_key))) {}

BtreeBuilder::~BtreeBuilder() = default;

void BtreeBuilder::Add(const Datum* values, const bool* isnull, ItemPointerData heap_tid,
                       bool tuple_is_alive) {
  const IndexTupleBuf tuple = FormLeafTuple(state_->index, values, isnull, heap_tid);
  char* copy = static_cast<char*>(state_->arena.Alloc(tuple.size()));
  std::memcpy(copy, tuple.data(), tuple.size());
  state_->entries.push_back({copy, tuple_is_alive});
}

IndexBuildResult BtreeBuilder::Finish() {
  HYRAX_CHECK(!state_->finished, "btree build finished twice");
  state_->finished = true;
  const IndexRelationInfo& index = state_->index;
  HYRAX_CHECK(BufferManager::NumBlocks(index.locator, ForkNumber::kMain) == 0,
              "index to build is not empty");
  std::vector<State::Entry>& entries = state_->entries;
  std::sort(entries.begin(), entries.end(), [&](const State::Entry& a, const State::Entry& b) {
    return CompareTuples(index, a.tuple, b.tuple) < 0;
  });
  if (index.unique) CheckDuplicates();

  LevelBuilder builder(index);
  // Block 0 is reserved for the metapage, written last (it names the root).
  std::vector<uint64_t> meta_buf(kBlockSize / sizeof(uint64_t), 0);
  char* meta_image = reinterpret_cast<char*>(meta_buf.data());
  InitMetaPage(meta_image, kNoBlock, 0);
  builder.writer().Write(kMetaBlock, meta_image);
  for (const State::Entry& entry : entries) {
    builder.Add(0, IndexTupleBuf(entry.tuple, IndexTupleSize(entry.tuple)));
  }
  uint32_t root_level = 0;
  const BlockNumber root = builder.Finish(&root_level);
  if (root != kNoBlock) {
    InitMetaPage(meta_image, root, root_level);
    builder.writer().Write(kMetaBlock, meta_image);
  }
  IndexBuildResult result;
  result.index_tuples = static_cast<double>(entries.size());
  result.num_pages = builder.writer().num_blocks();
  result.levels = root == kNoBlock ? 0 : root_level + 1;
  return result;
}

void BtreeBuilder::CheckDuplicates() {
  const IndexRelationInfo& index = state_->index;
  const std::vector<State::Entry>& entries = state_->entries;
  size_t run_start = 0;
  while (run_start < entries.size()) {
    size_t run_end = run_start + 1;
    int alive = entries[run_start].alive ? 1 : 0;
    while (run_end < entries.size() &&
           KeysCollide(index, entries[run_start].tuple, entries[run_end].tuple)) {
      alive += entries[run_end].alive ? 1 : 0;
      ++run_end;
    }
    if (alive >= 2) {
      Datum values[kIndexMaxKeys];
      bool isnull[kIndexMaxKeys];
      DeformIndexTuple(index, entries[run_start].tuple, values, isnull);
      std::optional<std::string> key;
      if (state_->format_key) key = state_->format_key(values, isnull);
      throw MakeError(errcode::kUniqueViolation, "could not create unique index \"{}\"", index.name)
          .Detail(key.has_value() ? fmt::format("Key {} is duplicated.", *key)
                                  : std::string("Duplicate keys exist."))
          .Schema(index.schema_name)
          .Table(index.heap_name)
          .Constraint(index.name);
    }
    run_start = run_end;
  }
}

}  // namespace hyrax::storage
