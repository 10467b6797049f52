// A WAL record as seen by redo routines: header fields, block references (with optional
// full-page image) and main data. Produced by the WAL reader during recovery; the pointers
// stay valid while the redo routine runs.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/ids.h"
#include "wal/insert/xlog_insert.h"
#include "wal/rmgr/rmgr.h"

namespace hyrax::wal {

struct DecodedBlock {
  bool in_use = false;
  BlockRef ref;
  uint8_t flags = 0;           // kRegbuf* flags given at insertion (kRegbufWillInit matters)
  bool has_image = false;      // a full-page image is present
  const char* data = nullptr;  // per-block data registered with XLogRegisterBlockData
  uint32_t data_len = 0;
};

class DecodedRecord {
 public:
  Lsn start_lsn() const { return start_lsn_; }
  // End of this record = the LSN stored in pages it changed (redo skips a page whose
  // pd_lsn >= end_lsn()).
  Lsn end_lsn() const { return end_lsn_; }
  RmgrId rmid() const { return rmid_; }
  uint8_t info() const { return info_; }
  TransactionId xid() const { return xid_; }
  std::string_view main_data() const { return main_data_; }
  int max_block_id() const { return max_block_id_; }
  const DecodedBlock& block(int block_id) const { return blocks_[block_id]; }
  bool HasBlock(int block_id) const {
    return block_id <= max_block_id_ && blocks_[block_id].in_use;
  }
  // Writes the full 8 KB image of `block_id` into `page` (re-inserting the zeroed hole).
  // Requires: block(block_id).has_image.
  void RestoreBlockImage(int block_id, char* page) const;

 private:
  friend class WalReader;
  Lsn start_lsn_ = kInvalidLsn;
  Lsn end_lsn_ = kInvalidLsn;
  RmgrId rmid_ = RmgrId::kXlog;
  uint8_t info_ = 0;
  TransactionId xid_ = kInvalidTransactionId;
  std::string_view main_data_;
  int max_block_id_ = -1;
  DecodedBlock blocks_[kMaxBlockRefs];
  // Image encoding details (hole offset/length, bytes) are private to the decoder.
  struct ImageInfo {
    const char* bytes = nullptr;
    uint16_t hole_offset = 0;
    uint16_t hole_length = 0;
  };
  ImageInfo images_[kMaxBlockRefs];
};

}  // namespace hyrax::wal
