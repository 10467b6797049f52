// ALTER TABLE through inheritance hierarchies and partitioning trees (PostgreSQL's
// ATSimpleRecursion and the recursing parts of ATExecAddColumn, ATExecDropColumn,
// ATExecAddConstraint, ATExecDropConstraint, ATExecSetNotNull, ATExecDropNotNull): a
// subcommand runs on the altered table and then on each direct child, which runs it on its
// own children. A child's copy of the subcommand names its own column numbers (matched by
// name) and expressions over its own columns. Columns and CHECK constraints count how many
// parents define them (attinhcount / coninhcount) and whether the table defines them itself
// (attislocal / conislocal); ALTER COLUMN TYPE retypes every child's column. ADD merges into a
// child's existing column or constraint of the same name, DROP removes a child's copy only when
// nothing else defines it. Under ONLY
// (`recurse` false) children are not altered, with PostgreSQL's errors where that would
// leave a partition without what its partitioned table has.
#include <algorithm>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/alter_table_internal.h"
#include "executor/expr/remap_vars.h"
#include "nodes/node_funcs.h"
#include "nodes/serialize.h"
#include "storage/catalog/partitioned_table.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::executor::commands {

namespace {

using Kind = nodes::AlterTableCmdKind;

// The direct children of `relid`, locked as the altered table is.
std::vector<Oid> LockedChildren(Oid relid) {
  std::vector<Oid> children = catalog::InheritanceChildren(relid);
  for (Oid child : children) storage::LockRelationOid(child, storage::LockMode::kAccessExclusive);
  return children;
}

std::optional<catalog::PgAttribute> AttributeNamed(Oid relid, const std::string& name) {
  for (auto& a : catalog::Syscache().AttributesOf(relid)) {
    if (a.attnum > 0 && !a.attisdropped && a.attname == name) return a;
  }
  return std::nullopt;
}

std::optional<catalog::PgAttribute> AttributeNumbered(Oid relid, int16_t attnum) {
  for (auto& a : catalog::Syscache().AttributesOf(relid)) {
    if (a.attnum == attnum) return a;
  }
  return std::nullopt;
}

std::optional<catalog::PgConstraint> CheckNamed(Oid relid, const std::string& name) {
  for (auto& c : catalog::Syscache().ConstraintsOf(relid)) {
    if (c.conname == name) return c;
  }
  return std::nullopt;
}

[[noreturn]] void OnlyOnPartitioned(const char* message) {
  throw Error(errcode::kInvalidTableDefinition, message).Hint("Do not specify the ONLY keyword.");
}

bool IsPartitionedWithPartitions(const catalog::RelationData& rel) {
  return rel.relkind() == 'p' && !catalog::InheritanceChildren(rel.oid).empty();
}

// `cmd` as child `child` of `parent` sees it: the column by the child's number, the
// expressions over the child's columns.
nodes::AlterTableCmd ForChild(const nodes::AlterTableCmd& cmd, const catalog::RelationData& parent,
                              const catalog::RelationData& child) {
  nodes::AlterTableCmd copy = cmd;
  if (cmd.attnum > 0 && cmd.kind != Kind::kAddColumn) {
    auto attr = AttributeNamed(child.oid, parent.desc->attr(cmd.attnum - 1).name);
    if (!attr) {
      throw MakeError(errcode::kInternalError, "column \"{}\" missing in child table \"{}\"",
                      parent.desc->attr(cmd.attnum - 1).name, child.name());
    }
    copy.attnum = attr->attnum;
  }
  if (cmd.expr) copy.expr = RemapVarsByName(cmd.expr, *parent.desc, *child.desc);
  if (cmd.constraint.check_expr) {
    copy.constraint.check_expr =
        RemapVarsByName(cmd.constraint.check_expr, *parent.desc, *child.desc);
  }
  return copy;
}

void AddColumnInTree(Oid relid, const nodes::AlterTableCmd& cmd, bool recurse) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  std::vector<Oid> children = LockedChildren(relid);
  if (!recurse && !children.empty()) {
    throw Error(errcode::kInvalidTableDefinition, "column must be added to child tables too");
  }
  ExecAddColumn(relid, cmd);
  for (Oid child : children) {
    catalog::RelationPtr child_rel = OpenAlteredRelation(child);
    const nodes::ColumnDefinition& col = cmd.column;
    if (auto existing = AttributeNamed(child, col.name)) {
      if (existing->atttypid != col.type || existing->atttypmod != col.typmod) {
        throw MakeError(errcode::kDatatypeMismatch,
                        "child table \"{}\" has different type for column \"{}\"",
                        child_rel->name(), col.name);
      }
      if (existing->attcollation != col.collation) {
        throw MakeError(errcode::kCollationMismatch,
                        "child table \"{}\" has different collation for column \"{}\"",
                        child_rel->name(), col.name);
      }
      EmitNotice(Error(errcode::kSuccessfulCompletion,
                       fmt::format("merging definition of column \"{}\" for child \"{}\"", col.name,
                                   child_rel->name()),
                       Severity::kNotice));
      EditAttribute(child, existing->attnum, [](catalog::PgAttribute& a) { a.attinhcount++; });
      continue;
    }
    nodes::AlterTableCmd child_cmd = cmd;
    child_cmd.column.inhcount = 1;
    child_cmd.column.is_local = false;
    AddColumnInTree(child, child_cmd, true);
  }
}

