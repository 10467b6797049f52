// The executor driver (see executor.h).
#include "executor/exec/executor.h"

#include "common/assert.h"
#include "common/error.h"
#include "executor/exec/constraint_deferral.h"
#include "executor/exec/operator_factory.h"
#include "executor/operators/cte_scan.h"
#include "executor/ri/ri_event_queue.h"
#include "storage/catalog/relcache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::executor {

namespace {

const nodes::TargetList& OutputTargetList(const nodes::PlannedStmt& stmt) {
  static const nodes::TargetList kEmpty;
  const nodes::Plan& top = *stmt.planTree;
  if (top.tag == nodes::PlanTag::kModifyTable) {
    const auto& mt = nodes::PlanAs<nodes::ModifyTable>(top);
    return mt.returningLists.empty() ? kEmpty : mt.returningLists[0];
  }
  return top.targetlist;
}

// PostgreSQL's ExecCheckXactReadOnly: in a read-only transaction a plan may not write to a
// table other than a temporary one (25006), whether or not it would change a row.
void CheckXactReadOnly(const nodes::PlannedStmt& stmt) {
  for (const auto& rte : stmt.rtable) {
    if (rte.rtekind != nodes::RteKind::kRelation) continue;
    if ((rte.requiredPerms & ~static_cast<uint32_t>(nodes::kAclSelect)) == 0) continue;
    auto rel = catalog::RelationIdGetRelation(rte.relid);
    if (rel && rel->rel.relpersistence == 't') continue;
    const char* command = stmt.commandType == nodes::CmdType::kInsert   ? "INSERT"
                          : stmt.commandType == nodes::CmdType::kUpdate ? "UPDATE"
                          : stmt.commandType == nodes::CmdType::kDelete ? "DELETE"
                                                                        : "SELECT";
    storage::PreventCommandIfReadOnly(command);
  }
}

}  // namespace

ResultDesc ResultDescForPlan(const nodes::PlannedStmt& stmt, const storage::TupleDescPtr& desc) {
  ResultDesc out;
  const nodes::TargetList& tlist = OutputTargetList(stmt);
  std::vector<storage::AttributeDesc> attrs;
  int col = 0;
  for (const auto& tle : tlist) {
    if (!tle.resjunk) {
      ResultColumn c;
      c.name = tle.resname;
      c.table_oid = tle.resorigtbl;
      c.attnum = tle.resorigcol;
      c.type_oid = tle.expr->result_type;
      c.typmod = tle.expr->result_typmod;
      c.typlen = desc && col < desc->natts() ? desc->attr(col).len : 0;
      out.columns.push_back(c);
      if (desc && col < desc->natts()) attrs.push_back(desc->attr(col));
    }
    ++col;
  }
  out.tupdesc = std::make_shared<storage::TupleDesc>(std::move(attrs));
  return out;
}

void ExecutorStart(QueryDesc* query, int eflags) {
  HYRAX_CHECK(query->plannedstmt && query->plannedstmt->planTree, "no plan to execute");
  const nodes::PlannedStmt& stmt = *query->plannedstmt;
  if (storage::TransactionReadOnly() && !(eflags & kExecFlagExplainOnly)) {
    CheckXactReadOnly(stmt);
  }
  auto estate = std::make_unique<ExecState>();
  estate->stmt = query->plannedstmt;
  estate->range_table = &stmt.rtable;
  estate->params = query->params;
  estate->instrument_options = query->instrument_options;
  // Lock the relations the plan reads or writes (already held when the analyzer locked them;
  // a cached plan relies on this).
  for (const auto& rte : stmt.rtable) {
    if (rte.rtekind == nodes::RteKind::kRelation && rte.rellockmode != 0) {
      storage::LockRelationOid(rte.relid, static_cast<storage::LockMode>(rte.rellockmode));
    }
  }
  bool modifies = stmt.commandType != nodes::CmdType::kSelect || stmt.hasModifyingCTE;
  if (!(eflags & kExecFlagExplainOnly)) {
    estate->snapshot =
        query->snapshot != nullptr ? query->snapshot : storage::GetTransactionSnapshot();
    estate->output_cid = storage::GetCurrentCommandId(modifies);
  }
  estate->param_exec.resize(stmt.paramExecTypes.size());
  // Sub-plans first: SubPlan expressions in the main tree refer to their operators.
  for (const auto& sub : stmt.subplans)
    estate->subplan_operators.push_back(ExecInitNode(sub, estate.get()));
  query->planstate = ExecInitNode(stmt.planTree, estate.get());
  query->result_desc = ResultDescForPlan(stmt, query->planstate->result_desc());
  query->estate = std::move(estate);
  if (!(eflags & kExecFlagExplainOnly)) {
    for (auto& sub : query->estate->subplan_operators) sub->Open();
    query->planstate->Open();
  }
}

