// Constraints of CREATE TABLE (see create_table.h): CHECK and GENERATED expressions over the
// new table's columns, PRIMARY KEY / UNIQUE column lists (primary keys imply NOT NULL),
// FOREIGN KEY references resolved to the referenced table's unique index and its equality
// operators, and DEFERRABLE attributes. Follows PostgreSQL's transformIndexConstraint,
// transformFKConstraints, transformConstraintAttrs and ATAddForeignKeyConstraint checks.
#include <algorithm>

#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/create_table.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/type_info.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

using nodes::ConstraintDefinition;
using nodes::ConstraintKind;

namespace {

std::vector<std::string> Names(raw::NodeSpan items) {
  return raw::StringList(items);
}

std::string ColumnList(const std::vector<std::string>& cols) {
  std::string out;
  for (const auto& c : cols) out += (out.empty() ? "" : "_") + c;
  return out;
}

void CheckGenerationExpr(CreateTableContext& ctx, const ExprPtr& expr, int location) {
  ParseState& ps = *ctx.ps;
  nodes::WalkExprTree(expr, [&](const nodes::Expr& e, int) {
    if (e.tag == nodes::NodeTag::kVar) {
      const auto* v = nodes::As<nodes::Var>(&e);
      if (v->varattno == 0) {
        ThrowAt(ps,
                Error(errcode::kInvalidObjectDefinition,
                      "cannot use whole-row variable in column generation expression")
                    .Detail("This would cause the generated column to depend on its own value."),
                e.location);
      }
      if (v->varattno < 0) return false;  // tableoid (others are rejected when scanned)
      const auto& col = ctx.stmt->columns[v->varattno - 1];
      if (col.generated != '\0') {
        ThrowAt(ps,
                MakeError(errcode::kInvalidObjectDefinition,
                          "cannot use generated column \"{}\" in column generation expression",
                          col.name)
                    .Detail("A generated column cannot reference another generated column."),
                e.location);
      }
    }
    Oid funcid = kInvalidOid;
    if (e.tag == nodes::NodeTag::kFuncExpr) funcid = nodes::As<nodes::FuncExpr>(&e)->funcid;
    if (e.tag == nodes::NodeTag::kOpExpr) funcid = nodes::As<nodes::OpExpr>(&e)->opfuncid;
    if (funcid != kInvalidOid) {
      auto proc = catalog::Syscache().ProcByOid(funcid);
      if (proc && proc->provolatile != 'i') {
        (void)location;
        throw Error(errcode::kInvalidObjectDefinition, "generation expression is not immutable");
      }
    }
    return false;
  });
}

void BindCheck(CreateTableContext& ctx, const PgQuery__Constraint* con, ConstraintDefinition& def) {
  ExprPtr expr = TransformExpr(*ctx.ps, con->raw_expr, ExprKind::kCheckConstraint);
  expr = CoerceToBoolean(*ctx.ps, expr, "CHECK");
  AssignExprCollations(*ctx.ps, expr);
  def.check_expr = expr;
  def.not_valid = con->skip_validation;
  def.no_inherit = con->is_no_inherit;
}

void BindIndexConstraint(CreateTableContext& ctx, const PgQuery__Constraint* con,
                         const std::string& column, ConstraintDefinition& def) {
  ParseState& ps = *ctx.ps;
  bool primary = def.kind == ConstraintKind::kPrimaryKey;
  if (primary) {
    if (ctx.has_primary_key) {
      ThrowAt(ps,
              MakeError(errcode::kInvalidTableDefinition,
                        "multiple primary keys for table \"{}\" are not allowed", ctx.stmt->name),
              con->location);
    }
    ctx.has_primary_key = true;
  }
  if (con->indexname && con->indexname[0] && con->n_keys == 0 && column.empty()) {
    throw Error(errcode::kFeatureNotSupported, "USING INDEX is not supported in CREATE TABLE");
  }
  std::vector<std::string> keys =
      column.empty() ? Names(raw::Span(con->n_keys, con->keys)) : std::vector<std::string>{column};
  for (const auto& key : keys) {
    int16_t attnum = NewColumnAttnum(*ctx.stmt, key);
    if (attnum == 0) {
      ThrowAt(
          ps,
          MakeError(errcode::kUndefinedColumn, "column \"{}\" named in key does not exist", key),
          con->location);
    }
    if (std::find(def.key_attnums.begin(), def.key_attnums.end(), attnum) !=
        def.key_attnums.end()) {
      ThrowAt(ps,
              MakeError(errcode::kDuplicateColumn, "column \"{}\" appears twice in {} constraint",
                        key, primary ? "primary key" : "unique"),
              con->location);
    }
    const auto& col = ctx.stmt->columns[attnum - 1];
    if (!DefaultOpclassFor(catalog::kBtreeAmOid, col.type)) {
      throw MakeError(errcode::kUndefinedObject,
                      "data type {} has no default operator class for access method \"{}\"",
                      FormatTypeBe(col.type), "btree")
          .Hint(
              "You must specify an operator class for the index or define a default operator "
              "class for the data type.");
    }
    def.key_attnums.push_back(attnum);
    if (primary) ctx.stmt->columns[attnum - 1].not_null = true;
  }
  for (const auto& inc : Names(raw::Span(con->n_including, con->including))) {
    int16_t attnum = NewColumnAttnum(*ctx.stmt, inc);
    if (attnum == 0) {
      ThrowAt(
          ps,
          MakeError(errcode::kUndefinedColumn, "column \"{}\" named in key does not exist", inc),
          con->location);
    }
    def.include_attnums.push_back(attnum);
  }
  def.nulls_not_distinct = con->nulls_not_distinct;
  def.index_name = raw::Str(con->indexname);
  for (const raw::Node* o : raw::Span(con->n_options, con->options)) {
    def.index_options.emplace_back(
        std::string(raw::Str(o->def_elem->defname)),
        o->def_elem->arg ? std::string(raw::StrVal(o->def_elem->arg)) : "");
  }
}

struct RefTable {
  bool self = false;
  Oid relid = kInvalidOid;
  std::string name;
  std::vector<Oid> coltypes;  // by attnum - 1
  std::vector<std::string> colnames;
};

// The columns of the referenced table's unique key matching `attnums` (any order), with
// each key column's operator class; empty when there is none.
std::vector<Oid> MatchUniqueKey(CreateTableContext& ctx, const RefTable& ref,
                                std::vector<int16_t>& attnums, bool want_primary) {
  auto opclass_for = [&](Oid type) {
    auto opc = DefaultOpclassFor(catalog::kBtreeAmOid, type);
    return opc ? opc->oid : kInvalidOid;
  };
  auto same_set = [](std::vector<int16_t> a, std::vector<int16_t> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
  };
  if (ref.self) {
    for (const auto& c : ctx.stmt->constraints) {
      bool fits = want_primary ? c.kind == ConstraintKind::kPrimaryKey
                               : (c.kind == ConstraintKind::kPrimaryKey ||
                                  c.kind == ConstraintKind::kUnique) &&
                                     same_set(c.key_attnums, attnums);
      if (!fits) continue;
      if (want_primary) attnums = c.key_attnums;
      std::vector<Oid> classes;
      for (int16_t a : attnums) classes.push_back(opclass_for(ref.coltypes[a - 1]));
      return classes;
    }
    return {};
  }
  for (const auto& idx : catalog::Syscache().IndexesOf(ref.relid)) {
    if (!idx.indisunique || idx.indpred || idx.indexprs) continue;
    std::vector<int16_t> keys(idx.indkey.begin(), idx.indkey.begin() + idx.indnkeyatts);
    bool fits = want_primary ? idx.indisprimary : same_set(keys, attnums);
    if (!fits) continue;
    if (want_primary) attnums = keys;
    std::vector<Oid> classes;
    for (int16_t a : attnums) {
      auto pos = std::find(keys.begin(), keys.end(), a) - keys.begin();
      classes.push_back(idx.indclass[pos]);
    }
    return classes;
  }
  return {};
}

Oid FamilyMember(Oid family, Oid left, Oid right) {
  for (const auto& amop : catalog::Syscache().AmopsOfFamily(family)) {
    if (amop.amoplefttype == left && amop.amoprighttype == right && amop.amopstrategy == 3) {
      return amop.amopopr;
    }
  }
  return kInvalidOid;
}

RefTable LookupRefTable(CreateTableContext& ctx, const PgQuery__RangeVar* rv) {
  RefTable ref;
  catalog::QualifiedName q;
  q.schema = raw::Str(rv->schemaname);
  q.name = raw::Str(rv->relname);
  ref.name = q.name;
  bool names_self =
      q.name == ctx.stmt->name && (q.schema.empty() || q.schema == ctx.stmt->namespace_name);
  ref.relid = catalog::RangeVarGetRelid(q, names_self);
  if (ref.relid == kInvalidOid) {
    ref.self = true;
    for (const auto& c : ctx.stmt->columns) {
      ref.coltypes.push_back(c.type);
      ref.colnames.push_back(c.name);
    }
    return ref;
  }
  auto rel = catalog::Syscache().RelationByOid(ref.relid);
  if (rel->relkind != 'r' && rel->relkind != 'p') {
    throw MakeError(errcode::kWrongObjectType, "referenced relation \"{}\" is not a table", q.name);
  }
  if (rel->relnamespace == catalog::kPgCatalogNamespace) {
    throw MakeError(errcode::kInsufficientPrivilege,
                    "permission denied: \"{}\" is a system catalog", q.name);
  }
  for (const auto& a : catalog::Syscache().AttributesOf(ref.relid)) {
    ref.coltypes.push_back(a.atttypid);
    ref.colnames.push_back(a.attisdropped ? "" : a.attname);
  }
  return ref;
}

void BindForeignKey(CreateTableContext& ctx, const PgQuery__Constraint* con,
                    const std::string& column, ConstraintDefinition& def) {
  std::vector<std::string> fk_cols = column.empty()
                                         ? Names(raw::Span(con->n_fk_attrs, con->fk_attrs))
                                         : std::vector<std::string>{column};
  std::vector<std::string> pk_cols = Names(raw::Span(con->n_pk_attrs, con->pk_attrs));
  std::string conname =
      def.name.empty() ? ctx.stmt->name + "_" + ColumnList(fk_cols) + "_fkey" : def.name;
  RefTable ref = LookupRefTable(ctx, con->pktable);
  for (const auto& c : fk_cols) {
    int16_t attnum = NewColumnAttnum(*ctx.stmt, c);
    if (attnum == 0) {
      throw MakeError(errcode::kUndefinedColumn,
                      "column \"{}\" referenced in foreign key constraint does not exist", c);
    }
    def.key_attnums.push_back(attnum);
  }
  std::vector<int16_t> ref_attnums;
  for (const auto& c : pk_cols) {
    auto it = std::find(ref.colnames.begin(), ref.colnames.end(), c);
    if (it == ref.colnames.end()) {
      throw MakeError(errcode::kUndefinedColumn,
                      "column \"{}\" referenced in foreign key constraint does not exist", c);
    }
    auto attnum = static_cast<int16_t>(it - ref.colnames.begin() + 1);
    if (std::find(ref_attnums.begin(), ref_attnums.end(), attnum) != ref_attnums.end()) {
      throw Error(errcode::kInvalidForeignKey,
                  "foreign key referenced-columns list must not contain duplicates");
    }
    ref_attnums.push_back(attnum);
  }
  std::vector<Oid> opclasses = MatchUniqueKey(ctx, ref, ref_attnums, pk_cols.empty());
  if (opclasses.empty()) {
    if (pk_cols.empty()) {
      throw MakeError(errcode::kUndefinedObject,
                      "there is no primary key for referenced table \"{}\"", ref.name);
    }
    throw MakeError(errcode::kInvalidForeignKey,
                    "there is no unique constraint matching given keys for referenced table \"{}\"",
                    ref.name);
  }
  if (ref_attnums.size() != def.key_attnums.size()) {
    throw Error(errcode::kInvalidForeignKey,
                "number of referencing and referenced columns for foreign key disagree");
  }
  def.ref_relid = ref.self ? kInvalidOid : ref.relid;
  def.ref_self = ref.self;
  def.ref_attnums = ref_attnums;
  for (size_t i = 0; i < ref_attnums.size(); ++i) {
    auto opc = catalog::Syscache().OpclassByOid(opclasses[i]);
    Oid family = opc->opcfamily, opcintype = opc->opcintype;
    Oid pktype = ref.coltypes[ref_attnums[i] - 1];
    Oid fktype = BaseType(ctx.stmt->columns[def.key_attnums[i] - 1].type);
    Oid ppeq = FamilyMember(family, opcintype, opcintype);
    Oid pfeq = FamilyMember(family, opcintype, fktype);
    Oid ffeq = pfeq != kInvalidOid ? FamilyMember(family, fktype, fktype) : kInvalidOid;
    if (pfeq == kInvalidOid || ffeq == kInvalidOid) {
      if (CanCoerceType({pktype, fktype}, {opcintype, opcintype}, CoercionContext::kImplicit)) {
        pfeq = ffeq = ppeq;
      }
    }
    if (pfeq == kInvalidOid || ffeq == kInvalidOid) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "foreign key constraint \"{}\" cannot be implemented", conname)
          .Detail(fmt::format("Key columns \"{}\" and \"{}\" are of incompatible types: {} and {}.",
                              fk_cols[i], ref.colnames[ref_attnums[i] - 1],
                              FormatTypeBe(ctx.stmt->columns[def.key_attnums[i] - 1].type),
                              FormatTypeBe(pktype)));
    }
    def.pp_eq_ops.push_back(ppeq);
    def.pf_eq_ops.push_back(pfeq);
    def.ff_eq_ops.push_back(ffeq);
  }
  auto action = [](const char* a) { return a && a[0] ? a[0] : 'a'; };
  def.fk_upd_action = action(con->fk_upd_action);
  def.fk_del_action = action(con->fk_del_action);
  def.fk_match_type = con->fk_matchtype && con->fk_matchtype[0] ? con->fk_matchtype[0] : 's';
  if (def.fk_match_type == 'p')
    throw Error(errcode::kFeatureNotSupported, "MATCH PARTIAL not yet implemented");
  // ON DELETE SET NULL / SET DEFAULT (columns): a subset of the key columns (PostgreSQL's
  // validateFkOnDeleteSetColumns).
  for (const auto& c : Names(raw::Span(con->n_fk_del_set_cols, con->fk_del_set_cols))) {
    int16_t attnum = NewColumnAttnum(*ctx.stmt, c);
    if (attnum == 0) {
      throw MakeError(errcode::kUndefinedColumn,
                      "column \"{}\" referenced in foreign key constraint does not exist", c);
    }
    if (std::find(def.key_attnums.begin(), def.key_attnums.end(), attnum) ==
        def.key_attnums.end()) {
      throw MakeError(errcode::kInvalidForeignKey,
                      "column \"{}\" referenced in ON DELETE SET action must be part of foreign "
                      "key",
                      c);
    }
    def.fk_del_set_cols.push_back(attnum);
  }
  if (!def.fk_del_set_cols.empty() && def.fk_del_action != 'n' && def.fk_del_action != 'd') {
    throw Error(errcode::kSyntaxError,
                "column list for ON DELETE SET actions is only supported for SET NULL and SET "
                "DEFAULT");
  }
  def.not_valid = con->skip_validation;
}

