// ALTER TABLE: each subcommand is bound against a "shadow" of the table that the earlier
// subcommands have already changed (columns added, dropped, retyped), following
// PostgreSQL's transformAlterTableStmt and the ATPrep*/ATExec* checks in tablecmds.c. Like
// PostgreSQL, defaults and constraints carry no cursor position; USING expressions do.
#include <optional>

#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "nodes/serialize.h"
#include "parser/analyze/alter_table_inheritance.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/clause.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/create_table.h"
#include "parser/analyze/def_elem.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_names.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

using nodes::AlterTableCmd;
using Kind = nodes::AlterTableCmdKind;

bool IsSystemColumnName(const std::string& name) {
  return name == "ctid" || name == "xmin" || name == "cmin" || name == "xmax" || name == "cmax" ||
         name == "tableoid";
}

// The table as the subcommands see it, and PostgreSQL's messages about its columns.
struct AlterContext {
  ParseState* ps = nullptr;  // the statement's (positions available)
  nodes::CreateTableStmt shadow;
  char relkind = 'r';
  Oid relid = kInvalidOid;
  bool has_primary_key = false;
  std::vector<catalog::PgConstraint> constraints;  // existing ones

  const std::string& table() const { return shadow.name; }

  // 1-based attnum of a live column, 0 when absent.
  int16_t Attnum(const std::string& name) const { return NewColumnAttnum(shadow, name); }

  [[noreturn]] void NoSuchColumn(const std::string& name) const {
    throw MakeError(errcode::kUndefinedColumn, "column \"{}\" of relation \"{}\" does not exist",
                    name, table());
  }

  // The column a subcommand alters: 42703 when missing, 0A000 for system columns.
  int16_t AlterableColumn(const std::string& name, const char* verb = "alter") const {
    int16_t attnum = Attnum(name);
    if (attnum == 0) {
      if (IsSystemColumnName(name)) {
        throw MakeError(errcode::kFeatureNotSupported, "cannot {} system column \"{}\"", verb,
                        name);
      }
      NoSuchColumn(name);
    }
    return attnum;
  }

  nodes::ColumnDefinition& Column(int16_t attnum) { return shadow.columns[attnum - 1]; }

  // A scope for expressions over the current shadow (Vars of RTE 1); `positions` keeps the
  // statement text so errors carry cursor positions.
  std::unique_ptr<ParseState> Scope(bool positions) const {
    auto scope = std::make_unique<ParseState>();
    scope->source = positions ? ps->source : nullptr;
    scope->params = ps->params;
    scope->hooks = ps->hooks;
    AddNewTableRte(*scope, shadow);
    return scope;
  }

  // Binds raw constraints (table-level, or of column `column`) against the shadow.
  std::vector<nodes::ConstraintDefinition> BindConstraints(
      ParseState& scope, const std::vector<CreateTableContext::PendingConstraint>& pending) {
    shadow.constraints.clear();
    CreateTableContext ctx{&scope, &shadow, pending, has_primary_key};
    BindTableConstraints(ctx);
    has_primary_key = ctx.has_primary_key;
    return std::move(shadow.constraints);
  }
};

[[noreturn]] void WrongRelkind(const AlterContext& ctx, const char* action) {
  const char* detail =
      ctx.relkind == 'i' || ctx.relkind == 'I' ? "This operation is not supported for indexes."
      : ctx.relkind == 'S'                     ? "This operation is not supported for sequences."
      : ctx.relkind == 'v'                     ? "This operation is not supported for views."
      : ctx.relkind == 'm' ? "This operation is not supported for materialized views."
                           : "This operation is not supported for composite types.";
  throw MakeError(errcode::kWrongObjectType,
                  "ALTER action {} cannot be performed on relation \"{}\"", action, ctx.table())
      .Detail(detail);
}

