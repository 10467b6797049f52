// Result column names and types of SELECT statements compared with PostgreSQL 15's
// description of the same statements (psql \gdesc on the tables of parser_test_util.h):
// FigureColname's naming and the whole type-resolution pipeline, typmods included.
#include "../parser_test_util.h"
#include "parser/analyze/format_type.h"

namespace hyrax::parser::testing {
namespace {

struct DescribeCase {
  const char* sql;
  std::vector<std::pair<std::string, std::string>> columns;  // name, format_type
};

const std::vector<DescribeCase>& Cases() {
  static const std::vector<DescribeCase> cases = {
      {"select 1, 1.5, 'a', null, true, 3000000000, -1, 1e10",
       {{"?column?", "integer"},
        {"?column?", "numeric"},
        {"?column?", "text"},
        {"?column?", "text"},
        {"?column?", "boolean"},
        {"?column?", "bigint"},
        {"?column?", "integer"},
        {"?column?", "numeric"}}},
      {"select a, b, c, a + 1, b || 'x', c || c, a::text, c::varchar(3), 'x'::char(2) from t",
       {{"a", "integer"},
        {"b", "text"},
        {"c", "character varying(10)"},
        {"?column?", "integer"},
        {"?column?", "text"},
        {"?column?", "text"},
        {"a", "text"},
        {"c", "character varying(3)"},
        {"bpchar", "character(2)"}}},
      {"select count(*), sum(a), avg(a), max(b), min(c), sum(y), avg(v), sum(w), count(distinct "
       "a), array_agg(a), string_agg(b, ',') from t, u",
       {{"count", "bigint"},
        {"sum", "bigint"},
        {"avg", "numeric"},
        {"max", "text"},
        {"min", "text"},
        {"sum", "numeric"},
        {"avg", "double precision"},
        {"sum", "bigint"},
        {"count", "bigint"},
        {"array_agg", "integer[]"},
        {"string_agg", "text"}}},
      {"select x * 2, y * 2, y / 3, v + 1, w + w, w * 2.5, z - interval '1 day', z - z, now(), "
       "current_date, localtime from u",
       {{"?column?", "integer"},
        {"?column?", "numeric"},
        {"?column?", "numeric"},
        {"?column?", "double precision"},
        {"?column?", "smallint"},
        {"?column?", "numeric"},
        {"?column?", "timestamp without time zone"},
        {"?column?", "interval"},
        {"now", "timestamp with time zone"},
        {"current_date", "date"},
        {"localtime", "time without time zone"}}},
      {"select case when a = 1 then 'x' end, case when a = 1 then 1 else 2.5 end, coalesce(c, b), "
       "nullif(a, 1), greatest(1, 2.5), least('a', 'b') from t",
       {{"case", "text"},
        {"case", "numeric"},
        {"coalesce", "character varying"},
        {"nullif", "integer"},
        {"greatest", "numeric"},
        {"least", "text"}}},
      {"select upper(b), length(c), substring(b, 1, 2), position('x' in b), trim(b), lower(c), "
       "left(c, 1), replace(b, 'a', 'b'), md5(b) from t",
       {{"upper", "text"},
        {"length", "integer"},
        {"substring", "text"},
        {"position", "integer"},
        {"btrim", "text"},
        {"lower", "text"},
        {"left", "text"},
        {"replace", "text"},
        {"md5", "text"}}},
      {"select abs(-1), abs(-1.5), round(1.5), round(1.567, 2), floor(1.5), ceil(2.1), mod(5, 2), "
       "power(2, 3), sqrt(2), 5 / 2, 5 % 2, 2 ^ 3",
       {{"abs", "integer"},
        {"abs", "numeric"},
        {"round", "numeric"},
        {"round", "numeric"},
        {"floor", "numeric"},
        {"ceil", "numeric"},
        {"mod", "integer"},
        {"power", "double precision"},
        {"sqrt", "double precision"},
        {"?column?", "integer"},
        {"?column?", "integer"},
        {"?column?", "double precision"}}},
      {"select extract(year from z), date_part('month', z), date_trunc('day', z), to_char(z, "
       "'YYYY'), z::date, z::time from u",
       {{"extract", "numeric"},
        {"date_part", "double precision"},
        {"date_trunc", "timestamp without time zone"},
        {"to_char", "text"},
        {"z", "date"},
        {"z", "time without time zone"}}},
      {"select array[1, 2], array['a'], array[1.5, 2], (array[1,2])[1], array_length(array[1], 1), "
       "1 = any(array[1]), unnest(array[1,2])",
       {{"array", "integer[]"},
        {"array", "text[]"},
        {"array", "numeric[]"},
        {"array", "integer"},
        {"array_length", "integer"},
        {"?column?", "boolean"},
        {"unnest", "integer"}}},
      {"select row(1, 'a'), (select 1), exists (select 1), (select b from t limit 1), array(select "
       "a from t)",
       {{"row", "record"},
        {"?column?", "integer"},
        {"exists", "boolean"},
        {"b", "text"},
        {"array", "integer[]"}}},
      {"select generate_series(1, 3), generate_series(1.5, 3), pg_typeof(1), version()",
       {{"generate_series", "integer"},
        {"generate_series", "numeric"},
        {"pg_typeof", "regtype"},
        {"version", "text"}}},
      {"select a as \"Col\", b \"X\", t.* from t",
       {{"Col", "integer"},
        {"X", "text"},
        {"a", "integer"},
        {"b", "text"},
        {"c", "character varying(10)"}}},
      {"select t2.* from s.t2", {{"a", "bigint"}, {"d", "date"}}},
      {"select * from generate_series(1, 2) g, generate_series(1, 2) with ordinality o(n, i)",
       {{"g", "integer"}, {"n", "integer"}, {"i", "bigint"}}},
      {"values (1, 'a'), (2.5, null)", {{"column1", "numeric"}, {"column2", "text"}}},
      {"select a from t union select x from u", {{"a", "integer"}}},
      {"select 1 union select 2.5", {{"?column?", "numeric"}}},
      {"select 'a' union select 'b'", {{"?column?", "text"}}},
      {"select null union select null", {{"?column?", "text"}}},
      {"select b, count(*) from t group by 1", {{"b", "text"}, {"count", "bigint"}}},
      {"select row_number() over (), rank() over (order by a), lag(b) over (order by a), sum(a) "
       "over () from t",
       {{"row_number", "bigint"}, {"rank", "bigint"}, {"lag", "text"}, {"sum", "bigint"}}},
      {"select 1::int2 + 1::int2, 1::int2 + 1, 1::int8 * 2, 1::float4 * 2, 1::float4 * 2.5, "
       "'1'::numeric(5,2) + 1",
       {{"?column?", "smallint"},
        {"?column?", "integer"},
        {"?column?", "bigint"},
        {"?column?", "double precision"},
        {"?column?", "double precision"},
        {"?column?", "numeric"}}},
      {"select 'abc'::bpchar, 'abc'::char(5) || 'x', 'abc'::varchar(10) || 'x', 'abc'::name, "
       "'x'::\"char\"",
       {{"bpchar", "bpchar"},
        {"?column?", "text"},
        {"?column?", "text"},
        {"name", "name"},
        {"char", "\"char\""}}},
      {"select true and false, not true, 1 < 2, 'a' < 'b', null is null, 1 is distinct from 2, b "
       "like 'x' from t",
       {{"?column?", "boolean"},
        {"?column?", "boolean"},
        {"?column?", "boolean"},
        {"?column?", "boolean"},
        {"?column?", "boolean"},
        {"?column?", "boolean"},
        {"?column?", "boolean"}}},
      {"select date '2020-01-01' + 1, date '2020-01-01' - date '2019-01-01', timestamp "
       "'2020-01-01' + interval '1 hour', interval '1 day' * 2",
       {{"?column?", "date"},
        {"?column?", "integer"},
        {"?column?", "timestamp without time zone"},
        {"?column?", "interval"}}},
      {"select x::text, x::bigint, x::numeric, x::float8, y::int, y::text, z::text, v::int from u",
       {{"x", "text"},
        {"x", "bigint"},
        {"x", "numeric"},
        {"x", "double precision"},
        {"y", "integer"},
        {"y", "text"},
        {"z", "text"},
        {"v", "integer"}}},
      {"select '1'::int + '2', '1' || '2', 1 || 'a', 'a' || 1",
       {{"?column?", "integer"}, {"?column?", "text"}, {"?column?", "text"}, {"?column?", "text"}}},
      {"select json_build_object('a', 1), '{\"a\":1}'::jsonb -> 'a', '{\"a\":1}'::jsonb ->> 'a', "
       "to_json(1)",
       {{"json_build_object", "json"},
        {"?column?", "jsonb"},
        {"?column?", "text"},
        {"to_json", "json"}}},
      {"select concat(1, 'a'), concat_ws(',', 1, 2), format('%s', 1), coalesce(null, 1), "
       "coalesce(null, null)",
       {{"concat", "text"},
        {"concat_ws", "text"},
        {"format", "text"},
        {"coalesce", "integer"},
        {"coalesce", "text"}}},
      {"select current_user, session_user, current_schema, current_catalog, user",
       {{"current_user", "name"},
        {"session_user", "name"},
        {"current_schema", "name"},
        {"current_catalog", "name"},
        {"user", "name"}}},
      {"select ctid, xmin, tableoid, cmin from t",
       {{"ctid", "tid"}, {"xmin", "xid"}, {"tableoid", "oid"}, {"cmin", "cid"}}},
      {"select a from t order by b limit 1", {{"a", "integer"}}},
      {"with w as (select a, b from t) select * from w", {{"a", "integer"}, {"b", "text"}}},
      {"with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) select * from "
       "r",
       {{"n", "integer"}}},
      {"select (a, b) = (1, 'x'), (a, b) < (1, 'x') from t",
       {{"?column?", "boolean"}, {"?column?", "boolean"}}},
      {"select a in (1, 2), a not in (1, 2), b in ('a', 'b'), a between 1 and 2 from t",
       {{"?column?", "boolean"},
        {"?column?", "boolean"},
        {"?column?", "boolean"},
        {"?column?", "boolean"}}},
      {"select $1", {{"?column?", "text"}}},
  };
  return cases;
}

class DescribeTest : public ParserTest, public ::testing::WithParamInterface<size_t> {};

TEST_P(DescribeTest, ColumnsMatchPostgres) {
  const DescribeCase& c = Cases()[GetParam()];
  AnalyzeOptions options;
  options.variable_params = true;
  auto q = Analyze1(c.sql, options);
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& tle : q->targetList) {
    if (tle.resjunk) continue;
    got.emplace_back(tle.resname,
                     FormatTypeWithTypemod(tle.expr->result_type, tle.expr->result_typmod));
  }
  EXPECT_EQ(got, c.columns) << c.sql;
}

INSTANTIATE_TEST_SUITE_P(Postgres15, DescribeTest, ::testing::Range<size_t>(0, Cases().size()));

}  // namespace
}  // namespace hyrax::parser::testing
