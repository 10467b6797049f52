// Catalog values and row codecs: every bootstrap data row converts to Datums and decodes to
// the same typed row the TSV parser produces; encode/decode round trips; aclitem text.
#include "storage/catalog/catalog_codec.h"

#include <gtest/gtest.h>

#include "common/memory_context.h"
#include "storage/catalog/bootstrap_catalog.h"
#include "storage/catalog/catalog_values.h"
#include "storage/catalog/embedded_data.h"
#include "storage/catalog/tsv_reader.h"
#include "storage/catalog/tsv_row_parsers.h"

namespace hyrax::catalog {
namespace {

Oid ResolveRole(std::string_view name) {
  static BootstrapCatalog catalog;
  auto role = catalog.RoleByName(name);
  if (!role) ADD_FAILURE() << "unexpected role " << name;
  return role ? role->oid : 0;
}

// Converts every row of `file` to Datums with CatalogTextToDatum and decodes it.
template <typename Row, typename Parse, typename Check>
void CheckFile(const char* file, Parse parse, Check check) {
  MemoryContext ctx("test");
  MemoryContextScope scope(&ctx);
  const CatalogSchema& schema = SchemaOf<Row>();
  TsvTable table(*EmbeddedCatalogFile(file));
  std::vector<Datum> values(schema.columns.size());
  std::unique_ptr<bool[]> nulls(new bool[schema.columns.size()]);
  for (size_t r = 0; r < table.num_rows(); ++r) {
    for (size_t c = 0; c < schema.columns.size(); ++c) {
      const auto& text = table.Get(r, table.Column(schema.columns[c].attname));
      nulls[c] = !text.has_value();
      values[c] = text ? CatalogTextToDatum(schema.columns[c].atttypid, *text, ResolveRole) : 0;
    }
    Row decoded = DecodeRow<Row>(values.data(), nulls.get());
    Row expected = parse(TsvRow(table, r));
    check(decoded, expected);
    // Encode/decode round trip.
    std::vector<Datum> values2(schema.columns.size());
    std::unique_ptr<bool[]> nulls2(new bool[schema.columns.size()]);
    EncodeRow(decoded, values2.data(), nulls2.get());
    check(DecodeRow<Row>(values2.data(), nulls2.get()), expected);
  }
}

TEST(CatalogCodecTest, ProcRowsDecodeLikeTheTsvParser) {
  CheckFile<PgProc>("pg_proc.tsv", PgProcFromTsv, [](const PgProc& a, const PgProc& b) {
    ASSERT_EQ(a.oid, b.oid);
    EXPECT_EQ(a.proname, b.proname);
    EXPECT_EQ(a.proargtypes, b.proargtypes);
    EXPECT_EQ(a.proallargtypes, b.proallargtypes);
    EXPECT_EQ(a.proargmodes, b.proargmodes);
    EXPECT_EQ(a.proargnames, b.proargnames);
    EXPECT_EQ(a.prosrc, b.prosrc);
    EXPECT_EQ(a.provariadic, b.provariadic);
    EXPECT_EQ(a.proargdefaults, b.proargdefaults);
    EXPECT_FLOAT_EQ(a.procost, b.procost);
  });
}

TEST(CatalogCodecTest, TypeRowsDecodeLikeTheTsvParser) {
  CheckFile<PgType>("pg_type.tsv", PgTypeFromTsv, [](const PgType& a, const PgType& b) {
    ASSERT_EQ(a.oid, b.oid);
    EXPECT_EQ(a.typname, b.typname);
    EXPECT_EQ(a.typlen, b.typlen);
    EXPECT_EQ(a.typalign, b.typalign);
    EXPECT_EQ(a.typinput, b.typinput);
    EXPECT_EQ(a.typelem, b.typelem);
    EXPECT_EQ(a.typdefault, b.typdefault);
  });
}

TEST(CatalogCodecTest, DatabaseRowsWithAclsDecode) {
  CheckFile<PgDatabase>("pg_database.tsv", PgDatabaseFromTsv,
                        [](const PgDatabase& a, const PgDatabase& b) {
                          EXPECT_EQ(a.oid, b.oid);
                          EXPECT_EQ(a.datname, b.datname);
                          EXPECT_EQ(a.datallowconn, b.datallowconn);
                        });
}

TEST(CatalogValuesTest, AclItemTextRoundTrip) {
  MemoryContext ctx("test");
  MemoryContextScope scope(&ctx);
  Datum d = CatalogTextToDatum(typeoid::kAclItem, "postgres=arwd*/postgres", ResolveRole);
  const auto* item = DatumGetPointer<const AclItem>(d);
  EXPECT_EQ(item->grantee, 10u);
  auto name = [](Oid oid) { return oid == 10 ? std::string("postgres") : std::to_string(oid); };
  EXPECT_EQ(AclItemToText(*item, name), "postgres=arwd*/postgres");
  Datum pub = CatalogTextToDatum(typeoid::kAclItem, "=U/postgres", ResolveRole);
  EXPECT_EQ(AclItemToText(*DatumGetPointer<const AclItem>(pub), name), "=U/postgres");
}

TEST(CatalogValuesTest, OidVectorHasLowerBoundZero) {
  MemoryContext ctx("test");
  MemoryContextScope scope(&ctx);
  Datum v = CatalogTextToDatum(typeoid::kOidVector, "23 25", ResolveRole);
  EXPECT_EQ(ArrayLbounds(DatumGetPointer<const void>(v))[0], 0);
  EXPECT_EQ(IntVectorFromDatum(v, typeoid::kOidVector), (std::vector<int64_t>{23, 25}));
}

}  // namespace
}  // namespace hyrax::catalog