void RequireTable(const AlterContext& ctx, const char* action) {
  if (ctx.relkind != 'r' && ctx.relkind != 'p' && ctx.relkind != 'f') WrongRelkind(ctx, action);
}

// SET STATISTICS's column (PostgreSQL's ATPrepCmd checks and ATExecSetStatistics): tables,
// materialized views, foreign tables and indexes, not system catalogs; a column by number
// only on an index, and of an index only an expression column (a plain one's target is its
// table's).
int16_t StatisticsColumn(const AlterContext& ctx, const PgQuery__AlterTableCmd* c,
                         const std::string& name) {
  const bool index = ctx.relkind == 'i' || ctx.relkind == 'I';
  if (!index && ctx.relkind != 'r' && ctx.relkind != 'm' && ctx.relkind != 'p' &&
      ctx.relkind != 'f') {
    WrongRelkind(ctx, "ALTER COLUMN ... SET STATISTICS");
  }
  // ATSimplePermissions: no system catalogs while allow_system_table_mods is off.
  std::optional<catalog::PgClass> rel = catalog::Syscache().RelationByOid(ctx.relid);
  if (rel && (rel->relnamespace == catalog::kPgCatalogNamespace ||
              rel->relnamespace == catalog::kPgToastNamespace)) {
    throw MakeError(errcode::kInsufficientPrivilege,
                    "permission denied: \"{}\" is a system catalog", ctx.table());
  }
  if (name.empty() && !index) {
    throw Error(errcode::kFeatureNotSupported, "cannot refer to non-index column by number");
  }
  int16_t attnum = 0;
  if (name.empty()) {
    attnum = static_cast<int16_t>(c->num);
    if (attnum < 1 || attnum > static_cast<int>(ctx.shadow.columns.size())) {
      throw MakeError(errcode::kUndefinedColumn,
                      "column number {} of relation \"{}\" does not exist", c->num, ctx.table());
    }
  } else {
    attnum = ctx.AlterableColumn(name);
  }
  if (index) {
    std::optional<catalog::PgIndex> row = catalog::Syscache().IndexByOid(ctx.relid);
    const std::string& column = ctx.shadow.columns[attnum - 1].name;
    if (row && attnum > row->indnkeyatts) {
      throw MakeError(errcode::kFeatureNotSupported,
                      "cannot alter statistics on included column \"{}\" of index \"{}\"", column,
                      ctx.table());
    }
    if (row && static_cast<size_t>(attnum) <= row->indkey.size() && row->indkey[attnum - 1] != 0) {
      throw MakeError(errcode::kFeatureNotSupported,
                      "cannot alter statistics on non-expression column \"{}\" of index \"{}\"",
                      column, ctx.table())
          .Hint("Alter statistics on table column instead.");
    }
  }
  return attnum;
}

void AddColumn(AlterContext& ctx, const PgQuery__AlterTableCmd* c,
               std::vector<AlterTableCmd>& out) {
  const PgQuery__ColumnDef* cd = c->def->column_def;
  std::string name(raw::Str(cd->colname));
  AlterTableCmd cmd;
  cmd.kind = Kind::kAddColumn;
  cmd.name = name;
  cmd.missing_ok = c->missing_ok;
  if (ctx.Attnum(name) != 0) {
    if (c->missing_ok) {
      cmd.skip_notice = fmt::format("column \"{}\" of relation \"{}\" already exists, skipping",
                                    name, ctx.table());
      out.push_back(std::move(cmd));
      return;
    }
    throw MakeError(errcode::kDuplicateColumn, "column \"{}\" of relation \"{}\" already exists",
                    name, ctx.table());
  }
  if (IsSystemColumnName(name)) {
    throw MakeError(errcode::kDuplicateColumn,
                    "column name \"{}\" conflicts with a system column name", name);
  }
  auto scope = ctx.Scope(false);
  CreateTableContext cctx{scope.get(), &ctx.shadow, {}, ctx.has_primary_key};
  nodes::ColumnDefinition col = TransformColumnDef(cctx, cd);
  ctx.shadow.columns.push_back(col);
  auto attnum = static_cast<int16_t>(ctx.shadow.columns.size());
  // The column's own constraints (CHECK, keys, REFERENCES, GENERATED) see it.
  auto cscope = ctx.Scope(false);
  std::vector<nodes::ConstraintDefinition> cons = ctx.BindConstraints(*cscope, cctx.constraints);
  cmd.attnum = attnum;
  cmd.column = ctx.Column(attnum);
  out.push_back(std::move(cmd));
  for (auto& con : cons) {
    AlterTableCmd add;
    add.kind = Kind::kAddConstraint;
    add.constraint = std::move(con);
    out.push_back(std::move(add));
  }
}

