// Redo of the visibility map's "set" record (PostgreSQL's heap_xlog_visible): the heap page
// gets PD_ALL_VISIBLE and the map page the bits, each only when its LSN says the record is
// not applied yet. A map page that no longer exists (or never reached disk and has no image)
// is skipped: a missing bit only costs a later VACUUM some work. storage/vm/README.md "WAL".
#include <cstring>

#include "common/assert.h"
#include "common/page_layout.h"
#include "storage/buffer/redo_buffer.h"
#include "storage/page/page.h"
#include "storage/vm/visibility_map.h"
#include "storage/vm/vm_wal.h"
#include "wal/record/decoded_record.h"

namespace hyrax::storage {

void VisibilityMap::RedoSet(const wal::DecodedRecord& record) {
  HYRAX_CHECK(record.main_data().size() >= sizeof(vmwal::Visible),
              "visibility map WAL record too short");
  vmwal::Visible rec;
  std::memcpy(&rec, record.main_data().data(), sizeof(rec));
  {
    PinnedBuffer pin;
    BufferLock lock;
    if (ReadBufferForRedo(record, 1, &pin, &lock) == RedoAction::kNeedsRedo) {
      GetPageHeader(lock.page())->pd_flags |= kPdAllVisible;
      page_layout::SetLsn(lock.page(), record.end_lsn());
      lock.MarkDirty();
    }
  }
  PinnedBuffer pin;
  BufferLock lock;
  if (ReadBufferForRedo(record, 0, &pin, &lock) != RedoAction::kNeedsRedo) return;
  const VmAddress addr = Locate(record.block(1).ref.block);
  Page page = lock.page();
  if (PageIsNew(page)) PageInit(page, 0);
  auto* bytes = reinterpret_cast<uint8_t*>(page + MaxAlign(page_layout::kHeaderSize));
  bytes[addr.byte] |= static_cast<uint8_t>((rec.flags & kVmValidBits) << addr.shift);
  page_layout::SetLsn(page, record.end_lsn());
  lock.MarkDirty();
}

}  // namespace hyrax::storage