struct FoldedConstraint {
  size_t index = 0;
  const PgQuery__Constraint* con = nullptr;
  std::string column;
  bool deferrable = false;
  bool initially_deferred = false;
};

// Folds the DEFERRABLE / INITIALLY ... items of column constraints into the constraint
// before them (PostgreSQL's transformConstraintAttrs).
std::vector<FoldedConstraint> FoldAttributes(ParseState& ps, const CreateTableContext& ctx) {
  std::vector<FoldedConstraint> out;
  bool saw_deferrability = false;
  bool saw_initially = false;
  for (size_t i = 0; i < ctx.constraints.size(); ++i) {
    const PgQuery__Constraint* con = ctx.constraints[i].con;
    bool is_attr = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE ||
                   con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE ||
                   con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED ||
                   con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE;
    if (!is_attr) {
      out.push_back(FoldedConstraint{i, con, ctx.constraints[i].column, con->deferrable != 0,
                                     con->initdeferred != 0});
      saw_deferrability = false;
      saw_initially = false;
      continue;
    }
    FoldedConstraint* last = out.empty() ? nullptr : &out.back();
    bool applies = last && (last->con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
                            last->con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
                            last->con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ||
                            last->con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION);
    bool is_deferrability = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE ||
                            con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE;
    const char* clause =
        con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE       ? "DEFERRABLE"
        : con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE ? "NOT DEFERRABLE"
        : con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED       ? "INITIALLY DEFERRED"
                                                                            : "INITIALLY IMMEDIATE";
    if (!applies) {
      ThrowAt(ps, MakeError(errcode::kSyntaxError, "misplaced {} clause", clause), con->location);
    }
    if (is_deferrability ? saw_deferrability : saw_initially) {
      ThrowAt(ps,
              Error(errcode::kSyntaxError,
                    is_deferrability ? "multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed"
                                     : "multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed"),
              con->location);
    }
    (is_deferrability ? saw_deferrability : saw_initially) = true;
    bool must_be_deferrable = false;
    switch (con->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
        last->deferrable = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
        last->deferrable = false;
        must_be_deferrable = saw_initially && last->initially_deferred;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
        last->initially_deferred = true;
        if (!saw_deferrability) {
          last->deferrable = true;
        } else {
          must_be_deferrable = !last->deferrable;
        }
        break;
      default:
        last->initially_deferred = false;
        break;
    }
    if (must_be_deferrable) {
      ThrowAt(
          ps,
          Error(errcode::kSyntaxError, "constraint declared INITIALLY DEFERRED must be DEFERRABLE"),
          con->location);
    }
  }
  return out;
}

