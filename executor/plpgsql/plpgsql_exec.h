// The PL/pgSQL interpreter (PostgreSQL's pl_exec.c): one Interpreter runs one call of a
// compiled function. Variables live in the interpreter's memory context; every SQL
// expression or statement of the body is planned (through the server's hook) with the
// visible variables as named parameters — scalars as `x`, record fields as `r.f` — once
// per call and per distinct variable layout, then executed with their current values.
// Blocks with an EXCEPTION clause run inside an internal subtransaction, as in PostgreSQL.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/memory_context.h"
#include "executor/exec/dest_receiver.h"
#include "executor/functions/fmgr.h"
#include "executor/plpgsql/plpgsql_function.h"
#include "executor/plpgsql/plpgsql_hooks.h"
#include "executor/plpgsql/record_value.h"

namespace hyrax::executor::plpgsql {

// A typed value held by the interpreter.
struct Value {
  Datum datum = 0;
  bool isnull = true;
  Oid type = kInvalidOid;
  int32_t typmod = -1;
};

class Interpreter {
 public:
  explicit Interpreter(std::shared_ptr<const CompiledFunction> fn);
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  // Binds the arguments of an ordinary call (actual types from the call site when known).
  void BindArguments(const FunctionCallInfo* fcinfo);
  // Runs the body. Throws 2F005 when a non-void function ends without RETURN.
  void Run();

  // The outcome of Run().
  const Value& result() const { return result_; }
  const std::vector<Value>& result_set() const { return result_set_; }

 private:
  struct Variable {
    std::string name;
    bool is_record = false;
    bool is_const = false;
    bool not_null = false;
    Value value;      // scalars (type kInvalidOid until first assignment when undeclared)
    RecordValue rec;  // records
  };
  // Where a query parameter's value comes from.
  struct ParamSource {
    int varno;
    int field;  // -1: the scalar variable itself
  };
  struct CachedPlan {
    std::vector<QueryParam> signature;
    nodes::PlannedStmtPtr plan;
  };
  enum class Flow { kNormal, kExit, kContinue, kReturn };

  // Variables and scope.
  void Declare(int varno);
  void PushScope(const std::string& name, int varno) { scope_.emplace_back(name, varno); }
  void PopScope(size_t depth) { scope_.resize(depth); }
  int LookupVariable(const std::string& name) const;
  int RecordVariableNamed(const std::string& expr_text) const;
  void ResolveDeclaredType(const DatumInfo& d, Variable* var);
  RecordValue EmptyRowOf(const std::string& table_name);

  // Queries.
  std::vector<QueryParam> BuildParams(std::vector<ParamSource>* sources) const;
  uint64_t RunQuery(const std::string& sql, const std::optional<TargetType>& target,
                    CollectingDestReceiver* dest, uint64_t limit);
  uint64_t RunDynamic(const std::string& sql, const std::vector<Value>& args,
                      CollectingDestReceiver* dest);
  Value Eval(const JsonValue* expr, const std::optional<TargetType>& target = std::nullopt);
  bool EvalCondition(const JsonValue* expr);
  std::vector<Value> EvalList(const JsonValue* list);
  Value CopyOut(const CollectingDestReceiver& rows, size_t row, int col);
  RecordValue RowAsRecord(const CollectingDestReceiver& rows, size_t row);
  std::optional<std::string> ValueText(const Value& v) const;
  std::string RecordText(const RecordValue& rec) const;

  // Assignment.
  void AssignVariable(int varno, Value value);
  void AssignTarget(const JsonValue* target, const CollectingDestReceiver* rows, size_t row);
  Value CoerceValue(const Value& v, Oid type, int32_t typmod) const;
  void SetFound(bool found);

  // Statements.
  Flow ExecList(const JsonValue* list);
  Flow ExecStatement(const JsonValue& stmt);
  Flow ExecBlock(const JsonValue& block);
  Flow ExecBlockBody(const JsonValue& block);
  Flow ExecAssign(const JsonValue& s);
  Flow ExecIf(const JsonValue& s);
  Flow ExecCase(const JsonValue& s);
  Flow ExecLoopBody(const JsonValue& s, bool* stop);
  Flow ExecLoop(const JsonValue& s);
  Flow ExecWhile(const JsonValue& s);
  Flow ExecForInteger(const JsonValue& s);
  Flow ExecForQuery(const JsonValue& s, const CollectingDestReceiver& rows);
  Flow ExecExit(const JsonValue& s);
  Flow ExecReturn(const JsonValue& s);
  Flow ExecReturnNext(const JsonValue& s);
  Flow ExecReturnQuery(const JsonValue& s);
  Flow ExecSql(const JsonValue& s);
  Flow ExecDynamic(const JsonValue& s);
  Flow ExecRaise(const JsonValue& s);
  Flow ExecGetDiagnostics(const JsonValue& s);
  Flow ExecAssert(const JsonValue& s);
  void StoreIntoTarget(const JsonValue& s, const CollectingDestReceiver& rows, bool is_select);

  std::shared_ptr<const CompiledFunction> fn_;
  MemoryContext memory_{"PL/pgSQL call"};
  std::vector<Variable> vars_;
  std::vector<std::pair<std::string, int>> scope_;
  std::map<std::string, CachedPlan> plans_;
  std::vector<Error> caught_;  // errors of the handlers being run (RAISE; GET STACKED)
  uint64_t row_count_ = 0;
  std::string exit_label_;  // EXIT/CONTINUE label being propagated ("" = innermost loop)
  bool is_volatile_ = true;
  bool returned_ = false;
  Value result_;
  std::vector<Value> result_set_;
  std::vector<Oid> argtypes_;
};

}  // namespace hyrax::executor::plpgsql
