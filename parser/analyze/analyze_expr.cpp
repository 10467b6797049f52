// Expression analysis entry points and the simple constructs: column references, $n,
// literals, casts, AND/OR/NOT, IS [NOT] NULL, IS TRUE/..., COLLATE (see analyze_expr.h).
// Follows PostgreSQL's transformExprRecurse, transformColumnRef, transformParamRef,
// make_const, transformTypeCast, transformBoolExpr, transformCollateClause.
#include "parser/analyze/analyze_expr.h"

#include <cstdlib>
#include <limits>

#include "common/stack_depth.h"
#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_create_type.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_input.h"
#include "parser/analyze/type_names.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::parser {

using nodes::CoercionForm;

namespace {

// A decimal integer literal that fits int64 (PostgreSQL's scanint8 on a Float node).
bool ParseInt64(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    ++i;
  }
  if (i == s.size()) return false;
  __int128 v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
    if (v > static_cast<__int128>(std::numeric_limits<int64_t>::max()) + 1) return false;
  }
  if (neg) v = -v;
  if (v > std::numeric_limits<int64_t>::max() || v < std::numeric_limits<int64_t>::min()) {
    return false;
  }
  *out = static_cast<int64_t>(v);
  return true;
}

ExprPtr TransformParamRef(ParseState& ps, const PgQuery__ParamRef* pref) {
  int paramno = pref->number;
  auto& types = ps.params->types;
  if (ps.params->variable) {
    if (paramno <= 0 || paramno > 65535) {
      ThrowAt(ps, MakeError(errcode::kUndefinedParameter, "there is no parameter ${}", paramno),
              pref->location);
    }
    if (paramno > static_cast<int>(types.size())) types.resize(paramno, kInvalidOid);
    if (types[paramno - 1] == kInvalidOid) types[paramno - 1] = kUnknownOid;
  } else if (paramno <= 0 || paramno > static_cast<int>(types.size()) ||
             types[paramno - 1] == kInvalidOid) {
    ThrowAt(ps, MakeError(errcode::kUndefinedParameter, "there is no parameter ${}", paramno),
            pref->location);
  }
  auto param = std::make_shared<nodes::Param>();
  param->paramkind = nodes::ParamKind::kExtern;
  param->paramid = paramno;
  param->result_type = types[paramno - 1];
  param->result_collation = TypeCollation(param->result_type);
  param->location = pref->location;
  return param;
}

// In a SQL function body, a column reference that names no column may name a parameter:
// `name` or `function.name` (PostgreSQL's sql_fn_post_column_ref; columns win). PL/pgSQL
// record fields are parameters named `record.field`.
ExprPtr FunctionParamRef(ParseState& ps, raw::NodeSpan fields, int location) {
  const std::vector<std::string>& names = ps.params->names;
  if (names.empty() || fields.size() > 2) return nullptr;
  for (const raw::Node* f : fields) {
    if (raw::Is(f, PG_QUERY__NODE__NODE_A_STAR)) return nullptr;
  }
  // `a.b` is either function.parameter or, in PL/pgSQL, a record variable's field, which
  // the caller names "a.b".
  std::string wanted(raw::StrVal(fields[fields.size() - 1]));
  if (fields.size() == 2 && raw::StrVal(fields[0]) != ps.params->function_name) {
    wanted = std::string(raw::StrVal(fields[0])) + "." + wanted;
  }
  for (size_t i = 0; i < names.size() && i < ps.params->types.size(); ++i) {
    if (names[i].empty() || names[i] != wanted) continue;
    auto param = std::make_shared<nodes::Param>();
    param->paramkind = nodes::ParamKind::kExtern;
    param->paramid = static_cast<int>(i + 1);
    param->result_type = ps.params->types[i];
    param->result_collation = TypeCollation(param->result_type);
    param->location = location;
    return param;
  }
  return nullptr;
}