void DropColumn(AlterContext& ctx, const PgQuery__AlterTableCmd* c, AlterTableCmd& cmd) {
  RequireTable(ctx, "DROP COLUMN");
  cmd.attnum = ctx.Attnum(cmd.name);
  if (cmd.attnum == 0) {
    if (IsSystemColumnName(cmd.name)) {
      throw MakeError(errcode::kFeatureNotSupported, "cannot drop system column \"{}\"", cmd.name);
    }
    if (!c->missing_ok) ctx.NoSuchColumn(cmd.name);
    cmd.skip_notice = fmt::format("column \"{}\" of relation \"{}\" does not exist, skipping",
                                  cmd.name, ctx.table());
    return;
  }
  ctx.Column(cmd.attnum) = nodes::ColumnDefinition{};  // later subcommands no longer see it
}

void AlterColumnType(AlterContext& ctx, const PgQuery__AlterTableCmd* c, AlterTableCmd& cmd) {
  RequireTable(ctx, "ALTER COLUMN TYPE");
  ParseState& ps = *ctx.ps;
  cmd.attnum = ctx.AlterableColumn(cmd.name);
  const PgQuery__ColumnDef* cd = c->def->column_def;
  TypeWithMod t = TypenameTypeIdAndMod(ps, cd->type_name);
  cmd.column = ctx.Column(cmd.attnum);
  cmd.column.type = t.type;
  cmd.column.typmod = t.typmod;
  cmd.column.collation = TypeCollation(t.type);
  if (cd->coll_clause) {
    if (cmd.column.collation == kInvalidOid) {
      throw MakeError(errcode::kDatatypeMismatch, "collations are not supported by type {}",
                      FormatTypeBe(t.type));
    }
    cmd.column.collation = LookupCollation(
        ps, raw::StringList(raw::Span(cd->coll_clause->n_collname, cd->coll_clause->collname)),
        cd->coll_clause->location);
  }
  // The transformation reads the old value: a USING expression, or the column itself.
  auto scope = ctx.Scope(true);
  ExprPtr transform;
  if (cd->raw_default) {
    transform = TransformExpr(*scope, cd->raw_default, ExprKind::kAlterColTransform);
  } else {
    const auto& old = ctx.Column(cmd.attnum);
    transform = nodes::MakeVar(1, cmd.attnum, old.type, old.typmod, old.collation, 0);
  }
  AssignExprCollations(*scope, transform);
  Oid from = transform->result_type;
  ExprPtr coerced =
      CoerceToTargetType(*scope, transform, from, t.type, t.typmod, CoercionContext::kAssignment,
                         nodes::CoercionForm::kImplicitCast, -1);
  if (!coerced) {
    if (cd->raw_default) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "result of USING clause for column \"{}\" cannot be cast automatically to "
                      "type {}",
                      cmd.name, FormatTypeBe(t.type))
          .Hint("You might need to add an explicit cast.");
    }
    throw MakeError(errcode::kDatatypeMismatch,
                    "column \"{}\" cannot be cast automatically to type {}", cmd.name,
                    FormatTypeBe(t.type))
        .Hint(fmt::format("You might need to specify \"USING {}::{}\".", QuoteIdentifier(cmd.name),
                          FormatTypeWithTypemod(t.type, t.typmod)));
  }
  if (nodes::ExpressionReturnsSet(coerced)) {
    throw Error(errcode::kDatatypeMismatch, "transform expression must not return a set");
  }
  AssignExprCollations(*scope, coerced);
  cmd.expr = coerced;
  // The default follows the new type (PostgreSQL's ATExecAlterColumnType: implicit casts
  // stripped, then coerced as an assignment).
  cmd.column.default_expr = nullptr;
  if (const ExprPtr& old_default = ctx.Column(cmd.attnum).default_expr) {
    ExprPtr stripped = StripImplicitCoercions(old_default);
    ExprPtr def =
        CoerceToTargetType(*scope, stripped, stripped->result_type, t.type, t.typmod,
                           CoercionContext::kAssignment, nodes::CoercionForm::kImplicitCast, -1);
    if (!def) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "default for column \"{}\" cannot be cast automatically to type {}", cmd.name,
                      FormatTypeBe(t.type));
    }
    AssignExprCollations(*scope, def);
    cmd.column.default_expr = def;
  }
  ctx.Column(cmd.attnum) = cmd.column;
}

