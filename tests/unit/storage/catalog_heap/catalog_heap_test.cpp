// The catalog on real heaps: bootstrap fills every catalog from PostgreSQL's data, the
// heap-backed SysCache reads it, CREATE/DROP TABLE's catalog work is transactional and
// visible through the relcache, invalidation refreshes caches, and everything survives a
// crash through WAL replay.
#include <gtest/gtest.h>

#include "storage/catalog/heap_create.h"
#include "storage/heap/heap_am.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"
#include "tests/support/unit/engine_test_env.h"

namespace hyrax::catalog {
namespace {

class CatalogHeapTest : public ::testing::Test {
 protected:
  testing::EngineTestEnv env_;
};

TEST_F(CatalogHeapTest, BootstrapLoadsPostgresCatalogRows) {
  storage::StartTransactionCommand();
  auto int4 = Syscache().TypeByName("int4", kPgCatalogNamespace);
  ASSERT_TRUE(int4.has_value());
  EXPECT_EQ(int4->oid, 23u);
  EXPECT_EQ(Syscache().ProcByOid(int4->typinput)->prosrc, "int4in");
  EXPECT_GE(Syscache().ProcsByName("length").size(), 4u);
  EXPECT_TRUE(Syscache().CastBySourceTarget(23, 20).has_value());
  EXPECT_EQ(Syscache().RelationByName("pg_class", kPgCatalogNamespace)->oid, kRelationRelationId);
  EXPECT_EQ(Syscache().AttributesOf(kRelationRelationId).size(), 33u);
  EXPECT_EQ(Syscache().RoleByOid(kBootstrapSuperuserId)->rolname, "postgres");
  EXPECT_TRUE(Syscache().DatabaseByName("postgres").has_value());
  auto opc = Syscache().DefaultOpclass(kBtreeAmOid, 23);
  ASSERT_TRUE(opc.has_value());
  EXPECT_FALSE(Syscache().AmprocsOfFamily(opc->opcfamily).empty());
  storage::CommitTransactionCommand();
}

TEST_F(CatalogHeapTest, CreateTableIsVisibleAfterCommitAndGoneAfterDrop) {
  storage::StartTransactionCommand();
  NewRelation spec;
  spec.name = "t1";
  spec.columns = {{"a", 23, -1}, {"b", 25, -1}};
  spec.columns[0].not_null = true;
  Oid relid = CreateHeapRelation(spec);
  storage::CommandCounterIncrement();
  auto rel = RelationIdGetRelation(relid);
  ASSERT_NE(rel, nullptr);
  EXPECT_EQ(rel->desc->natts(), 2);
  EXPECT_TRUE(rel->desc->attr(0).not_null);
  EXPECT_EQ(rel->desc->attr(1).type_oid, 25u);
  EXPECT_EQ(rel->rel.reltype, relid + 2);  // relation, array type, row type (PostgreSQL's order)
  storage::CommitTransactionCommand();

  storage::StartTransactionCommand();
  EXPECT_TRUE(Syscache().RelationByName("t1", kPublicNamespace).has_value());
  EXPECT_TRUE(Syscache().TypeByName("_t1", kPublicNamespace).has_value());
  EXPECT_THROW(CreateHeapRelation(spec), hyrax::Error);
  storage::AbortCurrentTransaction();

  storage::StartTransactionCommand();
  DropHeapRelation(relid);
  storage::CommitTransactionCommand();
  storage::StartTransactionCommand();
  EXPECT_FALSE(Syscache().RelationByName("t1", kPublicNamespace).has_value());
  EXPECT_FALSE(Syscache().TypeByName("t1", kPublicNamespace).has_value());
  EXPECT_EQ(RelationIdGetRelation(relid), nullptr);
  storage::CommitTransactionCommand();
}

TEST_F(CatalogHeapTest, AbortedCreateLeavesNothing) {
  storage::StartTransactionCommand();
  NewRelation spec;
  spec.name = "t_abort";
  spec.columns = {{"a", 23, -1}};
  Oid relid = CreateHeapRelation(spec);
  storage::CommandCounterIncrement();
  EXPECT_NE(RelationIdGetRelation(relid), nullptr);
  storage::AbortCurrentTransaction();
  storage::StartTransactionCommand();
  EXPECT_FALSE(Syscache().RelationByName("t_abort", kPublicNamespace).has_value());
  EXPECT_EQ(RelationIdGetRelation(relid), nullptr);
  storage::CommitTransactionCommand();
}

TEST_F(CatalogHeapTest, CatalogAndTableDataSurviveCrash) {
  storage::StartTransactionCommand();
  NewRelation spec;
  spec.name = "durable";
  spec.columns = {{"a", 23, -1}};
  Oid relid = CreateHeapRelation(spec);
  storage::CommandCounterIncrement();
  auto rel = RelationIdGetRelation(relid);
  Datum v = Int32GetDatum(42);
  bool isnull = false;
  storage::HeapTuple tuple = storage::HeapFormTuple(*rel->desc, &v, &isnull);
  storage::HeapInsert(rel->heap, &tuple, storage::GetCurrentCommandId(true));
  storage::CommitTransactionCommand();

  env_.CrashAndRecover();

  storage::StartTransactionCommand();
  auto found = Syscache().RelationByName("durable", kPublicNamespace);
  ASSERT_TRUE(found.has_value());
  auto rel2 = RelationIdGetRelation(found->oid);
  storage::HeapScan scan(rel2->heap, storage::GetTransactionSnapshot());
  storage::HeapTuple got;
  ASSERT_TRUE(scan.Next(&got));
  bool null2 = true;
  EXPECT_EQ(DatumGetInt32(storage::HeapGetAttr(got, 1, *rel2->desc, &null2)), 42);
  EXPECT_FALSE(scan.Next(&got));
  storage::CommitTransactionCommand();
}

}  // namespace
}  // namespace hyrax::catalog