ExprPtr TransformTypeCast(ParseState& ps, const PgQuery__TypeCast* tc) {
  TypeWithMod target = TypenameTypeIdAndMod(ps, tc->type_name);
  ExprPtr expr;
  if (raw::Is(tc->arg, PG_QUERY__NODE__NODE_A_ARRAY_EXPR)) {
    int32_t base_typmod = target.typmod;
    Oid base = BaseTypeAndTypmod(target.type, &base_typmod);
    Oid elem = ElementTypeOf(base);
    expr = elem != kInvalidOid
               ? TransformArrayExpr(ps, tc->arg->a_array_expr, base, elem, base_typmod)
               : TransformExprRecurse(ps, tc->arg);
  } else {
    expr = TransformExprRecurse(ps, tc->arg);
  }
  Oid input = expr->result_type;
  if (input == kInvalidOid) return expr;
  int location = tc->location >= 0 ? tc->location : tc->type_name->location;
  ExprPtr result =
      CoerceToTargetType(ps, expr, input, target.type, target.typmod, CoercionContext::kExplicit,
                         CoercionForm::kExplicitCast, location);
  if (!result) {
    ThrowAt(ps,
            MakeError(errcode::kCannotCoerce, "cannot cast type {} to {}", FormatTypeBe(input),
                      FormatTypeBe(target.type)),
            location >= 0 ? location : nodes::ExprLocation(expr.get()));
  }
  return result;
}

ExprPtr TransformBoolExpr(ParseState& ps, const PgQuery__BoolExpr* b) {
  const char* opname = "AND";
  nodes::BoolExprType op = nodes::BoolExprType::kAnd;
  switch (b->boolop) {
    case PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR:
      opname = "OR";
      op = nodes::BoolExprType::kOr;
      break;
    case PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR:
      opname = "NOT";
      op = nodes::BoolExprType::kNot;
      break;
    default:
      break;
  }
  ExprList args;
  for (const raw::Node* arg : raw::Span(b->n_args, b->args)) {
    args.push_back(CoerceToBoolean(ps, TransformExprRecurse(ps, arg), opname));
  }
  auto result = nodes::MakeBoolExpr(op, std::move(args));
  result->location = b->location;
  return result;
}

ExprPtr TransformNullTest(ParseState& ps, const PgQuery__NullTest* n) {
  auto test = std::make_shared<nodes::NullTest>();
  test->arg = TransformExprRecurse(ps, n->arg);
  test->nulltesttype = n->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL
                           ? nodes::NullTestType::kIsNotNull
                           : nodes::NullTestType::kIsNull;
  test->argisrow = IsComplexType(test->arg->result_type);
  test->result_type = kBoolOid;
  test->location = n->location;
  return test;
}

ExprPtr TransformBooleanTest(ParseState& ps, const PgQuery__BooleanTest* b) {
  static const char* const kNames[] = {
      "", "IS TRUE", "IS NOT TRUE", "IS FALSE", "IS NOT FALSE", "IS UNKNOWN", "IS NOT UNKNOWN"};
  int kind = static_cast<int>(b->booltesttype);
  if (kind < 1 || kind > 6) throw Error(errcode::kInternalError, "unrecognized booltesttype");
  auto test = std::make_shared<nodes::BooleanTest>();
  test->arg = CoerceToBoolean(ps, TransformExprRecurse(ps, b->arg), kNames[kind]);
  test->booltesttype = static_cast<nodes::BoolTestType>(kind - 1);
  test->result_type = kBoolOid;
  test->location = b->location;
  return test;
}

ExprPtr TransformCollateClause(ParseState& ps, const PgQuery__CollateClause* c) {
  ExprPtr arg = TransformExprRecurse(ps, c->arg);
  Oid argtype = arg->result_type;
  if (!TypeIsCollatable(argtype) && argtype != kUnknownOid) {
    ThrowAt(ps,
            MakeError(errcode::kDatatypeMismatch, "collations are not supported by type {}",
                      FormatTypeBe(argtype)),
            c->location);
  }
  auto coll = std::make_shared<nodes::CollateExpr>();
  coll->collOid = LookupCollation(ps, NameList(raw::Span(c->n_collname, c->collname)), c->location);
  coll->result_type = argtype;
  coll->result_typmod = arg->result_typmod;
  coll->arg = std::move(arg);
  coll->location = c->location;
  return coll;
}

ExprPtr TransformNamedArg(ParseState& ps, const PgQuery__NamedArgExpr* na) {
  auto named = std::make_shared<nodes::NamedArgExpr>();
  named->arg = TransformExprRecurse(ps, na->arg);
  named->name = raw::Str(na->name);
  named->argnumber = -1;
  named->result_type = named->arg->result_type;
  named->result_typmod = named->arg->result_typmod;
  named->location = na->location;
  return named;
}

[[noreturn]] void Unsupported(ParseState& ps, const char* what, int location) {
  ThrowAt(ps, MakeError(errcode::kFeatureNotSupported, "{} is not supported", what), location);
}

}  // namespace

std::vector<std::string> NameList(raw::NodeSpan names) {
  return raw::StringList(names);
}

