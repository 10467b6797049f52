// The PL/pgSQL interpreter: variables, queries and assignment (see plpgsql_exec.h). The
// statements themselves are in plpgsql_statements.cpp.
#include "executor/plpgsql/plpgsql_exec.h"

#include <cctype>

#include "executor/exec/tuple_slot.h"
#include "executor/functions/body_statement.h"
#include "executor/functions/type_io.h"
#include "storage/catalog/syscache.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::plpgsql {

namespace {

constexpr Oid kBoolOid = 16;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\n\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\n\r");
  return s.substr(b, e - b + 1);
}

// A record's text form, as record_out writes it: (a,b) with values quoted when needed.
std::string QuoteRecordField(const std::string& v) {
  bool quote = v.empty();
  for (char c : v) {
    if (c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' ||
        std::isspace(static_cast<unsigned char>(c))) {
      quote = true;
    }
  }
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += c;
    out += c;
  }
  return out + "\"";
}

}  // namespace

Interpreter::Interpreter(std::shared_ptr<const CompiledFunction> fn) : fn_(std::move(fn)) {
  is_volatile_ = fn_->proc.provolatile == 'v';
  vars_.resize(fn_->datums.size());
  for (size_t i = 0; i < fn_->datums.size(); ++i) {
    const DatumInfo& d = fn_->datums[i];
    Variable& v = vars_[i];
    v.name = d.name;
    v.is_record = d.kind == DatumInfo::Kind::kRecord;
    v.is_const = d.is_const;
    v.not_null = d.not_null;
  }
  if (fn_->found_varno >= 0 && fn_->found_varno < static_cast<int>(vars_.size())) {
    vars_[fn_->found_varno].value = Value{BoolGetDatum(false), false, kBoolOid, -1};
    PushScope("found", fn_->found_varno);
  }
  // Implicit datums outside any block (CASE selectors) are always visible.
  for (size_t i = 0; i < fn_->datums.size(); ++i) {
    if (fn_->datums[i].name.rfind("__Case__Variable_", 0) == 0) PushScope(fn_->datums[i].name, i);
  }
}

Interpreter::~Interpreter() = default;

void Interpreter::BindArguments(const FunctionCallInfo* fcinfo) {
  const catalog::PgProc& proc = fn_->proc;
  argtypes_ = proc.proargtypes;
  if (fcinfo->flinfo != nullptr && fcinfo->flinfo->fn_argtypes.size() == argtypes_.size()) {
    argtypes_ = fcinfo->flinfo->fn_argtypes;
  }
  const std::vector<Oid>& all_types =
      proc.proallargtypes.empty() ? proc.proargtypes : proc.proallargtypes;
  size_t input = 0;
  for (size_t i = 0; i < fn_->argument_varnos.size(); ++i) {
    int varno = fn_->argument_varnos[i];
    Variable& v = vars_[varno];
    char mode = i < proc.proargmodes.size() ? proc.proargmodes[i] : 'i';
    bool is_input = mode == 'i' || mode == 'b' || mode == 'v';
    v.value.type = i < all_types.size() ? all_types[i] : kInvalidOid;
    if (is_input && input < static_cast<size_t>(fcinfo->nargs)) {
      if (input < argtypes_.size() && argtypes_[input] != kInvalidOid) {
        v.value.type = argtypes_[input];
      }
      v.value.isnull = fcinfo->args[input].isnull;
      v.value.datum = fcinfo->args[input].value;
      ++input;
    }
    if (!v.name.empty()) PushScope(v.name, varno);
  }
}

int Interpreter::LookupVariable(const std::string& name) const {
  for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return -1;
}

int Interpreter::RecordVariableNamed(const std::string& expr_text) const {
  std::string name = Trim(expr_text);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  } else {
    name = Lower(name);
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return -1;
  }
  int varno = LookupVariable(name);
  return varno >= 0 && vars_[varno].is_record ? varno : -1;
}

// ---- Declarations ----

RecordValue Interpreter::EmptyRowOf(const std::string& table_name) {
  CollectingDestReceiver rows;
  RunQuery("SELECT * FROM " + table_name + " LIMIT 0", std::nullopt, &rows, 0);
  RecordValue rec;
  for (const ResultColumn& c : rows.desc().columns) {
    rec.fields.push_back(RecordField{c.name, c.type_oid, c.typmod});
  }
  return rec;
}

