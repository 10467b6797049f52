// RemapVarsByName (executor/expr/remap_vars.h): a parent's expression renumbered to a child
// whose columns are in another order and have a dropped column in between, as ATTACH
// PARTITION, inherited CHECK constraints and partition key expressions need.
#include "executor/expr/remap_vars.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "nodes/make_nodes.h"

namespace hyrax::executor {
namespace {

storage::AttributeDesc Column(const std::string& name, Oid type, bool dropped = false) {
  storage::AttributeDesc attr;
  attr.name = name;
  attr.type_oid = type;
  attr.dropped = dropped;
  return attr;
}

constexpr Oid kInt4 = 23, kText = 25;

const nodes::Var& VarArg(const nodes::ExprPtr& expr, size_t i) {
  return *nodes::As<nodes::Var>(nodes::As<nodes::BoolExpr>(expr)->args.at(i));
}

TEST(RemapVarsTest, RenumbersColumnsByName) {
  storage::TupleDesc parent({Column("a", kInt4), Column("b", kText)});
  storage::TupleDesc child({Column("x", 0, true), Column("b", kText), Column("a", kInt4)});
  auto outer = nodes::MakeVar(1, 1, kInt4, -1, kInvalidOid);
  outer->varlevelsup = 1;
  nodes::ExprPtr expr = nodes::MakeBoolExpr(
      nodes::BoolExprType::kAnd,
      {nodes::MakeVar(1, 1, kInt4, -1, kInvalidOid), nodes::MakeVar(1, 2, kText, -1, 100), outer});
  nodes::ExprPtr remapped = RemapVarsByName(expr, parent, child);
  EXPECT_EQ(VarArg(remapped, 0).varattno, 3);
  EXPECT_EQ(VarArg(remapped, 1).varattno, 2);
  EXPECT_EQ(VarArg(remapped, 2).varattno, 1);  // an outer query's column is not touched
  EXPECT_EQ(VarArg(expr, 0).varattno, 1);      // the input is not changed
}

TEST(RemapVarsTest, PositionSkipsDroppedColumns) {
  storage::TupleDesc desc({Column("a", 0, true), Column("a", kInt4)});
  EXPECT_EQ(ColumnPositionByName(desc, "a"), 1);
  EXPECT_THROW(ColumnPositionByName(desc, "b"), Error);
}

}  // namespace
}  // namespace hyrax::executor
