// Reading and validating WAL records (PostgreSQL's xlogreader.c: XLogReadRecord,
// ValidXLogRecordHeader, DecodeXLogRecord), over our page-header-free segment layout.
// Every check that fails is reported as end of WAL with a reason, never as an error: after
// a crash the log legitimately ends in a torn or zero record.
#include "wal/record/wal_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "common/assert.h"
#include "common/crc32c.h"
#include "common/error.h"
#include "wal/record/record_format.h"
#include "wal/segment/segment_file.h"

namespace hyrax::wal {

WalReader::~WalReader() {
  if (fd_ >= 0) close(fd_);
}

bool WalReader::ReadBytes(Lsn lsn, char* dst, size_t len) {
  while (len > 0) {
    uint64_t segno = SegmentOf(lsn);
    if (fd_ < 0 || fd_segno_ != segno) {
      if (fd_ >= 0) close(fd_);
      fd_ = -1;
      std::string path = SegmentPath(segno);
      int fd = open(path.c_str(), O_RDONLY);
      if (fd < 0) {
        if (errno == ENOENT) return false;
        throw Error(errcode::kIoError,
                    fmt::format("could not open file \"{}\": {}", path, std::strerror(errno)));
      }
      fd_ = fd;
      fd_segno_ = segno;
    }
    uint64_t off = SegmentOffset(lsn);
    size_t n = static_cast<size_t>(std::min<uint64_t>(len, kWalSegmentSize - off));
    ssize_t got = pread(fd_, dst, n, static_cast<off_t>(off));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(errcode::kIoError, fmt::format("could not read file \"{}\": {}",
                                                 SegmentPath(segno), std::strerror(errno)));
    }
    if (got == 0) return false;  // short file
    dst += got;
    len -= static_cast<size_t>(got);
    lsn += static_cast<uint64_t>(got);
  }
  return true;
}

const DecodedRecord* WalReader::Fail(Lsn lsn, std::string reason) {
  next_lsn_ = lsn;
  end_reason_ = fmt::format("{} at {}", reason, FormatLsn(lsn));
  return nullptr;
}

const DecodedRecord* WalReader::ReadRecord(Lsn lsn, Lsn expected_prev) {
  end_reason_.clear();
  if (lsn == kInvalidLsn || lsn % kRecordAlign != 0) return Fail(lsn, "invalid record offset");
  char header[kRecordHeaderSize];
  if (!ReadBytes(lsn, header, sizeof(header))) return Fail(lsn, "could not read record");
  uint32_t tot_len = LoadAt<uint32_t>(header, kTotLenOffset);
  if (tot_len == 0) return Fail(lsn, "zero record length");
  if (tot_len < kMinRecordSize || tot_len > kMaxRecordSize) {
    return Fail(lsn, fmt::format("invalid record length {}", tot_len));
  }
  Lsn prev = LoadAt<uint64_t>(header, kPrevOffset);
  if (expected_prev != kInvalidLsn && prev != expected_prev) {
    return Fail(lsn, fmt::format("record with incorrect prev-link {}", FormatLsn(prev)));
  }
  if (LoadAt<uint8_t>(header, kRmidOffset) >= kMaxRmgrId) {
    return Fail(lsn, "invalid resource manager ID");
  }
  buf_.resize(tot_len);
  std::memcpy(buf_.data(), header, sizeof(header));
  if (!ReadBytes(lsn + kRecordHeaderSize, buf_.data() + kRecordHeaderSize,
                 tot_len - kRecordHeaderSize)) {
    return Fail(lsn, "could not read record");
  }
  uint32_t crc =
      Crc32cUpdate(Crc32cInit(), buf_.data() + kRecordHeaderSize, tot_len - kRecordHeaderSize);
  crc = Crc32cFinish(Crc32cUpdate(crc, buf_.data(), kCrcOffset));
  if (crc != LoadAt<uint32_t>(buf_.data(), kCrcOffset)) {
    return Fail(lsn, "incorrect resource manager data checksum in record");
  }
  if (!Decode(lsn)) return Fail(lsn, "invalid record structure");
  last_start_ = lsn;
  next_lsn_ = lsn + AlignRecord(tot_len);
  return &record_;
}

