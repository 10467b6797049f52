// The PL/pgSQL statements (PostgreSQL's exec_stmt_*): control flow, assignments, embedded
// SQL, RAISE, and blocks with their declarations and EXCEPTION handlers. Statement kinds the
// interpreter does not run yet (cursors, FOREACH, CALL, COMMIT/ROLLBACK) fail with 0A000.
#include <algorithm>
#include <cctype>

#include "common/interrupts.h"
#include "common/notice.h"
#include "executor/functions/type_io.h"
#include "executor/plpgsql/plpgsql_conditions.h"
#include "executor/plpgsql/plpgsql_exec.h"
#include "storage/catalog/syscache.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::plpgsql {

namespace {

constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kVoidTypeOid = 2278;

// The expression of an assignment "target := expr" (or "target = expr").
std::string AssignedExpression(const std::string& query) {
  size_t pos = query.find(":=");
  size_t len = 2;
  if (pos == std::string::npos) {
    pos = query.find('=');
    len = 1;
  }
  if (pos == std::string::npos) return query;
  if (query.substr(0, pos).find('[') != std::string::npos) {
    throw Error(errcode::kFeatureNotSupported,
                "assignment to array elements in PL/pgSQL is not supported yet");
  }
  return query.substr(pos + len);
}

// Whether `sql` is a query (SELECT, VALUES, WITH ... SELECT) rather than DML with RETURNING:
// only DML insists on a single row for INTO without STRICT.
bool IsSelect(const std::string& sql) {
  size_t start = sql.find_first_not_of(" \t\n\r(");
  if (start == std::string::npos) return false;
  std::string word;
  for (size_t i = start; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i) {
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i])));
  }
  return word == "select" || word == "values" || word == "with" || word == "table";
}

const JsonValue* ExprOf(const JsonValue& s, const char* key) {
  const JsonValue* e = s.Get(key);
  return e == nullptr ? nullptr : &e->TagBody();
}

Severity RaiseSeverity(int64_t elog_level) {
  // PostgreSQL's elevels: DEBUG5..DEBUG1 10..14, LOG 15, INFO 17, NOTICE 18, WARNING 19,
  // ERROR 21.
  if (elog_level >= 21) return Severity::kError;
  if (elog_level >= 19) return Severity::kWarning;
  if (elog_level == 18) return Severity::kNotice;
  if (elog_level == 17) return Severity::kInfo;
  if (elog_level >= 15) return Severity::kLog;
  return Severity::kDebug;
}

}  // namespace

void Interpreter::Run() {
  ExecBlock(*fn_->body);
  if (returned_) return;
  const catalog::PgProc& proc = fn_->proc;
  bool has_out = std::any_of(proc.proargmodes.begin(), proc.proargmodes.end(),
                             [](char m) { return m == 'o' || m == 'b' || m == 't'; });
  if (proc.prorettype == kVoidTypeOid || proc.proretset || has_out) {
    returned_ = true;
    if (has_out && !proc.proretset) {
      for (size_t i = 0; i < fn_->argument_varnos.size(); ++i) {
        char m = proc.proargmodes[i];
        if (m == 'o' || m == 'b' || m == 't') result_ = vars_[fn_->argument_varnos[i]].value;
      }
    }
    return;
  }
  throw Error(errcode::kSREFunctionExecutedNoReturnStatement,
              "control reached end of function without RETURN");
}

Interpreter::Flow Interpreter::ExecList(const JsonValue* list) {
  if (list == nullptr) return Flow::kNormal;
  for (const JsonValue& stmt : list->items()) {
    Flow flow = ExecStatement(stmt);
    if (flow != Flow::kNormal) return flow;
  }
  return Flow::kNormal;
}

