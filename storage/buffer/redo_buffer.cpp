// Buffer access for redo routines (PostgreSQL's XLogReadBufferForRedoExtended and
// XLogReadBufferExtended): full-page-image restore, zeroed pages for re-initialised blocks,
// idempotency by page LSN, and file creation / extension during replay.
// storage/buffer/README.md "Redo".
#include "storage/buffer/redo_buffer.h"

#include "common/error.h"
#include "common/page_layout.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"

namespace hyrax::storage {

namespace {

// Makes sure the block exists on disk: creates the fork's file when missing and extends it
// (sparsely) when short. Safe only during recovery, where no one else extends files.
void EnsureBlockExists(const wal::BlockRef& ref) {
  if (!Smgr::Exists(ref.locator, ref.fork)) Smgr::Create(ref.locator, ref.fork, true);
  if (ref.block >= Smgr::NumBlocks(ref.locator, ref.fork)) {
    static const char kZeroPage[kBlockSize] = {};
    Smgr::Extend(ref.locator, ref.fork, ref.block, kZeroPage);
  }
}

}  // namespace

RedoAction ReadBufferForRedo(const wal::DecodedRecord& record, int block_id, PinnedBuffer* pin,
                             BufferLock* lock) {
  if (!record.HasBlock(block_id)) {
    throw Error(errcode::kInternalError,
                fmt::format("failed to locate backup block with ID {} in WAL record", block_id),
                Severity::kPanic);
  }
  const wal::DecodedBlock& block = record.block(block_id);
  const wal::BlockRef& ref = block.ref;
  lock->Unlock();
  pin->Reset();

  if (block.has_image || (block.flags & wal::kRegbufWillInit) != 0) {
    EnsureBlockExists(ref);
    *pin = BufferManager::Read(ref.locator, ref.fork, ref.block, ReadMode::kZeroAndLock, lock);
    if (!block.has_image) return RedoAction::kNeedsRedo;
    char* page = lock->page();
    record.RestoreBlockImage(block_id, page);
    // An all-zero image stays all zeros: an LSN would make it look initialised.
    if (!PageIsNew(page)) page_layout::SetLsn(page, record.end_lsn());
    lock->MarkDirty();
    return RedoAction::kDone;
  }

  if (!Smgr::Exists(ref.locator, ref.fork) || ref.block >= Smgr::NumBlocks(ref.locator, ref.fork)) {
    return RedoAction::kNotFound;
  }
  *pin = BufferManager::Read(ref.locator, ref.fork, ref.block);
  *lock = BufferLock(*pin, BufferLockMode::kExclusive);
  if (PageIsNew(lock->page())) {
    lock->Unlock();
    pin->Reset();
    return RedoAction::kNotFound;
  }
  return record.end_lsn() <= page_layout::GetLsn(lock->page()) ? RedoAction::kDone
                                                               : RedoAction::kNeedsRedo;
}

void RedoFullPageImage(const wal::DecodedRecord& record, int block_id) {
  if (!record.HasBlock(block_id) || !record.block(block_id).has_image) {
    throw MakeError(errcode::kInternalError,
                    "unexpected XLogReadBufferForRedo result when restoring backup block");
  }
  PinnedBuffer pin;
  BufferLock lock;
  ReadBufferForRedo(record, block_id, &pin, &lock);
}

void RedoAllFullPageImages(const wal::DecodedRecord& record) {
  for (int block_id = 0; block_id <= record.max_block_id(); ++block_id) {
    if (record.HasBlock(block_id)) RedoFullPageImage(record, block_id);
  }
}

}  // namespace hyrax::storage
