// Reading and writing the pg_stat_activity fields of proc slots (see proc_activity.h).
#include "storage/txn/proc_activity.h"

#include <algorithm>
#include <cstring>

#include "storage/txn/txn_internal.h"
#include "storage/txn/xact.h"

namespace hyrax::storage {

namespace {

void CopyFields(const ProcSlot& slot, ProcActivity* out) {
  out->backend_type = slot.backend_type;
  out->database_oid = slot.database_oid;
  out->role_oid = slot.role_oid;
  out->state = static_cast<BackendState>(slot.state.load(std::memory_order_relaxed));
  out->backend_start = slot.backend_start;
  out->xact_start = slot.xact_start;
  out->query_start = slot.query_start;
  out->state_change = slot.state_change;
  out->xid = slot.xid.load(std::memory_order_relaxed);
  out->xmin = slot.xmin.load(std::memory_order_relaxed);
  std::memcpy(out->wait_event_type, slot.wait_event_type, sizeof(out->wait_event_type));
  std::memcpy(out->wait_event, slot.wait_event, sizeof(out->wait_event));
  std::memcpy(out->application_name, slot.application_name, sizeof(out->application_name));
  std::memcpy(out->client_addr, slot.client_addr, sizeof(out->client_addr));
  out->client_port = slot.client_port;
  std::memcpy(out->query, slot.query, sizeof(out->query));
  // A copy torn by an owner that ignored the protocol must still be a C string.
  out->wait_event_type[sizeof(out->wait_event_type) - 1] = '\0';
  out->wait_event[sizeof(out->wait_event) - 1] = '\0';
  out->application_name[sizeof(out->application_name) - 1] = '\0';
  out->client_addr[sizeof(out->client_addr) - 1] = '\0';
  out->query[sizeof(out->query) - 1] = '\0';
}

}  // namespace

bool ReadProcActivity(const ProcSlot& slot, ProcActivity* out) {
  for (;;) {
    uint32_t before = slot.activity_changecount.load(std::memory_order_acquire);
    out->pid = slot.pid.load(std::memory_order_acquire);
    if (out->pid == 0) return false;
    CopyFields(slot, out);
    std::atomic_thread_fence(std::memory_order_acquire);
    uint32_t after = slot.activity_changecount.load(std::memory_order_relaxed);
    if (before == after && (before & 1) == 0) return true;
  }
}

void ReportBackendState(BackendState state, std::string_view query) {
  ProcSlot* slot = ProcArray::MyProc();
  if (slot == nullptr) return;
  // An active state starts a statement: its start time is the statement's (and the
  // transaction's, when the statement starts one), so query_start and xact_start agree as
  // in PostgreSQL; other states cost one clock read for state_change.
  if (state == BackendState::kActive) SetCurrentStatementStartTimestamp();
  int64_t now = state == BackendState::kActive ? GetCurrentStatementStartTimestamp()
                                               : txn_internal::NowTimestampTz();
  ActivityWriteScope write(slot);
  slot->state.store(static_cast<uint8_t>(state), std::memory_order_relaxed);
  slot->state_change = now;
  if (state == BackendState::kActive) {
    slot->query_start = now;
    CopyActivityField(slot->query, sizeof(slot->query), query);
    slot->wait_event_type[0] = slot->wait_event[0] = '\0';
  } else {
    // Not running a statement: waiting for the client's next message (PostgreSQL reports
    // the ClientRead wait around its socket read; the idle states bracket the same wait).
    CopyActivityField(slot->wait_event_type, sizeof(slot->wait_event_type), "Client");
    CopyActivityField(slot->wait_event, sizeof(slot->wait_event), "ClientRead");
  }
}

void ReportApplicationName(std::string_view name) {
  ProcSlot* slot = ProcArray::MyProc();
  if (slot == nullptr) return;
  ActivityWriteScope write(slot);
  CopyActivityField(slot->application_name, sizeof(slot->application_name), name);
}

void CopyActivityField(char* dst, size_t size, std::string_view src) {
  size_t n = std::min(size - 1, src.size());
  // Cut at a character boundary (UTF-8 continuation bytes are 10xxxxxx), as pg_mbcliplen.
  if (n < src.size()) {
    while (n > 0 && (static_cast<unsigned char>(src[n]) & 0xC0) == 0x80) --n;
  }
  std::memcpy(dst, src.data(), n);
  dst[n] = '\0';
}

}  // namespace hyrax::storage