void ColumnDefault(AlterContext& ctx, const PgQuery__AlterTableCmd* c, AlterTableCmd& cmd) {
  cmd.attnum = ctx.AlterableColumn(cmd.name);
  nodes::ColumnDefinition& col = ctx.Column(cmd.attnum);
  if (c->def == nullptr) {
    cmd.kind = Kind::kDropDefault;
    col.default_expr = nullptr;
    return;
  }
  cmd.kind = Kind::kSetDefault;
  if (col.identity != '\0') {
    throw MakeError(errcode::kSyntaxError, "column \"{}\" of relation \"{}\" is an identity column",
                    cmd.name, ctx.table())
        .Hint("Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.");
  }
  if (col.generated != '\0') {
    throw MakeError(errcode::kSyntaxError, "column \"{}\" of relation \"{}\" is a generated column",
                    cmd.name, ctx.table())
        .Hint("Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead.");
  }
  auto scope = ctx.Scope(false);
  ExprPtr expr = TransformExpr(*scope, c->def, ExprKind::kColumnDefault);
  Oid type = expr->result_type;
  ExprPtr coerced =
      CoerceToTargetType(*scope, expr, type, col.type, col.typmod, CoercionContext::kAssignment,
                         nodes::CoercionForm::kImplicitCast, -1);
  if (!coerced) {
    throw MakeError(errcode::kDatatypeMismatch,
                    "column \"{}\" is of type {} but default expression is of type {}", cmd.name,
                    FormatTypeBe(col.type), FormatTypeBe(type))
        .Hint("You will need to rewrite or cast the expression.");
  }
  AssignExprCollations(*scope, coerced);
  cmd.expr = coerced;
  col.default_expr = coerced;
}

void AddConstraint(AlterContext& ctx, const PgQuery__AlterTableCmd* c,
                   std::vector<AlterTableCmd>& out) {
  RequireTable(ctx, "ADD CONSTRAINT");
  auto scope = ctx.Scope(false);
  for (auto& con : ctx.BindConstraints(*scope, {{c->def->constraint, ""}})) {
    AlterTableCmd cmd;
    cmd.kind = Kind::kAddConstraint;
    cmd.constraint = std::move(con);
    out.push_back(std::move(cmd));
  }
}

