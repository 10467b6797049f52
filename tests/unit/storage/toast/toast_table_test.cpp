// TOAST tables in the catalog: CREATE TABLE gives one to tables whose rows may outgrow a
// page (PostgreSQL's rule and row layout), the system catalogs get PostgreSQL's fixed ones
// at bootstrap, and DROP TABLE removes the TOAST table with its table.
#include "storage/catalog/syscache.h"
#include "storage/smgr/smgr.h"
#include "storage/toast/toast_catalog.h"
#include "tests/unit/storage/toast/toast_test_env.h"

namespace hyrax::storage::toast_test {
namespace {

using catalog::Syscache;

class ToastTableTest : public ToastTest {};

TEST_F(ToastTableTest, CreateTableWithTextColumnGetsAToastTable) {
  Oid relid = CreateTable("docs", {{"id", kInt4, -1}, {"body", kText, -1}});
  StartTransactionCommand();
  auto rel = Syscache().RelationByOid(relid);
  ASSERT_TRUE(rel.has_value());
  Oid toast_oid = rel->reltoastrelid;
  EXPECT_EQ(toast_oid, relid + 3);  // after the array and row types, as PostgreSQL assigns
  auto toast = Syscache().RelationByOid(toast_oid);
  ASSERT_TRUE(toast.has_value());
  EXPECT_EQ(toast->relname, "pg_toast_" + std::to_string(relid));
  EXPECT_EQ(toast->relnamespace, catalog::kPgToastNamespace);
  EXPECT_EQ(toast->relkind, 't');
  EXPECT_EQ(toast->reltype, kInvalidOid);
  EXPECT_EQ(toast->relnatts, 3);
  EXPECT_EQ(toast->reltoastrelid, kInvalidOid);
  std::vector<catalog::PgAttribute> attrs = Syscache().AttributesOf(toast_oid);
  ASSERT_EQ(attrs.size(), 3u);
  EXPECT_EQ(attrs[0].attname, "chunk_id");
  EXPECT_EQ(attrs[0].atttypid, 26u);
  EXPECT_EQ(attrs[1].attname, "chunk_seq");
  EXPECT_EQ(attrs[1].atttypid, 23u);
  EXPECT_EQ(attrs[2].attname, "chunk_data");
  EXPECT_EQ(attrs[2].atttypid, 17u);
  for (const auto& a : attrs) EXPECT_EQ(a.attstorage, 'p');
  EXPECT_TRUE(Smgr::Exists(Heap(relid).toast_locator, ForkNumber::kMain));
  EXPECT_EQ(Heap(relid).toast_oid, toast_oid);
  CommitTransactionCommand();
}

TEST_F(ToastTableTest, TablesWhoseRowsCannotOutgrowAPageGetNone) {
  Oid ints = CreateTable("ints", {{"a", kInt4, -1}, {"b", kInt4, -1}});
  // varchar(10): at most 44 bytes; numeric(10,2): at most 16.
  Oid bounded = CreateTable("bounded", {{"a", kVarchar, 14}, {"n", kNumeric, (10 << 16) + 2 + 4}});
  // varchar(1000) may take 4004 bytes in UTF8: needs one.
  Oid wide = CreateTable("wide", {{"a", kVarchar, 1004}});
  StartTransactionCommand();
  EXPECT_EQ(Syscache().RelationByOid(ints)->reltoastrelid, kInvalidOid);
  EXPECT_EQ(Syscache().RelationByOid(bounded)->reltoastrelid, kInvalidOid);
  EXPECT_NE(Syscache().RelationByOid(wide)->reltoastrelid, kInvalidOid);
  CommitTransactionCommand();
}

TEST_F(ToastTableTest, SystemCatalogsHavePostgresToastTables) {
  StartTransactionCommand();
  auto pg_proc = Syscache().RelationByOid(catalog::kProcedureRelationId);
  EXPECT_EQ(pg_proc->reltoastrelid, 2836u);
  auto toast = Syscache().RelationByOid(2836);
  ASSERT_TRUE(toast.has_value());
  EXPECT_EQ(toast->relname, "pg_toast_1255");
  EXPECT_EQ(toast->relkind, 't');
  auto pg_database = Syscache().RelationByOid(catalog::kDatabaseRelationId);
  EXPECT_EQ(pg_database->reltoastrelid, 4177u);
  EXPECT_TRUE(Syscache().RelationByOid(4177)->relisshared);
  EXPECT_EQ(Syscache().RelationByOid(catalog::kRelationRelationId)->reltoastrelid, kInvalidOid);
  EXPECT_EQ(Syscache().RelationByOid(catalog::kAttributeRelationId)->reltoastrelid, kInvalidOid);
  EXPECT_TRUE(Smgr::Exists(ToastHeapById(2836).locator, ForkNumber::kMain));
  EXPECT_TRUE(Smgr::Exists(ToastHeapById(4177).locator, ForkNumber::kMain));
  EXPECT_EQ(ToastHeapById(4177).locator.spc_oid, kGlobalTablespaceOid);
  CommitTransactionCommand();
}

TEST_F(ToastTableTest, DropTableRemovesItsToastTable) {
  Oid relid = CreateTable("gone", {{"id", kInt4, -1}, {"body", kText, -1}});
  StartTransactionCommand();
  HeapRelation heap = Heap(relid);
  Insert(heap, 1, {RandomText(20000, 1)});
  CommitTransactionCommand();
  Oid toast_oid = heap.toast_oid;
  ASSERT_TRUE(Smgr::Exists(heap.toast_locator, ForkNumber::kMain));

  StartTransactionCommand();
  catalog::DropHeapRelation(relid);
  CommitTransactionCommand();

  StartTransactionCommand();
  EXPECT_FALSE(Syscache().RelationByOid(toast_oid).has_value());
  EXPECT_TRUE(Syscache().AttributesOf(toast_oid).empty());
  EXPECT_FALSE(Smgr::Exists(heap.toast_locator, ForkNumber::kMain));
  EXPECT_FALSE(Smgr::Exists(heap.locator, ForkNumber::kMain));
  CommitTransactionCommand();
}

TEST_F(ToastTableTest, AbortedDropKeepsTheToastTableAndItsValues) {
  Oid relid = CreateTable("kept", {{"id", kInt4, -1}, {"body", kText, -1}});
  StartTransactionCommand();
  HeapRelation heap = Heap(relid);
  std::string value = RandomText(20000, 2);
  ItemPointerData tid = Insert(heap, 1, {value});
  CommitTransactionCommand();

  StartTransactionCommand();
  catalog::DropHeapRelation(relid);
  AbortCurrentTransaction();

  StartTransactionCommand();
  EXPECT_TRUE(Syscache().RelationByOid(heap.toast_oid).has_value());
  EXPECT_EQ(ReadValue(Heap(relid), GetTransactionSnapshot(), tid, 2), value);
  CommitTransactionCommand();
}

}  // namespace
}  // namespace hyrax::storage::toast_test