Interpreter::Flow Interpreter::ExecStatement(const JsonValue& stmt) {
  CheckForInterrupts();
  const std::string& kind = stmt.TagName();
  const JsonValue& s = stmt.TagBody();
  if (kind == "PLpgSQL_stmt_block") return ExecBlock(s);
  if (kind == "PLpgSQL_stmt_assign") return ExecAssign(s);
  if (kind == "PLpgSQL_stmt_if") return ExecIf(s);
  if (kind == "PLpgSQL_stmt_case") return ExecCase(s);
  if (kind == "PLpgSQL_stmt_loop") return ExecLoop(s);
  if (kind == "PLpgSQL_stmt_while") return ExecWhile(s);
  if (kind == "PLpgSQL_stmt_fori") return ExecForInteger(s);
  if (kind == "PLpgSQL_stmt_fors") {
    CollectingDestReceiver rows;
    RunQuery(ExprOf(s, "query")->GetString("query"), std::nullopt, &rows, 0);
    return ExecForQuery(s, rows);
  }
  if (kind == "PLpgSQL_stmt_dynfors") {
    Value text = Eval(ExprOf(s, "query"), TargetType{kTextOid, -1});
    if (text.isnull) {
      throw Error(errcode::kNullValueNotAllowed, "query string argument of EXECUTE is null");
    }
    CollectingDestReceiver rows;
    RunDynamic(*ValueText(text), EvalList(s.Get("params")), &rows);
    return ExecForQuery(s, rows);
  }
  if (kind == "PLpgSQL_stmt_exit") return ExecExit(s);
  if (kind == "PLpgSQL_stmt_return") return ExecReturn(s);
  if (kind == "PLpgSQL_stmt_return_next") return ExecReturnNext(s);
  if (kind == "PLpgSQL_stmt_return_query") return ExecReturnQuery(s);
  if (kind == "PLpgSQL_stmt_perform") {
    CollectingDestReceiver rows;
    RunQuery(ExprOf(s, "expr")->GetString("query"), std::nullopt, &rows, 0);
    row_count_ = rows.size();
    SetFound(rows.size() > 0);
    return Flow::kNormal;
  }
  if (kind == "PLpgSQL_stmt_execsql") return ExecSql(s);
  if (kind == "PLpgSQL_stmt_dynexecute") return ExecDynamic(s);
  if (kind == "PLpgSQL_stmt_raise") return ExecRaise(s);
  if (kind == "PLpgSQL_stmt_getdiag") return ExecGetDiagnostics(s);
  if (kind == "PLpgSQL_stmt_assert") return ExecAssert(s);
  throw MakeError(errcode::kFeatureNotSupported, "PL/pgSQL statement {} is not supported yet",
                  kind.substr(kind.rfind('_') + 1));
}

// ---- Blocks ----

Interpreter::Flow Interpreter::ExecBlockBody(const JsonValue& block) {
  auto decl = fn_->block_declarations.find(&block);
  if (decl != fn_->block_declarations.end()) {
    for (int varno : decl->second) Declare(varno);
  }
  return ExecList(block.Get("body"));
}

Interpreter::Flow Interpreter::ExecBlock(const JsonValue& block) {
  size_t scope_depth = scope_.size();
  const JsonValue* exceptions = block.Get("exceptions");
  Flow flow = Flow::kNormal;
  if (exceptions == nullptr) {
    flow = ExecBlockBody(block);
  } else {
    storage::BeginInternalSubTransaction();
    std::vector<Value> saved_results = result_set_;
    try {
      flow = ExecBlockBody(block);
      storage::ReleaseCurrentSubTransaction();
    } catch (Error& e) {
      if (e.severity() >= Severity::kFatal) throw;
      storage::RollbackAndReleaseCurrentSubTransaction();
      PopScope(scope_depth);
      const JsonValue* handler = nullptr;
      if (const JsonValue* list = exceptions->TagBody().Get("exc_list")) {
        for (const JsonValue& exc : list->items()) {
          const JsonValue* conditions = exc.TagBody().Get("conditions");
          if (conditions == nullptr) continue;
          for (const JsonValue& c : conditions->items()) {
            if (ConditionCatches(c.TagBody().GetString("condname"), e)) {
              handler = &exc.TagBody();
              break;
            }
          }
          if (handler != nullptr) break;
        }
      }
      if (handler == nullptr) throw;
      returned_ = false;
      result_set_ = std::move(saved_results);
      // SQLSTATE and SQLERRM are visible inside the handler.
      for (size_t varno = 0; varno < fn_->datums.size(); ++varno) {
        const std::string& name = fn_->datums[varno].name;
        if (name != "sqlstate" && name != "sqlerrm") continue;
        std::string text = name == "sqlstate" ? std::string(e.code().view()) : e.message();
        vars_[varno].value = Value{InputByType(kTextOid, text.c_str()), false, kTextOid, -1};
        PushScope(name, static_cast<int>(varno));
      }
      caught_.push_back(e);
      try {
        flow = ExecList(handler->Get("action"));
      } catch (...) {
        caught_.pop_back();
        PopScope(scope_depth);
        throw;
      }
      caught_.pop_back();
    }
  }
  PopScope(scope_depth);
  if (flow == Flow::kExit && !exit_label_.empty() && exit_label_ == block.GetString("label")) {
    exit_label_.clear();
    return Flow::kNormal;
  }
  return flow;
}