// 42P16 for a column of the partition key (`verb`: "drop", "alter").
void RefusePartitionKeyColumn(const catalog::RelationData& rel, int16_t attnum, const char* verb) {
  auto key = catalog::PartitionKeyOf(rel.oid);
  if (!key) return;
  bool in_key =
      std::find(key->partattrs.begin(), key->partattrs.end(), attnum) != key->partattrs.end();
  if (key->partexprs) {
    for (const auto& expr : nodes::StringToNodeList(*key->partexprs)) {
      nodes::WalkExprTree(expr, [&](const nodes::Expr& e, int) {
        if (e.tag == nodes::NodeTag::kVar) {
          in_key |= static_cast<const nodes::Var&>(e).varattno == attnum;
        }
        return false;
      });
    }
  }
  if (in_key) {
    throw MakeError(errcode::kInvalidTableDefinition,
                    "cannot {} column \"{}\" because it is part of the partition key of "
                    "relation \"{}\"",
                    verb, rel.desc->attr(attnum - 1).name, rel.name());
  }
}

void DropColumnInTree(Oid relid, const nodes::AlterTableCmd& cmd, bool recurse, bool top) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  auto attr = AttributeNumbered(relid, cmd.attnum);
  if (top && attr && attr->attinhcount > 0) {
    throw MakeError(errcode::kInvalidTableDefinition, "cannot drop inherited column \"{}\"",
                    attr->attname);
  }
  RefusePartitionKeyColumn(*rel, cmd.attnum, "drop");
  if (!recurse && IsPartitionedWithPartitions(*rel)) {
    OnlyOnPartitioned("cannot drop column from only the partitioned table when partitions exist");
  }
  struct ChildColumn {
    Oid relid;
    nodes::AlterTableCmd cmd;
    catalog::PgAttribute attr;
  };
  std::vector<ChildColumn> child_columns;
  for (Oid child : LockedChildren(relid)) {
    nodes::AlterTableCmd child_cmd = ForChild(cmd, *rel, *OpenAlteredRelation(child));
    child_columns.push_back({child, child_cmd, *AttributeNumbered(child, child_cmd.attnum)});
  }
  ExecDropColumn(relid, cmd);
  for (const auto& [child, child_cmd, child_attr] : child_columns) {
    if (recurse && child_attr.attinhcount == 1 && !child_attr.attislocal) {
      DropColumnInTree(child, child_cmd, true, false);
      continue;
    }
    EditAttribute(child, child_attr.attnum, [&](catalog::PgAttribute& a) {
      a.attinhcount--;
      if (!recurse) a.attislocal = true;
    });
  }
}

// SET/DROP DEFAULT, SET/DROP NOT NULL: the same change on every child.
void SimpleRecursion(Oid relid, const nodes::AlterTableCmd& cmd, bool recurse,
                     void (*exec)(Oid, const nodes::AlterTableCmd&)) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  std::vector<Oid> children = recurse ? LockedChildren(relid) : std::vector<Oid>{};
  exec(relid, cmd);
  for (Oid child : children) {
    SimpleRecursion(child, ForChild(cmd, *rel, *OpenAlteredRelation(child)), true, exec);
  }
}

