// CREATE TABLE: namespace, existence, columns (types, collations, NULL/NOT NULL, DEFAULT,
// serial, identity, GENERATED ... STORED, STORAGE) and WITH options, following PostgreSQL's
// transformCreateStmt/transformColumnDefinition (parse_utilcmd.c), cookDefault (heap.c) and
// the heap reloptions. Constraints are bound in table_constraints.cpp.
#include <algorithm>

#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/create_table.h"
#include "parser/analyze/def_elem.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/inherited_columns.h"
#include "parser/analyze/partition_spec.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/table_like.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_names.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

std::string NameListToStringHelper(const PgQuery__DefElem* def) {
  return raw::JoinName(raw::StringList(raw::ListItems(def->arg)));
}

// serial types: the integer type they stand for, or kInvalidOid.
Oid SerialType(const PgQuery__TypeName* tn) {
  if (tn->n_names != 1 || tn->pct_type) return kInvalidOid;
  std::string_view n = raw::StrVal(tn->names[0]);
  if (n == "smallserial" || n == "serial2") return kInt2Oid;
  if (n == "serial" || n == "serial4") return kInt4Oid;
  if (n == "bigserial" || n == "serial8") return kInt8Oid;
  return kInvalidOid;
}

// A default expression, coerced to the column type (PostgreSQL's cookDefault).
ExprPtr CookDefault(ParseState& ps, const raw::Node* raw_default,
                    const nodes::ColumnDefinition& col, ExprKind kind) {
  ExprPtr expr = TransformExpr(ps, raw_default, kind);
  Oid type = expr->result_type;
  ExprPtr coerced =
      CoerceToTargetType(ps, expr, type, col.type, col.typmod, CoercionContext::kAssignment,
                         nodes::CoercionForm::kImplicitCast, -1);
  if (!coerced) {
    throw MakeError(
        errcode::kDatatypeMismatch, "column \"{}\" is of type {} but {} expression is of type {}",
        col.name, FormatTypeBe(col.type),
        kind == ExprKind::kGeneratedColumn ? "generated" : "default", FormatTypeBe(type))
        .Hint("You will need to rewrite or cast the expression.");
  }
  AssignExprCollations(ps, coerced);
  return coerced;
}

// INHERITS (...) parents, or the parent of PARTITION OF (also recorded in stmt).
std::vector<catalog::RelationPtr> OpenParents(ParseState& ps, const PgQuery__CreateStmt* s,
                                              nodes::CreateTableStmt& stmt) {
  std::vector<catalog::RelationPtr> parents;
  bool for_partition = s->partbound != nullptr;
  for (const raw::Node* n : raw::Span(s->n_inh_relations, s->inh_relations)) {
    catalog::RelationPtr parent =
        OpenInheritanceParent(ps, n->range_var, for_partition, stmt.relpersistence);
    for (const auto& seen : parents) {
      if (seen->oid == parent->oid) {
        throw MakeError(errcode::kDuplicateTable,
                        "relation \"{}\" would be inherited from more than once", parent->name());
      }
    }
    parents.push_back(parent);
    stmt.inherits.push_back(parent->oid);
  }
  if (for_partition) {
    stmt.partition_of = nodes::PartitionOfDefinition{};
    stmt.partition_of->parent = parents.at(0)->oid;
  }
  return parents;
}

// Column options of PARTITION OF (`b WITH OPTIONS NOT NULL DEFAULT 1`): NOT NULL and
// DEFAULT change the inherited column; CHECK constraints are queued like table ones.
void ApplyPartitionColumnOptions(CreateTableContext& ctx,
                                 const std::vector<const PgQuery__ColumnDef*>& options) {
  for (const PgQuery__ColumnDef* cd : options) {
    std::string name(raw::Str(cd->colname));
    int16_t attnum = NewColumnAttnum(*ctx.stmt, name);
    if (attnum == 0) {
      throw MakeError(errcode::kUndefinedColumn, "column \"{}\" does not exist", name);
    }
    nodes::ColumnDefinition& col = ctx.stmt->columns[attnum - 1];
    for (const raw::Node* n : raw::Span(cd->n_constraints, cd->constraints)) {
      const PgQuery__Constraint* con = n->constraint;
      if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) {
        col.not_null = true;
      } else if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT) {
        col.default_expr = CookDefault(*ctx.ps, con->raw_expr, col, ExprKind::kColumnDefault);
      } else {
        ctx.constraints.push_back({con, name});
      }
    }
  }
}

}  // namespace