// ---- Simple statements ----

Interpreter::Flow Interpreter::ExecAssign(const JsonValue& s) {
  int varno = static_cast<int>(s.GetInt("varno"));
  std::string expr = AssignedExpression(ExprOf(s, "expr")->GetString("query"));
  const DatumInfo* d = varno < static_cast<int>(fn_->datums.size()) ? &fn_->datums[varno] : nullptr;
  Variable& var = vars_[varno];
  if (var.is_record) {
    int source = RecordVariableNamed(expr);
    if (source < 0) {
      CollectingDestReceiver rows;
      RunQuery("SELECT " + expr, std::nullopt, &rows, 2);
      Value v = rows.size() == 0 ? Value{} : CopyOut(rows, 0, 0);
      AssignVariable(varno, v);
      return Flow::kNormal;
    }
    var.rec = vars_[source].rec;
    return Flow::kNormal;
  }
  std::optional<TargetType> target;
  if (d != nullptr && d->kind == DatumInfo::Kind::kRecordField) {
    const Variable& parent = vars_[d->record_parent];
    int field = parent.rec.FieldIndex(d->name);
    if (field >= 0)
      target = TargetType{parent.rec.fields[field].type, parent.rec.fields[field].typmod};
  } else if (var.value.type != kInvalidOid) {
    target = TargetType{var.value.type, var.value.typmod};
  }
  CollectingDestReceiver rows;
  RunQuery("SELECT " + expr, target, &rows, 2);
  if (rows.size() > 1) {
    throw MakeError(errcode::kCardinalityViolation, "query \"{}\" returned more than one row",
                    expr);
  }
  Value v;
  if (rows.size() == 1) {
    v = CopyOut(rows, 0, 0);
  } else if (!rows.desc().columns.empty()) {
    v.type = rows.desc().columns[0].type_oid;
  }
  AssignVariable(varno, v);
  return Flow::kNormal;
}

Interpreter::Flow Interpreter::ExecIf(const JsonValue& s) {
  if (EvalCondition(ExprOf(s, "cond"))) return ExecList(s.Get("then_body"));
  if (const JsonValue* elsifs = s.Get("elsif_list")) {
    for (const JsonValue& e : elsifs->items()) {
      const JsonValue& body = e.TagBody();
      if (EvalCondition(ExprOf(body, "cond"))) return ExecList(body.Get("stmts"));
    }
  }
  return ExecList(s.Get("else_body"));
}

Interpreter::Flow Interpreter::ExecCase(const JsonValue& s) {
  if (const JsonValue* t_expr = ExprOf(s, "t_expr")) {
    int varno = static_cast<int>(s.GetInt("t_varno"));
    Value v = Eval(t_expr);
    vars_[varno].value = v;  // the selector takes the expression's type
  }
  if (const JsonValue* whens = s.Get("case_when_list")) {
    for (const JsonValue& w : whens->items()) {
      const JsonValue& body = w.TagBody();
      if (EvalCondition(ExprOf(body, "expr"))) return ExecList(body.Get("stmts"));
    }
  }
  if (!s.GetBool("have_else")) {
    throw Error(errcode::kCaseNotFound, "case not found")
        .Hint("CASE statement is missing ELSE part.");
  }
  return ExecList(s.Get("else_stmts"));
}

