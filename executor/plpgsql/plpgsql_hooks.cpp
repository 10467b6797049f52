// The installed PL/pgSQL hooks (see plpgsql_hooks.h).
#include "executor/plpgsql/plpgsql_hooks.h"

namespace hyrax::executor::plpgsql {

namespace {

PlpgsqlHooks& Hooks() {
  static PlpgsqlHooks hooks;
  return hooks;
}

}  // namespace

void SetPlpgsqlHooks(PlpgsqlHooks hooks) {
  Hooks() = std::move(hooks);
}

const PlpgsqlHooks& GetPlpgsqlHooks() {
  return Hooks();
}

}  // namespace hyrax::executor::plpgsql
