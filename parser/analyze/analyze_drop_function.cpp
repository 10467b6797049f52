// DROP FUNCTION / DROP AGGREGATE name[(argtypes)] [, ...]: each name resolved to one pg_proc
// row with PostgreSQL's messages (LookupFuncWithArgs in parse_func.c, RemoveObjects and
// does_not_exist_skipping in dropcmds.c). The removal and its dependents are
// executor/commands/function_commands.cpp's.
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/func_resolution.h"
#include "parser/analyze/lookup_func.h"
#include "parser/analyze/type_names.h"

namespace hyrax::parser {

namespace {

std::string ArgListText(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

nodes::DropObject ResolveFunction(ParseState& ps, const PgQuery__ObjectWithArgs* owa,
                                  bool aggregate, bool missing_ok) {
  nodes::DropObject obj;
  obj.name = raw::StringList(raw::Span(owa->n_objname, owa->objname));
  const char* noun = aggregate ? "aggregate" : "function";
  std::string name_text = NameListToString(obj.name);
  std::optional<catalog::PgProc> proc;
  if (owa->args_unspecified) {
    std::vector<catalog::PgProc> found = FunctionsNamed(obj.name);
    if (found.size() > 1) {
      throw MakeError(errcode::kAmbiguousFunction, "{} name \"{}\" is not unique", noun, name_text)
          .Hint(fmt::format("Specify the argument list to select the {} unambiguously.", noun));
    }
    if (found.empty()) {
      if (!missing_ok) {
        throw MakeError(errcode::kUndefinedFunction, "could not find a {} named \"{}\"", noun,
                        name_text);
      }
      obj.missing_notice = fmt::format("{} {}() does not exist, skipping", noun, name_text);
      return obj;
    }
    proc = found[0];
  } else {
    std::vector<Oid> argtypes;
    std::vector<std::string> written, formatted;
    for (const raw::Node* n : raw::Span(owa->n_objargs, owa->objargs)) {
      argtypes.push_back(TypenameTypeIdAndMod(ps, n->type_name).type);
      written.push_back(TypeNameToString(n->type_name));
      formatted.push_back(FormatTypeBe(argtypes.back()));
    }
    if (aggregate && argtypes.empty()) written = formatted = {"*"};
    proc = LookupFuncName(obj.name, argtypes);
    if (!proc) {
      if (!missing_ok) {
        throw MakeError(errcode::kUndefinedFunction, "{} {}({}) does not exist", noun, name_text,
                        ArgListText(formatted));
      }
      obj.missing_notice =
          fmt::format("{} {}({}) does not exist, skipping", noun, name_text, ArgListText(written));
      return obj;
    }
  }
  if (aggregate && proc->prokind != 'a') {
    throw MakeError(errcode::kWrongObjectType, "function {} is not an aggregate",
                    FuncSignatureString(obj.name, {}, proc->proargtypes));
  }
  if (!aggregate && proc->prokind == 'a') {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is an aggregate function", name_text)
        .Hint("Use DROP AGGREGATE to drop aggregate functions.");
  }
  obj.oid = proc->oid;
  return obj;
}

}  // namespace

Oid LookupFuncWithArgs(ParseState& ps, const PgQuery__ObjectWithArgs* owa, bool aggregate) {
  return ResolveFunction(ps, owa, aggregate, /*missing_ok=*/false).oid;
}

nodes::UtilityStmtPtr TransformDropFunctions(ParseState& ps, const PgQuery__DropStmt* s) {
  auto stmt = std::make_shared<nodes::DropStmt>();
  bool aggregate = s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE;
  stmt->remove_type = aggregate ? nodes::ObjectType::kAggregate : nodes::ObjectType::kFunction;
  stmt->missing_ok = s->missing_ok;
  stmt->behavior = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
                       ? nodes::DropBehavior::kCascade
                       : nodes::DropBehavior::kRestrict;
  for (const raw::Node* n : raw::Span(s->n_objects, s->objects)) {
    stmt->objects.push_back(ResolveFunction(ps, n->object_with_args, aggregate, s->missing_ok));
  }
  return stmt;
}

}  // namespace hyrax::parser
