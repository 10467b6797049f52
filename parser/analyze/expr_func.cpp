// Function calls (PostgreSQL's transformFuncCall and ParseFuncOrColumn): argument analysis,
// overload resolution, type-coercion calls typename(x), default and variadic arguments,
// polymorphic result types, and the Aggref / WindowFunc / FuncExpr built for the result,
// with PostgreSQL's errors for misplaced aggregate decorations and set-returning calls.
#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/agg.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/func_resolution.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

using nodes::CoercionForm;

namespace {

[[noreturn]] void WrongObject(ParseState& ps, const std::string& message, int location) {
  ThrowAt(ps, Error(errcode::kWrongObjectType, message), location);
}

// Rejects a set-returning call where it cannot be evaluated (PostgreSQL's
// check_srf_call_placement) and notes target-list SRFs.
void CheckSrfPlacement(ParseState& ps, int location) {
  const char* err = nullptr;
  bool errkind = false;
  switch (ps.expr_kind) {
    case ExprKind::kJoinOn:
    case ExprKind::kJoinUsing:
      err = "set-returning functions are not allowed in JOIN conditions";
      break;
    case ExprKind::kWhere:
    case ExprKind::kHaving:
    case ExprKind::kFilter:
    case ExprKind::kUpdateSource:
    case ExprKind::kUpdateTarget:
    case ExprKind::kLimit:
    case ExprKind::kOffset:
    case ExprKind::kReturning:
    case ExprKind::kValues:
    case ExprKind::kFromSubselect:
      errkind = true;
      break;
    case ExprKind::kWindowFrameRange:
    case ExprKind::kWindowFrameRows:
    case ExprKind::kWindowFrameGroups:
      err = "set-returning functions are not allowed in window definitions";
      break;
    case ExprKind::kCheckConstraint:
      err = "set-returning functions are not allowed in check constraints";
      break;
    case ExprKind::kColumnDefault:
    case ExprKind::kFunctionDefault:
      err = "set-returning functions are not allowed in DEFAULT expressions";
      break;
    case ExprKind::kIndexExpression:
      err = "set-returning functions are not allowed in index expressions";
      break;
    case ExprKind::kIndexPredicate:
      err = "set-returning functions are not allowed in index predicates";
      break;
    case ExprKind::kExecuteParameter:
      err = "set-returning functions are not allowed in EXECUTE parameters";
      break;
    case ExprKind::kCallArgument:
      err = "set-returning functions are not allowed in CALL arguments";
      break;
    case ExprKind::kCopyWhere:
      err = "set-returning functions are not allowed in COPY FROM WHERE conditions";
      break;
    case ExprKind::kGeneratedColumn:
      err = "set-returning functions are not allowed in column generation expressions";
      break;
    case ExprKind::kPartitionBound:
      err = "set-returning functions are not allowed in partition bound";
      break;
    case ExprKind::kPartitionExpression:
      err = "set-returning functions are not allowed in partition key expressions";
      break;
    case ExprKind::kAlterColTransform:
      err = "set-returning functions are not allowed in transform expressions";
      break;
    case ExprKind::kSelectTarget:
    case ExprKind::kInsertTarget:
    case ExprKind::kGroupBy:
    case ExprKind::kOrderBy:
    case ExprKind::kDistinctOn:
    case ExprKind::kValuesSingle:
    case ExprKind::kWindowPartition:
    case ExprKind::kWindowOrder:
      ps.has_target_srfs = true;
      break;
    default:
      break;
  }
  if (err) ThrowAt(ps, Error(errcode::kFeatureNotSupported, err), location);
  if (errkind) {
    ThrowAt(ps,
            MakeError(errcode::kFeatureNotSupported,
                      "set-returning functions are not allowed in {}", ExprKindName(ps.expr_kind)),
            location);
  }
}

struct CallShape {
  const PgQuery__FuncCall* fn;
  std::vector<std::string> names;
  std::string name_string;
  bool has_order() const { return fn->n_agg_order > 0; }
};

void RejectAggDecorations(ParseState& ps, const CallShape& call, const char* what_is) {
  const PgQuery__FuncCall* fn = call.fn;
  const std::string& n = call.name_string;
  if (fn->agg_star) {
    WrongObject(ps, fmt::format("{}(*) specified, but {} is not {}", n, n, what_is), fn->location);
  }
  if (fn->agg_distinct) {
    WrongObject(ps, fmt::format("DISTINCT specified, but {} is not {}", n, what_is), fn->location);
  }
  if (fn->agg_within_group) {
    WrongObject(ps, fmt::format("WITHIN GROUP specified, but {} is not {}", n, what_is),
                fn->location);
  }
  if (call.has_order()) {
    WrongObject(ps, fmt::format("ORDER BY specified, but {} is not {}", n, what_is), fn->location);
  }
  if (fn->agg_filter) {
    WrongObject(ps, fmt::format("FILTER specified, but {} is not {}", n, what_is), fn->location);
  }
  if (fn->over) {
    WrongObject(
        ps,
        fmt::format("OVER specified, but {} is not a window function nor an aggregate function", n),
        fn->location);
  }
}

// Named arguments into positional order and default arguments appended, so the FuncExpr
// carries every argument in parameter order (PostgreSQL does this in the planner).
void ToPositional(ExprList& args, std::vector<Oid>& declared, const FuncDetail& detail) {
  if (detail.argnumbers.empty()) {
    for (const auto& d : detail.argdefaults) args.push_back(d);
    return;
  }
  size_t nparams = detail.argnumbers.size();
  ExprList ordered(nparams);
  std::vector<Oid> ordered_types(nparams);
  size_t next_default = 0;
  for (size_t i = 0; i < nparams; ++i) {
    int p = detail.argnumbers[i];
    ExprPtr arg = i < args.size() ? args[i] : detail.argdefaults[next_default++];
    if (arg->tag == nodes::NodeTag::kNamedArgExpr) arg = nodes::As<nodes::NamedArgExpr>(arg)->arg;
    ordered[p] = arg;
    ordered_types[p] = declared[i];
  }
  args = std::move(ordered);
  declared = std::move(ordered_types);
}

// The pg_aggregate kind of a resolved aggregate, after PostgreSQL's checks of WITHIN GROUP
// against it (required for ordered-set aggregates, not allowed for plain ones, no OVER) and
// of the direct/aggregated argument split.
char CheckAggregateKind(ParseState& ps, const CallShape& call, const FuncDetail& detail,
                        ExprList& args, std::vector<Oid>& actual,
                        const std::vector<std::string>& argnames) {
  const PgQuery__FuncCall* fn = call.fn;
  auto aggrow = catalog::Syscache().AggregateByFnOid(detail.funcid);
  char aggkind = aggrow ? aggrow->aggkind : 'n';
  if (aggkind == 'n') {
    if (fn->agg_within_group) {
      WrongObject(ps,
                  fmt::format("{} is not an ordered-set aggregate, so it cannot have WITHIN GROUP",
                              call.name_string),
                  fn->location);
    }
    return aggkind;
  }
  if (!fn->agg_within_group) {
    WrongObject(
        ps, fmt::format("WITHIN GROUP is required for ordered-set aggregate {}", call.name_string),
        fn->location);
  }
  if (fn->over) {
    ThrowAt(ps,
            MakeError(errcode::kFeatureNotSupported,
                      "OVER is not supported for ordered-set aggregate {}", call.name_string),
            fn->location);
  }
  OrderedSetCall os;
  os.name = call.name_string;
  os.signature = FuncSignatureString(call.names, argnames, actual);
  os.aggkind = aggkind;
  os.cat_direct_args = aggrow->aggnumdirectargs;
  os.n_order = static_cast<int>(fn->n_agg_order);
  os.vatype = detail.vatype;
  os.nvargs = detail.nvargs;
  os.declared = detail.true_typeids;
  os.location = fn->location;
  CheckOrderedSetCall(ps, os, args, actual);
  return aggkind;
}

}  // namespace

