// A simple LRU cache of 8 KB pages in shared memory backed by segment files of 32 pages
// (PostgreSQL's slru.c), shared by the commit log (pg_xact) and the subtransaction parent
// map (pg_subtrans). One LWLock per SLRU guards every slot; page I/O happens under it.
// storage/txn/README.md ("SLRU") has the details and the lock order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "common/ids.h"

namespace hyrax::storage {

struct SlruConfig {
  const char* shmem_name;   // name of the shared memory area
  const char* directory;    // segment files live in <cwd>/<directory>/XXXX
  int num_buffers;          // page slots in shared memory
  uint32_t items_per_page;  // xids per page (for error messages only)
  bool durable;             // false: files are scratch space, removed at ShmemInit, never fsynced
  // When set, called before a page whose update carried an LSN is written, so the page never
  // reaches disk before the WAL that justifies it (asynchronous commit). Called without the
  // SLRU lock held.
  void (*flush_wal)(Lsn upto);
};

// Process-local handle on one SLRU; the state lives in shared memory.
class Slru {
 public:
  static constexpr uint32_t kPagesPerSegment = 32;

  explicit Slru(const SlruConfig& config) : config_(config) {}

  size_t ShmemSize() const;
  // Claims and initialises the shared area; a non-durable SLRU also removes its old files.
  void ShmemInit();

  // Copies `len` bytes at `offset` of page `page_no` into `out`, reading the page from disk
  // when it is not cached (a missing file or page reads as zeroes). Throws 58030 on I/O error.
  void Read(uint32_t page_no, size_t offset, void* out, size_t len);
  // Runs `modify` on the cached page under the exclusive lock and marks it dirty. `lsn`, if
  // valid, is WAL that must be flushed before the page is written. `modify` must not throw.
  void Update(uint32_t page_no, Lsn lsn, const std::function<void(char* page)>& modify);
  // Makes `page_no` an all-zero dirty page in the cache without reading it.
  void ZeroPage(uint32_t page_no);
  // Writes every dirty page and (durable SLRUs) fsyncs every segment written since the last
  // Flush, then the directory. Throws 58030 on I/O error.
  void Flush();

 private:
  struct Shared;
  class ControlLock;

  Shared* shared() const { return shared_; }
  int FindSlot(uint32_t page_no) const;
  // Requires: `lock` held exclusively. Returns the slot holding `page_no`, loading (or, with
  // `zero`, zeroing) it into a victim slot. May release and retake `lock` to flush WAL.
  int GetSlot(ControlLock& lock, uint32_t page_no, bool zero);
  int SelectVictim(ControlLock& lock, Lsn* flushed);
  void ReadPhysical(uint32_t page_no, char* buf) const;
  void WritePhysical(int slot) const;
  void FsyncSegment(uint32_t segment) const;
  char* PageOf(int slot) const;
  void Touch(int slot) const;

  SlruConfig config_;
  Shared* shared_ = nullptr;
};

}  // namespace hyrax::storage
