// System view definitions (see system_views.h). The queries are Hyrax's own; the column
// names and types are PostgreSQL 15's (checked by tests/sql/catalog/system_views.slt).
#include "server/engine/system_views.h"

#include <iterator>
#include <string>
#include <vector>

#include "common/assert.h"
#include "executor/commands/view_commands.h"
#include "nodes/ddl_stmts.h"
#include "parser/analyze/analyze.h"
#include "storage/catalog/catalog_rows.h"

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
    {"pg_stat_activity", 12222, 12224, 12225,
     "SELECT s.datid, d.datname, s.pid, s.leader_pid, s.usesysid, u.rolname AS usename, "
     "s.application_name, s.client_addr, s.client_hostname, s.client_port, s.backend_start, "
     "s.xact_start, s.query_start, s.state_change, s.wait_event_type, s.wait_event, s.state, "
     "s.backend_xid, s.backend_xmin, s.query_id, s.query, s.backend_type "
     "FROM pg_catalog.pg_stat_get_activity(NULL::pg_catalog.int4) s "
     "LEFT JOIN pg_catalog.pg_database d ON s.datid = d.oid "
     "LEFT JOIN pg_catalog.pg_authid u ON s.usesysid = u.oid"},
};

// pg_stats (PostgreSQL 15's columns): one row per pg_statistic row of a column the
// catalog still has, each slot's values picked by its kind (1 MCV, 2 histogram,
// 3 correlation, 4 element MCV, 5 element count histogram). Without table privileges in
// Hyrax, every role sees every row (PostgreSQL shows only readable columns).
std::string SlotColumn(int kind, const char* column, const char* suffix, const char* name) {
  std::string sql = "CASE " + std::to_string(kind);
  for (int slot = 1; slot <= 5; ++slot) {
    sql += " WHEN s.stakind" + std::to_string(slot) + " THEN s." + column + std::to_string(slot) +
           suffix;
  }
  return sql + " END AS " + name;
}

std::string PgStatsQuery() {
  return "SELECT n.nspname AS schemaname, c.relname AS tablename, a.attname, "
         "s.stainherit AS inherited, s.stanullfrac AS null_frac, s.stawidth AS avg_width, "
         "s.stadistinct AS n_distinct, " +
         SlotColumn(1, "stavalues", "", "most_common_vals") + ", " +
         SlotColumn(1, "stanumbers", "", "most_common_freqs") + ", " +
         SlotColumn(2, "stavalues", "", "histogram_bounds") + ", " +
         SlotColumn(3, "stanumbers", "[1]", "correlation") + ", " +
         SlotColumn(4, "stavalues", "", "most_common_elems") + ", " +
         SlotColumn(4, "stanumbers", "", "most_common_elem_freqs") + ", " +
         SlotColumn(5, "stanumbers", "", "elem_count_histogram") +
         " FROM pg_catalog.pg_statistic s JOIN pg_catalog.pg_class c ON c.oid = s.starelid "
         "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = s.staattnum "
         "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
         "WHERE NOT a.attisdropped";
}

// The analysed CREATE VIEW statement of `view`.
std::shared_ptr<nodes::CreateViewStmt> AnalyzedCreateView(const SystemView& view) {
  std::string sql = std::string("CREATE VIEW pg_catalog.") + view.name + " AS " + view.query;
  std::vector<nodes::QueryPtr> queries = parser::ParseAndAnalyze(sql);
  HYRAX_CHECK(queries.size() == 1 && queries[0]->utilityStmt &&
                  queries[0]->utilityStmt->tag == nodes::UtilityTag::kCreateView,
              "a system view must be one CREATE VIEW statement");
  return std::static_pointer_cast<nodes::CreateViewStmt>(queries[0]->utilityStmt);
}

}  // namespace

void CreateSystemViews() {
  const std::string pg_stats_query = PgStatsQuery();
  std::vector<SystemView> views(std::begin(kSystemViews), std::end(kSystemViews));
  views.push_back({"pg_stats", 12053, 12055, 12056, pg_stats_query.c_str()});
  for (const SystemView& view : views) {
    executor::commands::DefineSystemView(*AnalyzedCreateView(view), catalog::kBootstrapSuperuserId,
                                         {view.relid, view.rowtype, view.rule_oid});
  }
}

}  // namespace hyrax::server::engine
