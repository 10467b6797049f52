// WAL segment files in wal/ (relative to the data directory): naming, zero-filled
// creation, the per-process cached descriptor used by the writer, removal of old segments
// and zeroing of the tail after end-of-WAL. See wal/README.md "Segments".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/ids.h"

namespace hyrax::wal {

inline constexpr const char* kWalDirectory = "wal";
inline constexpr uint32_t kTimeline = 1;

// "wal/000000010000000000000001" for segno 1 (timeline, then segno split as PostgreSQL
// does for 16 MB segments: high part = segno / 256, low part = segno % 256).
std::string SegmentPath(uint64_t segno);
// Segment number of a file name like "000000010000000000000001"; nullopt for other names.
std::optional<uint64_t> ParseSegmentName(std::string_view name);

// Creates segment `segno` zero-filled (temporary file, fsync, link into place, fsync of
// wal/) unless it already exists. Returns true when this call created it. Safe against a
// concurrent creator. Throws Error (58030) on I/O failure.
bool CreateSegmentFile(uint64_t segno);

// Returns a read-write descriptor for segment `segno`, creating the file when missing.
// The descriptor is cached per process (one segment at a time) and owned by this module.
// Requires: the WAL write lock, or a single-process context (bootstrap, recovery).
// Throws Error (58030) on failure; the writer turns that into a PANIC.
int OpenSegmentForWrite(uint64_t segno);
// Forgets (closes) the cached write descriptor, e.g. after shared memory is re-created.
void CloseCachedSegment();

// Writes all `len` bytes at `offset` of descriptor `fd` (a segment or any file), retrying
// short writes.
// Returns false on failure (errno set).
bool WriteFully(int fd, const char* data, size_t len, uint64_t offset);
// fdatasync of `fd` when g_fsync; returns false on failure (errno set).
bool SyncSegment(int fd);
// fsync of a directory when g_fsync. Throws Error (58030) on failure.
void SyncDirectory(const char* path);

// Removes every segment file numbered below `segno` (checkpoint clean-up). Failures are
// logged and skipped (a leftover old segment is harmless).
void RemoveSegmentsBefore(uint64_t segno);
// Removes every segment file numbered above `segno` and leftover temporary files (end of
// recovery: nothing valid can follow end-of-WAL). Throws Error (58030) on failure.
void RemoveSegmentsAfter(uint64_t segno);
// Makes every byte of the segment holding `end` from `end` onwards zero (writing only the
// chunks that are not already zero) and syncs it. A missing segment is left missing.
// Throws Error (58030) on failure.
void ZeroSegmentTail(Lsn end);
// Creates the segment after the one holding `insert_pos` when `insert_pos` is at least
// three quarters into its segment, so the writer rarely has to create one (PostgreSQL's
// PreallocXlogFiles). Failures are logged, not thrown.
void PreallocateNextSegment(Lsn insert_pos);

}  // namespace hyrax::wal
