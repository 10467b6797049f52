// Helpers for planner tests: tables registered in the TSV-backed catalog, and a small
// builder for analyzed Query trees shaped as the analyzer produces them (range table,
// join tree, target list, sort/group clauses). Relation sizes come from the 10-page
// default for never-vacuumed tables, as in a fresh PostgreSQL table.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "nodes/make_nodes.h"
#include "nodes/parsenodes.h"
#include "planner/path/plancat.h"
#include "storage/catalog/bootstrap_catalog.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner::testing {

inline constexpr Oid kBool = 16, kInt8 = 20, kInt4 = 23, kText = 25, kTid = 27;

inline catalog::BootstrapCatalog& Catalog() {
  static catalog::BootstrapCatalog* catalog = [] {
    auto* c = new catalog::BootstrapCatalog();
    catalog::InstallSysCache(c);
    // No buffer pool in unit tests: every table is empty on disk.
    g_relation_blocks_hook = [](const catalog::RelationData&) -> BlockNumber { return 0; };
    return c;
  }();
  return *catalog;
}

struct Column {
  std::string name;
  Oid type;
  bool not_null = false;
};

// Registers table `name` (once per process) and returns its OID.
inline Oid MakeTable(const std::string& name, const std::vector<Column>& columns) {
  static Oid next_oid = 40000;
  auto existing = Catalog().RelationByName(name, catalog::kPublicNamespace);
  if (existing) return existing->oid;
  catalog::PgClass rel;
  rel.oid = next_oid++;
  rel.relname = name;
  rel.relnamespace = catalog::kPublicNamespace;
  rel.relfilenode = rel.oid;
  rel.relam = catalog::kHeapAmOid;
  rel.relnatts = static_cast<int16_t>(columns.size());
  std::vector<catalog::PgAttribute> attrs;
  int16_t attnum = 1;
  for (const auto& c : columns) {
    auto type = Catalog().TypeByOid(c.type);
    catalog::PgAttribute a;
    a.attrelid = rel.oid;
    a.attname = c.name;
    a.atttypid = c.type;
    a.attlen = type->typlen;
    a.attbyval = type->typbyval;
    a.attalign = type->typalign;
    a.attstorage = type->typstorage;
    a.attcollation = type->typcollation;
    a.attnotnull = c.not_null;
    a.attnum = attnum++;
    attrs.push_back(a);
  }
  Catalog().AddRelation(rel, attrs);
  return rel.oid;
}

inline catalog::PgOperator FindOperator(const std::string& name, Oid left, Oid right) {
  for (const auto& op : Catalog().OperatorsByName(name)) {
    if (op.oprleft == left && op.oprright == right) return op;
  }
  ADD_FAILURE() << "no operator " << name;
  return {};
}

inline nodes::ExprPtr Op(const std::string& name, nodes::ExprPtr l, nodes::ExprPtr r) {
  auto op = FindOperator(name, l->result_type, r->result_type);
  auto e = std::make_shared<nodes::OpExpr>();
  e->opno = op.oid;
  e->opfuncid = op.oprcode;
  e->result_type = op.oprresult;
  if (l->result_type == kText) e->inputcollid = 100;
  e->args = {std::move(l), std::move(r)};
  return e;
}

inline nodes::ExprPtr Int4(int32_t v) {
  return nodes::MakeInt4Const(v);
}
inline nodes::ExprPtr Text(const std::string& s) {
  return nodes::MakeTextConst(s);
}

inline std::shared_ptr<nodes::Aggref> Agg(const std::string& name, nodes::ExprList args,
                                          bool star = false) {
  std::vector<Oid> types;
  for (const auto& a : args) types.push_back(a->result_type);
  for (const auto& p : Catalog().ProcsByName(name)) {
    if (p.prokind != 'a' || p.proargtypes.size() != types.size()) continue;
    bool match = true;
    for (size_t i = 0; i < types.size(); ++i) {
      match &= p.proargtypes[i] == types[i] || p.proargtypes[i] == 2276;
    }
    if (!match) continue;
    auto e = std::make_shared<nodes::Aggref>();
    e->aggfnoid = p.oid;
    e->result_type = p.prorettype;
    e->aggstar = star;
    e->args = std::make_shared<nodes::TargetList>();
    for (auto& a : args) {
      nodes::TargetEntry tle;
      tle.expr = a;
      tle.resno = static_cast<nodes::AttrNumber>(e->args->size() + 1);
      e->args->push_back(tle);
    }
    return e;
  }
  ADD_FAILURE() << "no aggregate " << name;
  return nullptr;
}

// Builds one query level.
class QueryBuilder {
 public:
  QueryBuilder() : query_(std::make_shared<nodes::Query>()) {
    query_->jointree = std::make_shared<nodes::FromExpr>();
  }

  // Adds `table` to the range table (and FROM unless `in_from` is false); returns its RT index.
  nodes::Index From(const std::string& table, const std::string& alias = "", bool in_from = true) {
    auto rel = Catalog().RelationByName(table, catalog::kPublicNamespace);
    EXPECT_TRUE(rel.has_value()) << table;
    nodes::RangeTblEntry rte;
    rte.rtekind = nodes::RteKind::kRelation;
    rte.relid = rel->oid;
    rte.relkind = 'r';
    rte.rellockmode = 1;
    rte.eref.aliasname = alias.empty() ? table : alias;
    if (!alias.empty()) rte.alias = nodes::Alias{alias, {}};
    for (const auto& a : Catalog().AttributesOf(rel->oid)) rte.eref.colnames.push_back(a.attname);
    rte.requiredPerms = nodes::kAclSelect;
    query_->rtable.push_back(rte);
    auto index = static_cast<nodes::Index>(query_->rtable.size());
    if (in_from) query_->jointree->fromlist.push_back(std::make_shared<nodes::RangeTblRef>(index));
    return index;
  }