ExprPtr MakeConstFromRaw(ParseState& ps, const PgQuery__AConst* ac) {
  if (ac->isnull) {
    auto c = nodes::MakeNullConst(kUnknownOid, -1, kInvalidOid, -2, false);
    c->location = ac->location;
    return c;
  }
  switch (ac->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL: {
      auto c = nodes::MakeInt4Const(ac->ival->ival);
      c->location = ac->location;
      return c;
    }
    case PG_QUERY__A__CONST__VAL_FVAL: {
      std::string_view text = raw::Str(ac->fval->fval);
      int64_t v64;
      if (ParseInt64(text, &v64)) {
        ExprPtr c = v64 >= INT32_MIN && v64 <= INT32_MAX
                        ? ExprPtr(nodes::MakeInt4Const(static_cast<int32_t>(v64)))
                        : ExprPtr(nodes::MakeInt8Const(v64));
        c->location = ac->location;
        return c;
      }
      return StringToTypedConst(ps, kNumericOid, -1, text, ac->location);
    }
    case PG_QUERY__A__CONST__VAL_BOOLVAL: {
      auto c = nodes::MakeBoolConst(ac->boolval->boolval);
      c->location = ac->location;
      return c;
    }
    case PG_QUERY__A__CONST__VAL_SVAL:
      return MakeUnknownConst(raw::Str(ac->sval->sval), ac->location);
    case PG_QUERY__A__CONST__VAL_BSVAL:
      return StringToTypedConst(ps, kBitOid, -1, raw::Str(ac->bsval->bsval), ac->location);
    default:
      break;
  }
  throw Error(errcode::kInternalError, "unrecognized constant kind");
}

ExprPtr TransformColumnRef(ParseState& ps, const PgQuery__ColumnRef* cref) {
  if (ps.expr_kind == ExprKind::kColumnDefault || ps.expr_kind == ExprKind::kPartitionBound) {
    ThrowAt(ps,
            Error(errcode::kFeatureNotSupported,
                  ps.expr_kind == ExprKind::kColumnDefault
                      ? "cannot use column reference in DEFAULT expression"
                      : "cannot use column reference in partition bound expression"),
            cref->location);
  }
  raw::NodeSpan fields = raw::Span(cref->n_fields, cref->fields);
  auto is_star = [](const raw::Node* n) { return raw::Is(n, PG_QUERY__NODE__NODE_A_STAR); };
  auto name_of = [](const raw::Node* n) { return std::string(raw::StrVal(n)); };
  std::string nspname, relname, colname;
  bool no_rte = false;
  ExprPtr node;
  switch (fields.size()) {
    case 1: {
      if (is_star(fields[0])) {
        ThrowAt(ps, Error(errcode::kSyntaxError, "improper use of \"*\""), cref->location);
      }
      colname = name_of(fields[0]);
      if (ExprPtr value = DomainCheckValue(colname, cref->location)) return value;
      node = ColNameToVar(ps, colname, false, cref->location);
      if (!node) {
        if (auto match = RefnameNamespaceItem(ps, "", colname, cref->location)) {
          node = MakeWholeRowVar(ps, match->item, match->levels_up, cref->location);
        }
      }
      break;
    }
    case 2:
    case 3:
    case 4: {
      size_t n = fields.size();
      if (n == 4) {
        std::string catname = name_of(fields[0]);
        auto db = catalog::Syscache().DatabaseByOid(storage::g_my_database_id);
        if (!db || db->datname != catname) {
          std::vector<std::string> parts;
          for (const raw::Node* f : fields) parts.push_back(is_star(f) ? "*" : name_of(f));
          ThrowAt(
              ps,
              MakeError(errcode::kFeatureNotSupported,
                        "cross-database references are not implemented: {}", raw::JoinName(parts)),
              cref->location);
        }
      }
      if (n >= 3) nspname = name_of(fields[n - 3]);
      relname = name_of(fields[n - 2]);
      auto match = RefnameNamespaceItem(ps, nspname, relname, cref->location);
      if (!match) {
        no_rte = true;
        break;
      }
      if (is_star(fields[n - 1])) {
        node = MakeWholeRowVar(ps, match->item, match->levels_up, cref->location);
        break;
      }
      colname = name_of(fields[n - 1]);
      node = ScanNsItemForColumn(ps, *match, colname, cref->location);
      break;
    }
    default: {
      std::vector<std::string> parts;
      for (const raw::Node* f : fields) parts.push_back(is_star(f) ? "*" : name_of(f));
      ThrowAt(
          ps,
          MakeError(errcode::kSyntaxError, "improper qualified name (too many dotted names): {}",
                    raw::JoinName(parts)),
          cref->location);
    }
  }
  if (node) return node;
  if (ExprPtr param = FunctionParamRef(ps, fields, cref->location)) return param;
  if (no_rte) ErrorMissingRte(ps, nspname, relname, cref->location);
  ErrorMissingColumn(ps, relname, colname, cref->location);
}

