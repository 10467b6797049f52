// The proc array (see storage/txn/proc_array.h, README.md "Proc array and snapshots"):
// client slots first, then auxiliary slots, guarded by ProcArrayLock. Snapshots follow
// PostgreSQL's GetSnapshotData: xmax = latestCompletedXid + 1, so an xid assigned but not
// yet completed is either in some slot or >= xmax.
#include "storage/txn/proc_array.h"

#include <algorithm>
#include <cstring>
#include <random>
#include <unistd.h>

#include "common/shmem/lwlock.h"
#include "common/shmem/shmem.h"
#include "storage/txn/clog.h"
#include "storage/txn/proc_activity.h"
#include "storage/txn/subtrans.h"
#include "storage/txn/txn_internal.h"

namespace hyrax::storage {

int ProcArray::g_max_connections = 100;
int ProcArray::g_superuser_reserved_connections = 3;

namespace {

// Checkpointer, startup, WAL writer, background writer, autovacuum launcher and workers.
constexpr int kNumAuxSlots = 10;

struct ProcArrayShared {
  LWLock lock;  // ProcArrayLock: slot claims, xid/subxid publication, latest_completed_xid
  int num_slots;
  int num_client_slots;
  int reserved_slots;
  TransactionId latest_completed_xid;  // protected by lock
  ProcSlot* slots;                     // num_slots entries, right after this header
};

constexpr size_t kHeaderSize = (sizeof(ProcArrayShared) + 63) & ~size_t{63};

ProcArrayShared* g_shared = nullptr;
ProcSlot* g_my_proc = nullptr;

size_t SharedSize(int num_slots) {
  return kHeaderSize + sizeof(ProcSlot) * static_cast<size_t>(num_slots);
}

void ResetSlot(ProcSlot* slot, BackendType type) {
  slot->cancel_key = static_cast<int32_t>(std::random_device{}());
  slot->backend_type = type;
  slot->database_oid = kInvalidOid;
  slot->role_oid = kInvalidOid;
  slot->xid.store(kInvalidTransactionId);
  slot->xmin.store(kInvalidTransactionId);
  slot->num_subxids = 0;
  slot->subxids_overflowed = false;
  slot->sem.Reset();
  slot->wait_lock = nullptr;
  slot->wait_mode = 0;
  slot->wait_status = 0;
  ActivityWriteScope write(slot);
  slot->state.store(static_cast<uint8_t>(BackendState::kStarting));
  slot->backend_start = txn_internal::NowTimestampTz();
  slot->xact_start = slot->query_start = slot->state_change = 0;
  slot->wait_event_type[0] = slot->wait_event[0] = '\0';
  slot->application_name[0] = slot->user_name[0] = slot->database_name[0] = '\0';
  slot->client_addr[0] = '\0';
  slot->client_port = 0;
  slot->query[0] = '\0';
}

// Requires: ProcArrayLock held exclusively.
void AdvanceLatestCompleted(TransactionId latest_xid) {
  if (TransactionIdIsNormal(latest_xid) &&
      TransactionIdPrecedes(g_shared->latest_completed_xid, latest_xid)) {
    g_shared->latest_completed_xid = latest_xid;
  }
}

// Scans the slots for `xid` as a top-level xid or a cached subxid. Sets *overflowed when
// some slot's subxid cache is incomplete. Requires: ProcArrayLock held.
bool FindRunningXid(TransactionId xid, bool* overflowed) {
  for (int i = 0; i < g_shared->num_slots; ++i) {
    const ProcSlot& slot = g_shared->slots[i];
    if (slot.pid.load(std::memory_order_relaxed) == 0) continue;
    TransactionId slot_xid = slot.xid.load(std::memory_order_relaxed);
    if (!TransactionIdIsValid(slot_xid)) continue;
    if (slot_xid == xid) return true;
    for (int k = 0; k < slot.num_subxids; ++k) {
      if (slot.subxids[k] == xid) return true;
    }
    if (slot.subxids_overflowed) *overflowed = true;
  }
  return false;
}

}  // namespace

int ProcArray::NumSlots() {
  return g_max_connections + kNumAuxSlots;
}

size_t ProcArray::ShmemSize() {
  return SharedSize(NumSlots());
}

void ProcArray::ShmemInit() {
  bool found = false;
  void* area = shmem::InitStruct("proc array", ShmemSize(), &found);
  g_shared = static_cast<ProcArrayShared*>(area);
  g_my_proc = nullptr;
  if (found) return;
  new (g_shared) ProcArrayShared();
  g_shared->slots = reinterpret_cast<ProcSlot*>(static_cast<char*>(area) + kHeaderSize);
  g_shared->num_slots = NumSlots();
  g_shared->num_client_slots = g_max_connections;
  g_shared->reserved_slots = std::min(g_superuser_reserved_connections, g_max_connections);
  g_shared->latest_completed_xid = kFrozenTransactionId;  // next xid starts at 3
  for (int i = 0; i < g_shared->num_slots; ++i) {
    new (&g_shared->slots[i]) ProcSlot();
    g_shared->slots[i].slot_index = i;
  }
}

ProcSlot* ProcArray::ClaimSlot(BackendType type, bool is_superuser) {
  LWLockGuard guard(g_shared->lock, LWLockMode::kExclusive);
  int begin = 0;
  int end = g_shared->num_client_slots;
  if (type == BackendType::kClientBackend) {
    int used = 0;
    for (int i = begin; i < end; ++i) used += g_shared->slots[i].pid.load() != 0 ? 1 : 0;
    if (used >= g_shared->num_client_slots) return nullptr;
    if (!is_superuser && used >= g_shared->num_client_slots - g_shared->reserved_slots) {
      return nullptr;
    }
  } else {
    begin = g_shared->num_client_slots;
    end = g_shared->num_slots;
  }
  for (int i = begin; i < end; ++i) {
    ProcSlot* slot = &g_shared->slots[i];
    if (slot->pid.load() != 0) continue;
    ResetSlot(slot, type);
    slot->pid.store(getpid());
    g_my_proc = slot;
    return slot;
  }
  return nullptr;
}

void ProcArray::ReleaseSlot() {
  if (g_my_proc == nullptr) return;
  LWLockGuard guard(g_shared->lock, LWLockMode::kExclusive);
  g_my_proc->xid.store(kInvalidTransactionId);
  g_my_proc->xmin.store(kInvalidTransactionId);
  g_my_proc->num_subxids = 0;
  g_my_proc->subxids_overflowed = false;
  g_my_proc->pid.store(0);
  g_my_proc = nullptr;
}

ProcSlot* ProcArray::MyProc() {
  return g_my_proc;
}

void ProcArray::GetSnapshotData(SnapshotData* snapshot) {
  snapshot->kind = SnapshotKind::kMvcc;
  snapshot->xip.clear();
  snapshot->subxip.clear();
  snapshot->suboverflowed = false;
  LWLockGuard guard(g_shared->lock, LWLockMode::kShared);
  const TransactionId xmax = TransactionIdAdvance(g_shared->latest_completed_xid);
  TransactionId xmin = xmax;
  // Our own xid is not listed (TransactionIdIsCurrentTransactionId covers it) but bounds xmin.
  if (g_my_proc != nullptr) {
    TransactionId my_xid = g_my_proc->xid.load(std::memory_order_relaxed);
    if (TransactionIdIsNormal(my_xid) && TransactionIdPrecedes(my_xid, xmin)) xmin = my_xid;
  }
  for (int i = 0; i < g_shared->num_slots; ++i) {
    const ProcSlot& slot = g_shared->slots[i];
    if (&slot == g_my_proc || slot.pid.load(std::memory_order_relaxed) == 0) continue;
    TransactionId xid = slot.xid.load(std::memory_order_relaxed);
    if (!TransactionIdIsNormal(xid) || !TransactionIdPrecedes(xid, xmax)) continue;
    if (TransactionIdPrecedes(xid, xmin)) xmin = xid;
    snapshot->xip.push_back(xid);
    if (slot.subxids_overflowed) snapshot->suboverflowed = true;
    snapshot->subxip.insert(snapshot->subxip.end(), slot.subxids, slot.subxids + slot.num_subxids);
  }
  // Set our xmin while still holding the lock, so a concurrent GetOldestXmin cannot compute
  // a horizon beyond this snapshot (PostgreSQL's GetSnapshotData does the same).
  if (g_my_proc != nullptr && !TransactionIdIsValid(g_my_proc->xmin.load())) {
    g_my_proc->xmin.store(xmin);
  }
  guard.Release();
  snapshot->xmin = xmin;
  snapshot->xmax = xmax;
  std::sort(snapshot->xip.begin(), snapshot->xip.end());
  std::sort(snapshot->subxip.begin(), snapshot->subxip.end());
}

bool ProcArray::IsInProgress(TransactionId xid) {
  if (!TransactionIdIsNormal(xid)) return false;
  bool overflowed = false;
  {
    LWLockGuard guard(g_shared->lock, LWLockMode::kShared);
    if (FindRunningXid(xid, &overflowed)) return true;
  }
  if (!overflowed) return false;
  // Some cache overflowed: `xid` may be a subtransaction of a running top-level transaction.
  // An aborted subxid may have a running parent, so clog decides first (as PostgreSQL).
  if (Clog::GetStatus(xid) == XidStatus::kAborted) return false;
  TransactionId top = SubTrans::GetTopmost(xid);
  if (top == xid) return false;
  LWLockGuard guard(g_shared->lock, LWLockMode::kShared);
  for (int i = 0; i < g_shared->num_slots; ++i) {
    const ProcSlot& slot = g_shared->slots[i];
    if (slot.pid.load(std::memory_order_relaxed) != 0 && slot.xid.load() == top) return true;
  }
  return false;
}

void ProcArray::EndTransaction() {
  ProcSlot* me = g_my_proc;
  if (me == nullptr) return;
  TransactionId latest = me->xid.load();
  {
    LWLockGuard guard(g_shared->lock, LWLockMode::kShared);
    for (int k = 0; k < me->num_subxids; ++k) {
      if (TransactionIdPrecedes(latest, me->subxids[k])) latest = me->subxids[k];
    }
  }
  txn_internal::ProcArrayEndTransaction(latest);
}

TransactionId ProcArray::GetOldestXmin() {
  LWLockGuard guard(g_shared->lock, LWLockMode::kShared);
  TransactionId result = TransactionIdAdvance(g_shared->latest_completed_xid);
  for (int i = 0; i < g_shared->num_slots; ++i) {
    const ProcSlot& slot = g_shared->slots[i];
    if (slot.pid.load(std::memory_order_relaxed) == 0) continue;
    for (TransactionId xid : {slot.xid.load(), slot.xmin.load()}) {
      if (TransactionIdIsNormal(xid) && TransactionIdPrecedes(xid, result)) result = xid;
    }
  }
  return result;
}

ProcSlot* ProcArray::FindByPid(int32_t pid) {
  if (pid == 0) return nullptr;
  LWLockGuard guard(g_shared->lock, LWLockMode::kShared);
  for (int i = 0; i < g_shared->num_slots; ++i) {
    if (g_shared->slots[i].pid.load() == pid) return &g_shared->slots[i];
  }
  return nullptr;
}

void ProcArray::ForEachSlot(const std::function<void(const ProcSlot&)>& fn) {
  for (int i = 0; i < g_shared->num_slots; ++i) {
    if (g_shared->slots[i].pid.load() != 0) fn(g_shared->slots[i]);
  }
}

int ProcArray::CountClientBackends() {
  int count = 0;
  for (int i = 0; i < g_shared->num_client_slots; ++i) {
    if (g_shared->slots[i].pid.load() != 0) ++count;
  }
  return count;
}

namespace txn_internal {

void ProcArrayAddSubxid(TransactionId subxid) {
  ProcSlot* me = g_my_proc;
  if (me == nullptr) return;
  LWLockGuard guard(g_shared->lock, LWLockMode::kExclusive);
  if (me->num_subxids < kMaxCachedSubxids) {
    me->subxids[me->num_subxids++] = subxid;
  } else {
    me->subxids_overflowed = true;
  }
}

void ProcArrayEndTransaction(TransactionId latest_xid) {
  ProcSlot* me = g_my_proc;
  if (me == nullptr) return;
  if (!TransactionIdIsValid(me->xid.load())) {
    // No xid: nobody's snapshot depends on us ending atomically (PostgreSQL skips the lock).
    me->xmin.store(kInvalidTransactionId);
    return;
  }
  LWLockGuard guard(g_shared->lock, LWLockMode::kExclusive);
  me->xid.store(kInvalidTransactionId);
  me->xmin.store(kInvalidTransactionId);
  me->num_subxids = 0;
  me->subxids_overflowed = false;
  AdvanceLatestCompleted(latest_xid);
}

void ProcArrayRemoveSubxids(const std::vector<TransactionId>& xids, TransactionId latest_xid) {
  ProcSlot* me = g_my_proc;
  if (me == nullptr) return;
  LWLockGuard guard(g_shared->lock, LWLockMode::kExclusive);
  for (TransactionId xid : xids) {
    for (int k = me->num_subxids - 1; k >= 0; --k) {
      if (me->subxids[k] == xid) {
        me->subxids[k] = me->subxids[--me->num_subxids];
        break;
      }
    }
  }
  AdvanceLatestCompleted(latest_xid);
}

void ProcArraySetNextXid(TransactionId next_xid) {
  LWLockGuard guard(g_shared->lock, LWLockMode::kExclusive);
  TransactionId latest = next_xid - 1;
  if (!TransactionIdIsNormal(latest)) latest = kFrozenTransactionId;
  g_shared->latest_completed_xid = latest;
}

}  // namespace txn_internal

}  // namespace hyrax::storage
