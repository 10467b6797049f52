// XLogInsert: assemble outside the lock, then reserve + copy into the shared ring under the
// WAL insert lock and publish inserted_upto (wal/README.md "Insertion and flush"). When
// the redo pointer moved between assembly and the lock, the full-page-image decision is
// re-checked and the record re-assembled, as PostgreSQL's XLogInsertRecord does.
#include "wal/insert/xlog_insert.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "wal/flush/write_internal.h"
#include "wal/insert/insert_internal.h"
#include "wal/insert/record_builder.h"
#include "wal/wal_shared.h"
#include "wal/wal_shmem.h"

namespace hyrax::wal {

namespace {

Lsn g_proc_last_rec_ptr = kInvalidLsn;
bool g_local_insert_allowed = false;

// Resets the builder on every exit from XLogInsert, including errors.
class BuilderReset {
 public:
  ~BuilderReset() { RecordBuilder::Instance().Reset(); }
};

// Copies `len` bytes to the ring at LSN `pos`, writing older WAL out when the ring is full.
// Requires: the insert lock; inserted_upto == the start of the record being copied or a
// position inside it. Returns the position after the copied bytes.
Lsn CopyToRing(WalShared& sh, Lsn pos, const char* data, size_t len) {
  while (len > 0) {
    Lsn written = sh.written_upto.load(std::memory_order_acquire);
    uint64_t free_bytes = written + sh.ring_size - pos;
    if (free_bytes == 0) {
      // Let the writer see the part of the record copied so far, then write it out.
      sh.inserted_upto.store(pos, std::memory_order_release);
      sh.stat_buffers_full.fetch_add(1, std::memory_order_relaxed);
      XLogWriteForSpace(pos + std::min<uint64_t>(len, sh.ring_size) - sh.ring_size);
      continue;
    }
    uint64_t ring_off = pos % sh.ring_size;
    size_t n = static_cast<size_t>(std::min<uint64_t>({len, free_bytes, sh.ring_size - ring_off}));
    if (data != nullptr) {
      std::memcpy(sh.ring + ring_off, data, n);
      data += n;
    } else {
      std::memset(sh.ring + ring_off, 0, n);  // alignment padding
    }
    pos += n;
    len -= n;
  }
  return pos;
}

}  // namespace

void XLogBeginInsert() {
  RecordBuilder::Instance().Begin();
}

void XLogRegisterData(const void* data, size_t len) {
  RecordBuilder::Instance().AddMainData(data, len);
}

void XLogRegisterBlock(uint8_t block_id, const BlockRef& ref, const char* page, uint8_t flags) {
  RecordBuilder::Instance().RegisterBlock(block_id, ref, page, flags);
}

void XLogRegisterBlockData(uint8_t block_id, const void* data, size_t len) {
  RecordBuilder::Instance().AddBlockData(block_id, data, len);
}

void XLogResetInsertion() {
  RecordBuilder::Instance().Reset();
}

Lsn XLogInsert(RmgrId rmid, uint8_t info, TransactionId xid) {
  RecordBuilder& builder = RecordBuilder::Instance();
  BuilderReset reset_on_exit;
  if (!builder.begun()) ThrowInternalError(__FILE__, __LINE__, "XLogBeginInsert was not called");
  WalShared& sh = Shared();
  if (!sh.insert_allowed.load(std::memory_order_acquire) && !g_local_insert_allowed) {
    ThrowInternalError(__FILE__, __LINE__, "cannot make new WAL entries during recovery");
  }
  for (;;) {
    Lsn redo = sh.redo_rec_ptr.load(std::memory_order_acquire);
    bool full_page_writes = g_full_page_writes;
    builder.Assemble(rmid, info, xid, redo, full_page_writes);

    LWLockGuard guard(sh.insert_lock, LWLockMode::kExclusive);
    Lsn current_redo = sh.redo_rec_ptr.load(std::memory_order_relaxed);
    if (current_redo != redo && full_page_writes && builder.fpw_lsn() <= current_redo) {
      continue;  // a checkpoint started: some page now needs an image
    }
    Lsn start = sh.cur_insert_pos;
    uint64_t size = AlignRecord(builder.tot_len());
    Lsn end = start + size;
    builder.Finish(sh.prev_record);
    sh.cur_insert_pos = end;
    sh.prev_record = start;

    // From here on nothing may throw: the reservation cannot be undone.
    Lsn pos = CopyToRing(sh, start, builder.header(), builder.header_len());
    for (const RecordPiece& piece : builder.pieces()) {
      pos = CopyToRing(sh, pos, piece.data, piece.len);
    }
    pos = CopyToRing(sh, pos, nullptr, end - pos);
    sh.inserted_upto.store(end, std::memory_order_release);
    guard.Release();

    sh.stat_records.fetch_add(1, std::memory_order_relaxed);
    sh.stat_fpi.fetch_add(static_cast<uint64_t>(builder.num_images()), std::memory_order_relaxed);
    sh.stat_bytes.fetch_add(size, std::memory_order_relaxed);
    g_proc_last_rec_ptr = start;
    return end;
  }
}

Lsn GetXLogInsertRecPtr() {
  WalShared& sh = Shared();
  LWLockGuard guard(sh.insert_lock, LWLockMode::kShared);
  return sh.cur_insert_pos;
}

Lsn GetRedoRecPtr() {
  return Shared().redo_rec_ptr.load(std::memory_order_acquire);
}

bool XLogPageNeedsImage(Lsn page_lsn) {
  return g_full_page_writes && page_lsn <= GetRedoRecPtr();
}

void ResetInsertState() {
  RecordBuilder::Instance().Reset();
  g_local_insert_allowed = false;
  g_proc_last_rec_ptr = kInvalidLsn;
}

Lsn GetProcLastRecPtr() {
  return g_proc_last_rec_ptr;
}

LocalInsertAllowed::LocalInsertAllowed() : previous_(g_local_insert_allowed) {
  g_local_insert_allowed = true;
}

LocalInsertAllowed::~LocalInsertAllowed() {
  g_local_insert_allowed = previous_;
}

std::vector<char> AssembleStandaloneRecord(RmgrId rmid, uint8_t info, TransactionId xid, Lsn prev) {
  RecordBuilder& builder = RecordBuilder::Instance();
  BuilderReset reset_on_exit;
  builder.Assemble(rmid, info, xid, kInvalidLsn, false);
  builder.Finish(prev);
  std::vector<char> bytes(builder.header(), builder.header() + builder.header_len());
  for (const RecordPiece& piece : builder.pieces()) {
    bytes.insert(bytes.end(), piece.data, piece.data + piece.len);
  }
  return bytes;
}

}  // namespace hyrax::wal
