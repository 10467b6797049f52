// Ordered-set and hypothetical-set aggregate calls (agg(direct args) WITHIN GROUP (ORDER BY
// aggregated args)), following PostgreSQL's ParseFuncOrColumn: the call is resolved with
// the ORDER BY expressions as extra arguments, then the split between direct and
// aggregated arguments is checked against pg_aggregate.aggnumdirectargs, and the
// hypothetical arguments of rank() & co. are unified with their ordering columns.
#include "parser/analyze/agg.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/type_oids.h"

namespace hyrax::parser {

namespace {

[[noreturn]] void NoSuchFunction(ParseState& ps, const std::string& signature, std::string hint,
                                 int location) {
  ThrowAt(ps,
          Error(errcode::kUndefinedFunction, "function " + signature + " does not exist")
              .Hint(std::move(hint)),
          location);
}

std::string DirectArgsHint(const std::string& name, int required, int given) {
  return fmt::format("There is an ordered-set aggregate {}, but it requires {} direct {}, not {}.",
                     name, required, required == 1 ? "argument" : "arguments", given);
}

// PostgreSQL's unify_hypothetical_args: each hypothetical direct argument and its ordering
// column are coerced to their common type when the aggregate takes "any".
void UnifyHypotheticalArgs(ParseState& ps, ExprList& args, std::vector<Oid>& actual,
                           const std::vector<Oid>& declared, size_t n_aggregated) {
  size_t n_direct = args.size() - n_aggregated;
  if (n_direct < n_aggregated) {
    throw Error(errcode::kInternalError,
                "incorrect number of arguments to hypothetical-set aggregate");
  }
  size_t n_plain = n_direct - n_aggregated;
  for (size_t h = n_plain; h < n_direct; ++h) {
    size_t a = n_direct + (h - n_plain);
    if (declared[h] != declared[a]) {
      throw Error(errcode::kInternalError,
                  "hypothetical-set aggregate has inconsistent declared argument types");
    }
    if (declared[h] != kAnyOid) continue;
    // The aggregated argument's type is preferred (coerce the direct argument once).
    ExprList pair{args[a], args[h]};
    Oid common = SelectCommonType(ps, pair, "WITHIN GROUP");
    int32_t typmod = SelectCommonTypmod(pair, common);
    args[h] = CoerceType(ps, args[h], actual[h], common, typmod, CoercionContext::kImplicit,
                         nodes::CoercionForm::kImplicitCast, -1);
    actual[h] = common;
    args[a] = CoerceType(ps, args[a], actual[a], common, typmod, CoercionContext::kImplicit,
                         nodes::CoercionForm::kImplicitCast, -1);
    actual[a] = common;
  }
}

}  // namespace

void CheckOrderedSetCall(ParseState& ps, const OrderedSetCall& call, ExprList& args,
                         std::vector<Oid>& actual) {
  int nargs = static_cast<int>(args.size());
  int n_aggregated = call.n_order;
  int n_direct = nargs - n_aggregated;
  if (call.vatype == kInvalidOid) {
    if (n_direct != call.cat_direct_args) {
      NoSuchFunction(ps, call.signature, DirectArgsHint(call.name, call.cat_direct_args, n_direct),
                     call.location);
    }
  } else {
    // Variadic: "... ORDER BY VARIADIC" keeps the direct arguments fixed; with both sides
    // variadic (catDirectArgs = pronargs) the variadic arguments are split between them.
    int pronargs = nargs - (call.nvargs > 1 ? call.nvargs - 1 : 0);
    if (call.cat_direct_args < pronargs) {
      if (n_direct != call.cat_direct_args) {
        NoSuchFunction(ps, call.signature,
                       DirectArgsHint(call.name, call.cat_direct_args, n_direct), call.location);
      }
    } else if (call.aggkind == 'h') {
      if (call.nvargs != 2 * n_aggregated) {
        NoSuchFunction(
            ps, call.signature,
            fmt::format("To use the hypothetical-set aggregate {}, the number of hypothetical "
                        "direct arguments (here {}) must match the number of ordering columns "
                        "(here {}).",
                        call.name, call.nvargs - n_aggregated, n_aggregated),
            call.location);
      }
    } else if (call.nvargs <= n_aggregated) {
      NoSuchFunction(
          ps, call.signature,
          fmt::format("There is an ordered-set aggregate {}, but it requires at least {} direct "
                      "{}.",
                      call.name, call.cat_direct_args,
                      call.cat_direct_args == 1 ? "argument" : "arguments"),
          call.location);
    }
  }
  if (call.aggkind == 'h') {
    UnifyHypotheticalArgs(ps, args, actual, call.declared, static_cast<size_t>(n_aggregated));
  }
}

}  // namespace hyrax::parser
