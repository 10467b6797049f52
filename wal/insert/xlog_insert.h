// Building and inserting WAL records (PostgreSQL's XLogBeginInsert / XLogRegister* /
// XLogInsert). A record has up to kMaxBlockRefs block references (each: which block, an
// optional full-page image decided here, optional per-block data) and main data.
//
// Usage, with the page exclusively locked and inside a CriticalSection:
//   wal::XLogBeginInsert();
//   wal::XLogRegisterData(&xlrec, sizeof(xlrec));
//   wal::XLogRegisterBlock(0, {locator, ForkNumber::kMain, block}, page, wal::kRegbufStandard);
//   wal::XLogRegisterBlockData(0, tuple_bytes, tuple_len);
//   Lsn lsn = wal::XLogInsert(wal::RmgrId::kHeap, kXlogHeapInsert);
//   page_layout::SetLsn(page, lsn);
// Registered pointers must stay valid until XLogInsert returns. Not reentrant: one record
// is built at a time per process.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/ids.h"
#include "common/relfile.h"
#include "wal/rmgr/rmgr.h"

namespace hyrax::wal {

inline constexpr int kMaxBlockRefs = 32;

struct BlockRef {
  RelFileLocator locator;
  ForkNumber fork = ForkNumber::kMain;
  BlockNumber block = kInvalidBlockNumber;
};

// Flags for XLogRegisterBlock.
inline constexpr uint8_t kRegbufStandard = 0x00;    // page has a standard header: cut the hole
inline constexpr uint8_t kRegbufWillInit = 0x01;    // redo rebuilds the page from scratch: no image
inline constexpr uint8_t kRegbufForceImage = 0x02;  // always include a full-page image
inline constexpr uint8_t kRegbufNoImage = 0x04;     // never include an image
inline constexpr uint8_t kRegbufKeepData = 0x08;    // keep block data even when an image is taken
inline constexpr uint8_t kRegbufNonStandard = 0x10;  // page has no standard header: no hole cut

// Starts a record. Throws an internal error when a record is already being built (call
// XLogResetInsertion after an error between XLogBeginInsert and XLogInsert).
void XLogBeginInsert();
// Appends `len` bytes to the record's main data. Throws 54000 ("too much WAL data") when
// the record would exceed about 1 GB: register before entering the critical section.
void XLogRegisterData(const void* data, size_t len);
// Registers a block the record changes. `page` is the 8 KB page image after the change
// (its pd_lsn decides whether a full-page image is needed); it may be nullptr only with
// kRegbufNoImage or kRegbufWillInit (and not kRegbufForceImage). An image is taken when
// kRegbufForceImage is given, or when g_full_page_writes is on, neither kRegbufNoImage nor
// kRegbufWillInit is given and pd_lsn <= the redo pointer. Requires: block_id <
// kMaxBlockRefs and unused in this record. Throws an internal error on misuse.
void XLogRegisterBlock(uint8_t block_id, const BlockRef& ref, const char* page, uint8_t flags);
// Appends data for one registered block (dropped when a full-page image is taken, unless
// kRegbufKeepData). Throws like XLogRegisterData; internal error for an unregistered block.
void XLogRegisterBlockData(uint8_t block_id, const void* data, size_t len);
// Assembles, CRCs and inserts the record for transaction `xid` (kInvalidTransactionId when
// none). Returns the end LSN of the record (8-byte aligned: the start of the next record),
// which callers store as the page LSN of every registered page. The record is in the
// shared WAL buffers, not yet durable: XLogFlush it when it must survive a crash. All of
// `info` belongs to the resource manager. Resets the builder, also on error.
// Requires: WAL insertion is allowed: StartupXLog has finished (it is refused during
// replay with an internal error). May write older WAL out when the buffers are full; an
// I/O failure there is a PANIC.
Lsn XLogInsert(RmgrId rmid, uint8_t info, TransactionId xid = kInvalidTransactionId);
// Drops a half-built record (error before XLogInsert).
void XLogResetInsertion();

// Position after the last inserted record. Requires (like the two below): shared memory
// initialised by wal::ShmemInit.
Lsn GetXLogInsertRecPtr();
// The redo pointer of the checkpoint in progress or last completed: a page whose LSN is at
// or below it needs a full-page image on its next change.
Lsn GetRedoRecPtr();
// True when `page_lsn` means the next change to the page must log a full-page image
// (g_full_page_writes and page_lsn <= GetRedoRecPtr()). Used by MarkBufferDirtyHint.
bool XLogPageNeedsImage(Lsn page_lsn);

}  // namespace hyrax::wal