void BindGenerated(CreateTableContext& ctx, const FoldedConstraint& item) {
  ParseState& ps = *ctx.ps;
  int16_t attnum = NewColumnAttnum(*ctx.stmt, item.column);
  auto& col = ctx.stmt->columns[attnum - 1];
  ExprPtr expr = TransformExpr(ps, item.con->raw_expr, ExprKind::kGeneratedColumn);
  CheckGenerationExpr(ctx, expr, item.con->location);
  Oid type = expr->result_type;
  ExprPtr coerced =
      CoerceToTargetType(ps, expr, type, col.type, col.typmod, CoercionContext::kAssignment,
                         nodes::CoercionForm::kImplicitCast, -1);
  if (!coerced) {
    throw MakeError(errcode::kDatatypeMismatch,
                    "column \"{}\" is of type {} but generation expression is of type {}", col.name,
                    FormatTypeBe(col.type), FormatTypeBe(type))
        .Hint("You will need to rewrite or cast the expression.");
  }
  AssignExprCollations(ps, coerced);
  col.generated_expr = coerced;
}

}  // namespace

void BindTableConstraints(CreateTableContext& ctx) {
  ParseState& ps = *ctx.ps;
  std::vector<FoldedConstraint> items = FoldAttributes(ps, ctx);
  auto is_key = [](const FoldedConstraint& f) {
    return f.con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
           f.con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE;
  };
  std::vector<std::pair<size_t, ConstraintDefinition>> bound;
  // Keys first: a foreign key may reference this table's own primary key or unique key.
  for (int pass = 0; pass < 2; ++pass) {
    for (const FoldedConstraint& item : items) {
      if ((pass == 0) != is_key(item)) continue;
      const PgQuery__Constraint* con = item.con;
      if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED) {
        BindGenerated(ctx, item);
        continue;
      }
      ConstraintDefinition def;
      def.name = raw::Str(con->conname);
      def.deferrable = item.deferrable;
      def.initially_deferred = item.initially_deferred;
      def.location = con->location;
      switch (con->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
          def.kind = ConstraintKind::kCheck;
          BindCheck(ctx, con, def);
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
          def.kind = ConstraintKind::kPrimaryKey;
          BindIndexConstraint(ctx, con, item.column, def);
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
          def.kind = ConstraintKind::kUnique;
          BindIndexConstraint(ctx, con, item.column, def);
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
          def.kind = ConstraintKind::kForeignKey;
          BindForeignKey(ctx, con, item.column, def);
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
          throw Error(errcode::kFeatureNotSupported, "exclusion constraints are not supported yet");
        default:
          continue;
      }
      if (pass == 0) ctx.stmt->constraints.push_back(def);  // visible to self-referencing keys
      bound.emplace_back(item.index, std::move(def));
    }
  }
  std::stable_sort(bound.begin(), bound.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  ctx.stmt->constraints.clear();
  for (auto& entry : bound) ctx.stmt->constraints.push_back(std::move(entry.second));
}

}  // namespace hyrax::parser
