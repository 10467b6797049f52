// Thin wrappers over the Linux futex system call on 32-bit words in shared memory. They work
// across processes because the segment is a MAP_SHARED mapping (no FUTEX_PRIVATE_FLAG).
#pragma once

#include <atomic>
#include <cstdint>

namespace hyrax::shmem {

// Sleeps while *word == expected, at most timeout_ms milliseconds (< 0: no limit).
// Returns false on timeout; spurious wake-ups return true, so callers re-check in a loop.
bool FutexWait(std::atomic<uint32_t>* word, uint32_t expected, int timeout_ms = -1);
// Wakes up to `count` processes sleeping on `word`.
void FutexWake(std::atomic<uint32_t>* word, int count);

}  // namespace hyrax::shmem
