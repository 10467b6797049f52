// Interrupt flags set by signal handlers (cancel, statement timeout, terminate) and checked
// at interrupt points in long loops, plus the critical-section guard for WAL-logged page
// changes. See docs/architecture.md "Interrupts and critical sections".
#pragma once

#include <csignal>

namespace hyrax {

// Set asynchronously by signal handlers; read by CheckForInterrupts().
extern volatile sig_atomic_t g_interrupt_pending;
extern volatile sig_atomic_t g_query_cancel_pending;
extern volatile sig_atomic_t g_statement_timeout_pending;
extern volatile sig_atomic_t g_lock_timeout_pending;
extern volatile sig_atomic_t g_proc_die_pending;
// Nesting depth of code that must not be interrupted (holdoff) or must not fail (critical).
extern int g_interrupt_holdoff_count;
extern int g_critical_section_count;

// Throws the pending interrupt as a hyrax::Error: 57014 for cancel and statement timeout,
// 55P03 for lock timeout, FATAL 57P01 for termination. Does nothing while held off.
void ProcessInterrupts();

// The interrupt point: cheap when nothing is pending.
inline void CheckForInterrupts() {
  if (g_interrupt_pending) ProcessInterrupts();
}

// Holds off interrupts for its lifetime (e.g. while sending a protocol message).
class InterruptHoldoff {
 public:
  InterruptHoldoff() { ++g_interrupt_holdoff_count; }
  ~InterruptHoldoff() { --g_interrupt_holdoff_count; }
  InterruptHoldoff(const InterruptHoldoff&) = delete;
  InterruptHoldoff& operator=(const InterruptHoldoff&) = delete;
};

// Marks a WAL-logged page change. Any exception that leaves the scope turns into a PANIC:
// the process aborts and the postmaster runs crash recovery, because a half-applied change
// to a shared page must never survive. Check free space and allocate before entering.
class CriticalSection {
 public:
  CriticalSection();
  ~CriticalSection();
  CriticalSection(const CriticalSection&) = delete;
  CriticalSection& operator=(const CriticalSection&) = delete;

 private:
  int uncaught_at_entry_;
};

// Logs `message` at PANIC and aborts the process (the postmaster then resets shared memory).
[[noreturn]] void Panic(const char* message);

}  // namespace hyrax