  // Adds a FROM subquery with alias `alias`; its columns are the subquery's non-junk
  // target entries.
  nodes::Index FromSubquery(nodes::QueryPtr sub, const std::string& alias) {
    nodes::RangeTblEntry rte;
    rte.rtekind = nodes::RteKind::kSubquery;
    rte.subquery = sub;
    rte.alias = nodes::Alias{alias, {}};
    rte.eref.aliasname = alias;
    for (const auto& tle : sub->targetList) {
      if (tle.resjunk) continue;
      rte.eref.colnames.push_back(tle.resname);
      sub_types_.push_back({tle.expr->result_type, tle.expr->result_typmod});
    }
    query_->rtable.push_back(rte);
    auto index = static_cast<nodes::Index>(query_->rtable.size());
    query_->jointree->fromlist.push_back(std::make_shared<nodes::RangeTblRef>(index));
    return index;
  }

  // Adds VALUES (...), (...) as a FROM item named "*VALUES*" (columns column1..n).
  nodes::Index FromValues(std::vector<nodes::ExprList> rows) {
    nodes::RangeTblEntry rte;
    rte.rtekind = nodes::RteKind::kValues;
    rte.eref.aliasname = "*VALUES*";
    for (size_t i = 0; i < rows.at(0).size(); ++i) {
      rte.eref.colnames.push_back("column" + std::to_string(i + 1));
      rte.coltypes.push_back(rows[0][i]->result_type);
      rte.coltypmods.push_back(-1);
      rte.colcollations.push_back(rows[0][i]->result_collation);
    }
    rte.values_lists = std::move(rows);
    query_->rtable.push_back(rte);
    auto index = static_cast<nodes::Index>(query_->rtable.size());
    query_->jointree->fromlist.push_back(std::make_shared<nodes::RangeTblRef>(index));
    return index;
  }

  // A column of any range-table entry by position.
  nodes::ExprPtr ColAt(nodes::Index rti, nodes::AttrNumber attno) {
    const auto& rte = query_->rtable[rti - 1];
    if (rte.rtekind == nodes::RteKind::kValues) {
      return nodes::MakeVar(rti, attno, rte.coltypes.at(attno - 1), -1,
                            rte.colcollations.at(attno - 1));
    }
    if (rte.rtekind == nodes::RteKind::kSubquery) {
      const auto& tle = rte.subquery->targetList.at(attno - 1);
      return nodes::MakeVar(rti, attno, tle.expr->result_type, tle.expr->result_typmod,
                            tle.expr->result_collation);
    }
    return Col(rti, rte.eref.colnames.at(attno - 1));
  }

  // A column reference by name.
  nodes::ExprPtr Col(nodes::Index rti, const std::string& name) {
    const auto& rte = query_->rtable[rti - 1];
    auto attrs = Catalog().AttributesOf(rte.relid);
    for (const auto& a : attrs) {
      if (a.attname == name) {
        return nodes::MakeVar(rti, a.attnum, a.atttypid, a.atttypmod, a.attcollation);
      }
    }
    ADD_FAILURE() << "no column " << name;
    return nullptr;
  }

  // Adds a select-list entry; returns its ressortgroupref when `sortgroup` is set.
  nodes::Index Select(nodes::ExprPtr e, const std::string& name, bool junk = false,
                      bool sortgroup = false) {
    nodes::TargetEntry tle;
    tle.expr = std::move(e);
    tle.resno = static_cast<nodes::AttrNumber>(query_->targetList.size() + 1);
    tle.resname = name;
    tle.resjunk = junk;
    if (tle.expr->tag == nodes::NodeTag::kVar) {
      const auto* v = nodes::As<nodes::Var>(tle.expr.get());
      if (v->varno <= query_->rtable.size() &&
          query_->rtable[v->varno - 1].rtekind == nodes::RteKind::kRelation) {
        tle.resorigtbl = query_->rtable[v->varno - 1].relid;
        tle.resorigcol = v->varattno;
      }
    }
    if (sortgroup) tle.ressortgroupref = ++next_ref_;
    query_->targetList.push_back(tle);
    return tle.ressortgroupref;
  }

  void Where(nodes::ExprPtr qual) { query_->jointree->quals = std::move(qual); }

  static nodes::SortGroupClause Clause(nodes::Index ref, Oid type, bool desc = false) {
    nodes::SortGroupClause c;
    c.tleSortGroupRef = ref;
    c.eqop = FindOperator("=", type, type).oid;
    c.sortop = FindOperator(desc ? ">" : "<", type, type).oid;
    c.nulls_first = desc;
    c.hashable = true;
    return c;
  }
  void OrderBy(nodes::Index ref, Oid type, bool desc = false) {
    query_->sortClause.push_back(Clause(ref, type, desc));
  }
  void GroupBy(nodes::Index ref, Oid type) { query_->groupClause.push_back(Clause(ref, type)); }
  void Distinct(nodes::Index ref, Oid type) { query_->distinctClause.push_back(Clause(ref, type)); }

  nodes::Query& query() { return *query_; }
  nodes::QueryPtr ptr() { return query_; }

 private:
  nodes::QueryPtr query_;
  nodes::Index next_ref_ = 0;
  std::vector<std::pair<Oid, int32_t>> sub_types_;
};

}  // namespace hyrax::planner::testing
