// Interrupt processing and the PANIC path (see common/interrupts.h).
#include "common/interrupts.h"

#include <cstdlib>
#include <exception>

#include "common/error.h"
#include "common/logging.h"

namespace hyrax {

volatile sig_atomic_t g_interrupt_pending = 0;
volatile sig_atomic_t g_query_cancel_pending = 0;
volatile sig_atomic_t g_statement_timeout_pending = 0;
volatile sig_atomic_t g_lock_timeout_pending = 0;
volatile sig_atomic_t g_proc_die_pending = 0;
int g_interrupt_holdoff_count = 0;
int g_critical_section_count = 0;

void ProcessInterrupts() {
  if (g_interrupt_holdoff_count > 0 || g_critical_section_count > 0) return;
  g_interrupt_pending = 0;
  if (g_proc_die_pending) {
    g_proc_die_pending = 0;
    g_query_cancel_pending = 0;
    throw Error(errcode::kAdminShutdown, "terminating connection due to administrator command",
                Severity::kFatal);
  }
  if (g_lock_timeout_pending) {
    g_lock_timeout_pending = 0;
    g_query_cancel_pending = 0;
    throw Error(errcode::kLockNotAvailable, "canceling statement due to lock timeout");
  }
  if (g_statement_timeout_pending) {
    g_statement_timeout_pending = 0;
    g_query_cancel_pending = 0;
    throw Error(errcode::kQueryCanceled, "canceling statement due to statement timeout");
  }
  if (g_query_cancel_pending) {
    g_query_cancel_pending = 0;
    throw Error(errcode::kQueryCanceled, "canceling statement due to user request");
  }
}

CriticalSection::CriticalSection() : uncaught_at_entry_(std::uncaught_exceptions()) {
  ++g_critical_section_count;
}

CriticalSection::~CriticalSection() {
  --g_critical_section_count;
  if (std::uncaught_exceptions() > uncaught_at_entry_) {
    Panic("error inside a critical section");
  }
}

void Panic(const char* message) {
  log::Emit(Severity::kPanic, message);
  log::Flush();
  std::abort();
}

}  // namespace hyrax
