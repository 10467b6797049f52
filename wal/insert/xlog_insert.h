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

void XLogBeginInsert();
// Appends `len` bytes to the record's main data.
void XLogRegisterData(const void* data, size_t len);
// Registers a block the record changes. `page` is the 8 KB page image after the change
// (its pd_lsn decides whether a full-page image is needed). Requires: block_id unused.
void XLogRegisterBlock(uint8_t block_id, const BlockRef& ref, const char* page, uint8_t flags);
// Appends data for one registered block (dropped when a full-page image is taken, unless
// kRegbufKeepData).
void XLogRegisterBlockData(uint8_t block_id, const void* data, size_t len);
// Assembles, CRCs and inserts the record for transaction `xid` (kInvalidTransactionId when
// none). Returns the end LSN of the record, which callers store as the page LSN of every
// registered page. Requires: WAL insertion is allowed (not in recovery, not read-only).
Lsn XLogInsert(RmgrId rmid, uint8_t info, TransactionId xid = kInvalidTransactionId);
// Drops a half-built record (error before XLogInsert).
void XLogResetInsertion();

// Position after the last inserted record.
Lsn GetXLogInsertRecPtr();
// The redo pointer of the checkpoint in progress or last completed: a page whose LSN is at
// or below it needs a full-page image on its next change.
Lsn GetRedoRecPtr();
// True when `page_lsn` means the next change to the page must log a full-page image.
bool XLogPageNeedsImage(Lsn page_lsn);

}  // namespace hyrax::wal
