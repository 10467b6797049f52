// Record registration and assembly (PostgreSQL's XLogRecordAssemble, with our own layout:
// wal/record/record_format.h). The full-page-image rule follows PostgreSQL: an image is
// taken when the page LSN is at or below the redo pointer, unless the caller said the
// page is rebuilt from scratch (kRegbufWillInit) or must not be imaged (kRegbufNoImage).
#include "wal/insert/record_builder.h"

#include <cstring>
#include <limits>

#include "common/crc32c.h"
#include "common/error.h"
#include "common/page_layout.h"

namespace hyrax::wal {

RecordBuilder& RecordBuilder::Instance() {
  static RecordBuilder builder;
  return builder;
}

void RecordBuilder::Begin() {
  if (begun_) ThrowInternalError(__FILE__, __LINE__, "XLogBeginInsert was already called");
  begun_ = true;
  if (pieces_.capacity() == 0) {
    pieces_.reserve(4 * kMaxBlockRefs);
    main_data_.reserve(16);
  }
}

void RecordBuilder::Reset() {
  for (int id = 0; id <= max_block_id_; ++id) {
    blocks_[id].in_use = false;
    blocks_[id].data.clear();
    blocks_[id].data_len = 0;
  }
  max_block_id_ = -1;
  main_data_.clear();
  main_data_len_ = 0;
  registered_len_ = 0;
  pieces_.clear();
  header_len_ = 0;
  tot_len_ = 0;
  begun_ = false;
}

void RecordBuilder::CheckSize(size_t extra) {
  constexpr size_t kImageBudget = kMaxHeaderArea + size_t{kMaxBlockRefs} * kBlockSize;
  if (registered_len_ + extra + kImageBudget > kMaxRecordSize) {
    throw Error(errcode::kProgramLimitExceeded, "too much WAL data");
  }
  registered_len_ += extra;
}

void RecordBuilder::AddMainData(const void* data, size_t len) {
  if (!begun_) ThrowInternalError(__FILE__, __LINE__, "XLogBeginInsert was not called");
  if (len == 0) return;
  CheckSize(len);
  main_data_.push_back({static_cast<const char*>(data), len});
  main_data_len_ += len;
}

void RecordBuilder::RegisterBlock(uint8_t block_id, const BlockRef& ref, const char* page,
                                  uint8_t flags) {
  if (!begun_) ThrowInternalError(__FILE__, __LINE__, "XLogBeginInsert was not called");
  if (block_id >= kMaxBlockRefs || blocks_[block_id].in_use) {
    ThrowInternalError(__FILE__, __LINE__, "invalid or duplicate WAL block id");
  }
  bool may_image =
      (flags & kRegbufForceImage) != 0 || (flags & (kRegbufNoImage | kRegbufWillInit)) == 0;
  if (page == nullptr && may_image) {
    ThrowInternalError(__FILE__, __LINE__, "WAL block registered without a page image");
  }
  Block& block = blocks_[block_id];
  block.in_use = true;
  block.ref = ref;
  block.page = page;
  block.flags = flags;
  block.data_len = 0;
  block.data.clear();
  if (block_id > max_block_id_) max_block_id_ = block_id;
}

void RecordBuilder::AddBlockData(uint8_t block_id, const void* data, size_t len) {
  if (block_id >= kMaxBlockRefs || !blocks_[block_id].in_use) {
    ThrowInternalError(__FILE__, __LINE__, "WAL block data for an unregistered block");
  }
  if (len == 0) return;
  CheckSize(len);
  blocks_[block_id].data.push_back({static_cast<const char*>(data), len});
  blocks_[block_id].data_len += len;
}

bool RecordBuilder::AssembleBlock(int id, Lsn redo, bool full_page_writes) {
  const Block& block = blocks_[id];
  bool image = false;
  if ((block.flags & kRegbufForceImage) != 0) {
    image = true;
  } else if ((block.flags & (kRegbufNoImage | kRegbufWillInit)) == 0 && full_page_writes) {
    Lsn page_lsn = page_layout::GetLsn(block.page);
    if (page_lsn <= redo) {
      image = true;
    } else if (page_lsn < fpw_lsn_) {
      fpw_lsn_ = page_lsn;
    }
  }
  bool with_data = block.data_len > 0 && (!image || (block.flags & kRegbufKeepData) != 0);

  char* h = header_ + header_len_;
  StoreAt<uint8_t>(h, 0, static_cast<uint8_t>(id));
  StoreAt<uint8_t>(h, 1, static_cast<uint8_t>(block.ref.fork));
  StoreAt<uint8_t>(h, 2, block.flags);
  StoreAt<uint8_t>(h, 3, (image ? kBkpHasImage : 0) | (with_data ? kBkpHasData : 0));
  StoreAt<uint32_t>(h, 4, with_data ? static_cast<uint32_t>(block.data_len) : 0);
  StoreAt<uint32_t>(h, 8, block.ref.locator.spc_oid);
  StoreAt<uint32_t>(h, 12, block.ref.locator.db_oid);
  StoreAt<uint32_t>(h, 16, block.ref.locator.rel_number);
  StoreAt<uint32_t>(h, 20, block.ref.block);
  header_len_ += kBlockHeaderSize;

  if (image) {
    uint16_t hole_offset = 0;
    uint16_t hole_length = 0;
    if ((block.flags & kRegbufNonStandard) == 0) {
      uint16_t lower = page_layout::GetLower(block.page);
      uint16_t upper = page_layout::GetUpper(block.page);
      if (lower >= page_layout::kHeaderSize && lower <= upper && upper <= kBlockSize) {
        hole_offset = lower;
        hole_length = static_cast<uint16_t>(upper - lower);
      }
    }
    StoreAt<uint16_t>(header_, header_len_, hole_offset);
    StoreAt<uint16_t>(header_, header_len_ + 2, hole_length);
    header_len_ += kImageHeaderSize;
    if (hole_offset > 0) pieces_.push_back({block.page, hole_offset});
    size_t tail = static_cast<size_t>(hole_offset) + hole_length;
    if (tail < kBlockSize) pieces_.push_back({block.page + tail, kBlockSize - tail});
  }
  if (with_data) pieces_.insert(pieces_.end(), block.data.begin(), block.data.end());
  return image;
}

void RecordBuilder::Assemble(RmgrId rmid, uint8_t info, TransactionId xid, Lsn redo,
                             bool full_page_writes) {
  if (!begun_) ThrowInternalError(__FILE__, __LINE__, "XLogBeginInsert was not called");
  pieces_.clear();
  header_len_ = kRecordHeaderSize + kBodyHeaderSize;
  num_images_ = 0;
  fpw_lsn_ = std::numeric_limits<Lsn>::max();
  int num_blocks = 0;
  for (int id = 0; id <= max_block_id_; ++id) {
    if (!blocks_[id].in_use) continue;
    ++num_blocks;
    if (AssembleBlock(id, redo, full_page_writes)) ++num_images_;
  }
  pieces_.insert(pieces_.end(), main_data_.begin(), main_data_.end());

  size_t total = header_len_;
  for (const RecordPiece& piece : pieces_) total += piece.len;
  tot_len_ = static_cast<uint32_t>(total);

  std::memset(header_, 0, kRecordHeaderSize + kBodyHeaderSize);
  StoreAt<uint32_t>(header_, kTotLenOffset, tot_len_);
  StoreAt<uint32_t>(header_, kXidOffset, xid);
  StoreAt<uint8_t>(header_, kInfoOffset, info);
  StoreAt<uint8_t>(header_, kRmidOffset, static_cast<uint8_t>(rmid));
  StoreAt<uint8_t>(header_, kRecordHeaderSize, static_cast<uint8_t>(num_blocks));
  StoreAt<uint32_t>(header_, kRecordHeaderSize + 4, static_cast<uint32_t>(main_data_len_));

  uint32_t crc =
      Crc32cUpdate(Crc32cInit(), header_ + kRecordHeaderSize, header_len_ - kRecordHeaderSize);
  for (const RecordPiece& piece : pieces_) crc = Crc32cUpdate(crc, piece.data, piece.len);
  body_crc_ = crc;
}

void RecordBuilder::Finish(Lsn prev) {
  StoreAt<uint64_t>(header_, kPrevOffset, prev);
  uint32_t crc = Crc32cFinish(Crc32cUpdate(body_crc_, header_, kCrcOffset));
  StoreAt<uint32_t>(header_, kCrcOffset, crc);
}

}  // namespace hyrax::wal
