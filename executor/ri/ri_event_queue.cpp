// Queuing foreign key events and checking referencing rows (see ri_event_queue.h); the
// actions on referenced rows are in ri_actions.cpp.
#include "executor/ri/ri_event_queue.h"

#include "common/error.h"
#include "executor/exec/constraint_deferral.h"
#include "executor/exec/exec_state.h"
#include "executor/ri/ri_key_scan.h"
#include "executor/ri/ri_row_writer.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::ri {

namespace {

bool HasOutgoing(const catalog::RelationData& rel) {
  for (const auto& con : rel.constraints) {
    if (con.contype == 'f') return true;
  }
  return false;
}

// Whether an action of `con` writes the referencing table.
bool ActionWrites(const catalog::PgConstraint& con) {
  auto writes = [](char action) { return action == 'c' || action == 'n' || action == 'd'; };
  return writes(con.confupdtype) || writes(con.confdeltype);
}

}  // namespace

RiEventQueue::RiEventQueue(ExecState* estate) : estate_(estate) {}
RiEventQueue::~RiEventQueue() = default;

const std::vector<RiConstraintPtr>& RiEventQueue::Outgoing(const catalog::RelationData& rel) {
  Lists& lists = lists_[rel.oid];
  if (lists.outgoing_loaded) return lists.outgoing;
  lists.outgoing_loaded = true;
  for (const auto& con : rel.constraints) {
    if (con.contype != 'f') continue;
    // PostgreSQL's check reads the referenced row FOR KEY SHARE: RowShareLock.
    storage::LockRelationOid(con.confrelid, storage::LockMode::kRowShare);
    auto& loaded = constraints_[con.oid];
    if (!loaded) loaded = LoadRiConstraint(con);
    lists.outgoing.push_back(loaded);
  }
  return lists.outgoing;
}

const std::vector<RiConstraintPtr>& RiEventQueue::Incoming(const catalog::RelationData& rel) {
  Lists& lists = lists_[rel.oid];
  if (lists.incoming_loaded) return lists.incoming;
  lists.incoming_loaded = true;
  for (const auto& con : rel.referenced_by) {
    storage::LockRelationOid(con.conrelid, ActionWrites(con) ? storage::LockMode::kRowExclusive
                                                             : storage::LockMode::kRowShare);
    auto& loaded = constraints_[con.oid];
    if (!loaded) loaded = LoadRiConstraint(con);
    lists.incoming.push_back(loaded);
  }
  return lists.incoming;
}

RiKey RiEventQueue::CopyKey(const RiKey& key, const catalog::RelationData& rel,
                            const std::vector<int>& cols) {
  RiKey copy = key;
  for (size_t i = 0; i < cols.size() && i < key.values.size(); ++i) {
    if (key.nulls[i]) continue;
    const auto& attr = rel.desc->attr(cols[i]);
    copy.values[i] = DatumCopy(key.values[i], attr.byval, attr.len, &memory_);
  }
  return copy;
}

void RiEventQueue::Push(RiEvent event) {
  const RiConstraint& ri = *event.ri;
  if (event.kind == RiEventKind::kCheckReferencing) {
    event.new_key = CopyKey(event.new_key, *ri.fk_rel, ri.fk_cols);
  } else {
    event.old_key = CopyKey(event.old_key, *ri.pk_rel, ri.pk_cols);
    event.new_key = CopyKey(event.new_key, *ri.pk_rel, ri.pk_cols);
  }
  events_.push_back(std::move(event));
}

RiEventQueue::Scans& RiEventQueue::ScansOf(const RiConstraint& ri) {
  Scans& scans = scans_[ri.con.oid];
  if (scans.referencing) return scans;
  std::vector<RiColumnMatch> by_fk_key, by_pk_key, referencing;
  for (int i = 0; i < ri.nkeys(); ++i) {
    Oid pk_type = ri.pk_rel->desc->attr(ri.pk_cols[i]).type_oid;
    Oid fk_type = ri.fk_rel->desc->attr(ri.fk_cols[i]).type_oid;
    by_fk_key.push_back({ri.pk_cols[i], fk_type, &ri.pf_eq[i], ri.collations[i], false});
    by_pk_key.push_back({ri.pk_cols[i], pk_type, &ri.pp_eq[i], ri.collations[i], false});
    referencing.push_back({ri.fk_cols[i], pk_type, &ri.pf_eq[i], ri.collations[i], true});
  }
  scans.referenced = std::make_unique<RiKeyScan>(ri.pk_rel, by_fk_key, ri.con.conindid);
  scans.referenced_self = std::make_unique<RiKeyScan>(ri.pk_rel, by_pk_key, ri.con.conindid);
  scans.referencing = std::make_unique<RiKeyScan>(ri.fk_rel, referencing, kInvalidOid);
  return scans;
}

RiRowWriter& RiEventQueue::WriterFor(const catalog::RelationPtr& rel) {
  auto& writer = writers_[rel->oid];
  if (!writer) writer = std::make_unique<RiRowWriter>(rel, estate_);
  return *writer;
}

void RiEventQueue::NextCommand() {
  storage::CommandCounterIncrement();
  estate_->output_cid = storage::GetCurrentCommandId(true);
}

