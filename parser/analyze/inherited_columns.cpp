// Column and CHECK constraint inheritance (see inherited_columns.h).
#include "parser/analyze/inherited_columns.h"

#include <algorithm>

#include "common/error.h"
#include "common/notice.h"
#include "executor/expr/expr_tree.h"
#include "nodes/node_funcs.h"
#include "nodes/serialize.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/format_type.h"
#include "storage/catalog/namespace.h"

namespace hyrax::parser {

namespace {

nodes::ColumnDefinition* FindColumn(std::vector<nodes::ColumnDefinition>& columns,
                                    const std::string& name) {
  for (auto& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// The default of parent column `attnum` as an expression, or nullptr.
nodes::ExprPtr ParentDefault(const catalog::RelationData& parent, int16_t attnum) {
  for (const auto& d : parent.defaults) {
    if (d.adnum == attnum) return nodes::StringToNode(d.adbin);
  }
  return nullptr;
}

void InheritColumns(const catalog::RelationData& parent,
                    std::vector<nodes::ColumnDefinition>& columns) {
  for (int i = 0; i < parent.desc->natts(); ++i) {
    const auto& attr = parent.desc->attr(i);
    if (attr.dropped) continue;
    if (nodes::ColumnDefinition* existing = FindColumn(columns, attr.name)) {
      EmitNotice(
          Error(errcode::kSuccessfulCompletion,
                fmt::format("merging multiple inherited definitions of column \"{}\"", attr.name),
                Severity::kNotice));
      if (existing->type != attr.type_oid || existing->typmod != attr.typmod) {
        throw MakeError(errcode::kDatatypeMismatch, "inherited column \"{}\" has a type conflict",
                        attr.name)
            .Detail(fmt::format("{} versus {}",
                                FormatTypeWithTypemod(existing->type, existing->typmod),
                                FormatTypeWithTypemod(attr.type_oid, attr.typmod)));
      }
      existing->inhcount++;
      existing->not_null = existing->not_null || attr.not_null;
      if (!existing->default_expr) existing->default_expr = ParentDefault(parent, attr.attnum);
      continue;
    }
    nodes::ColumnDefinition col;
    col.name = attr.name;
    col.type = attr.type_oid;
    col.typmod = attr.typmod;
    col.collation = attr.collation;
    col.not_null = attr.not_null;
    col.default_expr = ParentDefault(parent, attr.attnum);
    col.inhcount = 1;
    col.is_local = false;
    columns.push_back(std::move(col));
  }
}

void InheritChecks(const catalog::RelationData& parent,
                   const std::vector<nodes::ColumnDefinition>& columns,
                   std::vector<nodes::ConstraintDefinition>& checks) {
  for (const auto& con : parent.constraints) {
    if (con.contype != 'c' || con.connoinherit || !con.conbin) continue;
    nodes::ExprPtr expr = RemapColumnsByName(parent, *con.conbin, columns);
    auto same = std::find_if(checks.begin(), checks.end(),
                             [&](const auto& c) { return c.name == con.conname; });
    if (same != checks.end()) {
      if (!nodes::ExprEqual(same->check_expr, expr)) {
        throw MakeError(errcode::kDuplicateObject,
                        "check constraint name \"{}\" appears multiple times but with different "
                        "expressions",
                        con.conname);
      }
      same->inhcount++;
      continue;
    }
    nodes::ConstraintDefinition def;
    def.kind = nodes::ConstraintKind::kCheck;
    def.name = con.conname;
    def.check_expr = expr;
    def.inhcount = 1;
    def.is_local = false;
    checks.push_back(std::move(def));
  }
}

// A column written in the statement that a parent also has (MergeAttributes' second loop).
void MergeLocalColumn(nodes::ColumnDefinition& inherited, nodes::ColumnDefinition&& local,
                      size_t local_position, size_t inherited_position) {
  if (local_position == inherited_position) {
    EmitNotice(Error(errcode::kSuccessfulCompletion,
                     fmt::format("merging column \"{}\" with inherited definition", local.name),
                     Severity::kNotice));
  } else {
    EmitNotice(
        Error(errcode::kSuccessfulCompletion,
              fmt::format("moving and merging column \"{}\" with inherited definition", local.name),
              Severity::kNotice)
            .Detail("User-specified column moved to the position of the inherited column."));
  }
  if (inherited.type != local.type || inherited.typmod != local.typmod) {
    throw MakeError(errcode::kDatatypeMismatch, "column \"{}\" has a type conflict", local.name)
        .Detail(fmt::format("{} versus {}", FormatTypeWithTypemod(inherited.type, inherited.typmod),
                            FormatTypeWithTypemod(local.type, local.typmod)));
  }
  inherited.is_local = true;
  inherited.not_null = inherited.not_null || local.not_null;
  if (local.default_expr) inherited.default_expr = local.default_expr;
  inherited.is_serial = local.is_serial;
  inherited.identity = local.identity;
  inherited.identity_options = local.identity_options;
  if (!local.storage.empty()) inherited.storage = local.storage;
}

}  // namespace

nodes::ExprPtr RemapColumnsByName(const catalog::RelationData& parent, const std::string& conbin,
                                  const std::vector<nodes::ColumnDefinition>& columns) {
  return executor::MutateExpr(nodes::StringToNode(conbin),
                              [&](const nodes::ExprPtr& e) -> nodes::ExprPtr {
                                if (e->tag != nodes::NodeTag::kVar) return nullptr;
                                const auto& v = *nodes::As<nodes::Var>(e);
                                if (v.varlevelsup != 0 || v.varattno <= 0) return nullptr;
                                const std::string& name = parent.desc->attr(v.varattno - 1).name;
                                auto copy = std::make_shared<nodes::Var>(v);
                                for (size_t i = 0; i < columns.size(); ++i) {
                                  if (columns[i].name == name)
                                    copy->varattno = static_cast<nodes::AttrNumber>(i + 1);
                                }
                                return copy;
                              });
}

catalog::RelationPtr OpenInheritanceParent(ParseState& ps, const PgQuery__RangeVar* rv,
                                           bool for_partition, char child_persistence) {
  std::vector<std::string> name;
  if (rv->schemaname && rv->schemaname[0]) name.push_back(rv->schemaname);
  name.push_back(rv->relname);
  catalog::RelationPtr rel = WithErrorPosition(ps, rv->location, [&] {
    Oid relid = catalog::RangeVarGetRelid(catalog::MakeQualifiedName(name), false);
    return catalog::RelationIdGetRelation(relid);
  });
  if (!rel)
    throw MakeError(errcode::kUndefinedTable, "relation \"{}\" does not exist", rv->relname);
  if (for_partition) {
    if (rel->relkind() != 'p') {
      throw MakeError(errcode::kWrongObjectType, "\"{}\" is not partitioned", rel->name());
    }
  } else if (rel->relkind() == 'p') {
    throw MakeError(errcode::kWrongObjectType, "cannot inherit from partitioned table \"{}\"",
                    rel->name());
  } else if (rel->rel.relispartition) {
    throw MakeError(errcode::kWrongObjectType, "cannot inherit from partition \"{}\"", rel->name());
  } else if (rel->relkind() != 'r') {
    throw MakeError(errcode::kWrongObjectType,
                    "inherited relation \"{}\" is not a table or foreign table", rel->name());
  }
  if (rel->rel.relpersistence == 't' && child_persistence != 't') {
    if (for_partition) {
      throw MakeError(errcode::kWrongObjectType,
                      "cannot create a permanent relation as partition of temporary relation "
                      "\"{}\"",
                      rel->name());
    }
    throw MakeError(errcode::kWrongObjectType, "cannot inherit from temporary relation \"{}\"",
                    rel->name());
  }
  return rel;
}

std::vector<nodes::ConstraintDefinition> MergeInheritedDefinitions(
    nodes::CreateTableStmt& stmt, const std::vector<catalog::RelationPtr>& parents,
    std::vector<nodes::ColumnDefinition> local) {
  std::vector<nodes::ColumnDefinition> columns;
  std::vector<nodes::ConstraintDefinition> checks;
  for (const auto& parent : parents) InheritColumns(*parent, columns);
  size_t inherited_count = columns.size();
  for (size_t i = 0; i < local.size(); ++i) {
    nodes::ColumnDefinition* inherited = nullptr;
    size_t inherited_position = 0;
    for (size_t k = 0; k < inherited_count; ++k) {
      if (columns[k].name == local[i].name) {
        inherited = &columns[k];
        inherited_position = k;
      }
    }
    if (inherited != nullptr) {
      MergeLocalColumn(*inherited, std::move(local[i]), i, inherited_position);
    } else {
      columns.push_back(std::move(local[i]));
    }
  }
  stmt.columns = std::move(columns);
  for (const auto& parent : parents) InheritChecks(*parent, stmt.columns, checks);
  return checks;
}

}  // namespace hyrax::parser
