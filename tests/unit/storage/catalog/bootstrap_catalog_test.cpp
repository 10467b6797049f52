// The TSV-backed catalog answers lookups with PostgreSQL 15's rows, and the relcache builds
// descriptors from it.
#include "storage/catalog/bootstrap_catalog.h"

#include <gtest/gtest.h>

#include "storage/catalog/catalog_schema.h"
#include "storage/catalog/relcache.h"

namespace hyrax::catalog {
namespace {

class BootstrapCatalogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    catalog_ = new BootstrapCatalog();
    InstallSysCache(catalog_);
  }
  static void TearDownTestSuite() {
    InstallSysCache(nullptr);
    delete catalog_;
  }
  static BootstrapCatalog* catalog_;
};
BootstrapCatalog* BootstrapCatalogTest::catalog_ = nullptr;

TEST_F(BootstrapCatalogTest, TypesHavePostgresOidsAndIoFunctions) {
  auto int4 = Syscache().TypeByName("int4", kPgCatalogNamespace);
  ASSERT_TRUE(int4.has_value());
  EXPECT_EQ(int4->oid, 23u);
  EXPECT_EQ(int4->typlen, 4);
  EXPECT_TRUE(int4->typbyval);
  EXPECT_EQ(int4->typcategory, 'N');
  auto input = Syscache().ProcByOid(int4->typinput);
  ASSERT_TRUE(input.has_value());
  EXPECT_EQ(input->prosrc, "int4in");
  EXPECT_EQ(Syscache().TypeByOid(1007)->typelem, 23u);  // _int4
}

TEST_F(BootstrapCatalogTest, FunctionsAndOperatorsByName) {
  auto plus = Syscache().OperatorsByName("+");
  bool found = false;
  for (const auto& o : plus) {
    if (o.oprleft == 23 && o.oprright == 23) {
      found = true;
      EXPECT_EQ(Syscache().ProcByOid(o.oprcode)->prosrc, "int4pl");
    }
  }
  EXPECT_TRUE(found);
  auto lengths = Syscache().ProcsByName("length");
  EXPECT_GE(lengths.size(), 4u);
  auto concat = Syscache().ProcsByName("concat");
  ASSERT_EQ(concat.size(), 1u);
  EXPECT_EQ(concat[0].provariadic, 2276u);  // "any"
}

TEST_F(BootstrapCatalogTest, CastsAggregatesAndOpclasses) {
  auto cast = Syscache().CastBySourceTarget(23, 20);  // int4 -> int8
  ASSERT_TRUE(cast.has_value());
  EXPECT_EQ(cast->castcontext, 'i');
  auto count = Syscache().ProcsByName("count");
  ASSERT_FALSE(count.empty());
  EXPECT_TRUE(Syscache().AggregateByFnOid(count[0].oid).has_value());
  auto opc = Syscache().DefaultOpclass(kBtreeAmOid, 1043);  // varchar -> text_ops
  ASSERT_TRUE(opc.has_value());
  EXPECT_EQ(opc->opcintype, 25u);
}

TEST_F(BootstrapCatalogTest, SystemCatalogsAreRelations) {
  ASSERT_NE(FindCatalogSchema("pg_class"), nullptr);
  EXPECT_EQ(FindCatalogSchema("pg_class")->oid, kRelationRelationId);
  EXPECT_TRUE(FindCatalogSchema("pg_database")->shared);
  auto rel = RelationIdGetRelation(kRelationRelationId);
  ASSERT_NE(rel, nullptr);
  EXPECT_EQ(rel->name(), "pg_class");
  EXPECT_EQ(rel->desc->attr(0).name, "oid");
  EXPECT_EQ(rel->desc->natts(), 33);
  EXPECT_EQ(rel->heap.locator.rel_number, kRelationRelationId);
  EXPECT_EQ(RelationIdGetRelation(999999), nullptr);
}

TEST_F(BootstrapCatalogTest, RolesAndDatabases) {
  EXPECT_EQ(Syscache().DatabaseByName("postgres")->oid, kPostgresDbOid);
  EXPECT_TRUE(Syscache().RoleByOid(kBootstrapSuperuserId)->rolsuper);
}

}  // namespace
}  // namespace hyrax::catalog
