// Sequence page layout and in-place changes (see sequence_page.h).
#include "storage/sequence/sequence_page.h"

#include <cstring>

#include "common/assert.h"
#include "common/error.h"
#include "common/interrupts.h"
#include "common/page_layout.h"
#include "storage/heap/heap_tuple.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/page/page.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/xlog_insert.h"
#include "wal/rmgr/xlog_rmgr.h"

namespace hyrax::storage {

namespace {

constexpr uint32_t kSequenceMagic = 0x1717;  // PostgreSQL's SEQ_MAGIC
constexpr int kSequenceNatts = 3;
// Offsets of the columns inside the tuple's data area (int8, int8, bool: no padding).
constexpr size_t kLastValueOffset = 0;
constexpr size_t kLogCntOffset = 8;
constexpr size_t kIsCalledOffset = 16;
constexpr size_t kDataSize = 17;

size_t TupleHeaderSize() {
  return MaxAlign(kHeapTupleHeaderSize);  // no null bitmap
}

// Formats `page` as a sequence page with a zeroed tuple (PostgreSQL's fill_seq_with_data).
void FormatPage(char* page) {
  std::memset(page, 0, kBlockSize);
  PageInit(page, sizeof(kSequenceMagic));
  std::memcpy(page + kBlockSize - sizeof(kSequenceMagic), &kSequenceMagic, sizeof(kSequenceMagic));
  alignas(8) char tuple[64] = {};
  auto* header = reinterpret_cast<HeapTupleHeaderData*>(tuple);
  header->t_xmin = kFrozenTransactionId;
  header->t_xmax = kInvalidTransactionId;
  header->t_cid = 0;
  header->t_ctid = ItemPointerData::Make(0, 1);
  HeapTupleHeaderSetNatts(header, kSequenceNatts);
  header->t_infomask = kHeapXminFrozen | kHeapXmaxInvalid;
  header->t_hoff = static_cast<uint8_t>(TupleHeaderSize());
  size_t len = TupleHeaderSize() + kDataSize;
  OffsetNumber off = PageAddItem(page, tuple, len, kInvalidOffsetNumber, false, true);
  HYRAX_CHECK(off == 1, "could not add the sequence tuple");
}

char* TupleData(char* page) {
  HYRAX_CHECK(!PageIsNew(page) && PageGetMaxOffsetNumber(page) == 1,
              "page of a sequence does not hold one tuple");
  ItemIdData* item = PageGetItemId(page, 1);
  return PageGetItem(page, item) + TupleHeaderSize();
}

void Store(char* page, const SequenceData& data) {
  char* d = TupleData(page);
  std::memcpy(d + kLastValueOffset, &data.last_value, sizeof(int64_t));
  std::memcpy(d + kLogCntOffset, &data.log_cnt, sizeof(int64_t));
  d[kIsCalledOffset] = data.is_called ? 1 : 0;
}

SequenceData Load(char* page) {
  if (std::memcmp(page + kBlockSize - sizeof(kSequenceMagic), &kSequenceMagic,
                  sizeof(kSequenceMagic)) != 0) {
    throw Error(errcode::kDataCorrupted, "bad magic number in sequence");
  }
  const char* d = TupleData(page);
  SequenceData data;
  std::memcpy(&data.last_value, d + kLastValueOffset, sizeof(int64_t));
  std::memcpy(&data.log_cnt, d + kLogCntOffset, sizeof(int64_t));
  data.is_called = d[kIsCalledOffset] != 0;
  return data;
}

}  // namespace

void InitSequencePage(Oid relid, const RelFileLocator& locator, const SequenceData& data) {
  LockRelationForExtension(relid);
  BufferLock lock;
  PinnedBuffer pin = BufferManager::Extend(locator, ForkNumber::kMain, &lock);
  UnlockRelationForExtension(relid);
  HYRAX_CHECK(pin.block() == 0, "sequence relation is not empty");
  alignas(8) char image[kBlockSize];
  FormatPage(image);
  Store(image, data);
  Lsn lsn;
  {
    CriticalSection critical;
    std::memcpy(lock.page(), image, kBlockSize);
    lock.MarkDirty();
    lsn = wal::LogPageImage({locator, ForkNumber::kMain, 0}, lock.page());
    page_layout::SetLsn(lock.page(), lsn);
  }
  lock.Unlock();
  wal::XLogFlush(lsn);
}

LockedSequencePage::LockedSequencePage(const RelFileLocator& locator) : locator_(locator) {
  pin_ = BufferManager::Read(locator, ForkNumber::kMain, 0);
  lock_ = BufferLock(pin_, BufferLockMode::kExclusive);
}

SequenceData LockedSequencePage::Read() const {
  return Load(lock_.page());
}

bool LockedSequencePage::NeedsLogAfterCheckpoint() const {
  return page_layout::GetLsn(lock_.page()) <= wal::GetRedoRecPtr();
}

void LockedSequencePage::WriteUnlogged(const SequenceData& data) {
  Store(lock_.page(), data);
  lock_.MarkDirty();
}

Lsn LockedSequencePage::PageLsn() const {
  return page_layout::GetLsn(lock_.page());
}

Lsn LockedSequencePage::WriteLogged(const SequenceData& logged, const SequenceData& current) {
  alignas(8) char image[kBlockSize];
  std::memcpy(image, lock_.page(), kBlockSize);
  Store(image, logged);
  CriticalSection critical;
  Lsn lsn = wal::LogPageImage({locator_, ForkNumber::kMain, 0}, image);
  Store(lock_.page(), current);
  page_layout::SetLsn(lock_.page(), lsn);
  lock_.MarkDirty();
  return lsn;
}

}  // namespace hyrax::storage
