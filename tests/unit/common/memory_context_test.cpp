// MemoryContext: aligned bump allocation, large chunks, reset, and Palloc following the
// current context.
#include "common/memory_context.h"

#include <cstdint>
#include <cstring>

#include <gtest/gtest.h>

#include "common/varlena.h"

namespace hyrax {
namespace {

TEST(MemoryContextTest, AllocationsAreAlignedAndDistinct) {
  MemoryContext ctx("test");
  char* a = static_cast<char*>(ctx.Alloc(3));
  char* b = static_cast<char*>(ctx.Alloc(5));
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 16, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(b) % 16, 0u);
  EXPECT_GE(b - a, 16);
}

TEST(MemoryContextTest, LargeAllocationsSurviveAndResetReleases) {
  MemoryContext ctx("test");
  char* small = static_cast<char*>(ctx.Alloc(100));
  std::memset(small, 'x', 100);
  char* big = static_cast<char*>(ctx.Alloc(1 << 20));
  std::memset(big, 'y', 1 << 20);
  char* small2 = static_cast<char*>(ctx.Alloc(100));
  std::memset(small2, 'z', 100);
  EXPECT_EQ(small[99], 'x');
  EXPECT_EQ(big[(1 << 20) - 1], 'y');
  EXPECT_GT(ctx.allocated_bytes(), size_t{1 << 20});
  ctx.Reset();
  EXPECT_LT(ctx.allocated_bytes(), size_t{64 * 1024});
}

TEST(MemoryContextTest, PallocUsesCurrentContext) {
  MemoryContext ctx("test");
  size_t before = ctx.allocated_bytes();
  {
    MemoryContextScope scope(&ctx);
    Datum d = CStringGetTextDatum("hello");
    EXPECT_EQ(DatumGetTextView(d), "hello");
  }
  EXPECT_GT(ctx.allocated_bytes(), before);
  EXPECT_NE(CurrentMemoryContext(), &ctx);
}

}  // namespace
}  // namespace hyrax
