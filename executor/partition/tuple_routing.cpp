// Tuple routing (see tuple_routing.h).
#include "executor/partition/tuple_routing.h"

#include "common/error.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::executor {

TupleRouter::TupleRouter(const catalog::RelationData& root, ExecState* estate)
    : root_(root), estate_(estate) {}

TupleRouter::~TupleRouter() = default;

TupleRouter::Level& TupleRouter::LevelOf(Oid relid) {
  auto it = levels_.find(relid);
  if (it != levels_.end()) return it->second;
  auto rel = catalog::RelationIdGetRelation(relid);
  if (!rel) throw MakeError(errcode::kUndefinedTable, "could not open relation with OID {}", relid);
  Level level;
  level.desc = std::make_unique<PartitionDescriptor>(*rel);
  level.key_values =
      std::make_unique<PartitionKeyValues>(level.desc->key(), level.desc->parent(), root_.desc);
  return levels_.emplace(relid, std::move(level)).first->second;
}

ResultRelation* TupleRouter::Route(const Datum* values, const bool* nulls) {
  Oid current = root_.oid;
  for (;;) {
    Level& level = LevelOf(current);
    const PartitionKey& key = level.desc->key();
    std::vector<Datum> kv(key.natts());
    std::unique_ptr<bool[]> kn(new bool[key.natts()]);
    level.key_values->Compute(values, nulls, kv.data(), kn.get());
    int index = level.desc->FindPartition(kv.data(), kn.get());
    if (index < 0) {
      const auto& rel = level.desc->parent();
      throw MakeError(errcode::kCheckViolation, "no partition of relation \"{}\" found for row",
                      rel.name())
          .Detail(fmt::format("Partition key of the failing row contains {}.",
                              DescribeKeyValues(key, kv.data(), kn.get())))
          .Schema(rel.namespace_name)
          .Table(rel.name());
    }
    const PartitionEntry& entry = level.desc->partitions()[index];
    if (entry.relkind == 'p') {
      current = entry.relid;
      continue;
    }
    auto it = leaves_.find(entry.relid);
    if (it != leaves_.end()) return it->second.get();
    storage::LockRelationOid(entry.relid, storage::LockMode::kRowExclusive);
    auto leaf = catalog::RelationIdGetRelation(entry.relid);
    auto rr = std::make_unique<ResultRelation>(leaf, root_, /*writes_rows=*/true, estate_);
    return leaves_.emplace(entry.relid, std::move(rr)).first->second.get();
  }
}

}  // namespace hyrax::executor
