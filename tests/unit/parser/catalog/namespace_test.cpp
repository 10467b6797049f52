// The search path (storage/catalog/namespace.h): implicit pg_catalog, "$user", missing
// schemas skipped, qualified lookups and their errors, creation namespace, visibility.
#include "storage/catalog/namespace.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "storage/catalog/bootstrap_catalog.h"

namespace hyrax::catalog {
namespace {

class NamespaceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    catalog_ = new BootstrapCatalog();
    InstallSysCache(catalog_);
    catalog_->AddNamespace(PgNamespace{31000, "app", kBootstrapSuperuserId});
    catalog_->AddNamespace(PgNamespace{31001, "postgres", kBootstrapSuperuserId});
    PgClass rel;
    rel.oid = 31010;
    rel.relname = "pg_class";  // shadows pg_catalog.pg_class only when app comes first
    rel.relnamespace = 31000;
    catalog_->AddRelation(rel, {});
    rel.oid = 31011;
    rel.relname = "items";
    rel.relnamespace = kPublicNamespace;
    catalog_->AddRelation(rel, {});
  }
  static void TearDownTestSuite() {
    InstallSysCache(nullptr);
    delete catalog_;
  }
  void TearDown() override { g_search_path = "\"$user\", public"; }
  static BootstrapCatalog* catalog_;
};
BootstrapCatalog* NamespaceTest::catalog_ = nullptr;

TEST_F(NamespaceTest, CatalogFirstThenUserSchemaThenPublic) {
  g_search_path = "\"$user\", public";
  auto path = RelationSearchPath();
  ASSERT_EQ(path.size(), 3u);
  EXPECT_EQ(path[0], kPgCatalogNamespace);
  EXPECT_EQ(path[1], 31001u);  // "postgres", the bootstrap superuser's name
  EXPECT_EQ(path[2], kPublicNamespace);
}

TEST_F(NamespaceTest, ExplicitCatalogPositionAndMissingSchemasSkipped) {
  g_search_path = "app, nosuch, pg_catalog";
  auto path = RelationSearchPath();
  ASSERT_EQ(path.size(), 2u);
  EXPECT_EQ(path[0], 31000u);
  EXPECT_EQ(path[1], kPgCatalogNamespace);
  EXPECT_EQ(RelnameGetRelid("pg_class"), 31010u);
  EXPECT_FALSE(RelationIsVisible(kRelationRelationId));
  g_search_path = "public, app";
  EXPECT_EQ(RelnameGetRelid("pg_class"), kRelationRelationId);
  EXPECT_TRUE(RelationIsVisible(kRelationRelationId));
  EXPECT_FALSE(RelationIsVisible(31010));
}

TEST_F(NamespaceTest, QualifiedLookupsAndErrors) {
  EXPECT_EQ(RangeVarGetRelid(MakeQualifiedName({"app", "pg_class"}), false), 31010u);
  EXPECT_EQ(RangeVarGetRelid(MakeQualifiedName({"nosuch"}), true), kInvalidOid);
  try {
    RangeVarGetRelid(MakeQualifiedName({"nosch", "x"}), false);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kUndefinedTable);
    EXPECT_EQ(e.message(), "relation \"nosch.x\" does not exist");
  }
  try {
    LookupNamespace("nosch");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code().view(), "3F000");
    EXPECT_EQ(e.message(), "schema \"nosch\" does not exist");
  }
}

TEST_F(NamespaceTest, CreationNamespaceIsTheFirstExistingExplicitSchema) {
  char persistence = 'p';
  g_search_path = "nosuch, app, public";
  EXPECT_EQ(RangeVarGetCreationNamespace(MakeQualifiedName({"x"}), &persistence), 31000u);
  g_search_path = "nosuch";
  try {
    RangeVarGetCreationNamespace(MakeQualifiedName({"x"}), &persistence);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "no schema has been selected to create in");
  }
  EXPECT_EQ(RangeVarGetCreationNamespace(MakeQualifiedName({"app", "x"}), &persistence), 31000u);
  EXPECT_EQ(persistence, 'p');
}

TEST_F(NamespaceTest, TemporarySchemaDecidesPersistence) {
  char persistence = 'p';
  // pg_temp before the session has a temporary schema: created later by the executor.
  EXPECT_EQ(RangeVarGetCreationNamespace(MakeQualifiedName({"pg_temp", "x"}), &persistence),
            kInvalidOid);
  EXPECT_EQ(persistence, 't');
  persistence = 'u';
  try {
    RangeVarGetCreationNamespace(MakeQualifiedName({"pg_temp", "x"}), &persistence);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code().view(), "42P16");
    EXPECT_EQ(e.message(), "only temporary relations may be created in temporary schemas");
  }
  persistence = 't';
  try {
    RangeVarGetCreationNamespace(MakeQualifiedName({"app", "x"}), &persistence);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "cannot create temporary relation in non-temporary schema");
  }
}

TEST_F(NamespaceTest, TypesAndFunctionsFollowThePath) {
  EXPECT_EQ(TypenameGetTypid("int4"), 23u);
  EXPECT_TRUE(TypeIsVisible(23));
  auto procs = Syscache().ProcsByName("int4pl");
  ASSERT_FALSE(procs.empty());
  EXPECT_TRUE(FunctionIsVisible(procs[0].oid));
  EXPECT_TRUE(OperatorIsVisible(551));
  EXPECT_EQ(SearchPathPosition(kPgCatalogNamespace), 0);
}

TEST_F(NamespaceTest, QuotedPathEntriesKeepCase) {
  g_search_path = "\"App\", APP";
  auto path = RelationSearchPath();
  ASSERT_EQ(path.size(), 2u);  // "App" does not exist; APP folds to app
  EXPECT_EQ(path[1], 31000u);
}

}  // namespace
}  // namespace hyrax::catalog
