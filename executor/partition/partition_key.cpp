// Partition keys (see partition_key.h).
#include "executor/partition/partition_key.h"

#include "common/error.h"
#include "executor/deparse/deparse_expr.h"
#include "executor/expr/function_lookup.h"
#include "executor/functions/type_io.h"
#include "nodes/serialize.h"
#include "storage/catalog/partitioned_table.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

// HASH_PARTITION_SEED and hash_combine64 of PostgreSQL (partbounds.c, hashfn.h).
constexpr uint64_t kHashPartitionSeed = 0x7A5B22367996DCFDULL;

uint64_t HashCombine64(uint64_t a, uint64_t b) {
  a ^= b + 0x49a0f4dd15e5a8e3ULL + (a << 54) + (a >> 7);
  return a;
}

}  // namespace

std::string DeparseKeyExpression(const nodes::ExprPtr& expr, const catalog::RelationData& rel) {
  nodes::RangeTblEntry rte;
  rte.rtekind = nodes::RteKind::kRelation;
  rte.relid = rel.oid;
  rte.relkind = rel.relkind();
  rte.eref.aliasname = rel.name();
  for (int i = 0; i < rel.desc->natts(); ++i) rte.eref.colnames.push_back(rel.desc->attr(i).name);
  std::vector<nodes::RangeTblEntry> rtable{rte};
  DeparseContext context;
  context.rtable = &rtable;
  return DeparseExpr(expr, context);
}

PartitionKey::PartitionKey(const catalog::RelationData& rel) {
  auto key = catalog::PartitionKeyOf(rel.oid);
  if (!key) {
    throw MakeError(errcode::kInternalError, "relation \"{}\" is not partitioned", rel.name());
  }
  strategy_ = key->partstrat;
  auto& cache = catalog::Syscache();
  nodes::ExprList exprs;
  if (key->partexprs) exprs = nodes::StringToNodeList(*key->partexprs);
  size_t next_expr = 0;
  for (size_t i = 0; i < key->partattrs.size(); ++i) {
    attnums_.push_back(key->partattrs[i]);
    if (key->partattrs[i] == 0) {
      const nodes::ExprPtr& expr = exprs.at(next_expr++);
      exprs_.push_back(expr);
      names_.push_back(DeparseKeyExpression(expr, rel));
      types_.push_back(expr->result_type);
      typmods_.push_back(expr->result_typmod);
    } else {
      const auto& attr = rel.desc->attr(key->partattrs[i] - 1);
      exprs_.push_back(nullptr);
      names_.push_back(attr.name);
      types_.push_back(attr.type_oid);
      typmods_.push_back(attr.typmod);
    }
    collations_.push_back(i < key->partcollation.size() ? key->partcollation[i] : kInvalidOid);
    auto opclass = cache.OpclassByOid(key->partclass.at(i));
    if (!opclass) throw MakeError(errcode::kInternalError, "cache lookup failed for opclass");
    int16_t procnum = strategy_ == 'h' ? 2 : 1;
    FmgrInfo info;
    bool found = false;
    for (const auto& proc : cache.AmprocsOfFamily(opclass->opcfamily)) {
      if (proc.amprocnum == procnum && proc.amproclefttype == opclass->opcintype &&
          proc.amprocrighttype == opclass->opcintype) {
        FmgrInfoForFunction(proc.amproc, &info);
        found = true;
        break;
      }
    }
    if (!found) {
      throw MakeError(errcode::kUndefinedFunction,
                      "could not find support function {} for partition key column \"{}\"", procnum,
                      names_.back());
    }
    support_.push_back(info);
  }
}

Datum PartitionKey::Input(int col, const BoundDatum& datum) const {
  std::string text = datum.Text();
  return InputByType(types_[col], text.c_str(), typmods_[col]);
}

int PartitionKey::Compare(int col, Datum a, Datum b) const {
  return DatumGetInt32(FunctionCall(&support_[col], collations_[col], a, b));
}

uint64_t PartitionKey::HashRow(const Datum* values, const bool* nulls) const {
  uint64_t row_hash = 0;
  for (int col = 0; col < natts(); ++col) {
    if (nulls[col]) continue;
    Datum h = FunctionCall(&support_[col], collations_[col], values[col],
                           static_cast<Datum>(kHashPartitionSeed));
    row_hash = HashCombine64(row_hash, static_cast<uint64_t>(DatumGetInt64(h)));
  }
  return row_hash;
}

}  // namespace hyrax::executor
