// Plan-time partition pruning (see partprune.h). Each level of the partition tree is
// checked with the clauses that compare one of its key columns with a constant of the key
// column's type; a partition is pruned when one clause cannot hold for any row its bound
// admits (range bounds are treated as continuous, as PostgreSQL does). A pruned
// partitioned table takes all its partitions with it.
#include "planner/path/partprune.h"

#include <optional>

#include "executor/expr/expr_tree.h"
#include "executor/partition/partition_bounds.h"
#include "nodes/node_funcs.h"
#include "storage/catalog/partitioned_table.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using executor::BoundDatum;
using executor::BoundValue;
using executor::PartitionDescriptor;
using executor::PartitionEntry;
using nodes::NodeTag;

// One usable clause on a key column: btree strategy 1..5 with a value, or IS NULL (0).
struct KeyClause {
  int col = 0;
  int strategy = 0;  // 0: IS NULL
  Datum value = 0;
};

const nodes::Expr* StripRelabel(const nodes::ExprPtr& e) {
  const nodes::Expr* x = e.get();
  while (x->tag == NodeTag::kRelabelType) x = nodes::As<nodes::RelabelType>(x)->arg.get();
  return x;
}

// The key column (0-based) an expression of the root parent stands for, or -1: a Var of a
// key column, or an expression equal to a key expression (match_clause_to_partition_key).
int KeyColumnOf(const nodes::Expr* x, Index relid, const std::vector<nodes::AttrNumber>& key_attnos,
                const std::vector<nodes::ExprPtr>& key_exprs) {
  for (size_t i = 0; i < key_exprs.size(); ++i) {
    if (key_exprs[i] && nodes::ExprEqual(key_exprs[i].get(), x)) return static_cast<int>(i);
  }
  if (x->tag != NodeTag::kVar) return -1;
  const auto& v = *nodes::As<nodes::Var>(x);
  if (v.varno != relid || v.varlevelsup != 0) return -1;
  for (size_t i = 0; i < key_attnos.size(); ++i) {
    if (!key_exprs[i] && key_attnos[i] == v.varattno) return static_cast<int>(i);
  }
  return -1;
}

int StrategyOf(Oid opno, Oid opfamily, Oid type) {
  for (const auto& amop : catalog::Syscache().AmopsByOperator(opno)) {
    if (amop.amopfamily == opfamily && amop.amoplefttype == type && amop.amoprighttype == type) {
      return amop.amopstrategy;
    }
  }
  return -1;
}

std::vector<KeyClause> MatchClauses(const RelOptInfo& rel, const PartitionDescriptor& desc,
                                    const std::vector<nodes::AttrNumber>& key_attnos,
                                    const std::vector<nodes::ExprPtr>& key_exprs,
                                    const std::vector<Oid>& families) {
  std::vector<KeyClause> out;
  const auto& key = desc.key();
  for (const auto& ri : rel.baserestrictinfo) {
    const nodes::Expr* clause = ri->clause.get();
    if (clause->tag == NodeTag::kNullTest) {
      const auto& nt = *nodes::As<nodes::NullTest>(clause);
      int col = KeyColumnOf(StripRelabel(nt.arg), rel.relid, key_attnos, key_exprs);
      if (col >= 0 && nt.nulltesttype == nodes::NullTestType::kIsNull) out.push_back({col, 0, 0});
      continue;
    }
    if (clause->tag != NodeTag::kOpExpr) continue;
    const auto& op = *nodes::As<nodes::OpExpr>(clause);
    if (op.args.size() != 2) continue;
    const nodes::Expr* left = StripRelabel(op.args[0]);
    const nodes::Expr* right = StripRelabel(op.args[1]);
    bool commuted = false;
    int col = KeyColumnOf(left, rel.relid, key_attnos, key_exprs);
    if (col < 0) {
      col = KeyColumnOf(right, rel.relid, key_attnos, key_exprs);
      std::swap(left, right);
      commuted = true;
    }
    if (col < 0 || right->tag != NodeTag::kConst) continue;
    const auto& c = *nodes::As<nodes::Const>(right);
    if (c.constisnull || c.result_type != key.type(col)) continue;
    int strategy = StrategyOf(op.opno, families[col], key.type(col));
    if (key.strategy() == 'h') strategy = strategy == 1 ? 3 : -1;  // hash "=" is strategy 1
    if (strategy < 1 || strategy > 5) continue;
    if (commuted) strategy = 6 - strategy;  // c < k  is  k > c
    if (key.strategy() == 'h' && strategy != 3) continue;
    out.push_back({col, strategy, c.constvalue});
  }
  return out;
}

