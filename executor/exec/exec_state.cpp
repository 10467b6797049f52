// Executor state (see exec_state.h).
#include "executor/exec/exec_state.h"

#include "common/assert.h"
#include "executor/exec/operator.h"
#include "executor/expr/subplan.h"
#include "executor/ri/ri_event_queue.h"

namespace hyrax::executor {

ExecState::ExecState() = default;
ExecState::~ExecState() = default;

const nodes::RangeTblEntry& ExecState::rte(nodes::Index rti) const {
  HYRAX_CHECK(range_table != nullptr && rti >= 1 && rti <= range_table->size(),
              "range table index out of range");
  return (*range_table)[rti - 1];
}

const catalog::RelationData& ExecState::relation(nodes::Index rti) {
  const nodes::RangeTblEntry& entry = rte(rti);
  if (relations.size() < range_table->size()) relations.resize(range_table->size());
  auto& slot = relations[rti - 1];
  if (!slot) {
    slot = catalog::RelationIdGetRelation(entry.relid);
    if (!slot) {
      throw MakeError(errcode::kUndefinedTable, "could not open relation with OID {}", entry.relid);
    }
  }
  return *slot;
}

}  // namespace hyrax::executor