nodes::SequenceOptions ParseSequenceOptions(ParseState& ps, raw::NodeSpan options) {
  nodes::SequenceOptions out;
  std::vector<std::string> seen;
  for (const raw::Node* n : options) {
    const PgQuery__DefElem* def = n->def_elem;
    std::string name = DefName(def);
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      ThrowAt(ps, Error(errcode::kSyntaxError, "conflicting or redundant options"), def->location);
    }
    seen.push_back(name);
    if (name == "increment")
      out.increment = DefGetInt64(ps, def);
    else if (name == "minvalue")
      def->arg ? void(out.minvalue = DefGetInt64(ps, def)) : void(out.no_minvalue = true);
    else if (name == "maxvalue")
      def->arg ? void(out.maxvalue = DefGetInt64(ps, def)) : void(out.no_maxvalue = true);
    else if (name == "start")
      out.start = DefGetInt64(ps, def);
    else if (name == "cache")
      out.cache = DefGetInt64(ps, def);
    else if (name == "cycle")
      out.cycle = DefGetBoolean(ps, def);
    else if (name == "sequence_name")
      out.sequence_name = NameListToStringHelper(def);
    else if (name == "as")
      out.type = TypenameTypeIdAndMod(ps, def->arg->type_name).type;
    else if (name == "restart")
      def->arg ? void(out.restart = DefGetInt64(ps, def)) : void(out.restart_default = true);
    else if (name == "owned_by")
      out.owned_by = raw::StringList(raw::ListItems(def->arg));
    else {
      ThrowAt(ps, MakeError(errcode::kSyntaxError, "option \"{}\" not recognized", name),
              def->location);
    }
  }
  return out;
}

namespace {

void ApplyColumnConstraints(CreateTableContext& ctx, const PgQuery__ColumnDef* cd,
                            nodes::ColumnDefinition& col) {
  ParseState& ps = *ctx.ps;
  const std::string& table = ctx.stmt->name;
  bool saw_nullable = false, saw_default = col.is_serial, saw_identity = false,
       saw_generated = false;
  for (const raw::Node* n : raw::Span(cd->n_constraints, cd->constraints)) {
    const PgQuery__Constraint* con = n->constraint;
    auto conflict = [&](const char* fmt_text) {
      ThrowAt(ps, MakeError(errcode::kSyntaxError, fmt::runtime(fmt_text), col.name, table),
              con->location);
    };
    switch (con->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
        if (saw_nullable && col.not_null)
          conflict("conflicting NULL/NOT NULL declarations for column \"{}\" of table \"{}\"");
        col.not_null = false;
        saw_nullable = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
        if (saw_nullable && !col.not_null)
          conflict("conflicting NULL/NOT NULL declarations for column \"{}\" of table \"{}\"");
        col.not_null = true;
        saw_nullable = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
        if (saw_default)
          conflict("multiple default values specified for column \"{}\" of table \"{}\"");
        col.default_expr = CookDefault(ps, con->raw_expr, col, ExprKind::kColumnDefault);
        saw_default = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
        if (saw_identity)
          conflict("multiple identity specifications for column \"{}\" of table \"{}\"");
        if (col.type != kInt2Oid && col.type != kInt4Oid && col.type != kInt8Oid) {
          throw Error(errcode::kInvalidParameterValue,
                      "identity column type must be smallint, integer, or bigint");
        }
        col.identity = raw::Str(con->generated_when) == "d" ? 'd' : 'a';
        col.identity_options = ParseSequenceOptions(ps, raw::Span(con->n_options, con->options));
        col.identity_options.type = col.type;
        col.not_null = true;
        saw_identity = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
        if (saw_generated)
          conflict("multiple generation clauses specified for column \"{}\" of table \"{}\"");
        col.generated = 's';
        saw_generated = true;
        ctx.constraints.push_back({con, col.name});  // cooked once every column is known
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
      case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
      case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
        ctx.constraints.push_back({con, col.name});
        break;
      default:
        break;
    }
  }
  if (saw_default && saw_identity) {
    throw MakeError(errcode::kSyntaxError,
                    "both default and identity specified for column \"{}\" of table \"{}\"",
                    col.name, table);
  }
  if (saw_default && saw_generated) {
    throw MakeError(
        errcode::kSyntaxError,
        "both default and generation expression specified for column \"{}\" of table \"{}\"",
        col.name, table);
  }
  if (saw_identity && saw_generated) {
    throw MakeError(
        errcode::kSyntaxError,
        "both identity and generation expression specified for column \"{}\" of table \"{}\"",
        col.name, table);
  }
}

}  // namespace