// Whether some value v with `v <strategy> c` can lie in [lower, upper) of key column col
// (only the first column of a multi-column range is used).
bool RangeAdmits(const PartitionDescriptor& desc, const PartitionEntry& p, const KeyClause& k) {
  if (k.strategy == 0) return false;  // range partitions hold no NULL keys
  if (k.col != 0) return true;
  const auto& key = desc.key();
  bool single = key.natts() == 1;
  const BoundValue& lo = p.lower[0];
  const BoundValue& hi = p.upper[0];
  auto cmp_lo = [&] { return key.Compare(0, k.value, lo.value); };  // c vs lower
  auto cmp_hi = [&] { return key.Compare(0, k.value, hi.value); };  // c vs upper
  bool lo_min = lo.kind == BoundDatum::Kind::kMinValue;
  bool hi_max = hi.kind == BoundDatum::Kind::kMaxValue;
  bool lo_max = lo.kind == BoundDatum::Kind::kMaxValue;
  bool hi_min = hi.kind == BoundDatum::Kind::kMinValue;
  if (lo_max || hi_min) return false;
  switch (k.strategy) {
    case 1:  // k < c: needs lower < c
      return lo_min || cmp_lo() > 0;
    case 2:  // k <= c
      return lo_min || cmp_lo() >= 0;
    case 3:  // k = c: lower <= c < upper (<= upper with more columns)
      return (lo_min || cmp_lo() >= 0) && (hi_max || (single ? cmp_hi() < 0 : cmp_hi() <= 0));
    case 4:  // k >= c
    case 5:  // k > c
      return hi_max || (single ? cmp_hi() < 0 : cmp_hi() <= 0);
    default:
      return true;
  }
}

bool ListAdmits(const PartitionDescriptor& desc, const PartitionEntry& p, const KeyClause& k) {
  for (const auto& v : p.list) {
    if (v.kind == BoundDatum::Kind::kNull) {
      if (k.strategy == 0) return true;
      continue;
    }
    if (k.strategy == 0) continue;
    int c = desc.key().Compare(0, v.value, k.value);  // list value vs constant
    bool ok = (k.strategy == 1 && c < 0) || (k.strategy == 2 && c <= 0) ||
              (k.strategy == 3 && c == 0) || (k.strategy == 4 && c >= 0) ||
              (k.strategy == 5 && c > 0);
    if (ok) return true;
  }
  return false;
}

