// Collecting the user functions a tree calls (see function_refs.h).
#include "nodes/function_refs.h"

#include <algorithm>

#include "nodes/node_funcs.h"

namespace hyrax::nodes {

namespace {

bool NoteFunction(const Expr& e, std::vector<Oid>* out) {
  Oid fn = kInvalidOid;
  if (e.tag == NodeTag::kFuncExpr) fn = static_cast<const FuncExpr&>(e).funcid;
  if (e.tag == NodeTag::kAggref) fn = static_cast<const Aggref&>(e).aggfnoid;
  if (e.tag == NodeTag::kWindowFunc) fn = static_cast<const WindowFunc&>(e).winfnoid;
  if (fn >= kFirstNormalObjectId && std::find(out->begin(), out->end(), fn) == out->end()) {
    out->push_back(fn);
  }
  return false;
}

}  // namespace

std::vector<Oid> UserFunctionsCalled(const Query& query) {
  std::vector<Oid> out;
  WalkQueryExprs(query, [&](const Expr& e, int) { return NoteFunction(e, &out); });
  return out;
}

std::vector<Oid> UserFunctionsCalled(const ExprPtr& expr) {
  std::vector<Oid> out;
  WalkExprTree(
      expr, [&](const Expr& e, int) { return NoteFunction(e, &out); }, /*into_sublinks=*/true);
  return out;
}

}  // namespace hyrax::nodes
