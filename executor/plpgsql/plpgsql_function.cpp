// Compiling PL/pgSQL functions (see plpgsql_function.h). libpg_query needs a whole CREATE
// FUNCTION statement, so one is rebuilt from the pg_proc row: parameter modes and names,
// the result kind (trigger, void, SETOF or scalar) and the body; parameter types do not
// matter to the grammar. The JSON does not say which block declares a variable, so each
// declared variable goes to the first block (in text order) whose BEGIN is on or after the
// variable's line: DECLARE sections come right before their BEGIN.
#include "executor/plpgsql/plpgsql_function.h"

#include <cctype>
#include <unordered_map>

#include "common/error.h"
#include "executor/plpgsql/plpgsql_hooks.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor::plpgsql {

namespace {

constexpr Oid kTriggerTypeOid = 2279;
constexpr Oid kVoidTypeOid = 2278;

std::string QuoteIdent(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string DollarQuote(const std::string& body) {
  std::string tag = "$plpgsql$";
  for (int n = 0; body.find(tag) != std::string::npos; ++n) {
    tag = "$plpgsql" + std::to_string(n) + "$";
  }
  return tag + body + tag;
}

std::string CreateFunctionText(const catalog::PgProc& proc) {
  std::string sql = "CREATE FUNCTION " + QuoteIdent(proc.proname) + "(";
  size_t nargs = proc.proallargtypes.empty() ? proc.proargtypes.size() : proc.proallargtypes.size();
  for (size_t i = 0; i < nargs; ++i) {
    if (i > 0) sql += ", ";
    char mode = i < proc.proargmodes.size() ? proc.proargmodes[i] : 'i';
    // RETURNS TABLE columns are OUT parameters to the grammar.
    sql += mode == 'o' || mode == 't' ? "OUT "
           : mode == 'b'              ? "INOUT "
           : mode == 'v'              ? "VARIADIC "
                                      : "";
    if (i < proc.proargnames.size() && !proc.proargnames[i].empty()) {
      sql += QuoteIdent(proc.proargnames[i]) + " ";
    }
    sql += mode == 'v' ? "int[]" : "int";
  }
  sql += ") RETURNS ";
  if (proc.prorettype == kTriggerTypeOid) {
    sql += "trigger";
  } else if (proc.prorettype == kVoidTypeOid) {
    sql += "void";
  } else {
    sql += proc.proretset ? "SETOF int" : "int";
  }
  return sql + " LANGUAGE plpgsql AS " + DollarQuote(proc.prosrc);
}

DatumInfo ReadDatum(const JsonValue& node) {
  DatumInfo d;
  const std::string& tag = node.TagName();
  const JsonValue& body = node.TagBody();
  d.lineno = static_cast<int>(body.GetInt("lineno"));
  if (tag == "PLpgSQL_var") {
    d.name = body.GetString("refname");
    if (const JsonValue* type = body.Get("datatype")) {
      d.typname = type->TagBody().GetString("typname");
      if (d.typname == "UNKNOWN") d.typname.clear();
      while (!d.typname.empty() && d.typname.back() == ' ') d.typname.pop_back();
    }
    d.is_const = body.GetBool("isconst");
    d.not_null = body.GetBool("notnull");
    if (const JsonValue* def = body.Get("default_val")) d.default_expr = &def->TagBody();
    bool rowtype = false;
    if (d.typname.size() > 8) {
      std::string suffix = d.typname.substr(d.typname.size() - 8);
      for (char& c : suffix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      rowtype = suffix == "%ROWTYPE";
    }
    if (d.typname == "record" || rowtype) {
      d.kind = DatumInfo::Kind::kRecord;
    }
  } else if (tag == "PLpgSQL_rec") {
    d.kind = DatumInfo::Kind::kRecord;
    d.name = body.GetString("refname");
  } else if (tag == "PLpgSQL_recfield") {
    d.kind = DatumInfo::Kind::kRecordField;
    d.name = body.GetString("fieldname");
    d.record_parent = static_cast<int>(body.GetInt("recparentno"));
  } else if (tag == "PLpgSQL_row") {
    d.kind = DatumInfo::Kind::kRow;
    d.name = body.GetString("refname");
    if (const JsonValue* fields = body.Get("fields")) {
      for (const JsonValue& f : fields->items()) {
        d.row_fields.push_back(static_cast<int>(f.GetInt("varno")));
      }
    }
  } else {
    throw MakeError(errcode::kFeatureNotSupported, "PL/pgSQL datum {} is not supported yet", tag);
  }
  return d;
}

// Every PLpgSQL_stmt_block with a line number, in text order.
void CollectBlocks(const JsonValue& node, std::vector<const JsonValue*>* blocks) {
  if (node.IsArray()) {
    for (const JsonValue& item : node.items()) CollectBlocks(item, blocks);
    return;
  }
  if (!node.IsObject()) return;
  if (const JsonValue* block = node.Get("PLpgSQL_stmt_block")) {
    if (block->GetInt("lineno") > 0) blocks->push_back(block);
  }
  for (const char* key : {"PLpgSQL_stmt_block", "PLpgSQL_stmt_if", "PLpgSQL_if_elsif",
                          "PLpgSQL_stmt_case", "PLpgSQL_case_when", "PLpgSQL_stmt_loop",
                          "PLpgSQL_stmt_while", "PLpgSQL_stmt_fori", "PLpgSQL_stmt_fors",
                          "PLpgSQL_stmt_dynfors", "PLpgSQL_exception_block", "PLpgSQL_exception"}) {
    if (const JsonValue* inner = node.Get(key)) {
      for (const char* list :
           {"body", "then_body", "elsif_list", "else_body", "stmts", "case_when_list", "else_stmts",
            "exc_list", "action", "exceptions"}) {
        if (const JsonValue* child = inner->Get(list)) CollectBlocks(*child, blocks);
      }
    }
  }
}

std::shared_ptr<CompiledFunction> Compile(const catalog::PgProc& proc) {
  auto fn = std::make_shared<CompiledFunction>();
  fn->proc = proc;
  fn->is_trigger = proc.prorettype == kTriggerTypeOid;
  const PlpgsqlHooks& hooks = GetPlpgsqlHooks();
  if (!hooks.parse_function) throw Error(errcode::kInternalError, "PL/pgSQL is not initialized");
  fn->tree = JsonValue::Parse(hooks.parse_function(CreateFunctionText(proc)));
  if (!fn->tree->IsArray() || fn->tree->items().empty()) {
    throw Error(errcode::kInternalError, "PL/pgSQL parser returned no function");
  }
  const JsonValue& function = fn->tree->items()[0].TagBody();
  if (const JsonValue* datums = function.Get("datums")) {
    for (const JsonValue& d : datums->items()) fn->datums.push_back(ReadDatum(d));
  }
  size_t nargs = proc.proallargtypes.empty() ? proc.proargtypes.size() : proc.proallargtypes.size();
  if (fn->is_trigger) {
    fn->found_varno = 0;
    fn->new_varno = static_cast<int>(function.GetInt("new_varno", 1));
    fn->old_varno = static_cast<int>(function.GetInt("old_varno", 2));
  } else {
    // The grammar makes datums 0..k-1 of the k named parameters, then FOUND; unnamed ones
    // (reachable only as $n) get variables of their own after the tree's datums.
    size_t parsed = fn->datums.size();
    int next_named = 0;
    for (size_t i = 0; i < nargs; ++i) {
      bool named = i < proc.proargnames.size() && !proc.proargnames[i].empty();
      int varno = named ? next_named++ : static_cast<int>(fn->datums.size());
      if (!named) fn->datums.push_back(DatumInfo{});
      fn->argument_varnos.push_back(varno);
      char mode = i < proc.proargmodes.size() ? proc.proargmodes[i] : 'i';
      if (mode == 'i' || mode == 'b' || mode == 'v') fn->input_varnos.push_back(varno);
    }
    fn->found_varno = next_named < static_cast<int>(parsed) ? next_named : -1;
  }
  const JsonValue* action = function.Get("action");
  if (action == nullptr) throw Error(errcode::kInternalError, "PL/pgSQL function has no body");
  fn->body = &action->TagBody();
  std::vector<const JsonValue*> blocks;
  CollectBlocks(*action, &blocks);
  for (size_t varno = 0; varno < fn->datums.size(); ++varno) {
    const DatumInfo& d = fn->datums[varno];
    bool declared = d.lineno > 0 && !d.typname.empty() &&
                    (d.kind == DatumInfo::Kind::kVariable || d.kind == DatumInfo::Kind::kRecord);
    if (!declared) continue;
    const JsonValue* owner = blocks.empty() ? fn->body : blocks.back();
    for (const JsonValue* block : blocks) {
      if (block->GetInt("lineno") >= d.lineno) {
        owner = block;
        break;
      }
    }
    fn->block_declarations[owner].push_back(static_cast<int>(varno));
  }
  return fn;
}

bool SameDefinition(const catalog::PgProc& a, const catalog::PgProc& b) {
  return a.prosrc == b.prosrc && a.proargnames == b.proargnames && a.proargtypes == b.proargtypes &&
         a.proargmodes == b.proargmodes && a.prorettype == b.prorettype &&
         a.proretset == b.proretset && a.provolatile == b.provolatile && a.proname == b.proname;
}

}  // namespace

std::shared_ptr<const CompiledFunction> CompileFunction(Oid fn_oid) {
  static std::unordered_map<Oid, std::shared_ptr<CompiledFunction>> cache;
  auto proc = catalog::Syscache().ProcByOid(fn_oid);
  if (!proc) {
    throw MakeError(errcode::kInternalError, "cache lookup failed for function {}", fn_oid);
  }
  auto it = cache.find(fn_oid);
  if (it != cache.end() && SameDefinition(it->second->proc, *proc)) return it->second;
  std::shared_ptr<CompiledFunction> fn = Compile(*proc);
  cache[fn_oid] = fn;
  return fn;
}

}  // namespace hyrax::executor::plpgsql