ExprPtr TransformFuncCall(ParseState& ps, const PgQuery__FuncCall* fn) {
  CallShape call{fn, NameList(raw::Span(fn->n_funcname, fn->funcname)), {}};
  call.name_string = NameListToString(call.names);
  ExprList args;
  std::vector<std::string> argnames;
  for (const raw::Node* a : raw::Span(fn->n_args, fn->args)) {
    ExprPtr arg = TransformExprRecurse(ps, a);
    if (arg->tag == nodes::NodeTag::kNamedArgExpr) {
      const auto* named = nodes::As<nodes::NamedArgExpr>(arg);
      for (const auto& prior : argnames) {
        if (prior == named->name) {
          ThrowAt(ps,
                  MakeError(errcode::kSyntaxError, "argument name \"{}\" used more than once",
                            named->name),
                  named->location);
        }
      }
      argnames.push_back(named->name);
    } else if (!argnames.empty()) {
      ThrowAt(ps, Error(errcode::kSyntaxError, "positional argument cannot follow named argument"),
              nodes::ExprLocation(arg.get()));
    }
    args.push_back(arg);
  }
  // WITHIN GROUP's ORDER BY expressions take part in the lookup as trailing arguments.
  if (fn->agg_within_group) {
    for (const raw::Node* o : raw::Span(fn->n_agg_order, fn->agg_order)) {
      args.push_back(TransformExpr(ps, o->sort_by->node, ExprKind::kOrderBy));
    }
  }
  std::vector<Oid> actual;
  for (const auto& a : args) actual.push_back(a->result_type);
  FuncDetail detail = WithErrorPosition(ps, fn->location, [&] {
    return FuncGetDetail(ps, call.names, args, argnames, actual, !fn->func_variadic, true);
  });
  char aggkind = 'n';
  switch (detail.kind) {
    case FuncDetailKind::kCoercion:
      RejectAggDecorations(ps, call, "an aggregate function");
      return CoerceType(ps, args[0], actual[0], detail.rettype, -1, CoercionContext::kExplicit,
                        CoercionForm::kExplicitCall, fn->location);
    case FuncDetailKind::kNormal:
      RejectAggDecorations(ps, call, "an aggregate function");
      break;
    case FuncDetailKind::kProcedure:
      ThrowAt(ps,
              MakeError(errcode::kWrongObjectType, "{} is a procedure",
                        FuncSignatureString(call.names, argnames, actual))
                  .Hint("To call a procedure, use CALL."),
              fn->location);
    case FuncDetailKind::kAggregate:
      aggkind = CheckAggregateKind(ps, call, detail, args, actual, argnames);
      break;
    case FuncDetailKind::kWindowFunc:
      if (!fn->over) {
        WrongObject(ps, fmt::format("window function {} requires an OVER clause", call.name_string),
                    fn->location);
      }
      if (fn->agg_within_group) {
        WrongObject(ps,
                    fmt::format("window function {} cannot have WITHIN GROUP", call.name_string),
                    fn->location);
      }
      break;
    case FuncDetailKind::kMultiple:
      ThrowAt(
          ps,
          Error(errcode::kAmbiguousFunction,
                "function " + FuncSignatureString(call.names, argnames, actual) + " is not unique")
              .Hint("Could not choose a best candidate function. You might need to add "
                    "explicit type casts."),
          fn->location);
    case FuncDetailKind::kNotFound:
      ThrowAt(
          ps,
          Error(errcode::kUndefinedFunction,
                "function " + FuncSignatureString(call.names, argnames, actual) + " does not exist")
              .Hint(fn->n_agg_order > 1 && !fn->agg_within_group
                        ? "No aggregate function matches the given name and argument types. "
                          "Perhaps you misplaced ORDER BY; ORDER BY must appear after all "
                          "regular arguments of the aggregate."
                        : "No function matches the given name and argument types. You might "
                          "need to add explicit type casts."),
          fn->location);
  }
  // Polymorphic resolution sees the defaults' types too.
  std::vector<Oid> declared = detail.true_typeids;
  std::vector<Oid> actual_plus = actual;
  for (const auto& d : detail.argdefaults) actual_plus.push_back(d->result_type);
  declared.resize(actual_plus.size());
  Oid rettype = WithErrorPosition(ps, fn->location, [&] {
    return EnforceGenericTypeConsistency(actual_plus, declared, detail.rettype, false);
  });
  std::vector<Oid> declared_args(declared.begin(), declared.begin() + args.size());
  MakeFnArguments(ps, args, actual, declared_args);
  bool func_variadic = fn->func_variadic && detail.vatype != kInvalidOid;
  if (detail.nvargs > 0 && detail.vatype != kAnyOid) {
    size_t fixed = args.size() - detail.nvargs;
    auto arr = std::make_shared<nodes::ArrayExpr>();
    arr->elements.assign(args.begin() + fixed, args.end());
    args.resize(fixed);
    arr->element_typeid = arr->elements[0]->result_type;
    arr->result_type = ArrayTypeOf(arr->element_typeid);
    arr->location = nodes::ExprListLocation(arr->elements);
    if (arr->result_type == kInvalidOid) {
      ThrowAt(ps,
              MakeError(errcode::kUndefinedObject, "could not find array type for data type {}",
                        FormatTypeBe(arr->element_typeid)),
              arr->location);
    }
    args.push_back(arr);
    func_variadic = true;
  }
  if (!args.empty() && detail.vatype == kAnyOid && func_variadic &&
      ElementTypeOf(BaseType(args.back()->result_type)) == kInvalidOid) {
    ThrowAt(ps, Error(errcode::kDatatypeMismatch, "VARIADIC argument must be an array"),
            nodes::ExprLocation(args.back().get()));
  }
  if (detail.retset) CheckSrfPlacement(ps, fn->location);

  if (detail.kind == FuncDetailKind::kNormal) {
    ToPositional(args, declared, detail);
    auto f = std::make_shared<nodes::FuncExpr>();
    f->funcid = detail.funcid;
    f->result_type = rettype;
    f->funcretset = detail.retset;
    f->funcvariadic = func_variadic;
    f->funcformat = fn->funcformat == PG_QUERY__COERCION_FORM__COERCE_SQL_SYNTAX
                        ? CoercionForm::kSqlSyntax
                        : CoercionForm::kExplicitCall;
    f->args = std::move(args);
    f->location = fn->location;
    return f;
  }
  if (detail.kind == FuncDetailKind::kAggregate && fn->over == nullptr) {
    if (args.empty() && !fn->agg_star && !fn->agg_within_group) {
      WrongObject(ps,
                  fmt::format("{}(*) must be used to call a parameterless aggregate function",
                              call.name_string),
                  fn->location);
    }
    if (detail.retset) {
      ThrowAt(ps, Error(errcode::kInvalidFunctionDefinition, "aggregates cannot return sets"),
              fn->location);
    }
    if (!argnames.empty()) {
      ThrowAt(ps, Error(errcode::kFeatureNotSupported, "aggregates cannot use named arguments"),
              fn->location);
    }
    auto agg = std::make_shared<nodes::Aggref>();
    agg->aggfnoid = detail.funcid;
    agg->result_type = rettype;
    agg->aggstar = fn->agg_star;
    agg->aggvariadic = func_variadic;
    agg->location = fn->location;
    agg->aggkind = aggkind;
    if (fn->agg_filter) {
      agg->aggfilter =
          CoerceToBoolean(ps, TransformExpr(ps, fn->agg_filter, ExprKind::kFilter), "FILTER");
    }
    TransformAggregateCall(ps, *agg, std::move(args), raw::Span(fn->n_agg_order, fn->agg_order),
                           fn->agg_distinct);
    return agg;
  }
  // A window function, or an aggregate used as one.
  auto w = std::make_shared<nodes::WindowFunc>();
  w->winfnoid = detail.funcid;
  w->result_type = rettype;
  w->args = std::move(args);
  w->winstar = fn->agg_star;
  w->winagg = detail.kind == FuncDetailKind::kAggregate;
  w->location = fn->location;
  if (w->winagg && w->args.empty() && !fn->agg_star) {
    WrongObject(ps,
                fmt::format("{}(*) must be used to call a parameterless aggregate function",
                            call.name_string),
                fn->location);
  }
  if (fn->agg_distinct) {
    ThrowAt(
        ps,
        Error(errcode::kFeatureNotSupported, "DISTINCT is not implemented for window functions"),
        fn->location);
  }
  if (call.has_order()) {
    ThrowAt(ps,
            Error(errcode::kFeatureNotSupported,
                  "aggregate ORDER BY is not implemented for window functions"),
            fn->location);
  }
  if (fn->agg_filter) {
    if (!w->winagg) {
      ThrowAt(ps,
              Error(errcode::kFeatureNotSupported,
                    "FILTER is not implemented for non-aggregate window functions"),
              fn->location);
    }
    w->aggfilter =
        CoerceToBoolean(ps, TransformExpr(ps, fn->agg_filter, ExprKind::kFilter), "FILTER");
  }
  if (detail.retset) {
    ThrowAt(ps, Error(errcode::kInvalidFunctionDefinition, "window functions cannot return sets"),
            fn->location);
  }
  TransformWindowFuncCall(ps, *w, fn->over);
  return w;
}

}  // namespace hyrax::parser