// ---- Loops ----

// Runs one iteration; sets *stop when the loop must end, returning what the loop returns.
Interpreter::Flow Interpreter::ExecLoopBody(const JsonValue& s, bool* stop) {
  Flow flow = ExecList(s.Get("body"));
  *stop = false;
  std::string label = s.GetString("label");
  switch (flow) {
    case Flow::kNormal:
      return Flow::kNormal;
    case Flow::kReturn:
      *stop = true;
      return flow;
    case Flow::kExit:
      *stop = true;
      if (exit_label_.empty()) return Flow::kNormal;
      if (exit_label_ == label) {
        exit_label_.clear();
        return Flow::kNormal;
      }
      return flow;  // an outer loop's or block's label
    case Flow::kContinue:
      if (exit_label_.empty() || exit_label_ == label) {
        exit_label_.clear();
        return Flow::kNormal;
      }
      *stop = true;
      return flow;
  }
  return flow;
}

Interpreter::Flow Interpreter::ExecLoop(const JsonValue& s) {
  for (;;) {
    bool stop = false;
    Flow flow = ExecLoopBody(s, &stop);
    if (stop) return flow;
  }
}

Interpreter::Flow Interpreter::ExecWhile(const JsonValue& s) {
  while (EvalCondition(ExprOf(s, "cond"))) {
    bool stop = false;
    Flow flow = ExecLoopBody(s, &stop);
    if (stop) return flow;
  }
  return Flow::kNormal;
}

Interpreter::Flow Interpreter::ExecForInteger(const JsonValue& s) {
  const JsonValue& var = s.Get("var")->TagBody();
  std::string name = var.GetString("refname");
  int64_t lineno = var.GetInt("lineno");
  int varno = -1;
  for (size_t i = 0; i < fn_->datums.size(); ++i) {
    if (fn_->datums[i].name == name && fn_->datums[i].lineno == lineno &&
        fn_->datums[i].typname.empty()) {
      varno = static_cast<int>(i);
    }
  }
  if (varno < 0) throw Error(errcode::kInternalError, "FOR loop variable not found");
  Value lower = Eval(ExprOf(s, "lower"), TargetType{kInt4Oid, -1});
  Value upper = Eval(ExprOf(s, "upper"), TargetType{kInt4Oid, -1});
  if (lower.isnull) {
    throw Error(errcode::kNullValueNotAllowed, "lower bound of FOR loop cannot be null");
  }
  if (upper.isnull) {
    throw Error(errcode::kNullValueNotAllowed, "upper bound of FOR loop cannot be null");
  }
  int64_t step = 1;
  if (const JsonValue* step_expr = ExprOf(s, "step")) {
    Value v = Eval(step_expr, TargetType{kInt4Oid, -1});
    if (v.isnull) throw Error(errcode::kNullValueNotAllowed, "BY value of FOR loop cannot be null");
    step = DatumGetInt32(v.datum);
    if (step <= 0) {
      throw Error(errcode::kInvalidParameterValue,
                  "BY value of FOR loop must be greater than zero");
    }
  }
  bool reverse = s.GetBool("reverse");
  int64_t lo = DatumGetInt32(lower.datum), hi = DatumGetInt32(upper.datum);
  size_t scope_depth = scope_.size();
  vars_[varno].value = Value{0, true, kInt4Oid, -1};
  PushScope(name, varno);
  bool found = false;
  Flow result = Flow::kNormal;
  for (int64_t i = lo; reverse ? i >= hi : i <= hi; i += reverse ? -step : step) {
    found = true;
    vars_[varno].value = Value{Int32GetDatum(static_cast<int32_t>(i)), false, kInt4Oid, -1};
    bool stop = false;
    result = ExecLoopBody(s, &stop);
    if (stop) break;
  }
  PopScope(scope_depth);
  SetFound(found);
  return result;
}

