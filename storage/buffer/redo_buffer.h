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

// Requires: InRecovery() (single process: nobody else extends or drops files meanwhile).
// On kNeedsRedo and kDone, *pin and *lock hold the page exclusively locked; on kNotFound
// both are left invalid.
//  - Block with a full-page image: the file is created / extended as needed, the image is
//    restored, its LSN set to record.end_lsn() (unless the image is an all-zero page) and
//    the buffer marked dirty -> kDone.
//  - Block registered with kRegbufWillInit: file created / extended as needed, the page is
//    returned zeroed -> kNeedsRedo (the routine re-initialises it).
//  - Otherwise: kNotFound when the fork's file is missing, the block lies beyond its end or
//    is all zeros (PostgreSQL logs these as invalid pages; dropped or truncated later in the
//    WAL); kDone when pd_lsn >= record.end_lsn(); else kNeedsRedo.
// Throws XX000 (PANIC severity) when the record has no block `block_id`.
RedoAction ReadBufferForRedo(const wal::DecodedRecord& record, int block_id, PinnedBuffer* pin,
                             BufferLock* lock);

// Redo of a full-page-image-only record (PostgreSQL's XLOG_FPI): restores block `block_id`
// from its image. To be registered with wal's full-page-image redo hook. Throws XX000 when
// the block carries no image.
void RedoFullPageImage(const wal::DecodedRecord& record, int block_id);
// Restores every block of such a record (RedoFullPageImage for each block id in use).
void RedoAllFullPageImages(const wal::DecodedRecord& record);

}  // namespace hyrax::storage
