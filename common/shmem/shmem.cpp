// Anonymous shared mapping plus a registry header at its start (see common/shmem/shmem.h).
#include "common/shmem/shmem.h"

#include <atomic>
#include <cstring>

#include <sys/mman.h>

#include "common/error.h"
#include "common/shmem/spinlock.h"

namespace hyrax::shmem {

namespace {

constexpr size_t kAlign = 64;  // cache line: keeps unrelated areas from false sharing
constexpr int kMaxAreas = 256;
constexpr size_t kNameLen = 64;

size_t AlignUp(size_t n) {
  return (n + kAlign - 1) & ~(kAlign - 1);
}

struct AreaEntry {
  char name[kNameLen];
  size_t offset;
  size_t size;
};

struct SegmentHeader {
  SpinLock lock;  // protects the fields below
  size_t total_size;
  size_t free_offset;
  int num_areas;
  AreaEntry areas[kMaxAreas];
};

char* g_base = nullptr;
size_t g_mapped = 0;

SegmentHeader* Header() {
  return reinterpret_cast<SegmentHeader*>(g_base);
}

}  // namespace

size_t AddSize(size_t total, size_t area) {
  return total + AlignUp(area);
}

void CreateSegment(size_t size) {
  DestroySegment();
  size_t total = AlignUp(sizeof(SegmentHeader)) + AlignUp(size);
  void* p = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    throw Error(errcode::kOutOfMemory, "could not map anonymous shared memory")
        .Detail(
            fmt::format("Failed system call was mmap(size={}): {}.", total, std::strerror(errno)));
  }
  g_base = static_cast<char*>(p);
  g_mapped = total;
  auto* header = new (g_base) SegmentHeader();
  header->total_size = total;
  header->free_offset = AlignUp(sizeof(SegmentHeader));
  header->num_areas = 0;
}

void DestroySegment() {
  if (g_base != nullptr) {
    munmap(g_base, g_mapped);
    g_base = nullptr;
    g_mapped = 0;
  }
}

bool SegmentExists() {
  return g_base != nullptr;
}

void* InitStruct(std::string_view name, size_t size, bool* found) {
  if (g_base == nullptr) {
    ThrowInternalError(__FILE__, __LINE__, "shared memory segment does not exist");
  }
  SegmentHeader* header = Header();
  SpinLockGuard guard(header->lock);
  for (int i = 0; i < header->num_areas; ++i) {
    AreaEntry& e = header->areas[i];
    if (name == e.name) {
      if (e.size != size) {
        ThrowInternalError(__FILE__, __LINE__,
                           fmt::format("shared memory area \"{}\" has the wrong size", name));
      }
      *found = true;
      return g_base + e.offset;
    }
  }
  size_t need = AlignUp(size);
  if (header->num_areas >= kMaxAreas || header->free_offset + need > header->total_size ||
      name.size() >= kNameLen) {
    throw Error(errcode::kOutOfMemory, "out of shared memory")
        .Detail(fmt::format("Could not allocate {} bytes for \"{}\".", size, name));
  }
  AreaEntry& e = header->areas[header->num_areas++];
  std::memcpy(e.name, name.data(), name.size());
  e.name[name.size()] = '\0';
  e.offset = header->free_offset;
  e.size = size;
  header->free_offset += need;
  *found = false;
  char* area = g_base + e.offset;
  std::memset(area, 0, size);
  return area;
}

std::vector<AreaInfo> ListAreas() {
  std::vector<AreaInfo> out;
  if (g_base == nullptr) return out;
  SegmentHeader* header = Header();
  SpinLockGuard guard(header->lock);
  for (int i = 0; i < header->num_areas; ++i) {
    out.push_back({header->areas[i].name, header->areas[i].offset, header->areas[i].size});
  }
  return out;
}

}  // namespace hyrax::shmem
