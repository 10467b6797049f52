// Partition descriptors, routing and bound checks (see partition_bounds.h).
#include "executor/partition/partition_bounds.h"

#include <functional>
#include <optional>

#include "common/error.h"
#include "executor/functions/type_io.h"
#include "executor/partition/partition_key_values.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/heap/heap_am.h"
#include "storage/heap/heap_tuple.h"
#include "storage/txn/snapshot.h"

namespace hyrax::executor {

namespace {

using Kind = BoundDatum::Kind;

int KindRank(Kind k) {
  return k == Kind::kMinValue ? -1 : k == Kind::kMaxValue ? 1 : 0;
}

[[noreturn]] void Overlap(const std::string& name, const std::string& other) {
  throw MakeError(errcode::kInvalidObjectDefinition,
                  "partition \"{}\" would overlap partition \"{}\"", name, other);
}

void CheckHashModulus(const PartitionBoundSpec& spec, const PartitionEntry& other,
                      const std::string& name) {
  int m1 = spec.modulus, m2 = other.spec.modulus;
  if (m1 < m2 && m2 % m1 != 0) {
    throw MakeError(errcode::kInvalidObjectDefinition,
                    "every hash partition modulus must be a factor of the next larger modulus")
        .Detail(fmt::format(
            "The new modulus {} is not a factor of {}, the modulus of existing partition \"{}\".",
            m1, m2, other.name));
  }
  if (m1 > m2 && m1 % m2 != 0) {
    throw MakeError(errcode::kInvalidObjectDefinition,
                    "every hash partition modulus must be a factor of the next larger modulus")
        .Detail(fmt::format(
            "The new modulus {} is not divisible by {}, the modulus of existing partition \"{}\".",
            m1, m2, other.name));
  }
  int m = std::min(m1, m2);
  if (spec.remainder % m == other.spec.remainder % m) Overlap(name, other.name);
}

// The first leaf of `root` (`root` itself when it is a plain table) with a row for which
// the predicate `make_predicate` builds for that leaf holds, or nullopt.
using RowPredicate = std::function<bool(const Datum* values, const bool* nulls)>;
std::optional<std::string> FindLeafWithRow(
    Oid root,
    const std::function<RowPredicate(const catalog::RelationData& leaf)>& make_predicate) {
  for (Oid leaf : catalog::FindAllInheritors(root)) {
    auto rel = catalog::RelationIdGetRelation(leaf);
    if (!rel || rel->relkind() != 'r') continue;
    RowPredicate predicate = make_predicate(*rel);
    std::vector<Datum> values(rel->desc->natts());
    std::unique_ptr<bool[]> nulls(new bool[rel->desc->natts()]);
    storage::HeapScan scan(rel->heap, storage::GetLatestSnapshot());
    storage::HeapTuple tuple;
    MemoryContext tmp("partition row check");
    while (scan.Next(&tuple)) {
      MemoryContextScope scope(&tmp);
      storage::HeapDeformTuple(tuple, *rel->desc, values.data(), nulls.get());
      if (predicate(values.data(), nulls.get())) return rel->name();
      tmp.Reset();
    }
  }
  return std::nullopt;
}

// Rows of the default partition (its leaves) that the new bound would take:
// check_default_partition_contents.
void CheckDefaultPartitionRows(const PartitionDescriptor& desc, const PartitionEntry& candidate) {
  const PartitionEntry& def = desc.partitions()[desc.default_index()];
  const PartitionKey& key = desc.key();
  auto found = FindLeafWithRow(def.relid, [&](const catalog::RelationData& leaf) -> RowPredicate {
    auto key_values = std::make_shared<PartitionKeyValues>(key, desc.parent(), leaf.desc);
    auto kv = std::make_shared<std::vector<Datum>>(key.natts());
    std::shared_ptr<bool[]> kn(new bool[key.natts()]);
    return [&desc, &candidate, key_values, kv, kn](const Datum* values, const bool* nulls) {
      key_values->Compute(values, nulls, kv->data(), kn.get());
      return desc.BoundAccepts(candidate, kv->data(), kn.get());
    };
  });
  if (found) {
    throw MakeError(errcode::kCheckViolation,
                    "updated partition constraint for default partition \"{}\" would be violated "
                    "by some row",
                    def.name);
  }
}

}  // namespace

PartitionDescriptor::PartitionDescriptor(const catalog::RelationData& parent)
    : parent_(catalog::RelationIdGetRelation(parent.oid)),
      key_(parent),
      memory_(std::make_unique<MemoryContext>("partition descriptor")) {
  for (Oid child : catalog::InheritanceChildren(parent.oid)) {
    partitions_.push_back(LoadEntry(child));
    if (partitions_.back().spec.is_default)
      default_index_ = static_cast<int>(partitions_.size()) - 1;
  }
}

PartitionEntry PartitionDescriptor::LoadEntry(Oid relid) const {
  auto rel = catalog::RelationIdGetRelation(relid);
  if (!rel || !rel->rel.relpartbound) {
    throw MakeError(errcode::kInternalError, "missing relpartbound for relation {}", relid);
  }
  PartitionEntry entry;
  entry.relid = relid;
  entry.name = rel->name();
  entry.relkind = rel->relkind();
  entry.spec = ParsePartitionBound(*rel->rel.relpartbound);
  entry.list = BoundValues(entry.spec.list_datums);
  entry.lower = BoundValues(entry.spec.lower);
  entry.upper = BoundValues(entry.spec.upper);
  return entry;
}

std::vector<BoundValue> PartitionDescriptor::BoundValues(
    const std::vector<BoundDatum>& datums) const {
  MemoryContextScope scope(memory_.get());
  std::vector<BoundValue> out;
  for (size_t i = 0; i < datums.size(); ++i) {
    BoundValue v;
    v.kind = datums[i].kind;
    // List bounds have one key column; range bounds one value per column.
    int col = key_.strategy() == 'l' ? 0 : static_cast<int>(i);
    if (v.kind == Kind::kValue) v.value = key_.Input(col, datums[i]);
    out.push_back(v);
  }
  return out;
}

int PartitionDescriptor::CompareKeyToRangeBound(const std::vector<BoundValue>& bound,
                                                const Datum* values) const {
  for (size_t col = 0; col < bound.size(); ++col) {
    if (bound[col].kind == Kind::kMinValue) return 1;
    if (bound[col].kind == Kind::kMaxValue) return -1;
    int c = key_.Compare(static_cast<int>(col), values[col], bound[col].value);
    if (c != 0) return c;
  }
  return 0;
}

int PartitionDescriptor::CompareRangeBounds(const std::vector<BoundValue>& a,
                                            const std::vector<BoundValue>& b) const {
  for (size_t col = 0; col < a.size() && col < b.size(); ++col) {
    int ra = KindRank(a[col].kind), rb = KindRank(b[col].kind);
    if (ra != rb) return ra < rb ? -1 : 1;
    if (ra != 0) return 0;  // both MINVALUE or both MAXVALUE: the rest does not matter
    int c = key_.Compare(static_cast<int>(col), a[col].value, b[col].value);
    if (c != 0) return c;
  }
  return 0;
}

bool PartitionDescriptor::BoundAccepts(const PartitionEntry& entry, const Datum* key_values,
                                       const bool* key_nulls) const {
  switch (entry.spec.strategy) {
    case 'l':
      for (const auto& v : entry.list) {
        if (v.kind == Kind::kNull ? key_nulls[0]
                                  : !key_nulls[0] && key_.Compare(0, key_values[0], v.value) == 0)
          return true;
      }
      return false;
    case 'r':
      for (int col = 0; col < key_.natts(); ++col) {
        if (key_nulls[col]) return false;  // range partitions never take NULL keys
      }
      return CompareKeyToRangeBound(entry.lower, key_values) >= 0 &&
             CompareKeyToRangeBound(entry.upper, key_values) < 0;
    case 'h': {
      uint64_t hash = key_.HashRow(key_values, key_nulls);
      return hash % static_cast<uint64_t>(entry.spec.modulus) ==
             static_cast<uint64_t>(entry.spec.remainder);
    }
    default:
      return false;
  }
}

int PartitionDescriptor::FindPartition(const Datum* key_values, const bool* key_nulls) const {
  for (size_t i = 0; i < partitions_.size(); ++i) {
    if (static_cast<int>(i) == default_index_) continue;
    if (BoundAccepts(partitions_[i], key_values, key_nulls)) return static_cast<int>(i);
  }
  return default_index_;
}

std::string DescribeKeyValues(const PartitionKey& key, const Datum* values, const bool* nulls) {
  std::string names, shown;
  for (int col = 0; col < key.natts(); ++col) {
    if (col > 0) {
      names += ", ";
      shown += ", ";
    }
    names += key.column_name(col);
    shown += nulls[col] ? "null" : OutputByType(key.type(col), values[col]);
  }
  return "(" + names + ") = (" + shown + ")";
}

bool PartitionConstraintHolds(const catalog::RelationData& partition, const Datum* values,
                              const bool* nulls) {
  if (!partition.rel.relispartition) return true;
  std::vector<Oid> parents = catalog::InheritanceParents(partition.oid);
  if (parents.empty()) return true;
  auto parent = catalog::RelationIdGetRelation(parents[0]);
  PartitionDescriptor desc(*parent);
  PartitionKeyValues key_values(desc.key(), *parent, partition.desc);
  std::vector<Datum> kv(desc.key().natts());
  std::unique_ptr<bool[]> kn(new bool[desc.key().natts()]);
  key_values.Compute(values, nulls, kv.data(), kn.get());
  int index = desc.FindPartition(kv.data(), kn.get());
  if (index < 0 || desc.partitions()[index].relid != partition.oid) return false;
  // The parent's own constraint, with the row in the parent's column order.
  if (!parent->rel.relispartition) return true;
  std::vector<Datum> pv(parent->desc->natts());
  std::unique_ptr<bool[]> pn(new bool[parent->desc->natts()]);
  for (int i = 0; i < parent->desc->natts(); ++i) {
    pv[i] = 0;
    pn[i] = true;
    for (int j = 0; j < partition.desc->natts(); ++j) {
      if (!partition.desc->attr(j).dropped &&
          partition.desc->attr(j).name == parent->desc->attr(i).name) {
        pv[i] = values[j];
        pn[i] = nulls[j];
      }
    }
  }
  return PartitionConstraintHolds(*parent, pv.data(), pn.get());
}

void CheckNewPartitionBound(Oid parent_oid, const std::string& name,
                            const std::string& bound_text) {
  auto parent = catalog::RelationIdGetRelation(parent_oid);
  PartitionDescriptor desc(*parent);
  PartitionEntry candidate;
  candidate.name = name;
  candidate.spec = ParsePartitionBound(bound_text);
  candidate.list = desc.BoundValues(candidate.spec.list_datums);
  candidate.lower = desc.BoundValues(candidate.spec.lower);
  candidate.upper = desc.BoundValues(candidate.spec.upper);
  if (candidate.spec.is_default) {
    if (desc.default_index() >= 0) {
      throw MakeError(errcode::kInvalidObjectDefinition,
                      "partition \"{}\" conflicts with existing default partition \"{}\"", name,
                      desc.partitions()[desc.default_index()].name);
    }
    return;
  }
  if (candidate.spec.strategy == 'r' &&
      desc.CompareRangeBounds(candidate.lower, candidate.upper) >= 0) {
    throw MakeError(errcode::kInvalidObjectDefinition,
                    "empty range bound specified for partition \"{}\"", name)
        .Detail(fmt::format("Specified lower bound {} is greater than or equal to upper bound {}.",
                            RangeBoundText(candidate.spec.lower),
                            RangeBoundText(candidate.spec.upper)));
  }
  for (const auto& other : desc.partitions()) {
    if (other.spec.is_default) continue;
    switch (candidate.spec.strategy) {
      case 'l':
        for (const auto& v : candidate.list) {
          for (const auto& w : other.list) {
            bool same = v.kind == Kind::kNull
                            ? w.kind == Kind::kNull
                            : w.kind != Kind::kNull && desc.key().Compare(0, v.value, w.value) == 0;
            if (same) Overlap(name, other.name);
          }
        }
        break;
      case 'r':
        if (desc.CompareRangeBounds(candidate.lower, other.upper) < 0 &&
            desc.CompareRangeBounds(other.lower, candidate.upper) < 0) {
          Overlap(name, other.name);
        }
        break;
      case 'h':
        CheckHashModulus(candidate.spec, other, name);
        break;
    }
  }
  if (desc.default_index() >= 0) CheckDefaultPartitionRows(desc, candidate);
}

void ValidatePartitionRows(Oid partition) {
  auto found = FindLeafWithRow(partition, [](const catalog::RelationData& leaf) -> RowPredicate {
    return [&leaf](const Datum* values, const bool* nulls) {
      return !PartitionConstraintHolds(leaf, values, nulls);
    };
  });
  if (found) {
    throw MakeError(errcode::kCheckViolation,
                    "partition constraint of relation \"{}\" is violated by some row", *found);
  }
}

}  // namespace hyrax::executor
