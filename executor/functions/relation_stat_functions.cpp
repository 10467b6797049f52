// The per-table activity functions of PostgreSQL's pgstatfuncs.c that Hyrax's shared
// counters can answer (storage/vacuum/relation_stats.h): pg_stat_get_live_tuples,
// _dead_tuples, _mod_since_analyze, _vacuum_count, _analyze_count, _autoanalyze_count,
// _last_analyze_time and _last_autoanalyze_time. A relation never counted gives 0 (NULL for
// the times), as in PostgreSQL; the counters restart with the server.
#include <optional>

#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/syscache.h"
#include "storage/vacuum/relation_stats.h"

namespace hyrax::executor {

namespace {

// The counters of the relation in argument 0 (its database's, or the shared catalogs').
std::optional<storage::RelationCounts> CountsOf(FunctionCallInfo* f) {
  auto rel = catalog::Syscache().RelationByOid(f->ArgOid(0));
  if (!rel) return std::nullopt;
  const RelFileLocator locator = catalog::HeapRelationFor(*rel).locator;
  return storage::RelationStats::Get(locator.db_oid, rel->oid);
}

template <int64_t storage::RelationCounts::*kField>
Datum CountFunction(FunctionCallInfo* f) {
  std::optional<storage::RelationCounts> counts = CountsOf(f);
  return Int64GetDatum(counts ? (*counts).*kField : 0);
}

template <int64_t storage::RelationCounts::*kField>
Datum TimeFunction(FunctionCallInfo* f) {
  std::optional<storage::RelationCounts> counts = CountsOf(f);
  if (!counts || (*counts).*kField == 0) return f->ReturnNull();
  return Int64GetDatum((*counts).*kField);
}

using Counts = storage::RelationCounts;

const BuiltinFunction kRelationStatBuiltins[] = {
    {"pg_stat_get_live_tuples", CountFunction<&Counts::live_tuples>, 1},
    {"pg_stat_get_dead_tuples", CountFunction<&Counts::dead_tuples>, 1},
    {"pg_stat_get_mod_since_analyze", CountFunction<&Counts::modified_since_analyze>, 1},
    {"pg_stat_get_vacuum_count", CountFunction<&Counts::vacuum_count>, 1},
    {"pg_stat_get_analyze_count", CountFunction<&Counts::analyze_count>, 1},
    {"pg_stat_get_autoanalyze_count", CountFunction<&Counts::autoanalyze_count>, 1},
    {"pg_stat_get_last_analyze_time", TimeFunction<&Counts::last_analyze>, 1},
    {"pg_stat_get_last_autoanalyze_time", TimeFunction<&Counts::last_autoanalyze>, 1},
};

}  // namespace

std::span<const BuiltinFunction> RelationStatBuiltins() {
  return kRelationStatBuiltins;
}

}  // namespace hyrax::executor
