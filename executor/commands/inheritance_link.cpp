// Linking and unlinking inheritance children (see inheritance_link.h).
#include "executor/commands/inheritance_link.h"

#include "common/error.h"
#include "executor/commands/alter_table_internal.h"
#include "executor/expr/remap_vars.h"
#include "nodes/node_funcs.h"
#include "nodes/serialize.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/catalog/syscache.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

const catalog::PgAttribute* FindAttribute(const std::vector<catalog::PgAttribute>& attrs,
                                          const std::string& name) {
  for (const auto& a : attrs) {
    if (a.attnum > 0 && !a.attisdropped && a.attname == name) return &a;
  }
  return nullptr;
}

// MergeAttributesIntoExisting.
void MergeColumns(const catalog::RelationData& child, const catalog::RelationData& parent,
                  bool is_partition) {
  std::vector<catalog::PgAttribute> child_attrs = catalog::Syscache().AttributesOf(child.oid);
  for (const auto& pa : catalog::Syscache().AttributesOf(parent.oid)) {
    if (pa.attnum <= 0 || pa.attisdropped) continue;
    const catalog::PgAttribute* ca = FindAttribute(child_attrs, pa.attname);
    if (ca == nullptr) {
      throw MakeError(errcode::kDatatypeMismatch, "child table is missing column \"{}\"",
                      pa.attname);
    }
    if (ca->atttypid != pa.atttypid || ca->atttypmod != pa.atttypmod) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "child table \"{}\" has different type for column \"{}\"", child.name(),
                      pa.attname);
    }
    if (ca->attcollation != pa.attcollation) {
      throw MakeError(errcode::kCollationMismatch,
                      "child table \"{}\" has different collation for column \"{}\"", child.name(),
                      pa.attname);
    }
    if (pa.attnotnull && !ca->attnotnull) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "column \"{}\" in child table must be marked NOT NULL", pa.attname);
    }
  }
  for (const auto& pa : catalog::Syscache().AttributesOf(parent.oid)) {
    if (pa.attnum <= 0 || pa.attisdropped) continue;
    EditAttribute(child.oid, FindAttribute(child_attrs, pa.attname)->attnum,
                  [&](catalog::PgAttribute& row) {
                    row.attinhcount++;
                    if (is_partition) row.attislocal = false;
                  });
  }
}

const catalog::PgConstraint* FindCheck(const std::vector<catalog::PgConstraint>& constraints,
                                       const std::string& name) {
  for (const auto& c : constraints) {
    if (c.contype == 'c' && c.conname == name) return &c;
  }
  return nullptr;
}

// MergeConstraintsIntoExisting: the parent's inheritable CHECK constraints must be on the
// child with the same expression (compared with the parent's columns renumbered to the
// child's).
void MergeChecks(const catalog::RelationData& child, const catalog::RelationData& parent,
                 bool is_partition) {
  std::vector<catalog::PgConstraint> child_cons = catalog::Syscache().ConstraintsOf(child.oid);
  std::vector<Oid> merged;
  for (const auto& pc : catalog::Syscache().ConstraintsOf(parent.oid)) {
    if (pc.contype != 'c' || pc.connoinherit) continue;
    const catalog::PgConstraint* cc = FindCheck(child_cons, pc.conname);
    if (cc == nullptr) {
      throw MakeError(errcode::kDatatypeMismatch, "child table is missing constraint \"{}\"",
                      pc.conname);
    }
    nodes::ExprPtr expected =
        RemapVarsByName(nodes::StringToNode(pc.conbin.value_or("")), *parent.desc, *child.desc);
    if (!nodes::ExprEqual(expected, nodes::StringToNode(cc->conbin.value_or("")))) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "child table \"{}\" has different definition for check constraint \"{}\"",
                      child.name(), pc.conname);
    }
    if (cc->connoinherit) {
      throw MakeError(errcode::kInvalidObjectDefinition,
                      "constraint \"{}\" conflicts with non-inherited constraint on child table "
                      "\"{}\"",
                      pc.conname, child.name());
    }
    if (pc.convalidated && !cc->convalidated) {
      throw MakeError(errcode::kInvalidObjectDefinition,
                      "constraint \"{}\" conflicts with NOT VALID constraint on child table "
                      "\"{}\"",
                      pc.conname, child.name());
    }
    merged.push_back(cc->oid);
  }
  for (Oid conoid : merged) {
    EditConstraint(conoid, [&](catalog::PgConstraint& row) {
      row.coninhcount++;
      if (is_partition) row.conislocal = false;
    });
  }
}

}  // namespace

void LinkInheritanceChild(Oid child_oid, Oid parent_oid, bool is_partition) {
  catalog::RelationPtr child = OpenAlteredRelation(child_oid);
  catalog::RelationPtr parent = OpenAlteredRelation(parent_oid);
  MergeColumns(*child, *parent, is_partition);
  MergeChecks(*child, *parent, is_partition);
  auto seqno = static_cast<int32_t>(catalog::InheritanceParents(child_oid).size()) + 1;
  catalog::StoreInheritance(child_oid, parent_oid, seqno);
  catalog::CacheInvalidateRelation(parent_oid);
  catalog::CacheInvalidateRelation(child_oid);
  storage::CommandCounterIncrement();
}

void UnlinkInheritanceChild(Oid child_oid, Oid parent_oid) {
  std::vector<catalog::PgAttribute> child_attrs = catalog::Syscache().AttributesOf(child_oid);
  for (const auto& pa : catalog::Syscache().AttributesOf(parent_oid)) {
    if (pa.attnum <= 0 || pa.attisdropped) continue;
    const catalog::PgAttribute* ca = FindAttribute(child_attrs, pa.attname);
    if (ca == nullptr || ca->attinhcount <= 0) continue;
    EditAttribute(child_oid, ca->attnum, [](catalog::PgAttribute& row) {
      if (--row.attinhcount == 0) row.attislocal = true;
    });
  }
  std::vector<catalog::PgConstraint> child_cons = catalog::Syscache().ConstraintsOf(child_oid);
  for (const auto& pc : catalog::Syscache().ConstraintsOf(parent_oid)) {
    if (pc.contype != 'c' || pc.connoinherit) continue;
    const catalog::PgConstraint* cc = FindCheck(child_cons, pc.conname);
    if (cc == nullptr || cc->coninhcount <= 0) continue;
    EditConstraint(cc->oid, [](catalog::PgConstraint& row) {
      if (--row.coninhcount == 0) row.conislocal = true;
    });
  }
  catalog::RemoveInheritance(child_oid, parent_oid);
  catalog::CacheInvalidateRelation(parent_oid);
  catalog::CacheInvalidateRelation(child_oid);
  storage::CommandCounterIncrement();
}

}  // namespace hyrax::executor::commands
