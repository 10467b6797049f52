// Domain constraint lookup and checks (see domain_check.h).
#include "executor/expr/domain_check.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"
#include "executor/expr/expr_state.h"
#include "nodes/make_nodes.h"
#include "nodes/serialize.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

std::vector<DomainConstraint> LookupDomainConstraints(Oid domain) {
  std::vector<DomainConstraint> result;
  auto& cache = catalog::Syscache();
  // Errors name the domain coerced to, also for constraints of its base domains.
  auto top = cache.TypeByOid(domain);
  std::string domain_name = top ? top->typname : "";
  for (auto type = cache.TypeByOid(domain); type && type->typtype == 'd';
       type = cache.TypeByOid(type->typbasetype)) {
    std::vector<DomainConstraint> level;
    std::vector<catalog::PgConstraint> checks;
    for (const auto& ref : catalog::ScanCatalog<catalog::PgConstraint>()) {
      if (ref.row.contypid == type->oid && ref.row.contype == 'c' && ref.row.conbin) {
        checks.push_back(ref.row);
      }
    }
    std::sort(checks.begin(), checks.end(),
              [](const auto& a, const auto& b) { return a.conname < b.conname; });
    if (type->typnotnull) level.push_back({domain_name, "", true, nullptr});
    for (const auto& con : checks) {
      level.push_back({domain_name, con.conname, false, nodes::StringToNode(*con.conbin)});
    }
    // A base domain's constraints are checked before those of the domains built on it.
    result.insert(result.begin(), level.begin(), level.end());
  }
  return result;
}

void DomainNotNullStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  if (*isnull_) {
    throw MakeError(errcode::kNotNullViolation, "domain {} does not allow null values",
                    domain_name_)
        .DataType(domain_name_);
  }
  *resvalue = 0;
  *resnull = true;
}

void DomainCheckStep::Eval(ExprContext*, Datum* resvalue, bool* resnull) {
  if (!in.nulls[0] && !DatumGetBool(in.values[0])) {
    throw MakeError(errcode::kCheckViolation,
                    "value for domain {} violates check constraint \"{}\"", domain_name_,
                    constraint_name_)
        .DataType(domain_name_)
        .Constraint(constraint_name_);
  }
  *resvalue = 0;
  *resnull = true;
}

DomainColumnChecks::DomainColumnChecks(const storage::TupleDesc& desc, ExecState* estate) {
  auto& cache = catalog::Syscache();
  for (int i = 0; i < desc.natts(); ++i) {
    const auto& attr = desc.attr(i);
    if (attr.dropped) continue;
    auto type = cache.TypeByOid(attr.type_oid);
    if (!type || type->typtype != 'd' || LookupDomainConstraints(attr.type_oid).empty()) continue;
    auto coerce = std::make_shared<nodes::CoerceToDomain>();
    coerce->arg = nodes::MakeVar(1, static_cast<nodes::AttrNumber>(i + 1), type->typbasetype,
                                 type->typtypmod, attr.collation);
    coerce->result_type = attr.type_oid;
    coerce->result_typmod = attr.typmod;
    trees_.push_back(coerce);
    exprs_.push_back(ExecInitExpr(*coerce, estate));
  }
}

DomainColumnChecks::~DomainColumnChecks() = default;

void DomainColumnChecks::Check(TupleSlot* row, ExprContext* econtext) const {
  if (exprs_.empty()) return;
  TupleSlot* saved = econtext->scantuple;
  econtext->scantuple = row;
  try {
    for (const auto& expr : exprs_) {
      bool isnull = false;
      ExecEvalExpr(expr.get(), econtext, &isnull);
    }
  } catch (...) {
    econtext->scantuple = saved;
    throw;
  }
  econtext->scantuple = saved;
}

}  // namespace hyrax::executor
