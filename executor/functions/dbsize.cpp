// pg_relation_size(regclass, fork) (PostgreSQL's dbsize.c): the size in bytes of one fork
// of a table or index, from its file length. The one-argument form is a SQL-language
// function in pg_proc ("RETURN pg_relation_size($1, 'main')"), which Hyrax cannot run yet.
#include <string_view>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/call_context.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/relcache.h"
#include "storage/smgr/smgr.h"

namespace hyrax::executor {

namespace {

// PostgreSQL's forkname_to_number.
ForkNumber ForkByName(std::string_view name) {
  if (name == "main") return ForkNumber::kMain;
  if (name == "fsm") return ForkNumber::kFsm;
  if (name == "vm") return ForkNumber::kVisibilityMap;
  if (name == "init") return ForkNumber::kInit;
  throw MakeError(errcode::kInvalidParameterValue, "invalid fork name")
      .Hint("Valid fork names are \"main\", \"fsm\", \"vm\", and \"init\".");
}

Datum PgRelationSize(FunctionCallInfo* f) {
  const ForkNumber fork = ForkByName(f->ArgText(1));
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(f->ArgOid(0));
  if (!rel) {
    f->isnull = true;  // a dropped relation: NULL, as PostgreSQL
    return Datum{0};
  }
  const RelFileLocator locator = catalog::HeapRelationFor(rel->rel).locator;
  if (!storage::Smgr::Exists(locator, fork)) return Int64GetDatum(0);
  const BlockNumber blocks = storage::BufferManager::NumBlocks(locator, fork);
  return Int64GetDatum(static_cast<int64_t>(blocks) * kBlockSize);
}

const BuiltinFunction kDbSizeBuiltins[] = {
    {"pg_relation_size", PgRelationSize, 2},
};

}  // namespace

std::span<const BuiltinFunction> DbSizeBuiltins() {
  return kDbSizeBuiltins;
}

}  // namespace hyrax::executor
