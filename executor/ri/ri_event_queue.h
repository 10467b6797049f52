// Foreign key enforcement as PostgreSQL's RI triggers do it, without triggers: every writer
// of a table (ModifyTable, COPY FROM, the referential actions themselves) reports each row
// it inserts, updates or deletes through RiRowEvents; the events that concern a foreign key
// are queued in the statement's RiEventQueue and run at the end of the statement
// (ExecutorFinish, PostgreSQL's AfterTriggerEndQuery), so rows inserted later in the same
// statement count, as in PostgreSQL. executor/ri/README.md describes the events, the
// actions and the concurrency argument.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "common/memory_context.h"
#include "executor/exec/tuple_slot.h"
#include "executor/ri/ri_constraint.h"

namespace hyrax::executor {
struct ExecState;
}

namespace hyrax::executor::ri {

class RiKeyScan;
class RiRowWriter;

enum class RiEventKind : uint8_t {
  kCheckReferencing,   // a referencing row was inserted or its key changed: is its key there?
  kReferencedDeleted,  // a referenced row was deleted: ON DELETE action
  kReferencedUpdated,  // a referenced row's key changed: ON UPDATE action
};

struct RiEvent {
  RiEventKind kind = RiEventKind::kCheckReferencing;
  RiConstraintPtr ri;
  storage::ItemPointerData tid;  // kCheckReferencing: the new row version
  RiKey old_key;                 // referenced events: the key that went away
  RiKey new_key;                 // kCheckReferencing: the row's key; kReferencedUpdated: new key
};

// The statement's queue (one per ExecState, created on first use).
class RiEventQueue {
 public:
  explicit RiEventQueue(ExecState* estate);
  ~RiEventQueue();

  // The foreign keys of `relid` (outgoing) and those referencing it (incoming), prepared
  // once per statement; locks the other table of each (RowShareLock, RowExclusiveLock when
  // an action may write it).
  const std::vector<RiConstraintPtr>& Outgoing(const catalog::RelationData& rel);
  const std::vector<RiConstraintPtr>& Incoming(const catalog::RelationData& rel);

  // Queues `event`, copying its key values into the queue's memory.
  void Push(RiEvent event);
  // Runs the queued events, and those their actions queue, in order. Throws 23503 for a
  // violation, and what the actions' writes throw (23502, 23514, 23505, 40001 ...).
  void Fire();

 private:
  struct Lists {
    std::vector<RiConstraintPtr> outgoing, incoming;
    bool outgoing_loaded = false, incoming_loaded = false;
  };
  struct Scans {
    std::unique_ptr<RiKeyScan> referenced;       // referenced table, by a referencing key
    std::unique_ptr<RiKeyScan> referenced_self;  // referenced table, by a referenced key
    std::unique_ptr<RiKeyScan> referencing;      // referencing table, by a referenced key
  };
  RiKey CopyKey(const RiKey& key, const catalog::RelationData& rel, const std::vector<int>& cols);
  Scans& ScansOf(const RiConstraint& ri);
  RiRowWriter& WriterFor(const catalog::RelationPtr& rel);
  void CheckReferencing(const RiEvent& event);
  void ReferencedKeyGone(const RiEvent& event);
  // Starts a new command so the action's writes see (and may change) earlier ones.
  void NextCommand();

  ExecState* estate_;
  std::map<Oid, Lists> lists_;                           // by relation
  std::map<Oid, RiConstraintPtr> constraints_;           // by constraint oid
  std::map<Oid, Scans> scans_;                           // by constraint oid
  std::map<Oid, std::unique_ptr<RiRowWriter>> writers_;  // by relation
  std::deque<RiEvent> events_;
  MemoryContext memory_{"RiEventQueue"};
};

// What one writer of one table reports (PostgreSQL's RI trigger queuing for that table).
class RiRowEvents {
 public:
  RiRowEvents(const catalog::RelationData& rel, ExecState* estate);

  // Whether any foreign key involves the table (no calls are needed otherwise).
  bool active() const { return !outgoing_.empty() || !incoming_.empty(); }
  bool has_incoming() const { return !incoming_.empty(); }
  // `row` holds every column of the row version stored at `tid`.
  void RowInserted(TupleSlot& row, storage::ItemPointerData tid);
  void RowUpdated(TupleSlot& old_row, TupleSlot& new_row, storage::ItemPointerData new_tid);
  void RowDeleted(TupleSlot& old_row);

 private:
  void QueueCheck(const RiConstraintPtr& ri, TupleSlot& row, storage::ItemPointerData tid);

  RiEventQueue* queue_ = nullptr;
  std::vector<RiConstraintPtr> outgoing_, incoming_;
};

// The statement's queue, created on first use.
RiEventQueue& StatementRiQueue(ExecState* estate);

}  // namespace hyrax::executor::ri