Interpreter::Flow Interpreter::ExecForQuery(const JsonValue& s,
                                            const CollectingDestReceiver& rows) {
  const JsonValue* target = s.Get("var");
  Flow result = Flow::kNormal;
  for (size_t row = 0; row < rows.size(); ++row) {
    AssignTarget(target, &rows, row);
    bool stop = false;
    result = ExecLoopBody(s, &stop);
    if (stop) break;
  }
  SetFound(rows.size() > 0);
  return result;
}

Interpreter::Flow Interpreter::ExecExit(const JsonValue& s) {
  if (const JsonValue* cond = ExprOf(s, "cond")) {
    if (!EvalCondition(cond)) return Flow::kNormal;
  }
  exit_label_ = s.GetString("label");
  return s.GetBool("is_exit") ? Flow::kExit : Flow::kContinue;
}

// ---- RETURN ----

Interpreter::Flow Interpreter::ExecReturn(const JsonValue& s) {
  const JsonValue* expr = ExprOf(s, "expr");
  // The grammar ends every body with a RETURN of its own (no line number): reaching it is
  // falling off the end, which Run() judges by the result type.
  if (expr == nullptr && s.GetInt("lineno") == 0) return Flow::kReturn;
  returned_ = true;
  const catalog::PgProc& proc = fn_->proc;
  if (proc.proretset) return Flow::kReturn;
  if (expr == nullptr) {
    if (proc.prorettype != kVoidTypeOid) {
      for (size_t i = 0; i < fn_->argument_varnos.size() && i < proc.proargmodes.size(); ++i) {
        char m = proc.proargmodes[i];
        if (m == 'o' || m == 'b') result_ = vars_[fn_->argument_varnos[i]].value;
      }
    }
    return Flow::kReturn;
  }
  std::optional<TargetType> target;
  auto rettype = catalog::Syscache().TypeByOid(proc.prorettype);
  if (proc.prorettype != kVoidTypeOid && rettype && rettype->typtype != 'p') {
    target = TargetType{proc.prorettype, -1};
  }
  result_ = Eval(expr, target);
  return Flow::kReturn;
}

Interpreter::Flow Interpreter::ExecReturnNext(const JsonValue& s) {
  if (!fn_->proc.proretset) {
    throw Error(errcode::kSyntaxError, "cannot use RETURN NEXT in a non-SETOF function");
  }
  if (const JsonValue* expr = ExprOf(s, "expr")) {
    result_set_.push_back(Eval(expr, TargetType{fn_->proc.prorettype, -1}));
    return Flow::kNormal;
  }
  // RETURN NEXT without expression: the OUT parameter's current value.
  for (size_t i = 0; i < fn_->argument_varnos.size() && i < fn_->proc.proargmodes.size(); ++i) {
    char m = fn_->proc.proargmodes[i];
    if (m == 'o' || m == 'b' || m == 't') {
      result_set_.push_back(vars_[fn_->argument_varnos[i]].value);
    }
  }
  return Flow::kNormal;
}

Interpreter::Flow Interpreter::ExecReturnQuery(const JsonValue& s) {
  if (!fn_->proc.proretset) {
    throw Error(errcode::kSyntaxError, "cannot use RETURN QUERY in a non-SETOF function");
  }
  CollectingDestReceiver rows;
  if (const JsonValue* query = ExprOf(s, "query")) {
    RunQuery(query->GetString("query"), std::nullopt, &rows, 0);
  } else {
    Value text = Eval(ExprOf(s, "dynquery"), TargetType{kTextOid, -1});
    if (text.isnull) {
      throw Error(errcode::kNullValueNotAllowed, "query string argument of EXECUTE is null");
    }
    RunDynamic(*ValueText(text), EvalList(s.Get("params")), &rows);
  }
  if (rows.desc().columns.size() != 1) {
    throw Error(errcode::kDatatypeMismatch,
                "structure of query does not match function result type");
  }
  for (size_t row = 0; row < rows.size(); ++row) {
    result_set_.push_back(CoerceValue(CopyOut(rows, row, 0), fn_->proc.prorettype, -1));
  }
  row_count_ = rows.size();
  SetFound(rows.size() > 0);
  return Flow::kNormal;
}

