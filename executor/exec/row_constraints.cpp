// NOT NULL and CHECK constraints of a new row version (see row_constraints.h).
#include "executor/exec/row_constraints.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"
#include "executor/functions/type_io.h"
#include "nodes/serialize.h"

namespace hyrax::executor {

RowConstraints::RowConstraints(const catalog::RelationData& rel, ExecState* estate) : rel_(rel) {
  std::vector<const catalog::PgConstraint*> checks;
  for (const auto& con : rel_.constraints) {
    if (con.contype == 'c' && con.conbin) checks.push_back(&con);
  }
  std::sort(checks.begin(), checks.end(),
            [](const auto* a, const auto* b) { return a->conname < b->conname; });
  for (const auto* con : checks) {
    nodes::ExprPtr expr = nodes::StringToNode(*con->conbin);
    checks_.push_back(CheckConstraint{con->conname, expr, ExecInitExpr(*expr, estate)});
  }
}

std::string RowConstraints::FailingRow(TupleSlot* row) {
  row->GetAllAttrs();
  const auto& desc = row->desc();
  std::string text;
  for (int j = 0; j < desc.natts(); ++j) {
    if (desc.attr(j).dropped) continue;
    if (!text.empty()) text += ", ";
    text += row->nulls()[j] ? "null" : OutputByType(desc.attr(j).type_oid, row->values()[j]);
  }
  return "(" + text + ")";
}

void RowConstraints::CheckNotNull(TupleSlot* row) const {
  row->GetAllAttrs();
  const auto& desc = row->desc();
  for (int i = 0; i < desc.natts(); ++i) {
    const auto& attr = desc.attr(i);
    if (!attr.not_null || attr.dropped || !row->nulls()[i]) continue;
    throw Error(errcode::kNotNullViolation,
                fmt::format("null value in column \"{}\" of relation \"{}\" violates not-null "
                            "constraint",
                            attr.name, rel_.name()))
        .Detail(fmt::format("Failing row contains {}.", FailingRow(row)))
        .Schema(rel_.namespace_name)
        .Table(rel_.name())
        .Column(attr.name);
  }
}

void RowConstraints::Check(TupleSlot* row, ExprContext* econtext) const {
  CheckNotNull(row);
  if (checks_.empty()) return;
  TupleSlot* saved = econtext->scantuple;
  econtext->scantuple = row;
  for (const auto& check : checks_) {
    bool isnull = false;
    Datum ok = ExecEvalExpr(check.expr.get(), econtext, &isnull);
    if (isnull || DatumGetBool(ok)) continue;
    econtext->scantuple = saved;
    throw MakeError(errcode::kCheckViolation,
                    "new row for relation \"{}\" violates check constraint \"{}\"", rel_.name(),
                    check.name)
        .Detail(fmt::format("Failing row contains {}.", FailingRow(row)))
        .Schema(rel_.namespace_name)
        .Table(rel_.name())
        .Constraint(check.name);
  }
  econtext->scantuple = saved;
}

}  // namespace hyrax::executor
