// Sequential reader of WAL segment files: reads the record at an LSN (across segment
// boundaries), validates it (length, prev link, CRC, structure) and decodes it into a
// DecodedRecord. The first record that fails validation is the end of WAL (wal/README.md
// "End of WAL"). Used by recovery, and by tests and tools that inspect WAL on disk.
#pragma once

#include <string>
#include <vector>

#include "common/ids.h"
#include "wal/record/decoded_record.h"

namespace hyrax::wal {

class WalReader {
 public:
  WalReader() = default;
  ~WalReader();
  WalReader(const WalReader&) = delete;
  WalReader& operator=(const WalReader&) = delete;

  // Reads the record that starts at `lsn`. `expected_prev` is the start of the record
  // before it, checked against the prev link; kInvalidLsn skips that check (the first
  // record read). Returns nullptr at the end of valid WAL (see end_reason()). The record
  // and everything it points to is owned by the reader and valid until the next call.
  // Reads nothing from shared memory. Throws Error (58030) on an I/O error other than a
  // missing segment or a short file, which simply end the WAL.
  const DecodedRecord* ReadRecord(Lsn lsn, Lsn expected_prev = kInvalidLsn);
  // Reads the record following the last one returned. Requires: a previous read succeeded.
  const DecodedRecord* ReadNext();

  // After a successful read: the end of that record (start of the next one). After a
  // failed read: the position that was tried, i.e. the end of valid WAL.
  Lsn next_lsn() const { return next_lsn_; }
  // Why the last read returned nullptr ("zero record length", "incorrect checksum", ...).
  const std::string& end_reason() const { return end_reason_; }

 private:
  // Copies `len` bytes of WAL at `lsn` into `dst`; false when a segment is missing or
  // short.
  bool ReadBytes(Lsn lsn, char* dst, size_t len);
  // Fills record_ from buf_ (a CRC-checked record at `lsn`); false on bad structure.
  bool Decode(Lsn lsn);
  // Decodes the block header at *hpos into record_, advancing *hpos and adding the block's
  // payload bytes to *payload_len; false on bad structure.
  bool DecodeBlockHeader(size_t* hpos, uint64_t* payload_len);
  const DecodedRecord* Fail(Lsn lsn, std::string reason);

  int fd_ = -1;
  uint64_t fd_segno_ = 0;
  std::vector<char> buf_;
  DecodedRecord record_;
  Lsn next_lsn_ = kInvalidLsn;
  Lsn last_start_ = kInvalidLsn;
  std::string end_reason_;
};

}  // namespace hyrax::wal
