// Bump-pointer arena implementation of MemoryContext (see common/memory_context.h).
#include "common/memory_context.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include "common/error.h"

namespace hyrax {

namespace {
constexpr size_t kAlign = 16;
size_t AlignUp(size_t n) {
  return (n + kAlign - 1) & ~(kAlign - 1);
}
}  // namespace

struct MemoryContext::Block {
  Block* next;
  size_t size;  // usable bytes after the header
  // Payload follows, aligned to kAlign.
  char* data() { return reinterpret_cast<char*>(this) + AlignUp(sizeof(Block)); }
};

MemoryContext::MemoryContext(const char* name, size_t initial_block_size, size_t max_block_size)
    : name_(name),
      initial_block_size_(initial_block_size),
      max_block_size_(max_block_size),
      next_block_size_(initial_block_size) {}

MemoryContext::~MemoryContext() {
  Block* b = blocks_;
  while (b != nullptr) {
    Block* next = b->next;
    std::free(b);
    b = next;
  }
}

void* MemoryContext::Alloc(size_t size) {
  size = AlignUp(size == 0 ? 1 : size);
  if (static_cast<size_t>(free_end_ - free_ptr_) >= size) {
    void* p = free_ptr_;
    free_ptr_ += size;
    return p;
  }
  return AllocFromNewBlock(size);
}

void* MemoryContext::AllocFromNewBlock(size_t size) {
  // Large requests get a dedicated block placed behind the current one, so the remaining
  // space of the current block stays usable.
  bool dedicated = size > next_block_size_ / 4;
  size_t payload = dedicated ? size : next_block_size_;
  size_t total = AlignUp(sizeof(Block)) + payload;
  auto* block = static_cast<Block*>(std::malloc(total));
  if (block == nullptr) {
    throw Error(errcode::kOutOfMemory, "out of memory")
        .Detail(fmt::format("Failed on request of size {} in memory context \"{}\".", size, name_));
  }
  block->size = payload;
  allocated_bytes_ += total;
  if (dedicated && blocks_ != nullptr) {
    block->next = blocks_->next;
    blocks_->next = block;
    return block->data();
  }
  block->next = blocks_;
  blocks_ = block;
  free_ptr_ = block->data() + size;
  free_end_ = block->data() + payload;
  if (!dedicated && next_block_size_ < max_block_size_) next_block_size_ *= 2;
  return block->data();
}

void* MemoryContext::AllocZero(size_t size) {
  void* p = Alloc(size);
  std::memset(p, 0, size);
  return p;
}

void* MemoryContext::Realloc(void* ptr, size_t old_size, size_t new_size) {
  void* p = Alloc(new_size);
  if (ptr != nullptr && old_size > 0)
    std::memcpy(p, ptr, old_size < new_size ? old_size : new_size);
  return p;
}

void MemoryContext::Reset() {
  if (blocks_ == nullptr) return;
  // Keep the oldest block (the last in the list) when it is a normal-sized one.
  Block* keeper = blocks_;
  while (keeper->next != nullptr) keeper = keeper->next;
  Block* b = blocks_;
  while (b != nullptr) {
    Block* next = b->next;
    if (b != keeper) std::free(b);
    b = next;
  }
  if (keeper->size == initial_block_size_) {
    keeper->next = nullptr;
    blocks_ = keeper;
    free_ptr_ = keeper->data();
    free_end_ = keeper->data() + keeper->size;
    allocated_bytes_ = AlignUp(sizeof(Block)) + keeper->size;
  } else {
    std::free(keeper);
    blocks_ = nullptr;
    free_ptr_ = free_end_ = nullptr;
    allocated_bytes_ = 0;
  }
  next_block_size_ = initial_block_size_;
}

namespace {
MemoryContext* g_top = nullptr;
MemoryContext* g_current = nullptr;
}  // namespace

MemoryContext* TopMemoryContext() {
  if (g_top == nullptr) g_top = new MemoryContext("TopMemoryContext");
  return g_top;
}

MemoryContext* CurrentMemoryContext() {
  if (g_current == nullptr) g_current = TopMemoryContext();
  return g_current;
}

MemoryContext* SwitchToMemoryContext(MemoryContext* context) {
  MemoryContext* old = CurrentMemoryContext();
  g_current = context;
  return old;
}

void* Palloc(size_t size) {
  return CurrentMemoryContext()->Alloc(size);
}
void* Palloc0(size_t size) {
  return CurrentMemoryContext()->AllocZero(size);
}

char* PStrdup(std::string_view s) {
  char* p = static_cast<char*>(Palloc(s.size() + 1));
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

}  // namespace hyrax
