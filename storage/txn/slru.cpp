// SLRU page cache in shared memory (see storage/txn/slru.h and README.md "SLRU"). All slot
// state and all page I/O are under the one control LWLock; readers of a cached page take it
// shared. The lock is released only to flush WAL before writing an async-committed page,
// after which the caller re-examines the slots.
#include "storage/txn/slru.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

#include <sys/stat.h>

#include "common/error.h"
#include "common/shmem/lwlock.h"
#include "common/shmem/shmem.h"

namespace hyrax::storage {

namespace {

struct SlruSlot {
  uint32_t page_no;  // valid only when in_use
  bool in_use;
  bool dirty;
  Lsn lsn;                          // WAL to flush before writing this page
  std::atomic<uint64_t> last_used;  // LRU clock value of the last access
};

size_t AlignUp(size_t n) {
  return (n + 63) & ~size_t{63};
}

std::string SegmentPath(const char* dir, uint32_t segment) {
  char name[16];
  snprintf(name, sizeof(name), "%04X", segment);
  return std::string(dir) + "/" + name;
}

// Number of segments an SLRU of `items_per_page` items over the 32-bit xid space needs.
uint32_t MaxSegments(uint32_t items_per_page) {
  uint64_t pages = (uint64_t{1} << 32) / items_per_page;
  return static_cast<uint32_t>((pages + Slru::kPagesPerSegment - 1) / Slru::kPagesPerSegment);
}

}  // namespace

struct Slru::Shared {
  LWLock lock;  // guards everything below and every page
  int num_slots;
  std::atomic<uint64_t> clock;
  SlruSlot* slots;         // num_slots entries
  uint8_t* fsync_pending;  // one bit per segment written since the last Flush (durable only)
  char* pages;             // num_slots * kBlockSize bytes
};

// The control lock, releasable and re-acquirable, released by the destructor when held.
class Slru::ControlLock {
 public:
  ControlLock(LWLock& lock, LWLockMode mode) : lock_(lock), held_(true) { lock_.Acquire(mode); }
  ~ControlLock() {
    if (held_) lock_.Release();
  }
  ControlLock(const ControlLock&) = delete;
  ControlLock& operator=(const ControlLock&) = delete;
  void Release() {
    lock_.Release();
    held_ = false;
  }
  void AcquireExclusive() {
    lock_.Acquire(LWLockMode::kExclusive);
    held_ = true;
  }

 private:
  LWLock& lock_;
  bool held_;
};

size_t Slru::ShmemSize() const {
  size_t size = AlignUp(sizeof(Shared));
  size += AlignUp(sizeof(SlruSlot) * config_.num_buffers);
  if (config_.durable) size += AlignUp(MaxSegments(config_.items_per_page) / 8 + 1);
  size += static_cast<size_t>(config_.num_buffers) * kBlockSize;
  return size;
}

void Slru::ShmemInit() {
  bool found = false;
  char* base = static_cast<char*>(shmem::InitStruct(config_.shmem_name, ShmemSize(), &found));
  shared_ = reinterpret_cast<Shared*>(base);
  if (found) return;
  new (shared_) Shared();
  char* p = base + AlignUp(sizeof(Shared));
  shared_->num_slots = config_.num_buffers;
  shared_->slots = reinterpret_cast<SlruSlot*>(p);
  for (int i = 0; i < config_.num_buffers; ++i) new (&shared_->slots[i]) SlruSlot();
  p += AlignUp(sizeof(SlruSlot) * config_.num_buffers);
  shared_->fsync_pending = nullptr;
  if (config_.durable) {
    shared_->fsync_pending = reinterpret_cast<uint8_t*>(p);
    p += AlignUp(MaxSegments(config_.items_per_page) / 8 + 1);
  }
  shared_->pages = p;
  if (!config_.durable) {
    // Scratch data of a previous server life (pg_subtrans) is meaningless now.
    if (DIR* dir = opendir(config_.directory)) {
      while (dirent* entry = readdir(dir)) {
        if (entry->d_name[0] == '.') continue;
        unlink((std::string(config_.directory) + "/" + entry->d_name).c_str());
      }
      closedir(dir);
    }
  }
}

char* Slru::PageOf(int slot) const {
  return shared_->pages + static_cast<size_t>(slot) * kBlockSize;
}

void Slru::Touch(int slot) const {
  shared_->slots[slot].last_used.store(shared_->clock.fetch_add(1, std::memory_order_relaxed) + 1,
                                       std::memory_order_relaxed);
}

int Slru::FindSlot(uint32_t page_no) const {
  for (int i = 0; i < shared_->num_slots; ++i) {
    const SlruSlot& s = shared_->slots[i];
    if (s.in_use && s.page_no == page_no) return i;
  }
  return -1;
}

void Slru::ReadPhysical(uint32_t page_no, char* buf) const {
  std::string path = SegmentPath(config_.directory, page_no / kPagesPerSegment);
  off_t offset = static_cast<off_t>(page_no % kPagesPerSegment) * kBlockSize;
  std::memset(buf, 0, kBlockSize);
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    if (errno == ENOENT) return;  // never written: every xid on it is "in progress"
    throw MakeError(errcode::kIoError, "could not access status of transaction {}",
                    page_no * config_.items_per_page)
        .Detail(fmt::format("Could not open file \"{}\": {}.", path, std::strerror(errno)));
  }
  size_t done = 0;
  while (done < static_cast<size_t>(kBlockSize)) {
    ssize_t n = pread(fd, buf + done, kBlockSize - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      close(fd);
      throw MakeError(errcode::kIoError, "could not access status of transaction {}",
                      page_no * config_.items_per_page)
          .Detail(fmt::format("Could not read from file \"{}\" at offset {}: {}.", path, offset,
                              std::strerror(saved)));
    }
    if (n == 0) break;  // short file: the rest of the page stays zero
    done += static_cast<size_t>(n);
  }
  close(fd);
}

