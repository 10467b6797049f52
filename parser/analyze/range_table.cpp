// Adding range-table entries and namespace items, and the column lists of entries (see
// scope.h). Follows PostgreSQL's addRangeTableEntry* functions and expandRTE.
#include "nodes/node_funcs.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/namespace.h"

namespace hyrax::parser {

using nodes::Alias;
using nodes::RangeTblEntry;
using nodes::RteKind;

namespace {

// eref: the alias name (or default) and column names, user aliases overriding the first
// columns. Dropped columns keep empty names. Throws 42P10 for too many column aliases.
Alias MakeEref(
    ParseState& ps, const std::optional<Alias>& alias, const std::string& default_name,
    const std::vector<std::string>& colnames, int location,
    const char* what = "table \"{}\" has {} columns available but {} columns specified") {
  Alias eref;
  eref.aliasname = alias ? alias->aliasname : default_name;
  eref.colnames = colnames;
  if (alias) {
    size_t live = 0;
    for (const auto& c : colnames) live += !c.empty();
    if (alias->colnames.size() > live) {
      ThrowAt(ps,
              MakeError(errcode::kInvalidColumnReference, fmt::runtime(what), eref.aliasname, live,
                        alias->colnames.size()),
              location);
    }
    size_t next = 0;
    for (auto& c : eref.colnames) {
      if (c.empty()) continue;
      if (next >= alias->colnames.size()) break;
      c = alias->colnames[next++];
    }
  }
  return eref;
}

Index Append(ParseState& ps, RangeTblEntry rte) {
  ps.rtable.push_back(std::move(rte));
  return static_cast<Index>(ps.rtable.size());
}

}  // namespace

Index AddRelationRte(ParseState& ps, const catalog::RelationPtr& rel,
                     const std::optional<Alias>& alias, bool inh, bool in_from_clause, int lockmode,
                     uint32_t required_perms) {
  if (ps.hooks->lock_relation && rel->oid != kInvalidOid)
    ps.hooks->lock_relation(rel->oid, lockmode);
  // Another session's temporary relation (PostgreSQL refuses to read its local buffers).
  if (rel->rel.relpersistence == 't' && rel->rel.relnamespace != catalog::TempNamespace()) {
    throw Error(errcode::kFeatureNotSupported, "cannot access temporary tables of other sessions");
  }
  ps.relations[rel->oid] = rel;
  RangeTblEntry rte;
  rte.rtekind = RteKind::kRelation;
  rte.relid = rel->oid;
  rte.relkind = rel->relkind();
  rte.rellockmode = lockmode;
  rte.alias = alias;
  std::vector<std::string> names;
  for (const auto& a : rel->desc->attrs()) names.push_back(a.dropped ? "" : a.name);
  rte.eref = MakeEref(ps, alias, rel->name(), names, -1);
  rte.inh = inh;
  rte.inFromCl = in_from_clause;
  rte.requiredPerms = required_perms;
  return Append(ps, std::move(rte));
}

Index AddRelationRteByName(ParseState& ps, const std::vector<std::string>& name,
                           const std::optional<Alias>& alias, bool inh, bool in_from_clause,
                           int lockmode, uint32_t required_perms, int location) {
  catalog::RelationPtr rel = WithErrorPosition(ps, location, [&] {
    Oid relid = catalog::RangeVarGetRelid(catalog::MakeQualifiedName(name), false);
    catalog::RelationPtr r = catalog::RelationIdGetRelation(relid);
    if (!r)
      throw MakeError(errcode::kUndefinedTable, "relation \"{}\" does not exist", name.back());
    return r;
  });
  return AddRelationRte(ps, rel, alias, inh, in_from_clause, lockmode, required_perms);
}

Index AddSubqueryRte(ParseState& ps, QueryPtr subquery, const std::optional<Alias>& alias,
                     bool lateral, bool in_from_clause) {
  RangeTblEntry rte;
  rte.rtekind = RteKind::kSubquery;
  std::vector<std::string> names;
  for (const auto& te : subquery->targetList) {
    if (!te.resjunk) names.push_back(te.resname);
  }
  rte.subquery = std::move(subquery);
  rte.alias = alias;
  rte.eref = MakeEref(ps, alias, "unnamed_subquery", names, -1);
  rte.lateral = lateral;
  rte.inh = false;
  rte.inFromCl = in_from_clause;
  return Append(ps, std::move(rte));
}

Index AddValuesRte(ParseState& ps, std::vector<ExprList> rows, std::vector<RteColumn> columns,
                   const std::optional<Alias>& alias, bool lateral, bool in_from_clause) {
  RangeTblEntry rte;
  rte.rtekind = RteKind::kValues;
  rte.values_lists = std::move(rows);
  std::vector<std::string> names;
  for (size_t i = 0; i < columns.size(); ++i) {
    names.push_back("column" + std::to_string(i + 1));
    rte.coltypes.push_back(columns[i].type);
    rte.coltypmods.push_back(columns[i].typmod);
    rte.colcollations.push_back(columns[i].collation);
  }
  rte.alias = alias;
  rte.eref = MakeEref(ps, alias, "*VALUES*", names, -1,
                      "VALUES lists \"{}\" have {} columns available but {} columns specified");
  rte.lateral = lateral;
  rte.inh = false;
  rte.inFromCl = in_from_clause;
  return Append(ps, std::move(rte));
}

Index AddJoinRte(ParseState& ps, std::vector<std::string> colnames, nodes::JoinType jointype,
                 int nummergedcols, ExprList aliasvars, std::vector<int> leftcols,
                 std::vector<int> rightcols, const std::optional<Alias>& using_alias,
                 const std::optional<Alias>& alias) {
  RangeTblEntry rte;
  rte.rtekind = RteKind::kJoin;
  rte.jointype = jointype;
  rte.joinmergedcols = nummergedcols;
  rte.joinaliasvars = std::move(aliasvars);
  rte.joinleftcols = std::move(leftcols);
  rte.joinrightcols = std::move(rightcols);
  rte.join_using_alias = using_alias;
  rte.alias = alias;
  rte.eref = MakeEref(ps, alias, "unnamed_join", colnames, -1,
                      "join expression \"{}\" has {} columns available but {} columns specified");
  rte.inh = false;
  rte.inFromCl = true;
  return Append(ps, std::move(rte));
}

Index AddCteRte(ParseState& ps, const nodes::CommonTableExpr& cte, Index levels_up,
                const std::optional<Alias>& alias, bool in_from_clause) {
  RangeTblEntry rte;
  rte.rtekind = RteKind::kCte;
  rte.ctename = cte.ctename;
  rte.ctelevelsup = levels_up;
  rte.coltypes = cte.ctecoltypes;
  rte.coltypmods = cte.ctecoltypmods;
  rte.colcollations = cte.ctecolcollations;
  rte.alias = alias;
  rte.eref = MakeEref(ps, alias, cte.ctename, cte.ctecolnames, -1);
  rte.inh = false;
  rte.inFromCl = in_from_clause;
  return Append(ps, std::move(rte));
}

const std::string& ItemRefname(const ParseState& owner, const NamespaceItem& item) {
  const RangeTblEntry& rte = owner.Rte(item.rtindex);
  if (item.is_join_using_alias) return rte.join_using_alias->aliasname;
  return rte.eref.aliasname;
}

void AddNamespaceItem(ParseState& ps, const NamespaceItem& item, int location) {
  if (item.rel_visible) {
    const std::string& name = ItemRefname(ps, item);
    const RangeTblEntry& rte = ps.Rte(item.rtindex);
    for (const auto& other : ps.namespace_items) {
      if (!other.rel_visible) continue;
      const RangeTblEntry& orte = ps.Rte(other.rtindex);
      if (ItemRefname(ps, other) != name) continue;
      // Two unaliased references to different relations with the same name are allowed
      // when they are in different schemas (PostgreSQL's checkNameSpaceConflicts).
      if (!rte.alias && !orte.alias && rte.rtekind == RteKind::kRelation &&
          orte.rtekind == RteKind::kRelation && rte.relid != orte.relid) {
        continue;
      }
      ThrowAt(
          ps,
          MakeError(errcode::kDuplicateAlias, "table name \"{}\" specified more than once", name),
          location);
    }
  }
  ps.namespace_items.push_back(item);
}

std::vector<RteColumn> RteColumns(const ParseState& owner, const RangeTblEntry& rte) {
  std::vector<RteColumn> cols;
  switch (rte.rtekind) {
    case RteKind::kRelation: {
      auto it = owner.relations.find(rte.relid);
      catalog::RelationPtr rel =
          it != owner.relations.end() ? it->second : catalog::RelationIdGetRelation(rte.relid);
      for (size_t i = 0; i < rel->desc->attrs().size(); ++i) {
        const auto& a = rel->desc->attrs()[i];
        cols.push_back({a.dropped ? "" : rte.eref.colnames[i], a.type_oid, a.typmod, a.collation});
      }
      break;
    }
    case RteKind::kSubquery: {
      size_t i = 0;
      for (const auto& te : rte.subquery->targetList) {
        if (te.resjunk) continue;
        cols.push_back({rte.eref.colnames[i++], te.expr->result_type, te.expr->result_typmod,
                        te.expr->result_collation});
      }
      break;
    }
    case RteKind::kJoin:
      for (size_t i = 0; i < rte.joinaliasvars.size(); ++i) {
        const ExprPtr& v = rte.joinaliasvars[i];
        cols.push_back(
            {rte.eref.colnames[i], v->result_type, v->result_typmod, v->result_collation});
      }
      break;
    default:
      for (size_t i = 0; i < rte.coltypes.size(); ++i) {
        cols.push_back(
            {rte.eref.colnames[i], rte.coltypes[i], rte.coltypmods[i], rte.colcollations[i]});
      }
      break;
  }
  return cols;
}

}  // namespace hyrax::parser