void Interpreter::ResolveDeclaredType(const DatumInfo& d, Variable* var) {
  const std::string& t = d.typname;
  if (t == "record") return;  // takes the shape of whatever is assigned
  if (var->is_record) {
    // t%ROWTYPE: the table's columns, all NULL (PostgreSQL: a row of NULLs).
    RecordValue rec = EmptyRowOf(t.substr(0, t.size() - 8));
    rec.values.assign(rec.fields.size(), 0);
    rec.nulls.assign(rec.fields.size(), true);
    rec.assigned = true;
    var->rec = std::move(rec);
    return;
  }
  CollectingDestReceiver rows;
  constexpr const char* kTypeSuffix = "%TYPE";
  if (t.size() > 5 && Lower(t.substr(t.size() - 5)) == Lower(kTypeSuffix)) {
    std::string ref = t.substr(0, t.size() - 5);
    int other = LookupVariable(Lower(ref));
    if (other >= 0 && !vars_[other].is_record) {
      var->value.type = vars_[other].value.type;
      var->value.typmod = vars_[other].value.typmod;
      return;
    }
    size_t dot = ref.rfind('.');
    if (dot == std::string::npos) {
      throw MakeError(errcode::kUndefinedObject, "type \"{}\" does not exist", t);
    }
    RunQuery("SELECT " + ref.substr(dot + 1) + " FROM " + ref.substr(0, dot) + " LIMIT 0",
             std::nullopt, &rows, 0);
  } else {
    RunQuery("SELECT NULL::" + t, std::nullopt, &rows, 0);
  }
  var->value.type = rows.desc().columns.at(0).type_oid;
  var->value.typmod = rows.desc().columns.at(0).typmod;
}

void Interpreter::Declare(int varno) {
  const DatumInfo& d = fn_->datums[varno];
  Variable& var = vars_[varno];
  var.value = Value{};
  var.rec = RecordValue{};
  ResolveDeclaredType(d, &var);
  if (d.default_expr != nullptr) {
    if (var.is_record) {
      throw Error(errcode::kFeatureNotSupported,
                  "default values of record variables are not supported yet");
    }
    Value v = Eval(d.default_expr, TargetType{var.value.type, var.value.typmod});
    PushScope(var.name, varno);  // visible from here on (also to its own NOT NULL check)
    bool was_const = var.is_const;
    var.is_const = false;
    AssignVariable(varno, v);
    var.is_const = was_const;
    return;
  }
  if (d.not_null) {
    throw MakeError(errcode::kNullValueNotAllowed,
                    "variable \"{}\" must have a default value, since it's declared NOT NULL",
                    d.name);
  }
  PushScope(var.name, varno);
}

// ---- Queries ----

std::vector<QueryParam> Interpreter::BuildParams(std::vector<ParamSource>* sources) const {
  std::vector<QueryParam> params;
  std::vector<std::string> seen;
  auto visible = [&](const std::string& name, int varno) { return LookupVariable(name) == varno; };
  // $1..$n are the input arguments, named unless an inner declaration hides the name.
  for (int varno : fn_->input_varnos) {
    const Variable& v = vars_[varno];
    std::string name = !v.name.empty() && visible(v.name, varno) ? v.name : "";
    params.push_back(QueryParam{name, v.value.type, v.value.typmod});
    sources->push_back(ParamSource{varno, -1});
    if (!name.empty()) seen.push_back(name);
  }
  for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
    const auto& [name, varno] = *it;
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    const Variable& v = vars_[varno];
    if (!v.is_record) {
      if (v.value.type == kInvalidOid) continue;
      params.push_back(QueryParam{name, v.value.type, v.value.typmod});
      sources->push_back(ParamSource{varno, -1});
      continue;
    }
    for (size_t f = 0; f < v.rec.fields.size(); ++f) {
      params.push_back(QueryParam{name + "." + v.rec.fields[f].name, v.rec.fields[f].type,
                                  v.rec.fields[f].typmod});
      sources->push_back(ParamSource{varno, static_cast<int>(f)});
    }
  }
  return params;
}

static bool SameSignature(const std::vector<QueryParam>& a, const std::vector<QueryParam>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].type != b[i].type || a[i].typmod != b[i].typmod) {
      return false;
    }
  }
  return true;
}