void Slru::WritePhysical(int slot) const {
  uint32_t page_no = shared_->slots[slot].page_no;
  uint32_t segment = page_no / kPagesPerSegment;
  std::string path = SegmentPath(config_.directory, segment);
  off_t offset = static_cast<off_t>(page_no % kPagesPerSegment) * kBlockSize;
  auto fail = [&](const char* what) {
    int saved = errno;
    return MakeError(errcode::kIoError, "could not access status of transaction {}",
                     page_no * config_.items_per_page)
        .Detail(fmt::format("Could not {} file \"{}\": {}.", what, path, std::strerror(saved)));
  };
  int fd = open(path.c_str(), O_RDWR | O_CREAT, 0600);
  if (fd < 0 && errno == ENOENT) {
    mkdir(config_.directory, 0700);
    fd = open(path.c_str(), O_RDWR | O_CREAT, 0600);
  }
  if (fd < 0) throw fail("open");
  const char* buf = PageOf(slot);
  size_t done = 0;
  while (done < static_cast<size_t>(kBlockSize)) {
    ssize_t n = pwrite(fd, buf + done, kBlockSize - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Error error = fail("write to");
      close(fd);
      throw error;
    }
    done += static_cast<size_t>(n);
  }
  close(fd);
  if (config_.durable) shared_->fsync_pending[segment / 8] |= uint8_t(1u << (segment % 8));
}

void Slru::FsyncSegment(uint32_t segment) const {
  std::string path = SegmentPath(config_.directory, segment);
  int fd = open(path.c_str(), O_RDWR);
  if (fd < 0 && errno == ENOENT) return;
  if (fd < 0 || fsync(fd) != 0) {
    int saved = errno;
    if (fd >= 0) close(fd);
    throw MakeError(errcode::kIoError, "could not fsync file \"{}\": {}", path,
                    std::strerror(saved));
  }
  close(fd);
}

// Returns an empty slot, or the least recently used one after writing it out if dirty.
// Flushing WAL for an async-committed page drops the lock; the caller must then re-check
// whether its page appeared meanwhile, so this returns -1 in that case.
int Slru::SelectVictim(ControlLock& lock, Lsn* flushed) {
  int victim = -1;
  uint64_t best = UINT64_MAX;
  for (int i = 0; i < shared_->num_slots; ++i) {
    SlruSlot& s = shared_->slots[i];
    if (!s.in_use) return i;
    uint64_t used = s.last_used.load(std::memory_order_relaxed);
    if (used < best) {
      best = used;
      victim = i;
    }
  }
  SlruSlot& s = shared_->slots[victim];
  if (s.dirty) {
    if (s.lsn != kInvalidLsn && config_.flush_wal != nullptr && s.lsn > *flushed) {
      Lsn upto = s.lsn;
      lock.Release();
      config_.flush_wal(upto);
      *flushed = upto;
      lock.AcquireExclusive();
      return -1;
    }
    WritePhysical(victim);
    s.dirty = false;
  }
  s.in_use = false;
  return victim;
}

