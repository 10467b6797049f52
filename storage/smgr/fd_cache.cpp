// Per-process segment descriptor cache (see storage/smgr/fd_cache.h).
#include "storage/smgr/fd_cache.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

#include <sys/stat.h>

#include "storage/smgr/file_error.h"
#include "storage/smgr/smgr.h"
#include "storage/smgr/sync_queue.h"

namespace hyrax::storage {

namespace {

struct ForkKey {
  RelFileLocator locator;
  ForkNumber fork;
  bool operator==(const ForkKey& o) const { return locator == o.locator && fork == o.fork; }
};
struct ForkKeyHash {
  size_t operator()(const ForkKey& k) const {
    return RelFileLocatorHash()(k.locator) * 31 + static_cast<size_t>(k.fork);
  }
};

// fork -> descriptor per segment number (-1 = not open).
std::unordered_map<ForkKey, std::vector<int>, ForkKeyHash>& Cache() {
  static std::unordered_map<ForkKey, std::vector<int>, ForkKeyHash> cache;
  return cache;
}
uint64_t g_seen_unlinks = 0;

constexpr int kFileMode = 0600;  // PostgreSQL's pg_file_create_mode

int OpenFile(const std::string& path, bool create) {
  int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0);
  int fd = open(path.c_str(), flags, kFileMode);
  if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
    // Out of descriptors: give back everything this process caches and try once more.
    FdCache::CloseAll();
    fd = open(path.c_str(), flags, kFileMode);
  }
  return fd;
}

}  // namespace

int FdCache::Get(const SegmentId& segment, bool create) {
  std::vector<int>& fds = Cache()[ForkKey{segment.locator, segment.fork}];
  if (segment.segno < fds.size() && fds[segment.segno] >= 0) return fds[segment.segno];
  const std::string path = SegmentPath(segment);
  int fd = OpenFile(path, create);
  if (fd < 0) {
    if (errno == ENOENT && !create) return -1;
    throw FileAccessError(errno, fmt::format("could not open file \"{}\"", path));
  }
  // OpenFile may have cleared the cache: look the vector up again.
  std::vector<int>& slots = Cache()[ForkKey{segment.locator, segment.fork}];
  if (slots.size() <= segment.segno) slots.resize(segment.segno + 1, -1);
  slots[segment.segno] = fd;
  return fd;
}

void FdCache::CloseFork(const RelFileLocator& locator, ForkNumber fork, uint32_t first_segno) {
  auto it = Cache().find(ForkKey{locator, fork});
  if (it == Cache().end()) return;
  std::vector<int>& fds = it->second;
  for (size_t segno = first_segno; segno < fds.size(); ++segno) {
    if (fds[segno] >= 0) close(fds[segno]);
  }
  if (first_segno < fds.size()) fds.resize(first_segno);
  if (fds.empty()) Cache().erase(it);
}

void FdCache::CloseAll() {
  for (auto& [key, fds] : Cache()) {
    for (int fd : fds) {
      if (fd >= 0) close(fd);
    }
  }
  Cache().clear();
}

void FdCache::DropStale() {
  const uint64_t unlinks = SyncQueue::UnlinkCounter();
  if (unlinks == g_seen_unlinks) return;
  g_seen_unlinks = unlinks;
  for (auto& [key, fds] : Cache()) {
    for (int& fd : fds) {
      struct stat st;
      if (fd >= 0 && (fstat(fd, &st) != 0 || st.st_nlink == 0)) {
        close(fd);
        fd = -1;
      }
    }
  }
}

}  // namespace hyrax::storage