// ---- SQL ----

void Interpreter::StoreIntoTarget(const JsonValue& s, const CollectingDestReceiver& rows,
                                  bool is_select) {
  bool strict = s.GetBool("strict");
  if (rows.size() == 0 && strict) throw Error(errcode::kNoDataFound, "query returned no rows");
  if (rows.size() > 1 && (strict || !is_select)) {
    throw Error(errcode::kTooManyRows, "query returned more than one row")
        .Hint("Make sure the query returns a single row, or use LIMIT 1.");
  }
  AssignTarget(s.Get("target"), &rows, 0);
}

Interpreter::Flow Interpreter::ExecSql(const JsonValue& s) {
  std::string sql = ExprOf(s, "sqlstmt")->GetString("query");
  CollectingDestReceiver rows;
  bool into = s.GetBool("into");
  uint64_t processed = RunQuery(sql, std::nullopt, &rows, 0);
  if (into) {
    StoreIntoTarget(s, rows, IsSelect(sql));
  } else if (!rows.desc().columns.empty()) {
    Error error(errcode::kSyntaxError, "query has no destination for result data");
    if (IsSelect(sql)) {
      std::move(error).Hint("If you want to discard the results of a SELECT, use PERFORM instead.");
    }
    throw error;
  }
  row_count_ = processed;
  SetFound(processed > 0);
  return Flow::kNormal;
}

Interpreter::Flow Interpreter::ExecDynamic(const JsonValue& s) {
  Value text = Eval(ExprOf(s, "query"), TargetType{kTextOid, -1});
  if (text.isnull) {
    throw Error(errcode::kNullValueNotAllowed, "query string argument of EXECUTE is null");
  }
  CollectingDestReceiver rows;
  uint64_t processed = RunDynamic(*ValueText(text), EvalList(s.Get("params")), &rows);
  if (s.GetBool("into")) StoreIntoTarget(s, rows, true);
  row_count_ = processed;
  SetFound(processed > 0);
  return Flow::kNormal;
}

// ---- RAISE, GET DIAGNOSTICS, ASSERT ----

Interpreter::Flow Interpreter::ExecRaise(const JsonValue& s) {
  std::string condname = s.GetString("condname");
  const JsonValue* message_node = s.Get("message");
  const JsonValue* options = s.Get("options");
  if (condname.empty() && message_node == nullptr && options == nullptr) {
    // RAISE; re-throws the error being handled.
    if (caught_.empty()) {
      throw Error(errcode::kStackedDiagnosticsAccessedWithoutActiveHandler,
                  "RAISE without parameters cannot be used outside an exception handler");
    }
    throw caught_.back();
  }
  Severity severity = RaiseSeverity(s.GetInt("elog_level", 21));
  SqlState code = severity >= Severity::kError     ? errcode::kRaiseException
                  : severity == Severity::kWarning ? errcode::kWarning
                                                   : errcode::kSuccessfulCompletion;
  std::string message;
  if (!condname.empty()) {
    std::optional<SqlState> state = SqlStateForCondition(condname);
    if (!state) {
      throw MakeError(errcode::kUndefinedObject, "unrecognized exception condition \"{}\"",
                      condname);
    }
    code = *state;
    message = condname;
  }
  if (message_node != nullptr) {
    std::vector<std::optional<std::string>> args;
    if (const JsonValue* params = s.Get("params")) {
      for (const JsonValue& p : params->items()) {
        const JsonValue& expr = p.TagBody();
        int rec = RecordVariableNamed(expr.GetString("query"));
        if (rec >= 0) {
          args.push_back(vars_[rec].rec.assigned ? std::optional(RecordText(vars_[rec].rec))
                                                 : std::nullopt);
        } else {
          args.push_back(ValueText(Eval(&expr)));
        }
      }
    }
    message = FormatRaiseMessage(message_node->str(), args);
  }
  std::string detail, hint;
  if (options != nullptr) {
    for (const JsonValue& o : options->items()) {
      const JsonValue& opt = o.TagBody();
      Value v = Eval(ExprOf(opt, "expr"), TargetType{kTextOid, -1});
      std::optional<std::string> text = ValueText(v);
      if (!text) {
        throw Error(errcode::kNullValueNotAllowed, "RAISE statement option cannot be null");
      }
      switch (opt.GetInt("opt_type")) {
        case 0: {  // ERRCODE
          std::optional<SqlState> state = SqlStateForCondition(*text);
          if (!state) {
            throw MakeError(errcode::kUndefinedObject, "unrecognized exception condition \"{}\"",
                            *text);
          }
          code = *state;
          break;
        }
        case 1:
          message = *text;
          break;
        case 2:
          detail = *text;
          break;
        case 3:
          hint = *text;
          break;
        default:
          break;  // COLUMN, CONSTRAINT, DATATYPE, TABLE, SCHEMA: not reported
      }
    }
  }
  if (message.empty() && condname.empty()) message = std::string(code.view());
  Error report(code, message, severity);
  if (!detail.empty()) std::move(report).Detail(detail);
  if (!hint.empty()) std::move(report).Hint(hint);
  if (severity >= Severity::kError) throw report;
  EmitNotice(report);
  return Flow::kNormal;
}

