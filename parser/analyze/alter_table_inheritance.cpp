// ATTACH/DETACH PARTITION and [NO] INHERIT of ALTER TABLE (see alter_table_inheritance.h).
#include "parser/analyze/alter_table_inheritance.h"

#include "common/error.h"
#include "parser/analyze/inherited_columns.h"
#include "parser/analyze/partition_spec.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/partitioned_table.h"

namespace hyrax::parser {

namespace {

// The relation a subcommand names (42P01 without a cursor position, as PostgreSQL).
catalog::RelationPtr OpenNamedRelation(const PgQuery__RangeVar* rv) {
  catalog::QualifiedName name;
  name.catalog = raw::Str(rv->catalogname);
  name.schema = raw::Str(rv->schemaname);
  name.name = raw::Str(rv->relname);
  return catalog::RelationIdGetRelation(catalog::RangeVarGetRelid(name, false));
}

void RequirePartitioned(const catalog::RelationData& rel) {
  if (rel.relkind() != 'p') {
    throw MakeError(errcode::kInvalidObjectDefinition, "table \"{}\" is not partitioned",
                    rel.name());
  }
}

// The relation ATTACH PARTITION names must be a table (PostgreSQL's ATSimplePermissions).
void RequireAttachableTable(const catalog::RelationData& rel) {
  if (rel.relkind() == 'r' || rel.relkind() == 'p') return;
  const char* detail = rel.relkind() == 'v'   ? "This operation is not supported for views."
                       : rel.relkind() == 'S' ? "This operation is not supported for sequences."
                       : rel.relkind() == 'm'
                           ? "This operation is not supported for materialized views."
                       : rel.relkind() == 'i' || rel.relkind() == 'I'
                           ? "This operation is not supported for indexes."
                           : "This operation is not supported for composite types.";
  throw MakeError(errcode::kWrongObjectType,
                  "ALTER action ATTACH PARTITION cannot be performed on relation \"{}\"",
                  rel.name())
      .Detail(detail);
}

// [NO] INHERIT changes table inheritance only, never a partitioning tree.
void RequireInheritanceChangeable(const catalog::RelationData& rel) {
  if (rel.relkind() == 'p') {
    throw Error(errcode::kWrongObjectType, "cannot change inheritance of partitioned table");
  }
  if (rel.rel.relispartition) {
    throw Error(errcode::kWrongObjectType, "cannot change inheritance of a partition");
  }
}

}  // namespace

bool IsInheritanceSubcommand(PgQuery__AlterTableType subtype) {
  return subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition ||
         subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition ||
         subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize ||
         subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit ||
         subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit;
}

void TransformInheritanceCmd(ParseState& ps, const catalog::RelationData& rel,
                             const PgQuery__AlterTableCmd* c, nodes::AlterTableCmd& cmd) {
  switch (c->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition: {
      const PgQuery__PartitionCmd* pc = c->def->partition_cmd;
      RequirePartitioned(rel);
      catalog::RelationPtr partition = OpenNamedRelation(pc->name);
      RequireAttachableTable(*partition);
      cmd.kind = nodes::AlterTableCmdKind::kAttachPartition;
      cmd.target = partition->oid;
      cmd.name = partition->name();
      cmd.partition_bound = TransformPartitionBound(ps, rel, pc->bound);
      return;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize: {
      const PgQuery__PartitionCmd* pc = c->def->partition_cmd;
      RequirePartitioned(rel);
      catalog::RelationPtr partition = OpenNamedRelation(pc->name);
      if (c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize) {
        // Hyrax detaches at once, so no detach is ever pending.
        throw MakeError(errcode::kObjectNotInPrerequisiteState,
                        "cannot complete detaching partition \"{}\"", partition->name())
            .Detail("There's no pending concurrent detach.");
      }
      if (pc->concurrent) {
        auto key = catalog::PartitionKeyOf(rel.oid);
        if (key && key->partdefid != kInvalidOid) {
          throw Error(errcode::kObjectNotInPrerequisiteState,
                      "cannot detach partitions concurrently when a default partition exists");
        }
        throw Error(errcode::kFeatureNotSupported,
                    "DETACH PARTITION CONCURRENTLY is not supported yet");
      }
      cmd.kind = nodes::AlterTableCmdKind::kDetachPartition;
      cmd.target = partition->oid;
      cmd.name = partition->name();
      return;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit: {
      RequireInheritanceChangeable(rel);
      catalog::RelationPtr parent =
          OpenInheritanceParent(ps, c->def->range_var, false, rel.rel.relpersistence);
      cmd.kind = nodes::AlterTableCmdKind::kAddInherit;
      cmd.target = parent->oid;
      cmd.name = parent->name();
      return;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit: {
      RequireInheritanceChangeable(rel);
      catalog::RelationPtr parent = OpenNamedRelation(c->def->range_var);
      cmd.kind = nodes::AlterTableCmdKind::kDropInherit;
      cmd.target = parent->oid;
      cmd.name = parent->name();
      return;
    }
    default:
      throw MakeError(errcode::kInternalError, "unexpected ALTER TABLE subcommand {}",
                      static_cast<int>(c->subtype));
  }
}

}  // namespace hyrax::parser
