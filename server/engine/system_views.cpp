// System view definitions (see system_views.h). The queries are Hyrax's own; the column
// names and types are PostgreSQL 15's (checked by tests/regress/sql/psql_catalog.sql).
#include "server/engine/system_views.h"

#include "common/assert.h"
#include "common/error.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/view_catalog.h"

namespace hyrax::server::engine {

namespace {

struct SystemView {
  const char* name;
  Oid relid;  // PostgreSQL's OIDs: the view, its row type (in pg_type.tsv) and its rule
  Oid rowtype;
  Oid rule_oid;
  const char* query;
};

constexpr SystemView kSystemViews[] = {
    {"pg_roles", 12000, 12002, 12003,
     "SELECT a.rolname, a.rolsuper, a.rolinherit, a.rolcreaterole, a.rolcreatedb, "
     "a.rolcanlogin, a.rolreplication, a.rolconnlimit, '********'::pg_catalog.text AS "
     "rolpassword, a.rolvaliduntil, a.rolbypassrls, s.setconfig AS rolconfig, a.oid "
     "FROM pg_catalog.pg_authid a LEFT JOIN pg_catalog.pg_db_role_setting s "
     "ON s.setrole = a.oid AND s.setdatabase = 0"},
    {"pg_user", 12014, 12016, 12017,
     "SELECT a.rolname AS usename, a.oid AS usesysid, a.rolcreatedb AS usecreatedb, "
     "a.rolsuper AS usesuper, a.rolreplication AS userepl, a.rolbypassrls AS usebypassrls, "
     "'********'::pg_catalog.text AS passwd, a.rolvaliduntil AS valuntil, "
     "s.setconfig AS useconfig "
     "FROM pg_catalog.pg_authid a LEFT JOIN pg_catalog.pg_db_role_setting s "
     "ON s.setrole = a.oid AND s.setdatabase = 0 WHERE a.rolcanlogin"},
    {"pg_views", 12028, 12030, 12031,
     "SELECT n.nspname AS schemaname, c.relname AS viewname, "
     "pg_catalog.pg_get_userbyid(c.relowner) AS viewowner, "
     "pg_catalog.pg_get_viewdef(c.oid) AS definition "
     "FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
     "WHERE c.relkind = 'v'"},
    {"pg_tables", 12033, 12035, 12036,
     "SELECT n.nspname AS schemaname, c.relname AS tablename, "
     "pg_catalog.pg_get_userbyid(c.relowner) AS tableowner, t.spcname AS tablespace, "
     "c.relhasindex AS hasindexes, c.relhasrules AS hasrules, "
     "c.relhastriggers AS hastriggers, c.relrowsecurity AS rowsecurity "
     "FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
     "LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace "
     "WHERE c.relkind IN ('r', 'p')"},
    {"pg_indexes", 12043, 12045, 12046,
     "SELECT n.nspname AS schemaname, c.relname AS tablename, i.relname AS indexname, "
     "t.spcname AS tablespace, pg_catalog.pg_get_indexdef(i.oid) AS indexdef "
     "FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indrelid "
     "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
     "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
     "LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = i.reltablespace "
     "WHERE c.relkind IN ('r', 'm', 'p') AND i.relkind IN ('i', 'I')"},
};

// The view's columns: the output columns of its analyzed query.
std::vector<catalog::NewColumn> ViewColumns(const std::string& query_sql) {
  std::vector<nodes::QueryPtr> queries = parser::ParseAndAnalyze(query_sql);
  HYRAX_CHECK(queries.size() == 1, "a system view query must be one statement");
  std::vector<catalog::NewColumn> columns;
  for (const auto& target : queries[0]->targetList) {
    if (target.resjunk) continue;
    catalog::NewColumn column;
    column.name = target.resname;
    column.type_oid = nodes::ExprType(*target.expr);
    column.typmod = nodes::ExprTypmod(*target.expr);
    column.collation = nodes::ExprCollation(*target.expr);
    columns.push_back(std::move(column));
  }
  return columns;
}

}  // namespace

void CreateSystemViews() {
  for (const SystemView& view : kSystemViews) {
    catalog::NewRelation spec;
    spec.name = view.name;
    spec.namespace_oid = catalog::kPgCatalogNamespace;
    spec.relkind = 'v';
    spec.fixed_relid = view.relid;
    spec.reltype = view.rowtype;
    spec.columns = ViewColumns(view.query);
    Oid relid = catalog::CreateHeapRelation(spec);
    catalog::StoreViewQuery(relid, view.query, view.rule_oid);
  }
}

}  // namespace hyrax::server::engine
