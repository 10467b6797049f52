// Shared fixture of the parser tests: a BootstrapCatalog (PostgreSQL 15's built-in types,
// functions and operators) installed as the SysCache, plus a few test tables, and helpers
// that analyze SQL and capture the Error it raises.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze.h"
#include "storage/catalog/bootstrap_catalog.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/relcache.h"

namespace hyrax::parser::testing {

struct TestColumn {
  std::string name;
  Oid type;
  int32_t typmod = -1;
  bool not_null = false;
};

class ParserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    catalog_ = new catalog::BootstrapCatalog();
    catalog::InstallSysCache(catalog_);
    catalog::g_search_path = "\"$user\", public";
    catalog_->AddNamespace(catalog::PgNamespace{kSchemaS, "s", catalog::kBootstrapSuperuserId});
    // t(a int primary key, b text, c varchar(10))
    AddTable(kTableT, "t", catalog::kPublicNamespace,
             {{"a", 23, -1, true}, {"b", 25}, {"c", 1043, 14}});
    AddPrimaryKey(kTableT, {1}, 40001, 40002);
    // u(x int primary key, y numeric(10,2), z timestamp, w int2, v float8)
    AddTable(kTableU, "u", catalog::kPublicNamespace,
             {{"x", 23, -1, true},
              {"y", 1700, ((10 << 16) | 2) + 4},
              {"z", 1114},
              {"w", 21},
              {"v", 701}});
    AddPrimaryKey(kTableU, {1}, 40003, 40004);
    // s.t2(a int8, d date)
    AddTable(kTableT2, "t2", kSchemaS, {{"a", 20}, {"d", 1082}});
    // arr(id int, ia int[], va varchar(5)[], c t, ia2 int[])
    AddTable(kTableArr, "arr", catalog::kPublicNamespace,
             {{"id", 23}, {"ia", 1007}, {"va", 1015, 9}, {"c", kTableT + 1}, {"ia2", 1007}});
  }
  static void TearDownTestSuite() {
    catalog::RelationCacheInvalidate();
    catalog::InstallSysCache(nullptr);
    delete catalog_;
    catalog_ = nullptr;
  }

  static void AddTable(Oid oid, const std::string& name, Oid nsp,
                       const std::vector<TestColumn>& cols) {
    catalog::PgClass rel;
    rel.oid = oid;
    rel.relname = name;
    rel.relnamespace = nsp;
    rel.reltype = oid + 1;
    rel.relkind = 'r';
    rel.relfilenode = oid;
    rel.relnatts = static_cast<int16_t>(cols.size());
    std::vector<catalog::PgAttribute> attrs;
    int16_t attnum = 1;
    for (const auto& c : cols) {
      auto type = catalog::Syscache().TypeByOid(c.type);
      catalog::PgAttribute a;
      a.attrelid = oid;
      a.attname = c.name;
      a.atttypid = c.type;
      a.atttypmod = c.typmod;
      a.attlen = type->typlen;
      a.attbyval = type->typbyval;
      a.attalign = type->typalign;
      a.attnum = attnum++;
      a.attnotnull = c.not_null;
      a.attcollation = type->typcollation;
      attrs.push_back(a);
    }
    catalog_->AddRelation(rel, attrs);
    catalog::PgType rowtype;
    rowtype.oid = oid + 1;
    rowtype.typname = name;
    rowtype.typnamespace = nsp;
    rowtype.typlen = -1;
    rowtype.typtype = 'c';
    rowtype.typcategory = 'C';
    rowtype.typrelid = oid;
    rowtype.typalign = 'd';
    rowtype.typstorage = 'x';
    catalog_->AddType(rowtype);
  }

  // A primary key constraint <table>_pkey with its unique index (a pg_class row too).
  static void AddPrimaryKey(Oid relid, std::vector<int16_t> cols, Oid conoid, Oid indexoid) {
    auto table = catalog_->RelationByOid(relid);
    auto table_attrs = catalog_->AttributesOf(relid);
    catalog::PgClass index_rel;
    index_rel.oid = indexoid;
    index_rel.relname = table->relname + "_pkey";
    index_rel.relnamespace = table->relnamespace;
    index_rel.relkind = 'i';
    index_rel.relam = catalog::kBtreeAmOid;
    index_rel.relnatts = static_cast<int16_t>(cols.size());
    std::vector<catalog::PgAttribute> index_attrs;
    for (size_t i = 0; i < cols.size(); ++i) {
      catalog::PgAttribute a = table_attrs[cols[i] - 1];
      a.attrelid = indexoid;
      a.attnum = static_cast<int16_t>(i + 1);
      index_attrs.push_back(a);
    }
    catalog_->AddRelation(index_rel, index_attrs);
    catalog::PgConstraint con;
    con.oid = conoid;
    con.conname = table->relname + "_pkey";
    con.contype = 'p';
    con.conrelid = relid;
    con.conindid = indexoid;
    con.conkey = cols;
    catalog_->AddConstraint(con);
    catalog::PgIndex idx;
    idx.indexrelid = indexoid;
    idx.indrelid = relid;
    idx.indnatts = idx.indnkeyatts = static_cast<int16_t>(cols.size());
    idx.indisunique = idx.indisprimary = true;
    idx.indkey = cols;
    for (size_t i = 0; i < cols.size(); ++i) {
      idx.indclass.push_back(1978);  // int4_ops
      idx.indcollation.push_back(0);
      idx.indoption.push_back(0);
    }
    catalog_->AddIndex(idx);
  }

  static nodes::QueryPtr Analyze1(const std::string& sql, AnalyzeOptions options = {}) {
    auto queries = ParseAndAnalyze(sql, options);
    EXPECT_EQ(queries.size(), 1u) << sql;
    return queries.empty() ? nullptr : queries[0];
  }

  // The error analyzing `sql` raises (fails the test if it succeeds).
  static Error AnalyzeError(const std::string& sql, AnalyzeOptions options = {}) {
    try {
      ParseAndAnalyze(sql, options);
    } catch (const Error& e) {
      return e;
    }
    ADD_FAILURE() << "expected an error for: " << sql;
    return Error(errcode::kSuccessfulCompletion, "");
  }

  // The expression of the first target entry.
  static nodes::ExprPtr FirstTarget(const std::string& sql) {
    auto q = Analyze1(sql);
    return q->targetList.at(0).expr;
  }

  static constexpr Oid kTableT = 30000;
  static constexpr Oid kTableU = 30010;
  static constexpr Oid kTableT2 = 30020;
  static constexpr Oid kTableArr = 30030;
  static constexpr Oid kSchemaS = 30100;
  static catalog::BootstrapCatalog* catalog_;
};

inline catalog::BootstrapCatalog* ParserTest::catalog_ = nullptr;

// Error assertions: SQLSTATE, message and 1-based cursor position.
#define EXPECT_PG_ERROR(err, sqlstate, msg, pos)             \
  do {                                                       \
    const ::hyrax::Error& e_ = (err);                        \
    EXPECT_EQ(e_.code().view(), std::string_view(sqlstate)); \
    EXPECT_EQ(e_.message(), msg);                            \
    EXPECT_EQ(e_.position(), pos);                           \
  } while (0)

}  // namespace hyrax::parser::testing
