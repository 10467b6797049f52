// Foreign key constraint descriptors and their error reports (see ri_constraint.h).
#include "executor/ri/ri_constraint.h"

#include <fmt/format.h>

#include "common/error.h"
#include "executor/exec/hot_update.h"
#include "executor/expr/function_lookup.h"
#include "executor/functions/type_io.h"

namespace hyrax::executor::ri {

namespace {

std::vector<FmgrInfo> EqualityFunctions(const std::vector<Oid>& operators) {
  std::vector<FmgrInfo> out(operators.size());
  for (size_t i = 0; i < operators.size(); ++i) {
    FmgrInfoForFunction(OperatorFunction(operators[i]), &out[i]);
  }
  return out;
}

bool CallEquality(const FmgrInfo& fn, Oid collation, Datum a, Datum b) {
  LocalFunctionCallInfo<2> call(const_cast<FmgrInfo*>(&fn), collation);
  call.SetArg(0, a);
  call.SetArg(1, b);
  Datum eq = FunctionCallInvoke(&call.fcinfo);
  return !call.fcinfo.isnull && DatumGetBool(eq);
}

RiKey KeyOf(const std::vector<int>& cols, const Datum* values, const bool* nulls) {
  RiKey key;
  for (int col : cols) {
    key.values.push_back(values[col]);
    key.nulls.push_back(nulls[col]);
  }
  return key;
}

// "Key (a, b)=(1, null)" (PostgreSQL's ri_ReportViolation: names unquoted).
std::string DescribeKey(const catalog::RelationData& rel, const std::vector<int>& cols,
                        const RiKey& key) {
  std::string names, values;
  for (size_t i = 0; i < cols.size(); ++i) {
    const auto& attr = rel.desc->attr(cols[i]);
    if (i > 0) {
      names += ", ";
      values += ", ";
    }
    names += attr.name;
    values += key.nulls[i] ? "null" : OutputByType(attr.type_oid, key.values[i]);
  }
  return fmt::format("Key ({})=({})", names, values);
}

}  // namespace

bool RiKey::AnyNull() const {
  for (bool n : nulls) {
    if (n) return true;
  }
  return false;
}

bool RiKey::AllNull() const {
  for (bool n : nulls) {
    if (!n) return false;
  }
  return true;
}

RiKey RiConstraint::FkKeyOf(const Datum* values, const bool* nulls) const {
  return KeyOf(fk_cols, values, nulls);
}

RiKey RiConstraint::PkKeyOf(const Datum* values, const bool* nulls) const {
  return KeyOf(pk_cols, values, nulls);
}

bool RiConstraint::FkKeysEqual(const RiKey& a, const RiKey& b) const {
  for (int i = 0; i < nkeys(); ++i) {
    if (a.nulls[i] || b.nulls[i]) {
      if (a.nulls[i] != b.nulls[i]) return false;
      continue;
    }
    if (!CallEquality(ff_eq[i], collations[i], a.values[i], b.values[i])) return false;
  }
  return true;
}

bool RiConstraint::PkKeysIdentical(const RiKey& a, const RiKey& b) const {
  for (int i = 0; i < nkeys(); ++i) {
    if (a.nulls[i] || b.nulls[i]) {
      if (a.nulls[i] != b.nulls[i]) return false;
      continue;
    }
    if (!DatumsBinaryEqual(a.values[i], b.values[i], pk_rel->desc->attr(pk_cols[i]))) return false;
  }
  return true;
}

void RiConstraint::ReportMissingKey(const RiKey& fk_key, bool mixed_nulls) const {
  std::string detail =
      mixed_nulls ? std::string("MATCH FULL does not allow mixing of null and nonnull key values.")
                  : fmt::format("{} is not present in table \"{}\".",
                                DescribeKey(*fk_rel, fk_cols, fk_key), pk_rel->name());
  throw MakeError(errcode::kForeignKeyViolation,
                  "insert or update on table \"{}\" violates foreign key constraint \"{}\"",
                  fk_rel->name(), name())
      .Detail(detail)
      .Schema(fk_rel->namespace_name)
      .Table(fk_rel->name())
      .Constraint(name());
}

void RiConstraint::ReportStillReferenced(const RiKey& pk_key) const {
  throw MakeError(errcode::kForeignKeyViolation,
                  "update or delete on table \"{}\" violates foreign key constraint \"{}\" on "
                  "table \"{}\"",
                  pk_rel->name(), name(), fk_rel->name())
      .Detail(fmt::format("{} is still referenced from table \"{}\".",
                          DescribeKey(*pk_rel, pk_cols, pk_key), fk_rel->name()))
      .Schema(fk_rel->namespace_name)
      .Table(fk_rel->name())
      .Constraint(name());
}

RiConstraintPtr LoadRiConstraint(const catalog::PgConstraint& con) {
  auto ri = std::make_shared<RiConstraint>();
  ri->con = con;
  ri->fk_rel = catalog::RelationIdGetRelation(con.conrelid);
  ri->pk_rel = catalog::RelationIdGetRelation(con.confrelid);
  if (!ri->fk_rel || !ri->pk_rel) {
    throw MakeError(errcode::kInternalError, "could not open the relations of constraint {}",
                    con.oid);
  }
  for (int16_t attnum : con.conkey) ri->fk_cols.push_back(attnum - 1);
  for (int16_t attnum : con.confkey) {
    ri->pk_cols.push_back(attnum - 1);
    ri->collations.push_back(ri->pk_rel->desc->attr(attnum - 1).collation);
  }
  ri->pf_eq = EqualityFunctions(con.conpfeqop);
  ri->pp_eq = EqualityFunctions(con.conppeqop);
  ri->ff_eq = EqualityFunctions(con.conffeqop);
  return ri;
}

}  // namespace hyrax::executor::ri
