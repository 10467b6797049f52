// Running SQL function bodies (see sql_function.h). Follows PostgreSQL's functions.c: the
// statements of a VOLATILE function each see the effects of the ones before (command counter
// incremented before each); STABLE and IMMUTABLE ones run on the caller's snapshot. The
// caller's snapshot keeps its command id across the call, so a statement scanning a table
// never sees rows the function it calls wrote (PostgreSQL gives each query its own copy).
#include "executor/functions/sql_function.h"

#include "common/error.h"
#include "executor/exec/dest_receiver.h"
#include "executor/exec/tuple_slot.h"
#include "executor/functions/body_statement.h"
#include "executor/functions/srf.h"
#include "storage/catalog/syscache.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::executor {

namespace {

constexpr Oid kVoidTypeOid = 2278;

SqlFunctionPlanner& Planner() {
  static SqlFunctionPlanner planner;
  return planner;
}

// What a call site keeps between calls.
struct SqlFunctionCache {
  catalog::PgProc proc;
  SqlFunctionPlan plan;
  int16_t typlen = -1;
  bool typbyval = false;
};

SqlFunctionCache& CacheFor(FunctionCallInfo* fcinfo) {
  FmgrInfo* flinfo = fcinfo->flinfo;
  if (flinfo->fn_owned) return *static_cast<SqlFunctionCache*>(flinfo->fn_owned.get());
  auto cache = std::make_shared<SqlFunctionCache>();
  auto proc = catalog::Syscache().ProcByOid(flinfo->fn_oid);
  if (!proc) {
    throw MakeError(errcode::kInternalError, "cache lookup failed for function {}", flinfo->fn_oid);
  }
  cache->proc = *proc;
  if (!Planner()) throw Error(errcode::kInternalError, "no SQL function planner installed");
  std::vector<Oid> argtypes = proc->proargtypes;
  if (flinfo->fn_argtypes.size() == static_cast<size_t>(fcinfo->nargs)) {
    argtypes = flinfo->fn_argtypes;
  }
  cache->plan = Planner()(cache->proc, argtypes);
  if (auto type = catalog::Syscache().TypeByOid(cache->plan.rettype)) {
    cache->typlen = type->typlen;
    cache->typbyval = type->typbyval;
  }
  flinfo->fn_owned = cache;
  return *cache;
}

Datum ReturnSet(FunctionCallInfo* fcinfo, const SqlFunctionCache& cache,
                const CollectingDestReceiver& rows) {
  ReturnSetInfo* rsinfo = fcinfo->resultinfo;
  auto set = std::make_unique<MaterializedSet>(1);
  for (size_t row = 0; row < rows.size(); ++row) {
    NullableDatum value;
    value.isnull = rows.isnull(row, 0);
    if (!value.isnull) {
      value.value = DatumCopy(rows.value(row, 0), cache.typbyval, cache.typlen, &set->memory);
    }
    set->AppendRow(&value);
  }
  rsinfo->materialized = std::move(set);
  rsinfo->return_mode = SetFunctionMode::kMaterialize;
  rsinfo->is_done = ExprDoneCond::kSingleResult;
  return fcinfo->ReturnNull();
}

}  // namespace

void SetSqlFunctionPlanner(SqlFunctionPlanner planner) {
  Planner() = std::move(planner);
}

Datum SqlFunctionCall(FunctionCallInfo* fcinfo) {
  SqlFunctionCache& cache = CacheFor(fcinfo);
  const catalog::PgProc& proc = cache.proc;
  if (proc.proretset && (fcinfo->resultinfo == nullptr ||
                         !fcinfo->resultinfo->Allows(SetFunctionMode::kMaterialize))) {
    throw Error(errcode::kFeatureNotSupported,
                "set-valued function called in context that cannot accept a set");
  }
  ParamListInfo params;
  for (int i = 0; i < fcinfo->nargs; ++i) {
    Oid type = i < static_cast<int>(fcinfo->flinfo->fn_argtypes.size())
                   ? fcinfo->flinfo->fn_argtypes[i]
                   : kInvalidOid;
    params.params.push_back({fcinfo->args[i].value, fcinfo->args[i].isnull, type});
  }
  bool is_volatile = proc.provolatile == 'v';
  CallerSnapshotGuard caller_snapshot;
  const auto& statements = cache.plan.statements;
  CollectingDestReceiver result;
  for (size_t i = 0; i < statements.size(); ++i) {
    if (is_volatile) storage::CommandCounterIncrement();
    bool last = i + 1 == statements.size();
    if (!last) {
      RunBodyStatement(statements[i], params, nullptr, 0);
      continue;
    }
    // A scalar SELECT needs only its first row (PostgreSQL stops there too); DML runs fully.
    bool first_row_only = !proc.proretset && statements[i]->commandType == nodes::CmdType::kSelect;
    RunBodyStatement(statements[i], params, &result, first_row_only ? 1 : 0);
  }
  if (proc.proretset) return ReturnSet(fcinfo, cache, result);
  // A void function's final SELECT is discarded: the call yields NULL, as in PostgreSQL.
  if (cache.plan.rettype == kVoidTypeOid || result.size() == 0 || result.isnull(0, 0)) {
    return fcinfo->ReturnNull();
  }
  return DatumCopy(result.value(0, 0), cache.typbyval, cache.typlen, CurrentMemoryContext());
}

}  // namespace hyrax::executor