uint64_t Interpreter::RunQuery(const std::string& sql, const std::optional<TargetType>& target,
                               CollectingDestReceiver* dest, uint64_t limit) {
  if (is_volatile_) storage::CommandCounterIncrement();
  std::vector<ParamSource> sources;
  std::vector<QueryParam> params = BuildParams(&sources);
  std::string key = sql;
  if (target) key += "\x01" + std::to_string(target->type) + ":" + std::to_string(target->typmod);
  CachedPlan& cached = plans_[key];
  if (!cached.plan || !SameSignature(cached.signature, params)) {
    cached.plan = GetPlpgsqlHooks().plan_query(sql, params, fn_->proc.proname, target);
    cached.signature = params;
  }
  ParamListInfo values;
  for (size_t i = 0; i < sources.size(); ++i) {
    const Variable& v = vars_[sources[i].varno];
    if (sources[i].field < 0) {
      values.params.push_back({v.value.datum, v.value.isnull, v.value.type});
    } else {
      size_t f = static_cast<size_t>(sources[i].field);
      bool isnull = !v.rec.assigned || f >= v.rec.values.size() || v.rec.nulls[f];
      values.params.push_back({isnull ? 0 : v.rec.values[f], isnull, v.rec.fields[f].type});
    }
  }
  nodes::PlannedStmtPtr plan = cached.plan;  // the cache entry may be replaced meanwhile
  return RunBodyStatement(plan, values, dest, limit);
}

uint64_t Interpreter::RunDynamic(const std::string& sql, const std::vector<Value>& args,
                                 CollectingDestReceiver* dest) {
  if (is_volatile_) storage::CommandCounterIncrement();
  std::vector<QueryParam> params;
  ParamListInfo values;
  for (const Value& a : args) {
    params.push_back(QueryParam{"", a.type, a.typmod});
    values.params.push_back({a.datum, a.isnull, a.type});
  }
  nodes::PlannedStmtPtr plan =
      GetPlpgsqlHooks().plan_query(sql, params, fn_->proc.proname, std::nullopt);
  return RunBodyStatement(plan, values, dest, 0);
}

Value Interpreter::CopyOut(const CollectingDestReceiver& rows, size_t row, int col) {
  const ResultColumn& c = rows.desc().columns[col];
  Value v{0, rows.isnull(row, col), c.type_oid, c.typmod};
  if (!v.isnull) {
    const TypeIoInfo& io = LookupTypeIo(c.type_oid);
    v.datum = DatumCopy(rows.value(row, col), io.storage.typbyval, io.storage.typlen, &memory_);
  }
  return v;
}

RecordValue Interpreter::RowAsRecord(const CollectingDestReceiver& rows, size_t row) {
  RecordValue rec;
  rec.assigned = true;
  for (size_t c = 0; c < rows.desc().columns.size(); ++c) {
    const ResultColumn& col = rows.desc().columns[c];
    rec.fields.push_back(RecordField{col.name, col.type_oid, col.typmod});
    Value v = CopyOut(rows, row, static_cast<int>(c));
    rec.values.push_back(v.datum);
    rec.nulls.push_back(v.isnull);
  }
  return rec;
}

Value Interpreter::Eval(const JsonValue* expr, const std::optional<TargetType>& target) {
  std::string query = expr->GetString("query");
  CollectingDestReceiver rows;
  RunQuery("SELECT " + query, target, &rows, 2);
  if (rows.desc().columns.size() != 1) {
    throw MakeError(errcode::kSyntaxError, "query \"{}\" returned {} columns", query,
                    rows.desc().columns.size());
  }
  if (rows.size() > 1) {
    throw MakeError(errcode::kCardinalityViolation, "query \"{}\" returned more than one row",
                    query);
  }
  if (rows.size() == 0) {
    const ResultColumn& c = rows.desc().columns[0];
    return Value{0, true, c.type_oid, c.typmod};
  }
  return CopyOut(rows, 0, 0);
}

bool Interpreter::EvalCondition(const JsonValue* expr) {
  Value v = Eval(expr, TargetType{kBoolOid, -1});
  return !v.isnull && DatumGetBool(v.datum);
}

std::vector<Value> Interpreter::EvalList(const JsonValue* list) {
  std::vector<Value> out;
  if (list == nullptr) return out;
  for (const JsonValue& item : list->items()) out.push_back(Eval(&item.TagBody()));
  return out;
}

std::optional<std::string> Interpreter::ValueText(const Value& v) const {
  if (v.isnull) return std::nullopt;
  return OutputByType(v.type, v.datum);
}

std::string Interpreter::RecordText(const RecordValue& rec) const {
  std::string out = "(";
  for (size_t i = 0; i < rec.fields.size(); ++i) {
    if (i > 0) out += ",";
    if (rec.nulls[i]) continue;
    out += QuoteRecordField(OutputByType(rec.fields[i].type, rec.values[i]));
  }
  return out + ")";
}

// ---- Assignment ----

