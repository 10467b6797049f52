// CREATE [OR REPLACE] VIEW (see view_commands.h).
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/create_table_as.h"
#include "executor/commands/function_commands.h"
#include "executor/commands/temp_namespace.h"
#include "executor/commands/view_commands.h"
#include "executor/types/format_type.h"
#include "nodes/function_refs.h"
#include "nodes/node_funcs.h"
#include "nodes/query_columns.h"
#include "nodes/range_table_walk.h"
#include "nodes/serialize.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/pg_depend.h"
#include "storage/catalog/syscache.h"
#include "storage/catalog/view_rule.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

// `system`: a system view made by `hyrax init`, which may have anyarray columns (pg_stats).
std::vector<catalog::NewColumn> ViewColumns(const nodes::CreateViewStmt& stmt, bool system) {
  std::vector<catalog::NewColumn> columns;
  for (const auto& tle : stmt.query->targetList) {
    if (tle.resjunk) continue;
    size_t i = columns.size();
    nodes::ColumnDefinition def = ColumnForTargetEntry(
        tle, i < stmt.column_names.size() ? stmt.column_names[i] : tle.resname, system);
    catalog::NewColumn c;
    c.name = def.name;
    c.type_oid = def.type;
    c.typmod = def.typmod;
    c.collation = def.collation;
    columns.push_back(std::move(c));
  }
  return columns;
}

// Whether an entry stands for a relation (a table, or a view expanded into a subquery).
bool NamesRelation(const nodes::RangeTblEntry& rte) {
  if (rte.relid == kInvalidOid) return false;
  return rte.rtekind == nodes::RteKind::kRelation ||
         (rte.rtekind == nodes::RteKind::kSubquery && rte.relkind == 'v');
}

// The query as stored: output columns named as the view's, views it reads reduced to
// references. `referenced` receives every relation it reads directly (once each).
nodes::QueryPtr StoredQuery(const nodes::CreateViewStmt& stmt,
                            const std::vector<catalog::NewColumn>& columns,
                            std::vector<Oid>* referenced) {
  nodes::QueryPtr query = nodes::CopyQuery(*stmt.query);
  size_t i = 0;
  for (auto& tle : query->targetList) {
    if (!tle.resjunk) tle.resname = columns[i++].name;
  }
  nodes::ForEachRangeTableEntry(*query, [&](nodes::RangeTblEntry& rte) {
    if (!NamesRelation(rte)) return;
    if (std::find(referenced->begin(), referenced->end(), rte.relid) == referenced->end()) {
      referenced->push_back(rte.relid);
    }
    if (rte.rtekind == nodes::RteKind::kSubquery) rte.subquery = nullptr;
  });
  return query;
}

bool UsesTempRelation(const std::vector<Oid>& referenced) {
  return std::any_of(referenced.begin(), referenced.end(), [](Oid relid) {
    auto rel = catalog::Syscache().RelationByOid(relid);
    return rel && rel->relpersistence == 't';
  });
}

// PostgreSQL's checkViewTupleDesc: columns may only be added at the end.
void CheckReplacement(Oid view_oid, const std::vector<catalog::NewColumn>& columns) {
  std::vector<catalog::PgAttribute> old;
  for (auto& a : catalog::Syscache().AttributesOf(view_oid)) {
    if (!a.attisdropped) old.push_back(std::move(a));
  }
  if (columns.size() < old.size()) {
    throw Error(errcode::kInvalidTableDefinition, "cannot drop columns from view");
  }
  for (size_t i = 0; i < old.size(); ++i) {
    const catalog::NewColumn& c = columns[i];
    if (c.name != old[i].attname) {
      throw MakeError(errcode::kInvalidTableDefinition,
                      "cannot change name of view column \"{}\" to \"{}\"", old[i].attname, c.name)
          .Hint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
    }
    if (c.type_oid != old[i].atttypid || c.typmod != old[i].atttypmod) {
      throw MakeError(errcode::kInvalidTableDefinition,
                      "cannot change data type of view column \"{}\" from {} to {}", c.name,
                      FormatTypeName(old[i].atttypid, old[i].atttypmod, true),
                      FormatTypeName(c.type_oid, c.typmod, true));
    }
    if (c.collation != old[i].attcollation) {
      auto from = catalog::Syscache().CollationByOid(old[i].attcollation);
      auto to = catalog::Syscache().CollationByOid(c.collation);
      throw MakeError(errcode::kInvalidTableDefinition,
                      "cannot change collation of view column \"{}\" from \"{}\" to \"{}\"", c.name,
                      from ? from->collname : "", to ? to->collname : "");
    }
  }
}