nodes::ColumnDefinition TransformColumnDef(CreateTableContext& ctx, const PgQuery__ColumnDef* cd) {
  ParseState& ps = *ctx.ps;
  nodes::ColumnDefinition col;
  col.name = raw::Str(cd->colname);
  col.location = cd->location;
  Oid serial = SerialType(cd->type_name);
  if (serial != kInvalidOid) {
    if (cd->type_name->n_array_bounds > 0) {
      ThrowAt(ps, Error(errcode::kFeatureNotSupported, "array of serial is not implemented"),
              cd->type_name->location);
    }
    col.type = serial;
    col.is_serial = true;
    col.not_null = true;
  } else {
    TypeWithMod t = TypenameTypeIdAndMod(ps, cd->type_name);
    col.type = t.type;
    col.typmod = t.typmod;
  }
  const catalog::PgType& type = LookupType(col.type);
  if (type.typtype == 'p' && col.type != kRecordOid) {
    throw MakeError(errcode::kInvalidTableDefinition, "column \"{}\" has pseudo-type {}", col.name,
                    FormatTypeBe(col.type));
  }
  col.collation = type.typcollation;
  if (cd->coll_clause) {
    if (col.collation == kInvalidOid) {
      ThrowAt(ps,
              MakeError(errcode::kDatatypeMismatch, "collations are not supported by type {}",
                        FormatTypeBe(col.type)),
              cd->coll_clause->location);
    }
    col.collation = LookupCollation(
        ps, raw::StringList(raw::Span(cd->coll_clause->n_collname, cd->coll_clause->collname)),
        cd->coll_clause->location);
  }
  col.not_null = col.not_null || cd->is_not_null;
  col.storage = raw::Str(cd->storage);
  ApplyColumnConstraints(ctx, cd, col);
  return col;
}

void ValidateRelOption(const std::string& name, const std::string& value) {
  struct IntOption {
    const char* name;
    int64_t min, max;
  };
  static const IntOption kIntOptions[] = {
      {"fillfactor", 10, 100},
      {"toast_tuple_target", 128, 8160},
      {"parallel_workers", 0, 1024},
      {"autovacuum_vacuum_threshold", 0, INT32_MAX},
      {"autovacuum_vacuum_insert_threshold", -1, INT32_MAX},
      {"autovacuum_analyze_threshold", 0, INT32_MAX},
      {"autovacuum_vacuum_cost_limit", 1, 10000},
      {"autovacuum_freeze_min_age", 0, 1000000000},
      {"autovacuum_freeze_max_age", 100000, 2000000000},
      {"autovacuum_freeze_table_age", 0, 2000000000},
      {"autovacuum_multixact_freeze_min_age", 0, 1000000000},
      {"autovacuum_multixact_freeze_max_age", 10000, 2000000000},
      {"autovacuum_multixact_freeze_table_age", 0, 2000000000},
      {"log_autovacuum_min_duration", -1, INT32_MAX},
  };
  static const char* const kOtherOptions[] = {"autovacuum_enabled",
                                              "autovacuum_vacuum_scale_factor",
                                              "autovacuum_vacuum_insert_scale_factor",
                                              "autovacuum_analyze_scale_factor",
                                              "autovacuum_vacuum_cost_delay",
                                              "user_catalog_table",
                                              "vacuum_index_cleanup",
                                              "vacuum_truncate"};
  for (const auto& o : kIntOptions) {
    if (name != o.name) continue;
    char* end = nullptr;
    long long v = std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0') {
      throw MakeError(errcode::kInvalidParameterValue,
                      "invalid value for integer option \"{}\": {}", name, value);
    }
    if (v < o.min || v > o.max) {
      throw MakeError(errcode::kInvalidParameterValue, "value {} out of bounds for option \"{}\"",
                      value, name)
          .Detail(fmt::format("Valid values are between \"{}\" and \"{}\".", o.min, o.max));
    }
    return;
  }
  for (const char* o : kOtherOptions) {
    if (name == o) return;
  }
  if (name == "oids") {
    std::string v = value;
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (v == "false" || v == "off" || v == "0") return;
    throw Error(errcode::kFeatureNotSupported, "tables declared WITH OIDS are not supported");
  }
  throw MakeError(errcode::kInvalidParameterValue, "unrecognized parameter \"{}\"", name);
}

