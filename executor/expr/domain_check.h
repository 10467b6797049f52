// Domain constraints at run time (PostgreSQL's CoerceToDomain evaluation): the NOT NULL and
// CHECK constraints of a domain and of the domains it is based on, base-most first and by
// name within a domain (typcache.c's order), and the steps that raise 23502 "domain x does
// not allow null values" and 23514 "value for domain x violates check constraint \"c\"".
// The value being checked is what a CHECK expression's VALUE (CoerceToDomainValue) reads.
#pragma once

#include <string>
#include <vector>

#include "executor/exec/tuple_slot.h"
#include "executor/expr/complex_steps.h"
#include "executor/expr/expr_context.h"
#include "nodes/primnodes.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::executor {

struct DomainConstraint {
  std::string domain_name;      // the domain coerced to (named in errors)
  std::string constraint_name;  // empty for NOT NULL
  bool not_null = false;
  nodes::ExprPtr check;  // the CHECK expression (conbin), for !not_null
};

// The constraints a value coerced to `domain` must satisfy. Reads pg_type and pg_constraint.
std::vector<DomainConstraint> LookupDomainConstraints(Oid domain);

// Raises 23502 when the value in (*value, *isnull) is NULL.
class DomainNotNullStep : public ComplexStep {
 public:
  DomainNotNullStep(std::string domain_name, const bool* isnull)
      : domain_name_(std::move(domain_name)), isnull_(isnull) {}
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;

 private:
  std::string domain_name_;
  const bool* isnull_;
};

// Raises 23514 when the CHECK result in its input is false (NULL passes).
class DomainCheckStep : public ComplexStep {
 public:
  DomainCheckStep(std::string domain_name, std::string constraint_name, nodes::ExprPtr check)
      : check_tree(std::move(check)),
        domain_name_(std::move(domain_name)),
        constraint_name_(std::move(constraint_name)) {
    in.Resize(1);
  }
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override;
  ComplexInputs in;  // the CHECK expression's result
  // The CHECK expression; the steps computing `in` point into its constants.
  nodes::ExprPtr check_tree;

 private:
  std::string domain_name_;
  std::string constraint_name_;
};

// The domain constraints of a table's columns of domain type, for rows not built by
// expressions (COPY FROM, where PostgreSQL's domain_in checks them as each value is read).
class DomainColumnChecks {
 public:
  // Compiles a CoerceToDomain of each such column in `estate` (which must outlive this).
  DomainColumnChecks(const storage::TupleDesc& desc, ExecState* estate);
  ~DomainColumnChecks();
  // Throws 23502 / 23514 for the first column value that violates its domain.
  void Check(TupleSlot* row, ExprContext* econtext) const;

 private:
  std::vector<nodes::ExprPtr> trees_;
  std::vector<std::unique_ptr<ExprState>> exprs_;
};

}  // namespace hyrax::executor
