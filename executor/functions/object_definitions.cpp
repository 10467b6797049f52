// SQL text of stored definitions, as PostgreSQL's ruleutils.c prints them: pg_get_expr
// (column defaults, CHECK expressions), pg_get_indexdef ("CREATE UNIQUE INDEX ... USING
// btree (id)"), pg_get_constraintdef ("PRIMARY KEY (id)", "CHECK ((a > 0))") and
// pg_get_viewdef. Expressions are Hyrax's serialized trees (nodes/serialize.h) printed by
// executor/deparse; `pretty` drops parentheses as PostgreSQL's PRETTYFLAG_PAREN does.
#include <string>
#include <vector>

#include "common/error.h"
#include "executor/deparse/deparse_expr.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/srf.h"
#include "executor/partition/partition_key.h"
#include "executor/types/quote_ident.h"
#include "nodes/node_funcs.h"
#include "nodes/serialize.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/partitioned_table.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/catalog/syscache.h"
#include "storage/catalog/view_rule.h"

namespace hyrax::executor {

namespace {

constexpr int16_t kIndexOptionDesc = 1, kIndexOptionNullsFirst = 2;

// The attribute names of `relid` by attnum (index 0 unused; dropped columns empty).
std::vector<std::string> ColumnNames(Oid relid) {
  std::vector<std::string> names(1);
  for (const auto& attr : catalog::Syscache().AttributesOf(relid)) {
    if (static_cast<size_t>(attr.attnum) >= names.size()) names.resize(attr.attnum + 1);
    names[attr.attnum] = attr.attisdropped ? "" : attr.attname;
  }
  return names;
}

std::string QuotedColumn(const std::vector<std::string>& names, int16_t attnum) {
  if (attnum <= 0 || static_cast<size_t>(attnum) >= names.size()) {
    throw MakeError(errcode::kInternalError, "cache lookup failed for attribute {}", attnum);
  }
  return QuoteIdentifier(names[attnum]);
}

// "a, b" for attnums `keys`.
std::string ColumnList(Oid relid, const std::vector<int16_t>& keys) {
  std::vector<std::string> names = ColumnNames(relid);
  std::string text;
  for (int16_t attnum : keys) {
    if (!text.empty()) text += ", ";
    text += QuotedColumn(names, attnum);
  }
  return text;
}

std::string QualifiedRelationName(const catalog::PgClass& rel) {
  auto nsp = catalog::Syscache().NamespaceByOid(rel.relnamespace);
  return QuoteIdentifier(nsp ? nsp->nspname : "???") + "." + QuoteIdentifier(rel.relname);
}

// " WITH (fillfactor=70)" for a relation with storage options, else "".
std::string StorageOptions(const catalog::PgClass& rel) {
  if (rel.reloptions.empty()) return "";
  std::string text = " WITH (";
  for (size_t i = 0; i < rel.reloptions.size(); ++i) {
    text += (i > 0 ? ", " : "") + rel.reloptions[i];
  }
  return text + ")";
}

// A stored expression of relation `relid` (0: one that references no columns).
std::string DeparseStoredExpr(std::string_view tree, Oid relid, bool pretty) {
  nodes::ExprPtr expr = nodes::StringToNode(tree);
  std::vector<nodes::RangeTblEntry> rtable;
  if (relid != kInvalidOid) {
    auto rel = catalog::Syscache().RelationByOid(relid);
    if (!rel)
      throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", relid);
    nodes::RangeTblEntry rte;
    rte.rtekind = nodes::RteKind::kRelation;
    rte.relid = relid;
    rte.relkind = rel->relkind;
    rte.eref.aliasname = rel->relname;
    std::vector<std::string> names = ColumnNames(relid);
    rte.eref.colnames.assign(names.begin() + 1, names.end());
    rtable.push_back(std::move(rte));
  }
  DeparseContext context;
  context.rtable = &rtable;
  context.pretty = pretty;
  return DeparseExpr(expr, context);
}

Datum PgGetExpr(FunctionCallInfo* f) {
  bool pretty = f->nargs > 2 && f->ArgBool(2);
  // pg_class.relpartbound is stored in its display form (executor/partition/partition_bound.h).
  std::string_view stored = f->ArgText(0);
  if (stored == "DEFAULT" || stored.rfind("FOR VALUES ", 0) == 0) return TextDatum(stored);
  return TextDatum(DeparseStoredExpr(f->ArgText(0), f->ArgOid(1), pretty));
}

// One key column of an index: its name, then what differs from the defaults (operator
// class, DESC, NULLS FIRST/LAST), as pg_get_indexdef prints it.
std::string IndexKeyColumn(const catalog::PgIndex& index, size_t pos,
                           const std::vector<std::string>& names, Oid column_type,
                           bool attrs_only) {
  int16_t attnum = index.indkey[pos];
  if (attnum == 0) {
    throw Error(errcode::kFeatureNotSupported, "expression indexes are not supported yet");
  }
  std::string text = QuotedColumn(names, attnum);
  if (attrs_only || pos >= static_cast<size_t>(index.indnkeyatts)) return text;
  // The operator class is shown unless it is the column type's default (get_opclass_name).
  if (pos < index.indclass.size()) {
    auto opclass = catalog::Syscache().OpclassByOid(index.indclass[pos]);
    auto default_opclass = opclass
                               ? catalog::Syscache().DefaultOpclass(opclass->opcmethod, column_type)
                               : std::nullopt;
    if (opclass && (!default_opclass || default_opclass->oid != opclass->oid)) {
      text += " " + QuoteIdentifier(opclass->opcname);
    }
  }
  int16_t option = pos < index.indoption.size() ? index.indoption[pos] : 0;
  bool desc = (option & kIndexOptionDesc) != 0;
  bool nulls_first = (option & kIndexOptionNullsFirst) != 0;
  if (desc) text += " DESC";
  if (desc && !nulls_first) text += " NULLS LAST";
  if (!desc && nulls_first) text += " NULLS FIRST";
  return text;
}

// PostgreSQL's pg_get_indexdef_worker: the whole CREATE INDEX for `column` 0, else the text
// of that key column alone.
std::string IndexDefinition(const catalog::PgIndex& index, int column) {
  auto index_rel = catalog::Syscache().RelationByOid(index.indexrelid);
  auto table = catalog::Syscache().RelationByOid(index.indrelid);
  if (!index_rel || !table) {
    throw MakeError(errcode::kInternalError, "cache lookup failed for index {}", index.indexrelid);
  }
  std::vector<std::string> names = ColumnNames(index.indrelid);
  std::vector<catalog::PgAttribute> attrs = catalog::Syscache().AttributesOf(index.indrelid);
  auto column_type = [&](int16_t attnum) {
    for (const auto& a : attrs) {
      if (a.attnum == attnum) return a.atttypid;
    }
    return kInvalidOid;
  };
  if (column > 0) {
    if (static_cast<size_t>(column) > index.indkey.size()) return "";
    size_t pos = column - 1;
    return IndexKeyColumn(index, pos, names, column_type(index.indkey[pos]), true);
  }
  auto am = catalog::Syscache().AmByOid(index_rel->relam);
  std::string text = index.indisunique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  text += QuoteIdentifier(index_rel->relname) + " ON " +
          std::string(table->relkind == 'p' ? "ONLY " : "") + QualifiedRelationName(*table) +
          " USING " + QuoteIdentifier(am ? am->amname : "???") + " (";
  std::string include;
  for (size_t pos = 0; pos < index.indkey.size(); ++pos) {
    std::string key = IndexKeyColumn(index, pos, names, column_type(index.indkey[pos]), false);
    bool is_key = pos < static_cast<size_t>(index.indnkeyatts);
    std::string& list = is_key ? text : include;
    if (is_key ? pos > 0 : !include.empty()) list += ", ";
    list += key;
  }
  text += ")";
  if (!include.empty()) text += " INCLUDE (" + include + ")";
  if (index.indnullsnotdistinct) text += " NULLS NOT DISTINCT";
  text += StorageOptions(*index_rel);
  if (index.indpred) text += " WHERE " + DeparseStoredExpr(*index.indpred, index.indrelid, true);
  return text;
}

Datum PgGetIndexDef(FunctionCallInfo* f) {
  auto index = catalog::Syscache().IndexByOid(f->ArgOid(0));
  if (!index) return f->ReturnNull();
  int column = f->nargs > 1 ? f->ArgInt32(1) : 0;
  return TextDatum(IndexDefinition(*index, column));
}

// "PRIMARY KEY (id)" / "UNIQUE (a, b)" with the index's INCLUDE columns and options.
std::string KeyConstraintDefinition(const catalog::PgConstraint& con) {
  std::string text = con.contype == 'p' ? "PRIMARY KEY " : "UNIQUE ";
  auto index = catalog::Syscache().IndexByOid(con.conindid);
  if (con.contype == 'u' && index && index->indnullsnotdistinct) text += "NULLS NOT DISTINCT ";
  text += "(" + ColumnList(con.conrelid, con.conkey) + ")";
  if (index && index->indnkeyatts < index->indnatts) {
    std::vector<int16_t> included(index->indkey.begin() + index->indnkeyatts, index->indkey.end());
    text += " INCLUDE (" + ColumnList(con.conrelid, included) + ")";
  }
  auto index_rel = index ? catalog::Syscache().RelationByOid(index->indexrelid) : std::nullopt;
  if (index_rel) text += StorageOptions(*index_rel);
  return text;
}

const char* ForeignKeyAction(char action) {
  switch (action) {
    case 'r':
      return "RESTRICT";
    case 'c':
      return "CASCADE";
    case 'n':
      return "SET NULL";
    case 'd':
      return "SET DEFAULT";
    default:
      return nullptr;  // NO ACTION is not printed
  }
}

// "FOREIGN KEY (a) REFERENCES p(id) MATCH FULL ON DELETE CASCADE" (the referenced table
// qualified when the search path would not find it, as generate_relation_name).
std::string ForeignKeyDefinition(const catalog::PgConstraint& con) {
  auto ref = catalog::Syscache().RelationByOid(con.confrelid);
  std::string ref_name = "???";
  if (ref) {
    ref_name = catalog::RelationIsVisible(con.confrelid) ? QuoteIdentifier(ref->relname)
                                                         : QualifiedRelationName(*ref);
  }
  std::string text = "FOREIGN KEY (" + ColumnList(con.conrelid, con.conkey) + ") REFERENCES " +
                     ref_name + "(" + ColumnList(con.confrelid, con.confkey) + ")";
  if (con.confmatchtype == 'f') text += " MATCH FULL";
  if (const char* upd = ForeignKeyAction(con.confupdtype)) text += std::string(" ON UPDATE ") + upd;
  if (const char* del = ForeignKeyAction(con.confdeltype)) {
    text += std::string(" ON DELETE ") + del;
    if (!con.confdelsetcols.empty()) {
      text += " (" + ColumnList(con.conrelid, con.confdelsetcols) + ")";
    }
  }
  return text;
}

// PostgreSQL's pg_get_constraintdef_worker for the constraint kinds Hyrax creates.
std::string ConstraintDefinition(const catalog::PgConstraint& con, bool pretty) {
  std::string text;
  switch (con.contype) {
    case 'p':
    case 'u':
      text = KeyConstraintDefinition(con);
      break;
    case 'f':
      text = ForeignKeyDefinition(con);
      break;
    case 'c':
      text = "CHECK (" + DeparseStoredExpr(con.conbin.value_or(""), con.conrelid, pretty) + ")";
      if (con.connoinherit) text += " NO INHERIT";
      break;
    default:
      throw MakeError(errcode::kFeatureNotSupported,
                      "pg_get_constraintdef of constraint type \"{}\" is not supported yet",
                      con.contype);
  }
  if (con.condeferrable) text += " DEFERRABLE";
  if (con.condeferred) text += " INITIALLY DEFERRED";
  if (!con.convalidated) text += " NOT VALID";
  return text;
}

Datum PgGetConstraintDef(FunctionCallInfo* f) {
  auto con = catalog::Syscache().ConstraintByOid(f->ArgOid(0));
  if (!con) return f->ReturnNull();
  bool pretty = f->nargs > 1 && f->ArgBool(1);
  return TextDatum(ConstraintDefinition(*con, pretty));
}

// The SQL text the view was defined with (nodes::Query::source_text, stored with the view's
// analyzed query), not PostgreSQL's deparsed and re-formatted query; NULL for a relation
// that is not a view.
Datum PgGetViewDef(FunctionCallInfo* f) {
  auto rule = catalog::ViewRuleOf(f->ArgOid(0));
  if (!rule || !rule->ev_action) return f->ReturnNull();
  return TextDatum(nodes::StringToQuery(*rule->ev_action)->source_text);
}

// pg_partition_ancestors(rel): the relation and the tables it is a partition of, nearest
// first; no rows for a relation outside a partition tree. psql's \d reads it.
Datum PgPartitionAncestors(FunctionCallInfo* f) {
  SrfState* srf = SrfIsFirstCall(f) ? SrfFirstCall(f) : SrfPerCall(f);
  std::vector<Oid> chain;
  auto rel = catalog::Syscache().RelationByOid(f->ArgOid(0));
  if (rel && (rel->relkind == 'p' || rel->relispartition)) {
    chain.push_back(rel->oid);
    for (;;) {
      auto current = catalog::Syscache().RelationByOid(chain.back());
      if (!current || !current->relispartition) break;
      std::vector<Oid> parents = catalog::InheritanceParents(chain.back());
      if (parents.empty()) break;
      chain.push_back(parents[0]);
    }
  }
  if (srf->call_counter < chain.size()) {
    return SrfReturnNext(f, srf, ObjectIdGetDatum(chain[srf->call_counter]));
  }
  return SrfReturnDone(f);
}

// One key column of pg_get_partkeydef: the column name or the expression (parenthesized
// unless it looks like a function call), then COLLATE when the collation is not the
// column's or expression's own, then the operator class when it is not the type's default.
std::string PartitionKeyColumnText(const PartitionKey& key, int col,
                                   const catalog::PgPartitionedTable& stored,
                                   const catalog::RelationData& rel) {
  std::string text;
  Oid own_collation = kInvalidOid;
  if (const nodes::ExprPtr& expr = key.expr(col)) {
    text = DeparseKeyExpression(expr, rel);
    if (expr->tag != nodes::NodeTag::kFuncExpr) text = "(" + text + ")";
    own_collation = nodes::ExprCollation(*expr);
  } else {
    text = QuoteIdentifier(key.column_name(col));
    own_collation = rel.desc->attr(key.attnum(col) - 1).collation;
  }
  Oid collation = key.collation(col);
  if (collation != kInvalidOid && collation != own_collation) {
    if (auto coll = catalog::Syscache().CollationByOid(collation)) {
      text += " COLLATE " + QuoteIdentifier(coll->collname);
    }
  }
  if (static_cast<size_t>(col) < stored.partclass.size()) {
    auto opclass = catalog::Syscache().OpclassByOid(stored.partclass[col]);
    auto default_opclass =
        opclass ? catalog::Syscache().DefaultOpclass(opclass->opcmethod, key.type(col))
                : std::nullopt;
    if (opclass && (!default_opclass || default_opclass->oid != opclass->oid)) {
      text += " " + QuoteIdentifier(opclass->opcname);
    }
  }
  return text;
}

// pg_get_partkeydef(rel): "RANGE (a, ((b + 0)))"; NULL for a table that is not partitioned.
Datum PgGetPartKeyDef(FunctionCallInfo* f) {
  auto stored = catalog::PartitionKeyOf(f->ArgOid(0));
  if (!stored) return f->ReturnNull();
  auto rel = catalog::RelationIdGetRelation(f->ArgOid(0));
  if (!rel) return f->ReturnNull();
  PartitionKey key(*rel);
  std::string text = key.strategy() == 'r'   ? "RANGE ("
                     : key.strategy() == 'l' ? "LIST ("
                                             : "HASH (";
  for (int col = 0; col < key.natts(); ++col) {
    if (col > 0) text += ", ";
    text += PartitionKeyColumnText(key, col, *stored, *rel);
  }
  return TextDatum(text + ")");
}

const BuiltinFunction kObjectDefinitionBuiltins[] = {
    {"pg_get_expr", PgGetExpr, 2},
    {"pg_get_expr_ext", PgGetExpr, 3},
    {"pg_get_indexdef", PgGetIndexDef, 1},
    {"pg_get_indexdef_ext", PgGetIndexDef, 3},
    {"pg_get_constraintdef", PgGetConstraintDef, 1},
    {"pg_get_constraintdef_ext", PgGetConstraintDef, 2},
    {"pg_get_viewdef", PgGetViewDef, 1},
    {"pg_get_viewdef_ext", PgGetViewDef, 2},
    {"pg_partition_ancestors", PgPartitionAncestors, 1},
    {"pg_get_partkeydef", PgGetPartKeyDef, 1},
};

}  // namespace

std::span<const BuiltinFunction> ObjectDefinitionBuiltins() {
  return kObjectDefinitionBuiltins;
}

}  // namespace hyrax::executor
