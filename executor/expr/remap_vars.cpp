// Column renumbering by name (see remap_vars.h).
#include "executor/expr/remap_vars.h"

#include "common/error.h"
#include "executor/expr/expr_tree.h"

namespace hyrax::executor {

int ColumnPositionByName(const storage::TupleDesc& desc, const std::string& name) {
  for (int i = 0; i < desc.natts(); ++i) {
    if (!desc.attr(i).dropped && desc.attr(i).name == name) return i;
  }
  throw MakeError(errcode::kInternalError, "column \"{}\" not found in the relation's layout",
                  name);
}

nodes::ExprPtr RemapVarsByName(const nodes::ExprPtr& expr, const storage::TupleDesc& from,
                               const storage::TupleDesc& to) {
  return MutateExpr(expr, [&](const nodes::ExprPtr& e) -> nodes::ExprPtr {
    if (e->tag != nodes::NodeTag::kVar) return nullptr;
    const auto& v = *nodes::As<nodes::Var>(e);
    if (v.varlevelsup != 0 || v.varattno <= 0) return nullptr;
    auto copy = std::make_shared<nodes::Var>(v);
    copy->varattno = static_cast<nodes::AttrNumber>(
        ColumnPositionByName(to, from.attr(v.varattno - 1).name) + 1);
    return copy;
  });
}

}  // namespace hyrax::executor