void SetNotNullInTree(Oid relid, const nodes::AlterTableCmd& cmd, bool recurse) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  if (!recurse && rel->relkind() == 'p') {
    for (Oid child : catalog::InheritanceChildren(relid)) {
      catalog::RelationPtr child_rel = OpenAlteredRelation(child);
      nodes::AlterTableCmd child_cmd = ForChild(cmd, *rel, *child_rel);
      if (!child_rel->desc->attr(child_cmd.attnum - 1).not_null) {
        throw Error(errcode::kInvalidTableDefinition,
                    "constraint must be added to child tables too")
            .Detail(fmt::format("Column \"{}\" of relation \"{}\" is not already NOT NULL.",
                                child_rel->desc->attr(child_cmd.attnum - 1).name,
                                child_rel->name()))
            .Hint("Do not specify the ONLY keyword.");
      }
    }
  }
  SimpleRecursion(relid, cmd, recurse, ExecSetNotNull);
}

void DropNotNullInTree(Oid relid, const nodes::AlterTableCmd& cmd, bool recurse) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  if (rel->rel.relispartition) {
    const std::string& name = rel->desc->attr(cmd.attnum - 1).name;
    for (Oid parent : catalog::InheritanceParents(relid)) {
      auto parent_attr = AttributeNamed(parent, name);
      if (parent_attr && parent_attr->attnotnull) {
        throw MakeError(errcode::kInvalidTableDefinition,
                        "column \"{}\" is marked NOT NULL in parent table", name);
      }
    }
  }
  if (!recurse && IsPartitionedWithPartitions(*rel)) {
    OnlyOnPartitioned(
        "cannot remove constraint from only the partitioned table when partitions "
        "exist");
  }
  SimpleRecursion(relid, cmd, recurse, ExecDropNotNull);
}

void AddCheckInTree(Oid relid, const nodes::AlterTableCmd& cmd, bool recurse) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  const nodes::ConstraintDefinition& def = cmd.constraint;
  if (def.no_inherit && rel->relkind() == 'p') {
    throw MakeError(errcode::kInvalidTableDefinition,
                    "cannot add NO INHERIT constraint to partitioned table \"{}\"", rel->name());
  }
  if (!recurse && IsPartitionedWithPartitions(*rel)) {
    throw Error(errcode::kInvalidTableDefinition, "constraint must be added to child tables too");
  }
  std::vector<Oid> children =
      recurse && !def.no_inherit ? LockedChildren(relid) : std::vector<Oid>{};
  std::string name = AddCheckConstraint(relid, def);
  for (Oid child : children) {
    catalog::RelationPtr child_rel = OpenAlteredRelation(child);
    nodes::AlterTableCmd child_cmd = ForChild(cmd, *rel, *child_rel);
    child_cmd.constraint.name = name;
    if (auto existing = CheckNamed(child, name)) {
      bool same = existing->contype == 'c' &&
                  nodes::ExprEqual(nodes::StringToNode(existing->conbin.value_or("")),
                                   child_cmd.constraint.check_expr);
      if (!same) {
        throw MakeError(errcode::kDuplicateObject,
                        "constraint \"{}\" for relation \"{}\" already exists", name,
                        child_rel->name());
      }
      if (existing->connoinherit) {
        throw MakeError(errcode::kInvalidObjectDefinition,
                        "constraint \"{}\" conflicts with non-inherited constraint on relation "
                        "\"{}\"",
                        name, child_rel->name());
      }
      EmitNotice(Error(errcode::kSuccessfulCompletion,
                       fmt::format("merging constraint \"{}\" with inherited definition", name),
                       Severity::kNotice));
      EditConstraint(existing->oid, [](catalog::PgConstraint& c) { c.coninhcount++; });
      continue;
    }
    child_cmd.constraint.inhcount = 1;
    child_cmd.constraint.is_local = false;
    AddCheckInTree(child, child_cmd, true);
  }
}

void DropConstraintInTree(Oid relid, const nodes::AlterTableCmd& cmd, bool recurse, bool top) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  auto con = CheckNamed(relid, cmd.name);
  if (!con) {
    throw MakeError(errcode::kUndefinedObject,
                    "constraint \"{}\" of relation \"{}\" does not exist", cmd.name, rel->name());
  }
  if (top && con->coninhcount > 0) {
    throw MakeError(errcode::kInvalidTableDefinition,
                    "cannot drop inherited constraint \"{}\" of relation \"{}\"", cmd.name,
                    rel->name());
  }
  if (con->contype != 'c' || con->connoinherit) {
    ExecDropConstraint(relid, cmd);
    return;
  }
  if (!recurse && IsPartitionedWithPartitions(*rel)) {
    OnlyOnPartitioned(
        "cannot remove constraint from only the partitioned table when partitions "
        "exist");
  }
  std::vector<Oid> children = LockedChildren(relid);
  ExecDropConstraint(relid, cmd);
  for (Oid child : children) {
    auto child_con = CheckNamed(child, cmd.name);
    if (!child_con || child_con->contype != 'c') continue;
    if (recurse && child_con->coninhcount == 1 && !child_con->conislocal) {
      DropConstraintInTree(child, cmd, true, false);
      continue;
    }
    EditConstraint(child_con->oid, [&](catalog::PgConstraint& c) {
      c.coninhcount--;
      if (!recurse) c.conislocal = true;
    });
  }
}

