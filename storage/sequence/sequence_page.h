// The on-disk state of a sequence (PostgreSQL's sequence.c page format): block 0 of the
// sequence's main fork is a standard page holding one frozen heap tuple (last_value int8,
// log_cnt int8, is_called bool) and the 4-byte special magic 0x1717, so `SELECT * FROM seq`
// reads it with an ordinary heap scan. Changes are made in place under the buffer's
// exclusive lock; WAL-logged ones are logged as a full image of the page as it should be
// after a crash (storage/sequence/README.md "Crash safety").
#pragma once

#include <cstdint>

#include "common/ids.h"
#include "common/relfile.h"
#include "storage/buffer/buffer_manager.h"

namespace hyrax::storage {

// The tuple's columns.
struct SequenceData {
  int64_t last_value = 1;
  int64_t log_cnt = 0;
  bool is_called = false;
};

// Writes block 0 of a new (empty) sequence relation with `data`, logs its image and
// flushes the WAL. Requires: the relation's file exists and is empty; the caller holds
// AccessExclusiveLock on `relid`.
void InitSequencePage(Oid relid, const RelFileLocator& locator, const SequenceData& data);

// Block 0 of a sequence, pinned and exclusively locked for the lifetime of the object.
// Throws XX001 when the page is not a sequence page.
class LockedSequencePage {
 public:
  explicit LockedSequencePage(const RelFileLocator& locator);

  SequenceData Read() const;
  // True when the next change must be WAL-logged because a checkpoint started after the
  // page was last logged (recovery would not replay that record).
  bool NeedsLogAfterCheckpoint() const;
  // The LSN of the last record logged for the page (a value handed out without a new record
  // is covered by it, so it must be flushed first).
  Lsn PageLsn() const;
  // Stores `data` without WAL: a change covered by an earlier logged state (nextval within
  // the values logged ahead).
  void WriteUnlogged(const SequenceData& data);
  // Logs an image of the page holding `logged` (what recovery restores), then stores
  // `current` and stamps the page with the record's LSN. Returns that LSN; the caller
  // flushes it before handing out any value it covers.
  Lsn WriteLogged(const SequenceData& logged, const SequenceData& current);

 private:
  RelFileLocator locator_;
  PinnedBuffer pin_;
  BufferLock lock_;
};

}  // namespace hyrax::storage