const DecodedRecord* WalReader::ReadNext() {
  HYRAX_CHECK(last_start_ != kInvalidLsn, "WalReader::ReadNext without a previous record");
  return ReadRecord(next_lsn_, last_start_);
}

bool WalReader::DecodeBlockHeader(size_t* hpos, uint64_t* payload_len) {
  const char* rec = buf_.data();
  const size_t tot_len = buf_.size();
  DecodedRecord& out = record_;
  const size_t pos = *hpos;
  if (pos + kBlockHeaderSize > tot_len) return false;
  int id = LoadAt<uint8_t>(rec, pos);
  if (id >= kMaxBlockRefs || id <= out.max_block_id_) return false;
  uint8_t fork = LoadAt<uint8_t>(rec, pos + 1);
  if (fork >= kNumForks) return false;
  uint8_t bkp_flags = LoadAt<uint8_t>(rec, pos + 3);
  out.max_block_id_ = id;
  DecodedBlock& block = out.blocks_[id];
  block.in_use = true;
  block.ref.fork = static_cast<ForkNumber>(fork);
  block.flags = LoadAt<uint8_t>(rec, pos + 2);
  block.data_len = LoadAt<uint32_t>(rec, pos + 4);
  block.ref.locator.spc_oid = LoadAt<uint32_t>(rec, pos + 8);
  block.ref.locator.db_oid = LoadAt<uint32_t>(rec, pos + 12);
  block.ref.locator.rel_number = LoadAt<uint32_t>(rec, pos + 16);
  block.ref.block = LoadAt<uint32_t>(rec, pos + 20);
  block.has_image = (bkp_flags & kBkpHasImage) != 0;
  if (((bkp_flags & kBkpHasData) != 0) != (block.data_len > 0)) return false;
  *hpos = pos + kBlockHeaderSize;
  *payload_len += block.data_len;
  if (!block.has_image) return true;
  if (*hpos + kImageHeaderSize > tot_len) return false;
  auto& image = out.images_[id];
  image.hole_offset = LoadAt<uint16_t>(rec, *hpos);
  image.hole_length = LoadAt<uint16_t>(rec, *hpos + 2);
  if (static_cast<size_t>(image.hole_offset) + image.hole_length > kBlockSize) return false;
  *hpos += kImageHeaderSize;
  *payload_len += kBlockSize - image.hole_length;
  return true;
}

bool WalReader::Decode(Lsn lsn) {
  const char* rec = buf_.data();
  const size_t tot_len = buf_.size();
  DecodedRecord& out = record_;
  for (int id = 0; id <= out.max_block_id_; ++id) out.blocks_[id] = DecodedBlock();
  out.max_block_id_ = -1;
  out.start_lsn_ = lsn;
  out.end_lsn_ = lsn + AlignRecord(tot_len);
  out.rmid_ = static_cast<RmgrId>(LoadAt<uint8_t>(rec, kRmidOffset));
  out.info_ = LoadAt<uint8_t>(rec, kInfoOffset);
  out.xid_ = LoadAt<uint32_t>(rec, kXidOffset);

  int num_blocks = LoadAt<uint8_t>(rec, kRecordHeaderSize);
  uint32_t main_len = LoadAt<uint32_t>(rec, kRecordHeaderSize + 4);
  if (num_blocks > kMaxBlockRefs) return false;
  // First pass: headers. Payload offsets are known only once every header is read.
  size_t hpos = kMinRecordSize;
  uint64_t payload_len = main_len;
  for (int n = 0; n < num_blocks; ++n) {
    if (!DecodeBlockHeader(&hpos, &payload_len)) return false;
  }
  if (hpos + payload_len != tot_len) return false;
  // Second pass: point into the payload, in the order the builder wrote it.
  const char* payload = rec + hpos;
  for (int id = 0; id <= out.max_block_id_; ++id) {
    DecodedBlock& block = out.blocks_[id];
    if (!block.in_use) continue;
    if (block.has_image) {
      out.images_[id].bytes = payload;
      payload += kBlockSize - out.images_[id].hole_length;
    }
    block.data = block.data_len > 0 ? payload : nullptr;
    payload += block.data_len;
  }
  out.main_data_ = std::string_view(payload, main_len);
  return true;
}

}  // namespace hyrax::wal