namespace {

// Whether PostgreSQL would queue `event` until commit: the check of a referencing row, or a
// NO ACTION check of a referenced key, of a constraint that is deferred now.
bool WouldBeDeferred(const RiEvent& event) {
  const catalog::PgConstraint& con = event.ri->con;
  if (!con.condeferrable || !ConstraintIsDeferred(con.oid, con.condeferred)) return false;
  if (event.kind == RiEventKind::kCheckReferencing) return true;
  char action = event.kind == RiEventKind::kReferencedUpdated ? con.confupdtype : con.confdeltype;
  return action == 'a';
}

}  // namespace

void RiEventQueue::Fire() {
  MemoryContext event_memory("RiEvent");
  while (!events_.empty()) {
    RiEvent event = std::move(events_.front());
    events_.pop_front();
    if (WouldBeDeferred(event)) {
      // TODO(#5): keep these events until SET CONSTRAINTS IMMEDIATE or COMMIT.
      throw MakeError(errcode::kFeatureNotSupported,
                      "deferred foreign key constraint \"{}\" is not supported yet",
                      event.ri->name());
    }
    {
      MemoryContextScope scope(&event_memory);
      if (event.kind == RiEventKind::kCheckReferencing) {
        CheckReferencing(event);
      } else {
        ReferencedKeyGone(event);
      }
    }
    event_memory.Reset();
  }
  memory_.Reset();
}

void RiEventQueue::CheckReferencing(const RiEvent& event) {
  const RiConstraint& ri = *event.ri;
  // A row deleted or changed again later in the statement needs no check (PostgreSQL's
  // RI_FKey_check tests the row against SnapshotSelf first).
  storage::SnapshotData self;
  self.kind = storage::SnapshotKind::kSelf;
  storage::HeapTuple row;
  if (!storage::HeapFetch(ri.fk_rel->heap, &self, event.tid, &row)) return;
  const RiKey& key = event.new_key;
  if (key.AnyNull()) ri.ReportMissingKey(key, /*mixed_nulls=*/true);  // MATCH FULL only
  if (ScansOf(ri).referenced->FindLive(key, RiInsertersPolicy::kIgnore, 1).empty()) {
    ri.ReportMissingKey(key, /*mixed_nulls=*/false);
  }
}

RiRowEvents::RiRowEvents(const catalog::RelationData& rel, ExecState* estate) {
  if (!HasOutgoing(rel) && rel.referenced_by.empty()) return;
  queue_ = &StatementRiQueue(estate);
  outgoing_ = queue_->Outgoing(rel);
  incoming_ = queue_->Incoming(rel);
}

void RiRowEvents::QueueCheck(const RiConstraintPtr& ri, TupleSlot& row,
                             storage::ItemPointerData tid) {
  RiKey key = ri->FkKeyOf(row.values(), row.nulls());
  // MATCH SIMPLE: a NULL anywhere means no check; MATCH FULL: only all NULLs do (a partly
  // NULL key fails when the event runs).
  if (ri->con.confmatchtype == 'f' ? key.AllNull() : key.AnyNull()) return;
  RiEvent event;
  event.kind = RiEventKind::kCheckReferencing;
  event.ri = ri;
  event.tid = tid;
  event.new_key = std::move(key);
  queue_->Push(std::move(event));
}

void RiRowEvents::RowInserted(TupleSlot& row, storage::ItemPointerData tid) {
  if (outgoing_.empty()) return;
  row.GetAllAttrs();
  for (const auto& ri : outgoing_) QueueCheck(ri, row, tid);
}

void RiRowEvents::RowUpdated(TupleSlot& old_row, TupleSlot& new_row,
                             storage::ItemPointerData new_tid) {
  old_row.GetAllAttrs();
  new_row.GetAllAttrs();
  for (const auto& ri : outgoing_) {
    // Only a changed key needs a check (PostgreSQL's RI_FKey_fk_upd_check_required).
    if (ri->FkKeysEqual(ri->FkKeyOf(old_row.values(), old_row.nulls()),
                        ri->FkKeyOf(new_row.values(), new_row.nulls()))) {
      continue;
    }
    QueueCheck(ri, new_row, new_tid);
  }
  for (const auto& ri : incoming_) {
    RiKey old_key = ri->PkKeyOf(old_row.values(), old_row.nulls());
    RiKey new_key = ri->PkKeyOf(new_row.values(), new_row.nulls());
    // A key with a NULL was never referenced; an unchanged one still is (PostgreSQL's
    // RI_FKey_pk_upd_check_required).
    if (old_key.AnyNull() || ri->PkKeysIdentical(old_key, new_key)) continue;
    RiEvent event;
    event.kind = RiEventKind::kReferencedUpdated;
    event.ri = ri;
    event.old_key = std::move(old_key);
    event.new_key = std::move(new_key);
    queue_->Push(std::move(event));
  }
}

void RiRowEvents::RowDeleted(TupleSlot& old_row) {
  if (incoming_.empty()) return;
  old_row.GetAllAttrs();
  for (const auto& ri : incoming_) {
    RiKey old_key = ri->PkKeyOf(old_row.values(), old_row.nulls());
    if (old_key.AnyNull()) continue;
    RiEvent event;
    event.kind = RiEventKind::kReferencedDeleted;
    event.ri = ri;
    event.old_key = std::move(old_key);
    queue_->Push(std::move(event));
  }
}

RiEventQueue& StatementRiQueue(ExecState* estate) {
  if (!estate->ri_queue) estate->ri_queue = std::make_unique<RiEventQueue>(estate);
  return *estate->ri_queue;
}

}  // namespace hyrax::executor::ri