// One row per column the query reads of each relation, as PostgreSQL (a relation read
// without any column, as by count(*), gets a whole-relation row), so that ALTER TABLE finds
// the views that use a column.
void RecordViewDependencies(Oid rule_oid, const nodes::Query& stored,
                            const std::vector<Oid>& referenced) {
  RecordFunctionDependencies(catalog::kRewriteRelationId, rule_oid,
                             nodes::UserFunctionsCalled(stored));
  std::vector<nodes::RelationColumn> columns = nodes::RelationColumnsRead(stored);
  for (Oid relid : referenced) {
    bool any_column = false;
    for (const auto& column : columns) {
      if (column.relid != relid || column.attnum <= 0) continue;
      any_column = true;
      catalog::RecordDependency({catalog::kRewriteRelationId, rule_oid, 0},
                                {catalog::kRelationRelationId, relid, column.attnum}, 'n');
    }
    if (any_column) continue;
    catalog::RecordDependency({catalog::kRewriteRelationId, rule_oid, 0},
                              {catalog::kRelationRelationId, relid, 0}, 'n');
  }
}

Oid ReplaceView(const catalog::PgClass& existing, const std::vector<catalog::NewColumn>& columns,
                const std::string& action, const nodes::Query& stored,
                const std::vector<Oid>& referenced) {
  if (existing.relkind != 'v') {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is not a view", existing.relname);
  }
  storage::LockRelationOid(existing.oid, storage::LockMode::kAccessExclusive);
  CheckReplacement(existing.oid, columns);
  size_t old_count = 0;
  for (const auto& a : catalog::Syscache().AttributesOf(existing.oid)) old_count += !a.attisdropped;
  if (columns.size() > old_count) {
    catalog::AddRelationColumns(
        existing.oid, std::vector<catalog::NewColumn>(columns.begin() + old_count, columns.end()));
    storage::CommandCounterIncrement();
  }
  Oid rule_oid = catalog::ReplaceViewRule(existing.oid, action);
  RecordViewDependencies(rule_oid, stored, referenced);
  return existing.oid;
}

Oid DefineViewWithOids(const nodes::CreateViewStmt& stmt, Oid owner, const SystemViewOids& oids) {
  std::vector<catalog::NewColumn> columns = ViewColumns(stmt, oids.relid != kInvalidOid);
  std::vector<Oid> referenced;
  nodes::QueryPtr stored = StoredQuery(stmt, columns, &referenced);
  char persistence = stmt.relpersistence;
  if (persistence != 't' && UsesTempRelation(referenced)) {
    // PostgreSQL's DefineView + RangeVarAdjustRelationPersistence (a name in pg_temp already
    // made the view temporary at analysis).
    if (stmt.schema_qualified) {
      throw Error(errcode::kInvalidTableDefinition,
                  "cannot create temporary relation in non-temporary schema");
    }
    persistence = 't';
    EmitNotice(Error(errcode::kSuccessfulCompletion,
                     fmt::format("view \"{}\" will be a temporary view", stmt.name),
                     Severity::kNotice));
  }
  Oid namespace_oid = persistence == 't' ? EnsureTempNamespace() : stmt.namespace_oid;
  std::string action = nodes::QueryToString(*stored);
  if (auto existing = catalog::Syscache().RelationByName(stmt.name, namespace_oid)) {
    if (!stmt.replace) {
      throw MakeError(errcode::kDuplicateTable, "relation \"{}\" already exists", stmt.name);
    }
    return ReplaceView(*existing, columns, action, *stored, referenced);
  }
  catalog::NewRelation spec;
  spec.name = stmt.name;
  spec.namespace_oid = namespace_oid;
  spec.relkind = 'v';
  spec.persistence = persistence;
  spec.owner = owner;
  spec.columns = columns;
  spec.fixed_relid = oids.relid;
  spec.reltype = oids.rowtype;
  Oid relid = catalog::CreateHeapRelation(spec);
  storage::LockRelationOid(relid, storage::LockMode::kAccessExclusive);
  storage::CommandCounterIncrement();
  Oid rule_oid = catalog::StoreViewRule(relid, action, oids.rule);
  RecordViewDependencies(rule_oid, *stored, referenced);
  return relid;
}

}  // namespace

Oid DefineView(const nodes::CreateViewStmt& stmt, Oid owner) {
  return DefineViewWithOids(stmt, owner, SystemViewOids{});
}

Oid DefineSystemView(const nodes::CreateViewStmt& stmt, Oid owner, const SystemViewOids& oids) {
  return DefineViewWithOids(stmt, owner, oids);
}

}  // namespace hyrax::executor::commands