// The stored default of column `attnum`, or null.
nodes::ExprPtr StoredDefault(Oid relid, int16_t attnum) {
  for (const auto& d : catalog::Syscache().DefaultsOf(relid)) {
    if (d.adnum == attnum) return nodes::StringToNode(d.adbin);
  }
  return nullptr;
}

// ALTER COLUMN TYPE: every child's column changes too (its rows rewritten with the USING
// expression over its own columns). The analyzer re-coerced the altered table's default
// only, so a child whose default differs from its parent's is refused (0A000).
void AlterTypeInTree(Oid relid, const nodes::AlterTableCmd& cmd, bool recurse, bool top) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  auto attr = AttributeNumbered(relid, cmd.attnum);
  if (top && attr && attr->attinhcount > 0) {
    throw MakeError(errcode::kInvalidTableDefinition, "cannot alter inherited column \"{}\"",
                    attr->attname);
  }
  RefusePartitionKeyColumn(*rel, cmd.attnum, "alter");
  std::vector<Oid> children = LockedChildren(relid);
  if (!recurse && !children.empty()) {
    throw MakeError(errcode::kInvalidTableDefinition,
                    "type of inherited column \"{}\" must be changed in child tables too",
                    attr ? attr->attname : cmd.name);
  }
  std::vector<std::pair<Oid, nodes::AlterTableCmd>> child_cmds;
  nodes::ExprPtr parent_default = StoredDefault(relid, cmd.attnum);
  for (Oid child : children) {
    nodes::AlterTableCmd child_cmd = ForChild(cmd, *rel, *OpenAlteredRelation(child));
    nodes::ExprPtr child_default = StoredDefault(child, child_cmd.attnum);
    if (!nodes::ExprEqual(parent_default, child_default)) {
      throw MakeError(errcode::kFeatureNotSupported,
                      "ALTER COLUMN TYPE of column \"{}\" whose default differs in child table "
                      "\"{}\" is not supported yet",
                      cmd.name, OpenAlteredRelation(child)->name());
    }
    child_cmds.emplace_back(child, child_cmd);
  }
  ExecAlterColumnType(relid, cmd);
  for (const auto& [child, child_cmd] : child_cmds) AlterTypeInTree(child, child_cmd, true, false);
}

}  // namespace

bool RunsThroughHierarchy(const nodes::AlterTableCmd& cmd) {
  switch (cmd.kind) {
    case Kind::kAddColumn:
    case Kind::kDropColumn:
    case Kind::kSetDefault:
    case Kind::kDropDefault:
    case Kind::kSetNotNull:
    case Kind::kDropNotNull:
    case Kind::kDropConstraint:
    case Kind::kAlterColumnType:
      return true;
    case Kind::kAddConstraint:
      return cmd.constraint.kind == nodes::ConstraintKind::kCheck;
    default:
      return false;
  }
}

void ExecThroughHierarchy(Oid relid, const nodes::AlterTableCmd& cmd, bool recurse) {
  switch (cmd.kind) {
    case Kind::kAddColumn:
      AddColumnInTree(relid, cmd, recurse);
      return;
    case Kind::kDropColumn:
      DropColumnInTree(relid, cmd, recurse, true);
      return;
    case Kind::kSetDefault:
    case Kind::kDropDefault:
      SimpleRecursion(relid, cmd, recurse, ExecColumnDefault);
      return;
    case Kind::kSetNotNull:
      SetNotNullInTree(relid, cmd, recurse);
      return;
    case Kind::kDropNotNull:
      DropNotNullInTree(relid, cmd, recurse);
      return;
    case Kind::kAddConstraint:
      AddCheckInTree(relid, cmd, recurse);
      return;
    case Kind::kDropConstraint:
      DropConstraintInTree(relid, cmd, recurse, true);
      return;
    case Kind::kAlterColumnType:
      AlterTypeInTree(relid, cmd, recurse, true);
      return;
    default:
      throw MakeError(errcode::kInternalError, "ALTER TABLE subcommand {} does not recurse",
                      static_cast<int>(cmd.kind));
  }
}

}  // namespace hyrax::executor::commands