int Slru::GetSlot(ControlLock& lock, uint32_t page_no, bool zero) {
  Lsn flushed = kInvalidLsn;
  for (;;) {
    int slot = FindSlot(page_no);
    if (slot >= 0) {
      if (zero) {
        std::memset(PageOf(slot), 0, kBlockSize);
        shared_->slots[slot].dirty = true;
      }
      return slot;
    }
    slot = SelectVictim(lock, &flushed);
    if (slot < 0) continue;
    if (zero) {
      std::memset(PageOf(slot), 0, kBlockSize);
    } else {
      ReadPhysical(page_no, PageOf(slot));
    }
    SlruSlot& s = shared_->slots[slot];
    s.page_no = page_no;
    s.in_use = true;
    s.dirty = zero;
    s.lsn = kInvalidLsn;
    return slot;
  }
}

void Slru::Read(uint32_t page_no, size_t offset, void* out, size_t len) {
  {
    ControlLock lock(shared_->lock, LWLockMode::kShared);
    int slot = FindSlot(page_no);
    if (slot >= 0) {
      std::memcpy(out, PageOf(slot) + offset, len);
      Touch(slot);
      return;
    }
  }
  ControlLock lock(shared_->lock, LWLockMode::kExclusive);
  int slot = GetSlot(lock, page_no, /*zero=*/false);
  std::memcpy(out, PageOf(slot) + offset, len);
  Touch(slot);
}

void Slru::Update(uint32_t page_no, Lsn lsn, const std::function<void(char* page)>& modify) {
  ControlLock lock(shared_->lock, LWLockMode::kExclusive);
  int slot = GetSlot(lock, page_no, /*zero=*/false);
  modify(PageOf(slot));
  SlruSlot& s = shared_->slots[slot];
  s.dirty = true;
  if (lsn != kInvalidLsn && lsn > s.lsn) s.lsn = lsn;
  Touch(slot);
}

void Slru::ZeroPage(uint32_t page_no) {
  ControlLock lock(shared_->lock, LWLockMode::kExclusive);
  int slot = GetSlot(lock, page_no, /*zero=*/true);
  Touch(slot);
}

void Slru::Flush() {
  std::vector<uint32_t> segments;
  {
    ControlLock lock(shared_->lock, LWLockMode::kExclusive);
    // First make the WAL behind every async-committed page durable (without the lock).
    Lsn flushed = kInvalidLsn;
    for (;;) {
      Lsn need = kInvalidLsn;
      for (int i = 0; i < shared_->num_slots; ++i) {
        const SlruSlot& s = shared_->slots[i];
        if (s.in_use && s.dirty) need = std::max(need, s.lsn);
      }
      if (need == kInvalidLsn || config_.flush_wal == nullptr || need <= flushed) break;
      lock.Release();
      config_.flush_wal(need);
      flushed = need;
      lock.AcquireExclusive();
    }
    for (int i = 0; i < shared_->num_slots; ++i) {
      SlruSlot& s = shared_->slots[i];
      if (!s.in_use || !s.dirty) continue;
      WritePhysical(i);
      s.dirty = false;
      s.lsn = kInvalidLsn;
    }
    if (!config_.durable) return;
    uint32_t max_segments = MaxSegments(config_.items_per_page);
    for (uint32_t seg = 0; seg < max_segments; ++seg) {
      uint8_t& byte = shared_->fsync_pending[seg / 8];
      if (byte == 0) {
        seg |= 7;  // skip the whole byte
        continue;
      }
      if (byte & (1u << (seg % 8))) {
        segments.push_back(seg);
        byte = static_cast<uint8_t>(byte & ~(1u << (seg % 8)));
      }
    }
  }
  // fsync outside the lock; a failure re-marks the segment so the next checkpoint retries.
  for (size_t i = 0; i < segments.size(); ++i) {
    try {
      FsyncSegment(segments[i]);
    } catch (const Error&) {
      ControlLock lock(shared_->lock, LWLockMode::kExclusive);
      for (size_t j = i; j < segments.size(); ++j) {
        shared_->fsync_pending[segments[j] / 8] |= uint8_t(1u << (segments[j] % 8));
      }
      throw;
    }
  }
  if (!segments.empty()) {
    int dir_fd = open(config_.directory, O_RDONLY);
    if (dir_fd >= 0) {
      fsync(dir_fd);
      close(dir_fd);
    }
  }
}

}  // namespace hyrax::storage