// DROP / VALIDATE CONSTRAINT: the constraint must exist (unless IF EXISTS for DROP).
void NamedConstraint(AlterContext& ctx, const PgQuery__AlterTableCmd* c, AlterTableCmd& cmd) {
  for (const auto& con : ctx.constraints) {
    if (con.conname == cmd.name) return;
  }
  for (const auto& other : ctx.shadow.constraints) {
    if (other.name == cmd.name) return;
  }
  if (cmd.kind == Kind::kDropConstraint && c->missing_ok) {
    cmd.skip_notice = fmt::format("constraint \"{}\" of relation \"{}\" does not exist, skipping",
                                  cmd.name, ctx.table());
    return;
  }
  throw MakeError(errcode::kUndefinedObject, "constraint \"{}\" of relation \"{}\" does not exist",
                  cmd.name, ctx.table());
}

void Identity(AlterContext& ctx, const PgQuery__AlterTableCmd* c, AlterTableCmd& cmd) {
  cmd.attnum = ctx.AlterableColumn(cmd.name);
  nodes::ColumnDefinition& col = ctx.Column(cmd.attnum);
  cmd.column = col;
  if (cmd.kind == Kind::kAddIdentity) {
    const PgQuery__Constraint* con = c->def->constraint;
    if (col.type != kInt2Oid && col.type != kInt4Oid && col.type != kInt8Oid) {
      throw Error(errcode::kInvalidParameterValue,
                  "identity column type must be smallint, integer, or bigint");
    }
    if (!col.not_null) {
      throw MakeError(errcode::kObjectNotInPrerequisiteState,
                      "column \"{}\" of relation \"{}\" must be declared NOT NULL before identity "
                      "can be added",
                      cmd.name, ctx.table());
    }
    if (col.identity != '\0') {
      throw MakeError(errcode::kObjectNotInPrerequisiteState,
                      "column \"{}\" of relation \"{}\" is already an identity column", cmd.name,
                      ctx.table());
    }
    if (col.default_expr) {
      throw MakeError(errcode::kObjectNotInPrerequisiteState,
                      "column \"{}\" of relation \"{}\" already has a default value", cmd.name,
                      ctx.table());
    }
    col.identity = raw::Str(con->generated_when) == "d" ? 'd' : 'a';
    cmd.column.identity = col.identity;
    cmd.column.identity_options =
        ParseSequenceOptions(*ctx.ps, raw::Span(con->n_options, con->options));
    cmd.column.identity_options.type = col.type;
    return;
  }
  if (col.identity == '\0') {
    if (cmd.kind == Kind::kDropIdentity && c->missing_ok) {
      cmd.skip_notice =
          fmt::format("column \"{}\" of relation \"{}\" is not an identity column, skipping",
                      cmd.name, ctx.table());
      return;
    }
    throw MakeError(errcode::kObjectNotInPrerequisiteState,
                    "column \"{}\" of relation \"{}\" is not an identity column", cmd.name,
                    ctx.table());
  }
  if (cmd.kind == Kind::kDropIdentity) {
    col.identity = '\0';
    return;
  }
  // SET GENERATED { ALWAYS | BY DEFAULT } and sequence options, as a list of DefElems.
  cmd.column.identity = '\0';
  std::vector<raw::Node*> seq_options;
  for (raw::Node* n : raw::ListItems(c->def)) {
    const PgQuery__DefElem* def = n->def_elem;
    if (DefName(def) == "generated") {
      cmd.column.identity = static_cast<char>(DefGetInt64(*ctx.ps, def));
      col.identity = cmd.column.identity;
    } else {
      seq_options.push_back(n);
    }
  }
  cmd.column.identity_options =
      ParseSequenceOptions(*ctx.ps, raw::NodeSpan(seq_options.size(), seq_options.data()));
}

nodes::RelOptions RelOptionList(const PgQuery__AlterTableCmd* c, bool validate) {
  nodes::RelOptions options;
  for (const raw::Node* n : raw::ListItems(c->def)) {
    const PgQuery__DefElem* def = n->def_elem;
    std::string name = DefName(def);
    if (def->defnamespace && def->defnamespace[0]) {
      name = std::string(def->defnamespace) + "." + name;
    }
    std::string value = def->arg ? ConstText(def->arg) : "true";
    if (validate && name.rfind("toast.", 0) != 0) ValidateRelOption(name, value);
    options.emplace_back(name, value);
  }
  return options;
}