ExprPtr TransformExpr(ParseState& ps, const raw::Node* node, ExprKind kind) {
  ExprKind saved = ps.expr_kind;
  ps.expr_kind = kind;
  ExprPtr result;
  try {
    result = TransformExprRecurse(ps, node);
  } catch (...) {
    ps.expr_kind = saved;
    throw;
  }
  ps.expr_kind = saved;
  return result;
}

ExprPtr TransformExprRecurse(ParseState& ps, const raw::Node* node) {
  CheckStackDepth();
  if (node == nullptr) return nullptr;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF:
      return TransformColumnRef(ps, node->column_ref);
    case PG_QUERY__NODE__NODE_PARAM_REF:
      return TransformParamRef(ps, node->param_ref);
    case PG_QUERY__NODE__NODE_A_CONST:
      return MakeConstFromRaw(ps, node->a_const);
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
      return TransformIndirection(ps, node->a_indirection);
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
      return TransformArrayExpr(ps, node->a_array_expr, kInvalidOid, kInvalidOid, -1);
    case PG_QUERY__NODE__NODE_TYPE_CAST:
      return TransformTypeCast(ps, node->type_cast);
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
      return TransformCollateClause(ps, node->collate_clause);
    case PG_QUERY__NODE__NODE_A_EXPR:
      return TransformAExpr(ps, node->a_expr);
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
      return TransformBoolExpr(ps, node->bool_expr);
    case PG_QUERY__NODE__NODE_FUNC_CALL:
      return TransformFuncCall(ps, node->func_call);
    case PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF:
      return TransformMultiAssignRef(ps, node->multi_assign_ref);
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
      return TransformGroupingFunc(ps, node->grouping_func);
    case PG_QUERY__NODE__NODE_NAMED_ARG_EXPR:
      return TransformNamedArg(ps, node->named_arg_expr);
    case PG_QUERY__NODE__NODE_SUB_LINK:
      return TransformSubLink(ps, node->sub_link);
    case PG_QUERY__NODE__NODE_CASE_EXPR:
      return TransformCaseExpr(ps, node->case_expr);
    case PG_QUERY__NODE__NODE_ROW_EXPR:
      return TransformRowExpr(ps, node->row_expr);
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
      return TransformCoalesceExpr(ps, node->coalesce_expr);
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
      return TransformMinMaxExpr(ps, node->min_max_expr);
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
      return TransformSQLValueFunction(ps, node->sqlvalue_function);
    case PG_QUERY__NODE__NODE_NULL_TEST:
      return TransformNullTest(ps, node->null_test);
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
      return TransformBooleanTest(ps, node->boolean_test);
    case PG_QUERY__NODE__NODE_SET_TO_DEFAULT:
      ThrowAt(ps, Error(errcode::kSyntaxError, "DEFAULT is not allowed in this context"),
              node->set_to_default->location);
    case PG_QUERY__NODE__NODE_CURRENT_OF_EXPR:
      Unsupported(ps, "WHERE CURRENT OF", -1);
    case PG_QUERY__NODE__NODE_XML_EXPR:
      Unsupported(ps, "XML", node->xml_expr->location);
    case PG_QUERY__NODE__NODE_XML_SERIALIZE:
      Unsupported(ps, "XMLSERIALIZE", node->xml_serialize->location);
    default:
      break;
  }
  throw MakeError(errcode::kFeatureNotSupported, "expression node type {} is not supported",
                  static_cast<int>(node->node_case));
}

ExprList TransformExpressionList(ParseState& ps, raw::NodeSpan items, ExprKind kind,
                                 bool allow_default) {
  ExprList out;
  for (const raw::Node* item : items) {
    if (raw::Is(item, PG_QUERY__NODE__NODE_SET_TO_DEFAULT)) {
      if (!allow_default) {
        ThrowAt(ps, Error(errcode::kSyntaxError, "DEFAULT is not allowed in this context"),
                item->set_to_default->location);
      }
      auto def = std::make_shared<nodes::SetToDefault>();
      def->location = item->set_to_default->location;
      out.push_back(def);
      continue;
    }
    out.push_back(TransformExpr(ps, item, kind));
  }
  return out;
}

}  // namespace hyrax::parser