Interpreter::Flow Interpreter::ExecGetDiagnostics(const JsonValue& s) {
  bool stacked = s.GetBool("is_stacked");
  if (stacked && caught_.empty()) {
    throw Error(errcode::kStackedDiagnosticsAccessedWithoutActiveHandler,
                "GET STACKED DIAGNOSTICS cannot be used outside an exception handler");
  }
  const JsonValue* items = s.Get("diag_items");
  if (items == nullptr) return Flow::kNormal;
  for (const JsonValue& item : items->items()) {
    const JsonValue& body = item.TagBody();
    std::string kind = body.GetString("kind");
    int target = static_cast<int>(body.GetInt("target"));
    if (kind == "ROW_COUNT") {
      AssignVariable(target, Value{Int64GetDatum(static_cast<int64_t>(row_count_)), false, 20, -1});
      continue;
    }
    if (!stacked) {
      throw MakeError(errcode::kFeatureNotSupported, "GET DIAGNOSTICS {} is not supported yet",
                      kind);
    }
    const Error& e = caught_.back();
    std::string text = kind == "RETURNED_SQLSTATE"      ? std::string(e.code().view())
                       : kind == "MESSAGE_TEXT"         ? e.message()
                       : kind == "PG_EXCEPTION_DETAIL"  ? e.detail()
                       : kind == "PG_EXCEPTION_HINT"    ? e.hint()
                       : kind == "PG_EXCEPTION_CONTEXT" ? e.context()
                       : kind == "COLUMN_NAME"          ? e.column()
                       : kind == "CONSTRAINT_NAME"      ? e.constraint()
                       : kind == "PG_DATATYPE_NAME"     ? e.datatype()
                       : kind == "TABLE_NAME"           ? e.table()
                       : kind == "SCHEMA_NAME"          ? e.schema()
                                                        : "";
    AssignVariable(target, Value{InputByType(kTextOid, text.c_str()), false, kTextOid, -1});
  }
  return Flow::kNormal;
}

Interpreter::Flow Interpreter::ExecAssert(const JsonValue& s) {
  if (EvalCondition(ExprOf(s, "cond"))) return Flow::kNormal;
  std::string message = "assertion failed";
  if (const JsonValue* m = ExprOf(s, "message")) {
    std::optional<std::string> text = ValueText(Eval(m, TargetType{kTextOid, -1}));
    if (text) message = *text;
  }
  throw Error(errcode::kAssertFailure, message);
}

}  // namespace hyrax::executor::plpgsql