void TransformCmd(AlterContext& ctx, const PgQuery__AlterTableCmd* c,
                  std::vector<AlterTableCmd>& out) {
  AlterTableCmd cmd;
  cmd.name = raw::Str(c->name);
  cmd.missing_ok = c->missing_ok;
  cmd.behavior = c->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
                     ? nodes::DropBehavior::kCascade
                     : nodes::DropBehavior::kRestrict;
  if (IsInheritanceSubcommand(c->subtype)) {
    if (c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit) RequireTable(ctx, "INHERIT");
    if (c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit) RequireTable(ctx, "NO INHERIT");
    TransformInheritanceCmd(*ctx.ps, *catalog::RelationIdGetRelation(ctx.relid), c, cmd);
    out.push_back(std::move(cmd));
    return;
  }
  switch (c->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
      RequireTable(ctx, "ADD COLUMN");
      AddColumn(ctx, c, out);
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
      cmd.kind = Kind::kDropColumn;
      DropColumn(ctx, c, cmd);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
      cmd.kind = Kind::kAlterColumnType;
      AlterColumnType(ctx, c, cmd);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
      ColumnDefault(ctx, c, cmd);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: {
      bool set = c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull;
      cmd.kind = set ? Kind::kSetNotNull : Kind::kDropNotNull;
      cmd.attnum = ctx.AlterableColumn(cmd.name);
      ctx.Column(cmd.attnum).not_null = set;
      break;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
      AddConstraint(ctx, c, out);
      return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
      cmd.kind = Kind::kDropConstraint;
      NamedConstraint(ctx, c, cmd);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse:
      cmd.kind = Kind::kValidateConstraint;
      NamedConstraint(ctx, c, cmd);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
      cmd.kind = Kind::kSetOptions;
      cmd.options = RelOptionList(c, true);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
      cmd.kind = Kind::kResetOptions;
      cmd.options = RelOptionList(c, false);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
      cmd.kind = Kind::kAddIdentity;
      Identity(ctx, c, cmd);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
      cmd.kind = Kind::kSetIdentity;
      Identity(ctx, c, cmd);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
      cmd.kind = Kind::kDropIdentity;
      Identity(ctx, c, cmd);
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
      cmd.kind = Kind::kSetStatistics;
      cmd.attnum = StatisticsColumn(ctx, c, cmd.name);
      cmd.number = raw::Is(c->def, PG_QUERY__NODE__NODE_INTEGER) ? c->def->integer->ival : -1;
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage: {
      cmd.kind = Kind::kSetStorage;
      cmd.attnum = ctx.AlterableColumn(cmd.name);
      std::string storage(raw::StrVal(c->def));
      if (storage != "plain" && storage != "external" && storage != "extended" &&
          storage != "main") {
        throw MakeError(errcode::kInvalidParameterValue, "invalid storage type \"{}\"", storage);
      }
      cmd.options.emplace_back("storage", storage);
      break;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
      cmd.kind = Kind::kChangeOwner;
      cmd.name = c->newowner ? raw::Str(c->newowner->rolename) : "";
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
      cmd.kind = Kind::kSetLogged;
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
      cmd.kind = Kind::kSetUnlogged;
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
      cmd.kind = Kind::kSetTablespace;
      break;
    default: {
      const ProtobufCEnumValue* v = protobuf_c_enum_descriptor_get_value(
          &pg_query__alter_table_type__descriptor, static_cast<int>(c->subtype));
      throw MakeError(errcode::kFeatureNotSupported,
                      "ALTER TABLE subcommand {} is not supported yet", v ? v->name : "?");
    }
  }
  out.push_back(std::move(cmd));
}

nodes::ObjectType ObjectTypeOf(PgQuery__ObjectType t) {
  switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      return nodes::ObjectType::kIndex;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
      return nodes::ObjectType::kSequence;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
      return nodes::ObjectType::kView;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      return nodes::ObjectType::kMatView;
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
      return nodes::ObjectType::kForeignTable;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
      return nodes::ObjectType::kSchema;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      return nodes::ObjectType::kTable;
    default:
      return nodes::ObjectType::kOther;
  }
}

// The relation an ALTER names: its oid, or kInvalidOid with the NOTICE under IF EXISTS.
Oid LookupAlteredRelation(const PgQuery__RangeVar* rv, bool missing_ok, std::string* notice) {
  catalog::QualifiedName q;
  q.catalog = raw::Str(rv->catalogname);
  q.schema = raw::Str(rv->schemaname);
  q.name = raw::Str(rv->relname);
  Oid relid = catalog::RangeVarGetRelid(q, missing_ok);
  if (relid == kInvalidOid) {
    *notice = fmt::format("relation \"{}\" does not exist, skipping", q.name);
  }
  return relid;
}

}  // namespace

