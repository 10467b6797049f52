// CREATE FUNCTION / CREATE AGGREGATE / DROP FUNCTION analysis: the pg_proc and pg_aggregate
// rows built from the statement, the body checks with PostgreSQL's SQLSTATEs and messages,
// and function lookup by exact argument types.
#include "../parser_test_util.h"
#include "nodes/utility_stmts.h"

namespace hyrax::parser::testing {
namespace {

class CreateFunctionTest : public ParserTest {
 protected:
  static std::shared_ptr<nodes::CreateFunctionStmt> Function(const std::string& sql) {
    auto q = Analyze1(sql);
    EXPECT_EQ(q->utilityStmt->tag, nodes::UtilityTag::kCreateFunction) << sql;
    return std::static_pointer_cast<nodes::CreateFunctionStmt>(q->utilityStmt);
  }
  static std::shared_ptr<nodes::DefineAggregateStmt> Aggregate(const std::string& sql) {
    auto q = Analyze1(sql);
    EXPECT_EQ(q->utilityStmt->tag, nodes::UtilityTag::kDefineAggregate) << sql;
    return std::static_pointer_cast<nodes::DefineAggregateStmt>(q->utilityStmt);
  }
};

TEST_F(CreateFunctionTest, BuildsTheProcRow) {
  auto f = Function(
      "create or replace function s.f(a int, b text default 'x') returns setof numeric "
      "language sql stable strict as $$ select a::numeric from t where b = $2 $$");
  EXPECT_TRUE(f->replace);
  const nodes::ProcDefinition& p = f->proc;
  EXPECT_EQ(p.name, "f");
  EXPECT_EQ(p.namespace_oid, kSchemaS);
  EXPECT_EQ(p.argtypes, (std::vector<Oid>{23, 25}));
  EXPECT_EQ(p.argnames, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(p.nargdefaults, 1);
  EXPECT_TRUE(p.argdefaults.has_value());
  EXPECT_EQ(p.rettype, 1700u);
  EXPECT_TRUE(p.retset);
  EXPECT_EQ(p.rows, 1000);
  EXPECT_EQ(p.volatility, 's');
  EXPECT_TRUE(p.strict);
  EXPECT_EQ(p.language, 14u);
  EXPECT_FALSE(p.sqlbody.has_value());
}

TEST_F(CreateFunctionTest, SqlStandardBodyIsKeptAsText) {
  auto f = Function("create function f(a int) returns int language sql return a + 1");
  EXPECT_EQ(f->proc.sqlbody, "SELECT a + 1");
  EXPECT_EQ(f->proc.prosrc, "");
  EXPECT_EQ(f->proc.volatility, 'v');
}

TEST_F(CreateFunctionTest, OutParametersGiveTheResult) {
  auto f = Function("create function f(x int, out y int8) language sql as 'select x::int8'");
  EXPECT_EQ(f->proc.rettype, 20u);
  EXPECT_EQ(f->proc.argtypes, (std::vector<Oid>{23}));
  EXPECT_EQ(f->proc.allargtypes, (std::vector<Oid>{23, 20}));
  EXPECT_EQ(f->proc.argmodes, (std::vector<char>{'i', 'o'}));
  Error e = AnalyzeError("create function f(out a int, out b int) language sql as 'select 1, 2'");
  EXPECT_EQ(e.code(), errcode::kFeatureNotSupported);
}

TEST_F(CreateFunctionTest, ResultMismatchesAre42P13) {
  Error e = AnalyzeError("create function f() returns int as 'select 1, 2' language sql");
  EXPECT_EQ(e.code(), errcode::kInvalidFunctionDefinition);
  EXPECT_EQ(e.message(), "return type mismatch in function declared to return integer");
  EXPECT_EQ(e.detail(), "Final statement must return exactly one column.");
  EXPECT_EQ(e.context(), "SQL function \"f\"");
  e = AnalyzeError("create function f() returns int as 'select now()' language sql");
  EXPECT_EQ(e.detail(), "Actual return type is timestamp with time zone.");
  e = AnalyzeError("create function f() returns int as 'delete from t' language sql");
  EXPECT_EQ(e.detail(),
            "Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.");
}

TEST_F(CreateFunctionTest, ParameterNamesResolveUnlessAColumnMatches) {
  auto f = Function(
      "create function f(a int, zz int) returns int language sql "
      "as 'select a + zz + f.zz from t'");
  EXPECT_EQ(f->proc.rettype, 23u);
  Error e = AnalyzeError("create function f(x int) returns int language sql as 'select y'");
  EXPECT_EQ(e.code(), errcode::kUndefinedColumn);
  EXPECT_EQ(e.position(), 0);
  e = AnalyzeError("create function f(int) returns int language sql as 'select $2'");
  EXPECT_EQ(e.code(), errcode::kUndefinedParameter);
}

TEST_F(CreateFunctionTest, OtherLanguagesAndBadDefinitions) {
  EXPECT_EQ(AnalyzeError("create function f() returns int language c as 'lib', 'sym'").code(),
            errcode::kFeatureNotSupported);
  // PL/pgSQL bodies are parsed at CREATE: a syntax error is 42601.
  EXPECT_EQ(
      AnalyzeError("create function f() returns int language plpgsql as 'begin x end'").code(),
      errcode::kSyntaxError);
  EXPECT_EQ(AnalyzeError("create function f() returns int language nosuch as 'x'").code(),
            errcode::kUndefinedObject);
  EXPECT_EQ(AnalyzeError("create function f(a int default 1, b int) returns int language sql "
                         "as 'select 1'")
                .message(),
            "input parameters after one with a default value must also have defaults");
  EXPECT_EQ(AnalyzeError("create function f(variadic a int) returns int language sql "
                         "as 'select 1'")
                .message(),
            "VARIADIC parameter must be an array");
  EXPECT_EQ(AnalyzeError("create function f() returns int language sql").message(),
            "no function body specified");
}

TEST_F(CreateFunctionTest, AggregatesFindTheirSupportFunctions) {
  auto a = Aggregate("create aggregate mysum(int4) (sfunc = int4pl, stype = int4, initcond = '0')");
  EXPECT_EQ(a->proc.kind, 'a');
  EXPECT_EQ(a->proc.argtypes, (std::vector<Oid>{23}));
  EXPECT_EQ(a->transfn, 177u);  // int4pl
  EXPECT_EQ(a->transtype, 23u);
  EXPECT_EQ(a->proc.rettype, 23u);
  EXPECT_EQ(a->initval, "0");
  auto old = Aggregate(
      "create aggregate oldcnt (sfunc = int8inc, basetype = 'ANY', stype = int8, "
      "initcond = '0')");
  EXPECT_TRUE(old->proc.argtypes.empty());
  auto fin = Aggregate(
      "create aggregate myavg (basetype = float8, sfunc = float8_accum, "
      "stype = float8[], finalfunc = float8_avg, initcond = '{0,0,0}')");
  EXPECT_EQ(fin->proc.rettype, 701u);
  EXPECT_EQ(AnalyzeError("create aggregate x(int4) (sfunc = int4pl)").message(),
            "aggregate stype must be specified");
  Error e = AnalyzeError("create aggregate x(int4) (sfunc = nosuch, stype = int4)");
  EXPECT_EQ(e.code(), errcode::kUndefinedFunction);
  EXPECT_EQ(e.message(), "function nosuch(integer, integer) does not exist");
}

TEST_F(CreateFunctionTest, DropResolvesExactSignatures) {
  auto q = Analyze1("drop function if exists int4pl(int4, int4), nosuch(int)");
  auto drop = std::static_pointer_cast<nodes::DropStmt>(q->utilityStmt);
  EXPECT_EQ(drop->remove_type, nodes::ObjectType::kFunction);
  ASSERT_EQ(drop->objects.size(), 2u);
  EXPECT_EQ(drop->objects[0].oid, 177u);
  EXPECT_EQ(drop->objects[1].oid, kInvalidOid);
  EXPECT_EQ(drop->objects[1].missing_notice,
            "function nosuch(pg_catalog.int4) does not exist, skipping");
  Error e = AnalyzeError("drop function avg(int4)");
  EXPECT_EQ(e.code(), errcode::kWrongObjectType);
  EXPECT_EQ(e.message(), "\"avg\" is an aggregate function");
  e = AnalyzeError("drop aggregate int4pl(int4, int4)");
  EXPECT_EQ(e.message(), "function int4pl(integer, integer) is not an aggregate");
  e = AnalyzeError("drop function nosuch");
  EXPECT_EQ(e.message(), "could not find a function named \"nosuch\"");
}

}  // namespace
}  // namespace hyrax::parser::testing