Value Interpreter::CoerceValue(const Value& v, Oid type, int32_t typmod) const {
  if (type == kInvalidOid || (v.type == type && (typmod < 0 || v.typmod == typmod))) {
    Value out = v;
    if (type != kInvalidOid) out.typmod = typmod;
    return out;
  }
  Value out{0, v.isnull, type, typmod};
  if (v.isnull) return out;
  std::string text = OutputByType(v.type, v.datum);
  out.datum = InputByType(type, text.c_str(), typmod);
  return out;
}

void Interpreter::AssignVariable(int varno, Value value) {
  const DatumInfo* d = varno < static_cast<int>(fn_->datums.size()) ? &fn_->datums[varno] : nullptr;
  if (d != nullptr && d->kind == DatumInfo::Kind::kRecordField) {
    Variable& parent = vars_[d->record_parent];
    if (!parent.rec.assigned) {
      throw MakeError(errcode::kObjectNotInPrerequisiteState, "record \"{}\" is not assigned yet",
                      parent.name)
          .Detail("The tuple structure of a not-yet-assigned record is indeterminate.");
    }
    int field = parent.rec.FieldIndex(d->name);
    if (field < 0) {
      throw MakeError(errcode::kUndefinedColumn, "record \"{}\" has no field \"{}\"", parent.name,
                      d->name);
    }
    const RecordField& f = parent.rec.fields[field];
    Value v = CoerceValue(value, f.type, f.typmod);
    parent.rec.values[field] = v.datum;
    parent.rec.nulls[field] = v.isnull;
    return;
  }
  Variable& var = vars_[varno];
  if (var.is_record) {
    if (value.isnull) {
      var.rec.assigned = false;
      var.rec.values.assign(var.rec.fields.size(), 0);
      var.rec.nulls.assign(var.rec.fields.size(), true);
      return;
    }
    throw MakeError(errcode::kDatatypeMismatch,
                    "cannot assign non-composite value to a record "
                    "variable");
  }
  if (var.is_const) {
    throw MakeError(errcode::kSyntaxError, "variable \"{}\" is declared CONSTANT", var.name);
  }
  if (var.not_null && value.isnull) {
    throw MakeError(errcode::kNullValueNotAllowed,
                    "null value cannot be assigned to variable \"{}\" declared NOT NULL", var.name);
  }
  var.value = CoerceValue(value, var.value.type, var.value.typmod);
}

void Interpreter::SetFound(bool found) {
  if (fn_->found_varno >= 0) vars_[fn_->found_varno].value.datum = BoolGetDatum(found);
}

// Stores row `row` of `rows` (or NULLs when `rows` is null or has no such row) into an INTO
// or FOR target (a PLpgSQL_row whose fields are variables, or a single record variable).
void Interpreter::AssignTarget(const JsonValue* target, const CollectingDestReceiver* rows,
                               size_t row) {
  const JsonValue& body = target->TagBody();
  std::vector<int> varnos;
  if (target->TagName() == "PLpgSQL_row") {
    if (const JsonValue* fields = body.Get("fields")) {
      for (const JsonValue& f : fields->items()) varnos.push_back(f.GetInt("varno"));
    }
  } else {
    varnos.push_back(static_cast<int>(body.GetInt("dno")));
  }
  bool have_row = rows != nullptr && row < rows->size();
  if (varnos.size() == 1 && vars_[varnos[0]].is_record &&
      (varnos[0] >= static_cast<int>(fn_->datums.size()) ||
       fn_->datums[varnos[0]].kind != DatumInfo::Kind::kRecordField)) {
    Variable& rec_var = vars_[varnos[0]];
    if (have_row) {
      rec_var.rec = RowAsRecord(*rows, row);
    } else if (rows != nullptr) {
      // No row: the record takes the query's shape, all NULL.
      RecordValue rec;
      for (const ResultColumn& c : rows->desc().columns) {
        rec.fields.push_back(RecordField{c.name, c.type_oid, c.typmod});
      }
      rec.values.assign(rec.fields.size(), 0);
      rec.nulls.assign(rec.fields.size(), true);
      rec.assigned = true;
      rec_var.rec = std::move(rec);
    }
    return;
  }
  for (size_t i = 0; i < varnos.size(); ++i) {
    Value v;
    if (rows != nullptr && i < rows->desc().columns.size()) {
      if (have_row) {
        v = CopyOut(*rows, row, static_cast<int>(i));
      } else {
        v.type = rows->desc().columns[i].type_oid;
      }
    }
    AssignVariable(varnos[i], v);
  }
}

}  // namespace hyrax::executor::plpgsql
