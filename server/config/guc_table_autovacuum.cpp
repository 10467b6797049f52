// GUC table, autovacuum section: the settings of automatic ANALYZE with PostgreSQL's names,
// defaults, units and ranges, bound to storage/vacuum/autovacuum.h. All are sighup
// settings (hyrax.conf or the command line, re-read on SIGHUP), as in PostgreSQL.
#include <cfloat>
#include <climits>

#include "common/guc/guc.h"
#include "server/config/guc_table.h"
#include "storage/vacuum/autovacuum.h"

namespace hyrax::server::config {

void RegisterAutovacuumGucs() {
  using guc::GucContext;
  using guc::GucGroup;
  guc::DefineBool({.name = "autovacuum",
                   .context = GucContext::kSighup,
                   .group = GucGroup::kAutovacuum,
                   .short_desc = "Starts the autovacuum subprocess.",
                   .variable = &storage::g_autovacuum,
                   .boot = true});
  guc::DefineInt({.name = "autovacuum_naptime",
                  .context = GucContext::kSighup,
                  .group = GucGroup::kAutovacuum,
                  .short_desc = "Time to sleep between autovacuum runs.",
                  .variable = &storage::g_autovacuum_naptime_s,
                  .boot = 60,
                  .min = 1,
                  .max = INT_MAX / 1000,
                  .unit = guc::GucUnit::kS});
  guc::DefineInt({.name = "autovacuum_analyze_threshold",
                  .context = GucContext::kSighup,
                  .group = GucGroup::kAutovacuum,
                  .short_desc = "Minimum number of tuple inserts, updates, or deletes prior to "
                                "analyze.",
                  .variable = &storage::g_autovacuum_analyze_threshold,
                  .boot = 50,
                  .min = 0,
                  .max = INT_MAX});
  guc::DefineReal({.name = "autovacuum_analyze_scale_factor",
                   .context = GucContext::kSighup,
                   .group = GucGroup::kAutovacuum,
                   .short_desc = "Number of tuple inserts, updates, or deletes prior to analyze "
                                 "as a fraction of reltuples.",
                   .variable = &storage::g_autovacuum_analyze_scale_factor,
                   .boot = 0.1,
                   .min = 0,
                   .max = 100});
}

}  // namespace hyrax::server::config
