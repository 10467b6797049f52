// Memory contexts: bump-pointer arenas that own the memory behind pass-by-reference Datums
// (PostgreSQL's MemoryContext/palloc model). Code allocates with Palloc() in the *current*
// context; the executor switches to a per-tuple context and resets it between rows, so
// per-row garbage never accumulates. Contexts are plain C++ objects owned by whoever made
// them (no parent/child tree: RAII does the cleanup PostgreSQL's tree does on error).
// Not thread-safe: Hyrax is one process per session and never shares a context.
#pragma once

#include <cstddef>
#include <string_view>

namespace hyrax {

class MemoryContext {
 public:
  explicit MemoryContext(const char* name, size_t initial_block_size = 8192,
                         size_t max_block_size = 1 << 20);
  ~MemoryContext();
  MemoryContext(const MemoryContext&) = delete;
  MemoryContext& operator=(const MemoryContext&) = delete;

  // Returns `size` bytes aligned to 16 bytes, valid until Reset() or destruction.
  // Throws Error 53200 (out_of_memory) when the system allocator fails.
  void* Alloc(size_t size);
  void* AllocZero(size_t size);
  // Grows an allocation made here by copying (the old chunk is not reused).
  void* Realloc(void* ptr, size_t old_size, size_t new_size);
  // Releases everything allocated here; keeps the first block for reuse.
  void Reset();
  // Bytes currently held in blocks (what work_mem accounting compares against).
  size_t allocated_bytes() const { return allocated_bytes_; }
  const char* name() const { return name_; }

 private:
  struct Block;
  void* AllocFromNewBlock(size_t size);

  const char* name_;
  size_t initial_block_size_;
  size_t max_block_size_;
  size_t next_block_size_;
  Block* blocks_ = nullptr;  // newest first; the last one is the keeper block
  char* free_ptr_ = nullptr;
  char* free_end_ = nullptr;
  size_t allocated_bytes_ = 0;
};

// The context that lives as long as the process.
MemoryContext* TopMemoryContext();
// The context Palloc() allocates from; initially TopMemoryContext().
MemoryContext* CurrentMemoryContext();
// Makes `context` current and returns the previous one.
MemoryContext* SwitchToMemoryContext(MemoryContext* context);

// RAII switch of the current context, restored on scope exit (also during unwinding).
class MemoryContextScope {
 public:
  explicit MemoryContextScope(MemoryContext* context) : previous_(SwitchToMemoryContext(context)) {}
  ~MemoryContextScope() { SwitchToMemoryContext(previous_); }
  MemoryContextScope(const MemoryContextScope&) = delete;
  MemoryContextScope& operator=(const MemoryContextScope&) = delete;

 private:
  MemoryContext* previous_;
};

void* Palloc(size_t size);
void* Palloc0(size_t size);
// Copies `s` and a terminating NUL into the current context.
char* PStrdup(std::string_view s);

}  // namespace hyrax
