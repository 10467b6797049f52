// The one shared memory segment, created by the postmaster before any fork, and its
// registry of named fixed-size areas (PostgreSQL's ShmemInitStruct). Every process inherits
// the mapping at the same address, so raw pointers into the segment are valid everywhere.
// Sizes are computed from configuration first (ShmemSizeRequest), then the segment is
// created once and each subsystem claims its area by name.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hyrax::shmem {

// Creates (or re-creates after a crash) the anonymous shared mapping of `size` bytes plus
// the registry header. Called only by the postmaster, or by a single-process tool.
// Throws Error 53200 when the mapping fails.
void CreateSegment(size_t size);
// Unmaps the segment (postmaster crash reset, process exit of single-process tools).
void DestroySegment();
bool SegmentExists();

// Returns the area registered under `name`, allocating `size` bytes (16-byte aligned) on
// first use. *found tells whether it already existed (initialise it only when false).
// Requires: CreateSegment() ran. Throws Error 53200 when the segment is full.
void* InitStruct(std::string_view name, size_t size, bool* found);

// Adds the size of every area to `total` with alignment slack: use when computing the
// segment size before CreateSegment().
size_t AddSize(size_t total, size_t area);

struct AreaInfo {
  std::string name;
  size_t offset;
  size_t size;
};
// The registered areas (feeds pg_shmem_allocations).
std::vector<AreaInfo> ListAreas();

}  // namespace hyrax::shmem
