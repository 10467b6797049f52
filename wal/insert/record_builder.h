// The per-process record under construction (PostgreSQL's xloginsert.c registration
// state) and its assembly into the byte layout of wal/record/record_format.h: block
// headers, full-page images with the hole cut out, block data, main data, CRC. The bytes
// are not copied: the assembled record is a header area plus a list of pieces pointing at
// the caller's buffers, which XLogInsert copies straight into the ring.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/ids.h"
#include "wal/insert/xlog_insert.h"
#include "wal/record/record_format.h"
#include "wal/rmgr/rmgr.h"

namespace hyrax::wal {

struct RecordPiece {
  const char* data;
  size_t len;
};

class RecordBuilder {
 public:
  // The one builder of this process (XLogInsert is not reentrant).
  static RecordBuilder& Instance();

  // Starts a record. Throws an internal error when one is already being built.
  void Begin();
  bool begun() const { return begun_; }
  // Drops everything registered; keeps allocated capacity.
  void Reset();

  // Registration; see wal/insert/xlog_insert.h for the contracts. Throw an internal error
  // on misuse (no Begin, bad block id, block registered twice), 54000 when the record
  // would exceed kMaxRecordSize.
  void AddMainData(const void* data, size_t len);
  void RegisterBlock(uint8_t block_id, const BlockRef& ref, const char* page, uint8_t flags);
  void AddBlockData(uint8_t block_id, const void* data, size_t len);

  // Lays the record out for the given redo pointer: decides full-page images (when
  // `full_page_writes`), fills the header area and the piece list, and computes the CRC of
  // everything except the first 20 header bytes. Can be called again after the redo
  // pointer moved. Requires: begun().
  void Assemble(RmgrId rmid, uint8_t info, TransactionId xid, Lsn redo, bool full_page_writes);
  // Stores the prev link and completes the CRC. Requires: Assemble() ran.
  void Finish(Lsn prev);

  // Results of Assemble/Finish; valid until the next Assemble or Reset.
  const char* header() const { return header_; }
  size_t header_len() const { return header_len_; }
  const std::vector<RecordPiece>& pieces() const { return pieces_; }
  uint32_t tot_len() const { return tot_len_; }
  int num_images() const { return num_images_; }
  // Smallest pd_lsn of a page that did not get an image only because its LSN was above the
  // redo pointer (UINT64_MAX when none): if the redo pointer moves to or past it, the
  // record must be assembled again (PostgreSQL's fpw_lsn re-check).
  Lsn fpw_lsn() const { return fpw_lsn_; }

 private:
  struct Block {
    bool in_use = false;
    BlockRef ref;
    const char* page = nullptr;
    uint8_t flags = 0;
    size_t data_len = 0;
    std::vector<RecordPiece> data;
  };

  void CheckSize(size_t extra);
  // Appends block `id`'s header (and image pieces / data pieces); returns true on image.
  bool AssembleBlock(int id, Lsn redo, bool full_page_writes);

  bool begun_ = false;
  int max_block_id_ = -1;
  Block blocks_[kMaxBlockRefs];
  std::vector<RecordPiece> main_data_;
  size_t main_data_len_ = 0;
  size_t registered_len_ = 0;  // main + block data, for the size limit

  char header_[kMaxHeaderArea];
  size_t header_len_ = 0;
  std::vector<RecordPiece> pieces_;
  uint32_t tot_len_ = 0;
  uint32_t body_crc_ = 0;  // running CRC over bytes [24, tot_len)
  int num_images_ = 0;
  Lsn fpw_lsn_ = 0;
};

}  // namespace hyrax::wal
