// Buffer access for redo routines (PostgreSQL's XLogReadBufferForRedo): restores a
// full-page image when the record carries one, otherwise reads the block and tells the
// caller whether the change still has to be applied (page LSN < record end LSN).
#pragma once

#include "storage/buffer/buffer_manager.h"
#include "wal/record/decoded_record.h"

namespace hyrax::storage {

enum class RedoAction {
  kNeedsRedo,  // apply the record's change to *lock's page, then set its LSN and MarkDirty
  kDone,       // page already has the change (or was restored from the image): nothing to do
  kNotFound,   // relation or block no longer exists (dropped later in the WAL): skip
};

// Requires: InRecovery(). On kNeedsRedo and kDone, *pin and *lock hold the page exclusively
// locked. Creates missing files / extends short files as redo requires (blocks registered
// with kRegbufWillInit are returned zeroed with kNeedsRedo).
RedoAction ReadBufferForRedo(const wal::DecodedRecord& record, int block_id, PinnedBuffer* pin,
                             BufferLock* lock);

}  // namespace hyrax::storage