int16_t NewColumnAttnum(const nodes::CreateTableStmt& stmt, const std::string& name) {
  for (size_t i = 0; i < stmt.columns.size(); ++i) {
    if (stmt.columns[i].name == name) return static_cast<int16_t>(i + 1);
  }
  return 0;
}

void AddNewTableRte(ParseState& ps, const nodes::CreateTableStmt& stmt) {
  auto rel = std::make_shared<catalog::RelationData>();
  rel->rel.relname = stmt.name;
  rel->rel.relnamespace = stmt.namespace_oid;
  rel->rel.relkind = 'r';
  std::vector<storage::AttributeDesc> attrs;
  for (size_t i = 0; i < stmt.columns.size(); ++i) {
    const auto& c = stmt.columns[i];
    storage::AttributeDesc a;
    a.name = c.name;
    a.type_oid = c.type;
    a.typmod = c.typmod;
    a.collation = c.collation;
    a.not_null = c.not_null;
    a.dropped = c.name.empty();  // ALTER TABLE: a dropped column keeps its position
    a.attnum = static_cast<int16_t>(i + 1);
    attrs.push_back(a);
  }
  rel->desc = std::make_shared<storage::TupleDesc>(std::move(attrs));
  Index rtindex = AddRelationRte(ps, rel, std::nullopt, false, true, 0, 0);
  NamespaceItem item;
  item.rtindex = rtindex;
  ps.namespace_items.push_back(item);
}

