// Shared helpers for executor unit tests: the TSV-backed catalog, expression builders that
// resolve operators/functions/aggregates by name from PostgreSQL's catalog rows, and an
// in-memory input operator.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "executor/exec/operator.h"
#include "nodes/make_nodes.h"
#include "nodes/plannodes.h"
#include "storage/catalog/bootstrap_catalog.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor::testing {

inline constexpr Oid kBool = 16, kInt8 = 20, kInt4 = 23, kText = 25, kNumeric = 1700;

inline catalog::BootstrapCatalog& Catalog() {
  static catalog::BootstrapCatalog* catalog = [] {
    auto* c = new catalog::BootstrapCatalog();
    catalog::InstallSysCache(c);
    return c;
  }();
  return *catalog;
}

inline catalog::PgOperator FindOperator(const std::string& name, Oid left, Oid right) {
  for (const auto& op : Catalog().OperatorsByName(name)) {
    if (op.oprleft == left && op.oprright == right) return op;
  }
  ADD_FAILURE() << "no operator " << name;
  return {};
}

inline nodes::ExprPtr Int4(int32_t v) {
  return nodes::MakeInt4Const(v);
}
inline nodes::ExprPtr Int8(int64_t v) {
  return nodes::MakeInt8Const(v);
}
inline nodes::ExprPtr Bool(bool v) {
  return nodes::MakeBoolConst(v);
}
inline nodes::ExprPtr NullBool() {
  return nodes::MakeBoolConst(false, true);
}
inline nodes::ExprPtr NullInt4() {
  return nodes::MakeNullConst(kInt4, -1, kInvalidOid, 4, true);
}
inline nodes::ExprPtr Text(const std::string& s) {
  return nodes::MakeTextConst(s);
}

inline std::shared_ptr<nodes::OpExpr> Op(const std::string& name, nodes::ExprPtr l,
                                         nodes::ExprPtr r) {
  auto op = FindOperator(name, l->result_type, r->result_type);
  auto e = std::make_shared<nodes::OpExpr>();
  e->opno = op.oid;
  e->opfuncid = op.oprcode;
  e->result_type = op.oprresult;
  if (l->result_type == kText) e->inputcollid = 100;
  e->args = {std::move(l), std::move(r)};
  return e;
}

inline nodes::ExprPtr Var(nodes::Index varno, nodes::AttrNumber attno, Oid type) {
  return nodes::MakeVar(varno, attno, type, -1, type == kText ? 100 : kInvalidOid);
}

inline std::shared_ptr<nodes::BoolExpr> BoolOp(nodes::BoolExprType kind, nodes::ExprList args) {
  auto e = nodes::MakeBoolExpr(kind, std::move(args));
  e->result_type = kBool;
  return e;
}

// The pg_proc row of aggregate/function `name` with exactly these argument types.
inline catalog::PgProc FindProc(const std::string& name, const std::vector<Oid>& args) {
  for (const auto& p : Catalog().ProcsByName(name)) {
    if (p.proargtypes.size() != args.size()) continue;
    bool match = true;
    for (size_t i = 0; i < args.size(); ++i) {
      // "any" and anyelement accept every type.
      bool poly = p.proargtypes[i] == 2276 || p.proargtypes[i] == 2283;
      match &= poly || p.proargtypes[i] == args[i];
    }
    if (match) return p;
  }
  ADD_FAILURE() << "no function " << name;
  return {};
}

inline std::shared_ptr<nodes::Aggref> Agg(const std::string& name, nodes::ExprList args, int aggno,
                                          bool star = false) {
  std::vector<Oid> types;
  for (const auto& a : args) types.push_back(a->result_type);
  auto proc = FindProc(name, types);
  auto e = std::make_shared<nodes::Aggref>();
  e->aggfnoid = proc.oid;
  e->result_type = proc.prorettype;
  e->aggstar = star;
  e->aggno = aggno;
  e->aggtransno = aggno;
  e->args = std::make_shared<nodes::TargetList>();
  for (auto& a : args) {
    nodes::TargetEntry tle;
    tle.expr = a;
    tle.resno = static_cast<nodes::AttrNumber>(e->args->size() + 1);
    e->args->push_back(tle);
  }
  return e;
}

inline nodes::TargetEntry Tle(nodes::ExprPtr e, int resno, const std::string& name = "") {
  nodes::TargetEntry tle;
  tle.expr = std::move(e);
  tle.resno = static_cast<nodes::AttrNumber>(resno);
  tle.resname = name;
  return tle;
}

// A row of int4/bool/int8 (by-value) columns; nullopt = NULL.
using TestRow = std::vector<std::optional<int64_t>>;

struct TestPlanHolder {
  nodes::Result plan;
};

// Produces fixed by-value rows; counts how often it was rescanned.
class TestInputOperator : private TestPlanHolder, public Operator {
 public:
  TestInputOperator(ExecState* estate, std::vector<Oid> types, std::vector<TestRow> rows)
      : Operator(TestPlanHolder::plan, estate), rows_(std::move(rows)) {
    std::vector<int32_t> typmods(types.size(), -1);
    SetResultDesc(MakeTupleDesc(types, typmods));
    slot_ = std::make_unique<TupleSlot>(result_desc_);
  }
  int rescans = 0;

 protected:
  TupleSlot* NextImpl() override {
    if (next_ >= rows_.size()) return nullptr;
    const TestRow& row = rows_[next_++];
    slot_->Clear();
    for (size_t i = 0; i < row.size(); ++i) {
      slot_->nulls()[i] = !row[i].has_value();
      slot_->values()[i] = row[i].has_value() ? static_cast<Datum>(*row[i]) : 0;
    }
    slot_->StoreVirtual();
    return slot_.get();
  }
  void ReScanImpl() override {
    next_ = 0;
    ++rescans;
  }

 private:
  std::vector<TestRow> rows_;
  size_t next_ = 0;
  std::unique_ptr<TupleSlot> slot_;
};

// Drains an operator into rows of by-value columns (int4/int8/bool as int64).
inline std::vector<TestRow> Drain(Operator* op) {
  std::vector<TestRow> out;
  while (TupleSlot* slot = op->Next()) {
    slot->GetAllAttrs();
    TestRow row;
    for (int i = 0; i < slot->natts(); ++i) {
      if (slot->nulls()[i]) {
        row.push_back(std::nullopt);
        continue;
      }
      const auto& attr = slot->desc().attr(i);
      Datum v = slot->values()[i];
      row.push_back(attr.len == 4 ? int64_t{DatumGetInt32(v)} : DatumGetInt64(v));
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace hyrax::executor::testing
