// Entry points of PL/pgSQL (see plpgsql_call.h): compile (cached), bind, interpret, and
// copy the result out of the interpreter's memory into the caller's.
#include "executor/plpgsql/plpgsql_call.h"

#include "executor/exec/tuple_slot.h"
#include "executor/functions/body_statement.h"
#include "executor/functions/srf.h"
#include "executor/functions/type_io.h"
#include "executor/plpgsql/plpgsql_exec.h"

namespace hyrax::executor::plpgsql {

namespace {

Datum CopyDatum(const Value& v, MemoryContext* memory) {
  if (v.isnull) return 0;
  const TypeIoInfo& io = LookupTypeIo(v.type);
  return DatumCopy(v.datum, io.storage.typbyval, io.storage.typlen, memory);
}

Datum ReturnSet(FunctionCallInfo* fcinfo, const std::vector<Value>& rows) {
  ReturnSetInfo* rsinfo = fcinfo->resultinfo;
  auto set = std::make_unique<MaterializedSet>(1);
  for (const Value& v : rows) {
    NullableDatum value;
    value.isnull = v.isnull;
    value.value = CopyDatum(v, &set->memory);
    set->AppendRow(&value);
  }
  rsinfo->materialized = std::move(set);
  rsinfo->return_mode = SetFunctionMode::kMaterialize;
  rsinfo->is_done = ExprDoneCond::kSingleResult;
  return fcinfo->ReturnNull();
}

}  // namespace

Datum PlpgsqlFunctionCall(FunctionCallInfo* fcinfo) {
  std::shared_ptr<const CompiledFunction> fn = CompileFunction(fcinfo->flinfo->fn_oid);
  if (fn->is_trigger) {
    throw Error(errcode::kFeatureNotSupported, "trigger functions can only be called as triggers");
  }
  if (fn->proc.proretset && (fcinfo->resultinfo == nullptr ||
                             !fcinfo->resultinfo->Allows(SetFunctionMode::kMaterialize))) {
    throw Error(errcode::kFeatureNotSupported,
                "set-valued function called in context that cannot accept a set");
  }
  CallerSnapshotGuard caller_snapshot;
  Interpreter interpreter(fn);
  interpreter.BindArguments(fcinfo);
  interpreter.Run();
  if (fn->proc.proretset) return ReturnSet(fcinfo, interpreter.result_set());
  const Value& result = interpreter.result();
  if (result.isnull) return fcinfo->ReturnNull();
  return CopyDatum(result, CurrentMemoryContext());
}

}  // namespace hyrax::executor::plpgsql