nodes::UtilityStmtPtr TransformAlterTableStmt(ParseState& ps, const PgQuery__AlterTableStmt* s) {
  auto stmt = std::make_shared<nodes::AlterTableStmt>();
  stmt->objtype = ObjectTypeOf(s->objtype);
  stmt->missing_ok = s->missing_ok;
  stmt->relname = raw::Str(s->relation->relname);
  stmt->recurse = s->relation->inh;
  stmt->relid = LookupAlteredRelation(s->relation, s->missing_ok, &stmt->missing_notice);
  if (stmt->relid == kInvalidOid) return stmt;
  stmt->missing_notice.clear();
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(stmt->relid);
  if (stmt->objtype == nodes::ObjectType::kView && rel->rel.relkind != 'v') {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is not a view", stmt->relname);
  }
  if (stmt->objtype == nodes::ObjectType::kIndex && rel->rel.relkind != 'i' &&
      rel->rel.relkind != 'I') {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is not an index", stmt->relname);
  }
  if (stmt->objtype == nodes::ObjectType::kSequence && rel->rel.relkind != 'S') {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is not a sequence", stmt->relname);
  }
  AlterContext ctx;
  ctx.ps = &ps;
  ctx.relid = stmt->relid;
  ctx.relkind = rel->rel.relkind;
  ctx.shadow.name = rel->name();
  ctx.shadow.namespace_oid = rel->rel.relnamespace;
  ctx.shadow.namespace_name = rel->namespace_name;
  for (int i = 0; i < rel->desc->natts(); ++i) {
    const auto& a = rel->desc->attr(i);
    nodes::ColumnDefinition col;
    if (!a.dropped) {
      col.name = a.name;
      col.type = a.type_oid;
      col.typmod = a.typmod;
      col.collation = a.collation;
      col.not_null = a.not_null;
      col.identity = a.identity;
      col.generated = a.generated;
    }
    ctx.shadow.columns.push_back(std::move(col));
  }
  for (const auto& d : catalog::Syscache().DefaultsOf(stmt->relid)) {
    // Identity checks test presence; ALTER COLUMN TYPE re-coerces the expression.
    if (d.adnum > 0 && d.adnum <= static_cast<int16_t>(ctx.shadow.columns.size())) {
      ctx.shadow.columns[d.adnum - 1].default_expr = nodes::StringToNode(d.adbin);
    }
  }
  ctx.constraints = catalog::Syscache().ConstraintsOf(stmt->relid);
  for (const auto& con : ctx.constraints) ctx.has_primary_key |= con.contype == 'p';
  for (const raw::Node* n : raw::Span(s->n_cmds, s->cmds)) {
    TransformCmd(ctx, n->alter_table_cmd, stmt->cmds);
  }
  return stmt;
}

}  // namespace hyrax::parser
