// RelationColumnsRead (nodes/query_columns.h): Vars resolve to the relation column they
// read at their own query level, join alias Vars to the join's inputs (only those read),
// sub-selects' outer references to the outer query's entries, view references count as
// relations, and each column is reported once.
#include "nodes/query_columns.h"

#include <gtest/gtest.h>

#include "nodes/make_nodes.h"

namespace hyrax::nodes {
namespace {

constexpr Oid kInt4 = 23;
constexpr Oid kTable = 5000, kOther = 5001, kView = 5002;

RangeTblEntry Relation(Oid relid) {
  RangeTblEntry rte;
  rte.rtekind = RteKind::kRelation;
  rte.relid = relid;
  return rte;
}

TargetEntry Column(ExprPtr expr, AttrNumber resno) {
  TargetEntry tle;
  tle.expr = std::move(expr);
  tle.resno = resno;
  return tle;
}

std::shared_ptr<Query> BaseQuery() {
  auto query = std::make_shared<Query>();
  query->jointree = std::make_shared<FromExpr>();
  return query;
}

bool Has(const std::vector<RelationColumn>& columns, Oid relid, AttrNumber attnum) {
  for (const auto& c : columns) {
    if (c.relid == relid && c.attnum == attnum) return true;
  }
  return false;
}

TEST(QueryColumnsTest, ResolvesVarsAndJoinAliasesOnce) {
  auto query = BaseQuery();
  query->rtable.push_back(Relation(kTable));
  query->rtable.push_back(Relation(kOther));
  RangeTblEntry join;
  join.rtekind = RteKind::kJoin;
  join.joinaliasvars = {MakeVar(1, 1, kInt4, -1, kInvalidOid),
                        MakeVar(2, 3, kInt4, -1, kInvalidOid),
                        MakeVar(2, 4, kInt4, -1, kInvalidOid)};
  query->rtable.push_back(join);
  query->targetList.push_back(Column(MakeVar(3, 2, kInt4, -1, kInvalidOid), 1));
  query->targetList.push_back(Column(MakeVar(1, 2, kInt4, -1, kInvalidOid), 2));
  query->targetList.push_back(Column(MakeVar(1, 2, kInt4, -1, kInvalidOid), 3));

  std::vector<RelationColumn> columns = RelationColumnsRead(*query);
  ASSERT_EQ(columns.size(), 2u);
  EXPECT_TRUE(Has(columns, kOther, 3));  // through join output column 2
  EXPECT_TRUE(Has(columns, kTable, 2));
  EXPECT_FALSE(Has(columns, kOther, 4));  // an alias nobody reads
}

TEST(QueryColumnsTest, FollowsSubLinksAndViewReferences) {
  auto inner = BaseQuery();
  RangeTblEntry view;
  view.rtekind = RteKind::kSubquery;
  view.relid = kView;
  view.relkind = 'v';
  inner->rtable.push_back(view);
  inner->targetList.push_back(Column(MakeVar(1, 1, kInt4, -1, kInvalidOid), 1));
  // An outer reference: column 5 of the outer query's first entry.
  inner->jointree->quals = MakeVar(1, 5, kInt4, -1, kInvalidOid, /*varlevelsup=*/1);
  auto sublink = std::make_shared<SubLink>();
  sublink->subLinkType = SubLinkType::kExists;
  sublink->subselect = inner;

  auto outer = BaseQuery();
  outer->rtable.push_back(Relation(kTable));
  outer->jointree->quals = sublink;
  outer->targetList.push_back(Column(MakeVar(1, 1, kInt4, -1, kInvalidOid), 1));

  std::vector<RelationColumn> columns = RelationColumnsRead(*outer);
  EXPECT_TRUE(Has(columns, kTable, 1));
  EXPECT_TRUE(Has(columns, kTable, 5));
  EXPECT_TRUE(Has(columns, kView, 1));
  EXPECT_EQ(columns.size(), 3u);
}

}  // namespace
}  // namespace hyrax::nodes
