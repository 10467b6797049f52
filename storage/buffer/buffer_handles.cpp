// The RAII handles handed out by the buffer pool: PinnedBuffer (a pin) and BufferLock (a
// content lock giving access to the page), with dirtying (MarkDirty, MarkDirtyHint and its
// full-page-image rule) and the conditional cleanup lock. storage/buffer/README.md "Pins
// and content locks" and "Hint bits".
#include "common/assert.h"
#include "common/error.h"
#include "common/page_layout.h"
#include "storage/buffer/buf_internals.h"
#include "storage/buffer/buffer_manager.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage {

using namespace buf;

namespace {

// Sets kDirty | kJustDirtied and counts a newly dirtied page.
void SetDirtyBits(BufferDesc* desc) {
  const uint32_t state = LockBufHdr(desc);
  UnlockBufHdr(desc, state | kDirty | kJustDirtied);
  if ((state & kDirty) == 0) ++MutableCounters().shared_dirtied;
}

}  // namespace

PinnedBuffer& PinnedBuffer::operator=(PinnedBuffer&& other) noexcept {
  if (this != &other) {
    Reset();
    buffer_ = other.buffer_;
    other.buffer_ = kInvalidBuffer;
  }
  return *this;
}

BlockNumber PinnedBuffer::block() const {
  return Desc(buffer_)->tag.block;
}

const BufferTag& PinnedBuffer::tag() const {
  return Desc(buffer_)->tag;
}

void PinnedBuffer::Reset() {
  if (buffer_ == kInvalidBuffer) return;
  UnpinBuffer(Desc(buffer_));
  buffer_ = kInvalidBuffer;
}

BufferLock::BufferLock(const PinnedBuffer& pin, BufferLockMode mode) : mode_(mode) {
  HYRAX_CHECK(pin.valid(), "cannot lock a buffer that is not pinned");
  Desc(pin.id())->content_lock.Acquire(mode == BufferLockMode::kExclusive ? LWLockMode::kExclusive
                                                                          : LWLockMode::kShared);
  buffer_ = pin.id();
}

BufferLock& BufferLock::operator=(BufferLock&& other) noexcept {
  if (this != &other) {
    Unlock();
    buffer_ = other.buffer_;
    mode_ = other.mode_;
    other.buffer_ = kInvalidBuffer;
  }
  return *this;
}

char* BufferLock::page() const {
  return PageOf(Desc(buffer_));
}

void BufferLock::MarkDirty() {
  HYRAX_ASSERT(held() && mode_ == BufferLockMode::kExclusive);
  SetDirtyBits(Desc(buffer_));
}

void BufferLock::MarkDirtyHint() {
  HYRAX_ASSERT(held());
  BufferDesc* desc = Desc(buffer_);
  const uint32_t state = desc->state.load();
  if ((state & (kDirty | kJustDirtied)) == (kDirty | kJustDirtied)) return;
  // With checksums, a torn write of a page that changed only by hints could not be repaired
  // if no full-page image of it follows the last checkpoint: leave such a page clean (the
  // hint is re-derived later). PostgreSQL would WAL-log an image instead (XLogSaveBufferForHint).
  if (wal::XLogPageNeedsImage(page_layout::GetLsn(page()))) return;
  SetDirtyBits(desc);
}

void BufferLock::Unlock() {
  if (buffer_ == kInvalidBuffer) return;
  Desc(buffer_)->content_lock.Release();
  buffer_ = kInvalidBuffer;
}

bool BufferLock::ConditionalCleanupLock(const PinnedBuffer& pin, BufferLock* out) {
  HYRAX_CHECK(pin.valid(), "cannot lock a buffer that is not pinned");
  BufferDesc* desc = Desc(pin.id());
  if (PrivateRefCount(desc) != 1) return false;
  if (!desc->content_lock.ConditionalAcquire(LWLockMode::kExclusive)) return false;
  const uint32_t state = LockBufHdr(desc);
  UnlockBufHdr(desc, state);
  if (RefCount(state) != 1) {
    desc->content_lock.Release();
    return false;
  }
  out->Unlock();
  out->buffer_ = pin.id();
  out->mode_ = BufferLockMode::kExclusive;
  return true;
}

}  // namespace hyrax::storage
