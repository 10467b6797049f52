// Per-query executor state shared by every operator of one execution (PostgreSQL's EState):
// the statement, the opened range-table relations, snapshot and command id, parameters,
// init/sub-plan operators, the processed-row count and the query-lifetime memory context.
// Created by ExecutorStart, destroyed by ExecutorEnd. See executor/README.md.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "common/memory_context.h"
#include "executor/exec/params.h"
#include "nodes/plannodes.h"
#include "storage/catalog/relcache.h"
#include "storage/heap/heap_tuple.h"
#include "storage/txn/snapshot.h"

namespace hyrax::executor {

class Operator;
class SubPlanState;
struct CteState;
namespace ri {
class RiEventQueue;
}

// A row version that a deferrable unique index let in although an equal key was there: its
// uniqueness is re-checked at the end of the statement or, while its constraint is deferred,
// at commit (executor/exec/constraint_deferral.h).
struct UniqueRecheck {
  Oid heap_relid = kInvalidOid;
  Oid index_relid = kInvalidOid;
  storage::ItemPointerData tid;
};

struct ExecState {
  ExecState();
  ~ExecState();
  ExecState(const ExecState&) = delete;
  ExecState& operator=(const ExecState&) = delete;

  // The range table entry / opened relation for a 1-based RT index.
  const nodes::RangeTblEntry& rte(nodes::Index rti) const;
  // Opens (and caches) the relation of a relation RTE. Requires: ExecutorStart locked it.
  const catalog::RelationData& relation(nodes::Index rti);

  nodes::PlannedStmtPtr stmt;
  const std::vector<nodes::RangeTblEntry>* range_table = nullptr;
  std::vector<catalog::RelationPtr> relations;  // by rti - 1; null until opened

  storage::Snapshot snapshot = nullptr;
  storage::Snapshot crosscheck_snapshot = nullptr;  // REPEATABLE READ writers
  CommandId output_cid = kFirstCommandId;           // cid stamped on inserted/deleted rows

  const ParamListInfo* params = nullptr;  // $n, may be null
  std::vector<ParamExecData> param_exec;  // PARAM_EXEC slots
  // While operators below a Materialize are built, the PARAM_EXEC slots their expressions
  // read are added to each of these lists (executor/exec/operator_factory.cpp).
  std::vector<std::vector<int>*> param_use_collectors;
  void NoteParamUse(int paramid) {
    for (auto* ids : param_use_collectors) ids->push_back(paramid);
  }

  // Operators of PlannedStmt::subplans by plan_id - 1 (used by SubPlan expressions).
  std::vector<std::unique_ptr<Operator>> subplan_operators;
  // SubPlan expression states created while compiling expressions (owned here so that
  // PARAM_EXEC slots can point at init plans).
  std::vector<std::unique_ptr<SubPlanState>> subplan_states;
  // Materialised WITH queries by plan id, shared by their CTE Scans
  // (executor/operators/cte_scan.h).
  std::map<int, std::shared_ptr<CteState>> cte_states;

  // Foreign key events of the statement, run by ExecutorFinish (executor/ri/); null until a
  // table with foreign keys is written.
  std::unique_ptr<ri::RiEventQueue> ri_queue;
  // Possible duplicates let in by deferrable unique indexes, handled by ExecutorFinish.
  std::vector<UniqueRecheck> unique_rechecks;

  int instrument_options = 0;
  uint64_t processed = 0;  // rows inserted/updated/deleted/returned, for the command tag
  MemoryContext query_memory{"ExecutorState"};
};

}  // namespace hyrax::executor