uint64_t ExecutorRun(QueryDesc* query, uint64_t count) {
  HYRAX_CHECK(query->planstate != nullptr, "ExecutorStart was not called");
  const nodes::PlannedStmt& stmt = *query->plannedstmt;
  DestReceiver* dest = query->dest;
  NullDestReceiver discard;
  if (dest == nullptr) dest = &discard;
  dest->Startup(stmt.commandType, query->result_desc);
  // Junk columns (sort keys, ctid) are dropped before rows reach the receiver.
  const storage::TupleDesc& full = *query->planstate->result_desc();
  std::vector<int> keep;
  const nodes::TargetList& tlist = OutputTargetList(stmt);
  for (size_t i = 0; i < tlist.size(); ++i) {
    if (!tlist[i].resjunk) keep.push_back(static_cast<int>(i));
  }
  bool has_junk = static_cast<int>(keep.size()) != full.natts();
  TupleSlot clean(query->result_desc.tupdesc);
  uint64_t sent = 0;
  bool is_select = stmt.commandType == nodes::CmdType::kSelect;
  while (count == 0 || sent < count) {
    TupleSlot* slot = query->planstate->Next();
    if (slot == nullptr) {
      query->finished = true;
      break;
    }
    TupleSlot* out = slot;
    if (has_junk) {
      slot->GetAllAttrs();
      clean.Clear();
      for (size_t i = 0; i < keep.size(); ++i) {
        clean.values()[i] = slot->values()[keep[i]];
        clean.nulls()[i] = slot->nulls()[keep[i]];
      }
      clean.StoreVirtual();
      out = &clean;
    }
    ++sent;
    if (is_select && stmt.canSetTag) query->estate->processed++;
    if (!dest->Receive(out)) break;
  }
  dest->Shutdown();
  return sent;
}

void ExecutorFinish(QueryDesc* query) {
  // Data-modifying WITH queries run to completion even when not read to the end
  // (PostgreSQL's ExecPostprocessPlan).
  if (query->estate && query->plannedstmt->hasModifyingCTE) {
    const auto& subplans = query->plannedstmt->subplans;
    for (size_t i = 0; i < subplans.size(); ++i) {
      if (subplans[i]->tag == nodes::PlanTag::kModifyTable) {
        GetCteState(query->estate.get(), static_cast<int>(i + 1))->RunToCompletion();
      }
    }
  }
  // Foreign key checks and actions run once the statement's rows are all written
  // (PostgreSQL's AfterTriggerEndQuery).
  if (query->estate && query->estate->ri_queue) query->estate->ri_queue->Fire();
  // Then the rows deferrable unique indexes let in (PostgreSQL queues unique_key_recheck
  // as an after trigger too).
  if (query->estate) ProcessUniqueRechecks(query->estate.get());
  if (query->planstate) query->planstate->EndLoops();
  if (query->estate) {
    for (auto& sub : query->estate->subplan_operators) sub->EndLoops();
  }
}

void ExecutorEnd(QueryDesc* query) {
  if (query->planstate) query->planstate->Close();
  if (query->estate) {
    for (auto& sub : query->estate->subplan_operators) sub->Close();
  }
  query->planstate.reset();
  query->estate.reset();
}

}  // namespace hyrax::executor