bool Admits(const PartitionDescriptor& desc, int index, const std::vector<KeyClause>& clauses) {
  const PartitionEntry& p = desc.partitions()[index];
  const auto& key = desc.key();
  if (index == desc.default_index()) {
    // The default partition is pruned when an equality on the whole key (or IS NULL of a
    // list key) is accepted by another partition.
    std::vector<Datum> values(key.natts());
    std::unique_ptr<bool[]> nulls(new bool[key.natts()]);
    std::vector<bool> have(key.natts(), false);
    for (const auto& k : clauses) {
      if (k.strategy != 3 && k.strategy != 0) continue;
      values[k.col] = k.value;
      nulls[k.col] = k.strategy == 0;
      have[k.col] = true;
    }
    for (bool h : have) {
      if (!h) return true;
    }
    return desc.FindPartition(values.data(), nulls.get()) == index;
  }
  if (key.strategy() == 'h') {
    std::vector<Datum> values(key.natts());
    std::unique_ptr<bool[]> nulls(new bool[key.natts()]);
    std::vector<bool> have(key.natts(), false);
    for (const auto& k : clauses) {
      values[k.col] = k.value;
      nulls[k.col] = k.strategy == 0;
      have[k.col] = true;
    }
    for (bool h : have) {
      if (!h) return true;
    }
    return desc.BoundAccepts(p, values.data(), nulls.get());
  }
  for (const auto& k : clauses) {
    bool ok = key.strategy() == 'l' ? ListAdmits(desc, p, k) : RangeAdmits(desc, p, k);
    if (!ok) return false;
  }
  return true;
}

void PruneLevel(const RelOptInfo& rel, const catalog::RelationData& root_rel,
                const catalog::RelationData& level, std::set<Oid>* pruned) {
  PartitionDescriptor desc(level);
  const auto& key = desc.key();
  auto root_attno = [&](const std::string& name) {
    nodes::AttrNumber attno = 0;
    for (int i = 0; i < root_rel.desc->natts(); ++i) {
      if (!root_rel.desc->attr(i).dropped && root_rel.desc->attr(i).name == name) {
        attno = static_cast<nodes::AttrNumber>(i + 1);
      }
    }
    return attno;
  };
  std::vector<nodes::AttrNumber> key_attnos;
  std::vector<nodes::ExprPtr> key_exprs;  // key expressions over the root's Vars
  for (int col = 0; col < key.natts(); ++col) {
    if (!key.expr(col)) {
      key_attnos.push_back(root_attno(key.column_name(col)));
      key_exprs.push_back(nullptr);
      continue;
    }
    key_attnos.push_back(0);
    key_exprs.push_back(
        executor::MutateExpr(key.expr(col), [&](const nodes::ExprPtr& e) -> nodes::ExprPtr {
          if (e->tag != NodeTag::kVar) return nullptr;
          const auto& v = *nodes::As<nodes::Var>(e);
          if (v.varlevelsup != 0 || v.varattno <= 0) return nullptr;
          auto copy = std::make_shared<nodes::Var>(v);
          copy->varno = rel.relid;
          copy->varattno = root_attno(level.desc->attr(v.varattno - 1).name);
          return copy;
        }));
  }
  auto stored = catalog::PartitionKeyOf(level.oid);
  std::vector<Oid> families;
  for (Oid opclass : stored->partclass) {
    auto opc = catalog::Syscache().OpclassByOid(opclass);
    families.push_back(opc ? opc->opcfamily : kInvalidOid);
  }
  std::vector<KeyClause> clauses = MatchClauses(rel, desc, key_attnos, key_exprs, families);
  for (size_t i = 0; i < desc.partitions().size(); ++i) {
    const PartitionEntry& p = desc.partitions()[i];
    if (!clauses.empty() && !Admits(desc, static_cast<int>(i), clauses)) {
      for (Oid member : catalog::FindAllInheritors(p.relid)) pruned->insert(member);
    } else if (p.relkind == 'p') {
      auto sub = catalog::RelationIdGetRelation(p.relid);
      if (sub) PruneLevel(rel, root_rel, *sub, pruned);
    }
  }
}

}  // namespace

std::set<Oid> PrunedPartitions(PlannerInfo* root, const RelOptInfo& rel) {
  std::set<Oid> pruned;
  const auto& rte = root->parse->rtable.at(rel.relid - 1);
  auto relation = catalog::RelationIdGetRelation(rte.relid);
  if (!relation || relation->relkind() != 'p' || rel.baserestrictinfo.empty()) return pruned;
  PruneLevel(rel, *relation, *relation, &pruned);
  return pruned;
}

}  // namespace hyrax::planner