nodes::UtilityStmtPtr TransformCreateStmt(ParseState& ps, const PgQuery__CreateStmt* s) {
  auto stmt = std::make_shared<nodes::CreateTableStmt>();
  const PgQuery__RangeVar* rv = s->relation;
  stmt->name = raw::Str(rv->relname);
  stmt->relpersistence = rv->relpersistence && rv->relpersistence[0] ? rv->relpersistence[0] : 'p';
  stmt->if_not_exists = s->if_not_exists;
  if (s->of_typename)
    throw Error(errcode::kFeatureNotSupported, "typed tables are not supported yet");
  catalog::QualifiedName qname;
  qname.catalog = raw::Str(rv->catalogname);
  qname.schema = raw::Str(rv->schemaname);
  qname.name = stmt->name;
  stmt->namespace_oid = WithErrorPosition(ps, rv->location, [&] {
    return catalog::RangeVarGetCreationNamespace(qname, &stmt->relpersistence);
  });
  if (stmt->namespace_oid != kInvalidOid) {
    if (auto nsp = catalog::Syscache().NamespaceByOid(stmt->namespace_oid))
      stmt->namespace_name = nsp->nspname;
    if (catalog::Syscache().RelationByName(stmt->name, stmt->namespace_oid)) {
      if (!s->if_not_exists) {
        throw MakeError(errcode::kDuplicateTable, "relation \"{}\" already exists", stmt->name);
      }
      stmt->already_exists = true;
      return stmt;
    }
    if (catalog::Syscache().TypeByName(stmt->name, stmt->namespace_oid)) {
      throw MakeError(errcode::kDuplicateObject, "type \"{}\" already exists", stmt->name)
          .Hint(
              "A relation has an associated type of the same name, so you must use a name that "
              "doesn't conflict with any existing type.");
    }
  }
  stmt->on_commit = TransformOnCommit(s->oncommit, stmt->relpersistence);
  CreateTableContext ctx{&ps, stmt.get(), {}, false};
  std::vector<catalog::RelationPtr> parents = OpenParents(ps, s, *stmt);
  std::vector<const PgQuery__ColumnDef*> partition_column_options;
  std::vector<PendingTableLike> likes;
  for (const raw::Node* elt : raw::Span(s->n_table_elts, s->table_elts)) {
    if (raw::Is(elt, PG_QUERY__NODE__NODE_COLUMN_DEF)) {
      if (s->partbound && elt->column_def->type_name == nullptr) {
        partition_column_options.push_back(elt->column_def);
        continue;
      }
      nodes::ColumnDefinition col = TransformColumnDef(ctx, elt->column_def);
      if (NewColumnAttnum(*stmt, col.name) != 0) {
        throw MakeError(errcode::kDuplicateColumn, "column \"{}\" specified more than once",
                        col.name);
      }
      stmt->columns.push_back(std::move(col));
    } else if (raw::Is(elt, PG_QUERY__NODE__NODE_CONSTRAINT)) {
      ctx.constraints.push_back({elt->constraint, ""});
    } else if (raw::Is(elt, PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE)) {
      likes.push_back(ExpandTableLikeColumns(ctx, elt->table_like_clause));
    }
  }
  for (const raw::Node* c : raw::Span(s->n_constraints, s->constraints)) {
    ctx.constraints.push_back({c->constraint, ""});
  }
  if (stmt->columns.size() > 1600) {
    throw Error(errcode::kTooManyColumns, "tables can have at most 1600 columns");
  }
  std::vector<nodes::ConstraintDefinition> inherited_checks;
  if (!parents.empty()) {
    inherited_checks = MergeInheritedDefinitions(*stmt, parents, std::move(stmt->columns));
    ApplyPartitionColumnOptions(ctx, partition_column_options);
  }
  AddNewTableRte(ps, *stmt);
  BindTableConstraints(ctx);
  stmt->constraints.insert(stmt->constraints.begin(), inherited_checks.begin(),
                           inherited_checks.end());
  for (const PendingTableLike& like : likes) AddTableLikeDependents(*stmt, like);
  if (s->partspec) stmt->partition = TransformPartitionSpec(ps, *stmt, s->partspec);
  if (s->partbound) {
    stmt->partition_of->bound_text = TransformPartitionBound(ps, *parents[0], s->partbound);
  }
  stmt->options = TransformTableOptions(raw::Span(s->n_options, s->options));
  stmt->tablespace = raw::Str(s->tablespacename);
  stmt->access_method = raw::Str(s->access_method);
  return stmt;
}

nodes::RelOptions TransformTableOptions(raw::NodeSpan options) {
  nodes::RelOptions out;
  for (const raw::Node* o : options) {
    const PgQuery__DefElem* def = o->def_elem;
    std::string name = DefName(def);
    if (def->defnamespace && def->defnamespace[0])
      name = std::string(def->defnamespace) + "." + name;
    std::string value = def->arg ? ConstText(def->arg) : "true";
    if (name.rfind("toast.", 0) != 0) ValidateRelOption(name, value);
    out.emplace_back(name, value);
  }
  return out;
}

nodes::OnCommitAction TransformOnCommit(PgQuery__OnCommitAction action, char persistence) {
  nodes::OnCommitAction out = nodes::OnCommitAction::kNoop;
  switch (action) {
    case PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_PRESERVE_ROWS:
      out = nodes::OnCommitAction::kPreserveRows;
      break;
    case PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DELETE_ROWS:
      out = nodes::OnCommitAction::kDeleteRows;
      break;
    case PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DROP:
      out = nodes::OnCommitAction::kDrop;
      break;
    default:
      break;
  }
  if (out != nodes::OnCommitAction::kNoop && persistence != 't') {
    throw Error(errcode::kInvalidTableDefinition, "ON COMMIT can only be used on temporary tables");
  }
  return out;
}

}  // namespace hyrax::parser
