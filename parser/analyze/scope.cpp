// Name resolution through the namespace and the missing-name errors (see scope.h).
// Follows PostgreSQL's colNameToVar, refnameNamespaceItem, scanRTEForColumn,
// errorMissingRTE and errorMissingColumn (with searchRangeTableForCol's fuzzy matching).
#include "parser/analyze/scope.h"

#include <algorithm>

#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/namespace.h"

namespace hyrax::parser {

using nodes::AttrNumber;
using nodes::RangeTblEntry;
using nodes::RteKind;

namespace {

struct SystemColumn {
  const char* name;
  AttrNumber attnum;
  Oid type;
};
constexpr SystemColumn kSystemColumns[] = {
    {"ctid", nodes::kSelfItemPointerAttributeNumber, kTidOid},
    {"xmin", nodes::kMinTransactionIdAttributeNumber, kXidOid},
    {"cmin", nodes::kMinCommandIdAttributeNumber, kCidOid},
    {"xmax", nodes::kMaxTransactionIdAttributeNumber, kXidOid},
    {"cmax", nodes::kMaxCommandIdAttributeNumber, kCidOid},
    {"tableoid", nodes::kTableOidAttributeNumber, kOidOid},
};

const SystemColumn* FindSystemColumn(std::string_view name) {
  for (const auto& c : kSystemColumns) {
    if (name == c.name) return &c;
  }
  return nullptr;
}
const SystemColumn* SystemColumnByAttnum(AttrNumber attnum) {
  for (const auto& c : kSystemColumns) {
    if (c.attnum == attnum) return &c;
  }
  return nullptr;
}

bool HasSystemColumns(const RangeTblEntry& rte) {
  if (rte.rtekind != RteKind::kRelation) return false;
  return rte.relkind == 'r' || rte.relkind == 'm' || rte.relkind == 't' || rte.relkind == 'p' ||
         rte.relkind == 'S';
}

// Records that the query reads a column (selectedCols of relation RTEs; through join
// alias vars for join RTEs).
void MarkSelected(ParseState& owner, Index rtindex, AttrNumber attnum) {
  RangeTblEntry& rte = owner.Rte(rtindex);
  if (rte.rtekind == RteKind::kRelation) {
    if (std::find(rte.selectedCols.begin(), rte.selectedCols.end(), attnum) ==
        rte.selectedCols.end()) {
      rte.selectedCols.push_back(attnum);
    }
    rte.requiredPerms |= nodes::kAclSelect;
  } else if (rte.rtekind == RteKind::kJoin) {
    if (attnum == 0) {
      for (const auto& v : rte.joinaliasvars) {
        if (v->tag == nodes::NodeTag::kVar) {
          auto* var = nodes::As<nodes::Var>(v);
          MarkSelected(owner, var->varno, var->varattno);
        }
      }
    } else if (attnum > 0 && attnum <= static_cast<AttrNumber>(rte.joinaliasvars.size())) {
      const ExprPtr& v = rte.joinaliasvars[attnum - 1];
      nodes::WalkExprTree(v, [&](const nodes::Expr& e, int) {
        if (e.tag == nodes::NodeTag::kVar) {
          auto* var = nodes::As<nodes::Var>(&e);
          MarkSelected(owner, var->varno, var->varattno);
        }
        return false;
      });
    }
  }
}

// Column number of `colname` in the item's visible columns, 0 when absent; 42702 when the
// name appears twice. System columns of relations come last.
AttrNumber ScanRteForColumn(ParseState& ps, const ParseState& owner, const NamespaceItem& item,
                            std::string_view colname, int location) {
  const RangeTblEntry& rte = owner.Rte(item.rtindex);
  const std::vector<std::string>& names = rte.eref.colnames;
  size_t limit = item.is_join_using_alias ? static_cast<size_t>(rte.joinmergedcols) : names.size();
  AttrNumber result = 0;
  for (size_t i = 0; i < limit; ++i) {
    if (names[i] == colname) {
      if (result != 0) {
        ThrowAt(
            ps,
            MakeError(errcode::kAmbiguousColumn, "column reference \"{}\" is ambiguous", colname),
            location);
      }
      result = static_cast<AttrNumber>(i + 1);
    }
  }
  if (result != 0 || item.is_join_using_alias) return result;
  if (HasSystemColumns(rte)) {
    if (const SystemColumn* sys = FindSystemColumn(colname)) {
      // Only tableoid is usable in CHECK constraints and generation expressions.
      if (sys->attnum != nodes::kTableOidAttributeNumber &&
          ps.expr_kind == ExprKind::kCheckConstraint) {
        ThrowAt(ps,
                MakeError(errcode::kInvalidColumnReference,
                          "system column \"{}\" reference in check constraint is invalid", colname),
                location);
      }
      if (sys->attnum != nodes::kTableOidAttributeNumber &&
          ps.expr_kind == ExprKind::kGeneratedColumn) {
        ThrowAt(
            ps,
            MakeError(errcode::kInvalidColumnReference,
                      "cannot use system column \"{}\" in column generation expression", colname),
            location);
      }
      return sys->attnum;
    }
  }
  return 0;
}

// Levenshtein distance with unit costs (PostgreSQL's varstr_levenshtein over bytes).
int Levenshtein(std::string_view a, std::string_view b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

constexpr int kMaxFuzzyDistance = 3;

// PostgreSQL's FuzzyAttrMatchState.
struct FuzzyState {
  int distance = kMaxFuzzyDistance + 1;
  const RangeTblEntry* rfirst = nullptr;
  int first = 0;  // 0 = exact match (the column exists but is not visible here)
  const RangeTblEntry* rsecond = nullptr;
  int second = 0;
};

void UpdateFuzzy(FuzzyState& st, int rte_penalty, const RangeTblEntry& rte, std::string_view actual,
                 std::string_view match, int attnum) {
  if (rte_penalty > st.distance || actual.empty()) return;
  int distance = Levenshtein(actual, match);
  if (distance > static_cast<int>(match.size()) / 2) return;
  distance += rte_penalty;
  if (distance < st.distance) {
    st.distance = distance;
    st.rfirst = &rte;
    st.first = attnum;
    st.rsecond = nullptr;
  } else if (distance == st.distance) {
    if (st.rsecond != nullptr) {
      st.rfirst = nullptr;
      st.rsecond = nullptr;
    } else if (st.rfirst != nullptr) {
      st.rsecond = &rte;
      st.second = attnum;
    }
  }
}

FuzzyState SearchRangeTableForCol(ParseState& ps, std::string_view alias,
                                  std::string_view colname) {
  FuzzyState st;
  for (ParseState* level = &ps; level != nullptr; level = level->parent) {
    for (const RangeTblEntry& rte : level->rtable) {
      if (rte.rtekind == RteKind::kJoin) continue;
      int penalty = alias.empty() ? 0 : Levenshtein(alias, rte.eref.aliasname);
      bool exact = false;
      for (size_t i = 0; i < rte.eref.colnames.size(); ++i) {
        if (rte.eref.colnames[i] == colname) exact = true;
        UpdateFuzzy(st, penalty, rte, rte.eref.colnames[i], colname, static_cast<int>(i + 1));
      }
      if (!exact && HasSystemColumns(rte) && FindSystemColumn(colname)) exact = true;
      if (exact && penalty == 0) {
        st.rfirst = &rte;
        st.first = 0;
        st.rsecond = nullptr;
        return st;
      }
    }
  }
  return st;
}

// The RTE in any level a missing table name probably meant (PostgreSQL's
// searchRangeTableForRel).
const RangeTblEntry* SearchRangeTableForRel(ParseState& ps, std::string_view schemaname,
                                            std::string_view relname) {
  catalog::QualifiedName q;
  q.schema = std::string(schemaname);
  q.name = std::string(relname);
  Oid relid = catalog::RangeVarGetRelid(q, true);
  for (ParseState* level = &ps; level != nullptr; level = level->parent) {
    for (const RangeTblEntry& rte : level->rtable) {
      if (rte.rtekind == RteKind::kRelation && relid != kInvalidOid && rte.relid == relid) {
        return &rte;
      }
      if (rte.eref.aliasname == relname) return &rte;
    }
  }
  return nullptr;
}

}  // namespace

ExprPtr MakeColumnVar(ParseState& ps, Index rtindex, AttrNumber attnum, int levels_up,
                      int location) {
  ParseState& owner = ps.Level(levels_up);
  const RangeTblEntry& rte = owner.Rte(rtindex);
  std::shared_ptr<nodes::Var> var;
  // A join column that is just an input column refers to that input directly, remembering
  // the join in varnosyn/varattnosyn (PostgreSQL 13+); merged FULL JOIN columns and
  // coerced USING columns stay join-alias Vars.
  if (rte.rtekind == RteKind::kJoin && attnum > 0 &&
      rte.joinaliasvars[attnum - 1]->tag == nodes::NodeTag::kVar) {
    var = std::make_shared<nodes::Var>(*nodes::As<nodes::Var>(rte.joinaliasvars[attnum - 1]));
    var->varlevelsup = levels_up;
    var->varnosyn = rtindex;
    var->varattnosyn = attnum;
    var->location = location;
    MarkSelected(owner, var->varno, var->varattno);
    return var;
  }
  if (attnum < 0) {
    const SystemColumn* sys = SystemColumnByAttnum(attnum);
    var = nodes::MakeVar(rtindex, attnum, sys->type, -1, kInvalidOid, levels_up);
  } else {
    std::vector<RteColumn> cols = RteColumns(owner, rte);
    const RteColumn& col = cols[attnum - 1];
    var = nodes::MakeVar(rtindex, attnum, col.type, col.typmod, col.collation, levels_up);
  }
  var->location = location;
  MarkSelected(owner, rtindex, attnum);
  return var;
}

ExprPtr MakeWholeRowVar(ParseState& ps, const NamespaceItem& item, int levels_up, int location) {
  ParseState& owner = ps.Level(levels_up);
  const RangeTblEntry& rte = owner.Rte(item.rtindex);
  Oid rowtype = kRecordOid;
  if (rte.rtekind == RteKind::kRelation) {
    auto it = owner.relations.find(rte.relid);
    if (it != owner.relations.end()) rowtype = it->second->rel.reltype;
  }
  auto var = nodes::MakeVar(item.rtindex, 0, rowtype, -1, kInvalidOid, levels_up);
  var->location = location;
  MarkSelected(owner, item.rtindex, 0);
  return var;
}

namespace {

// A LATERAL-only item that may not be referenced (PostgreSQL's check_lateral_ref_ok): the
// left side of a RIGHT/FULL join, or the target of UPDATE/DELETE from its FROM/USING list.
void CheckLateralRefOk(ParseState& ps, const ParseState& level, const NamespaceItem& item,
                       int location) {
  if (!item.lateral_only || item.lateral_ok) return;
  const std::string& refname = level.Rte(item.rtindex).eref.aliasname;
  Error err = MakeError(errcode::kInvalidColumnReference,
                        "invalid reference to FROM-clause entry for table \"{}\"", refname);
  if (level.target_rtindex == item.rtindex) {
    ThrowAt(ps,
            std::move(err).Hint(fmt::format("There is an entry for table \"{}\", but it cannot "
                                            "be referenced from this part of the query.",
                                            refname)),
            location);
  }
  ThrowAt(ps,
          std::move(err).Detail(
              "The combining JOIN type must be INNER or LEFT for a LATERAL reference."),
          location);
}

}  // namespace

ExprPtr ColNameToVar(ParseState& ps, std::string_view colname, bool local_only, int location) {
  int levels_up = 0;
  for (ParseState* level = &ps; level != nullptr; level = level->parent, ++levels_up) {
    ExprPtr result;
    for (const NamespaceItem& item : level->namespace_items) {
      if (!item.cols_visible) continue;
      if (item.lateral_only && !level->lateral_active) continue;
      AttrNumber attnum = ScanRteForColumn(ps, *level, item, colname, location);
      if (attnum == 0) continue;
      if (result) {
        ThrowAt(
            ps,
            MakeError(errcode::kAmbiguousColumn, "column reference \"{}\" is ambiguous", colname),
            location);
      }
      CheckLateralRefOk(ps, *level, item, location);
      result = MakeColumnVar(ps, item.rtindex, attnum, levels_up, location);
    }
    if (result || local_only) return result;
  }
  return nullptr;
}

std::optional<NamespaceMatch> RefnameNamespaceItem(ParseState& ps, std::string_view schemaname,
                                                   std::string_view refname, int location) {
  Oid relid = kInvalidOid;
  if (!schemaname.empty()) {
    relid = WithErrorPosition(ps, location, [&] {
      catalog::QualifiedName q;
      q.schema = std::string(schemaname);
      q.name = std::string(refname);
      return catalog::RangeVarGetRelid(q, true);
    });
    if (relid == kInvalidOid) return std::nullopt;
  }
  int levels_up = 0;
  for (ParseState* level = &ps; level != nullptr; level = level->parent, ++levels_up) {
    std::optional<NamespaceMatch> result;
    for (const NamespaceItem& item : level->namespace_items) {
      if (!item.rel_visible) continue;
      if (item.lateral_only && !level->lateral_active) continue;
      const RangeTblEntry& rte = level->Rte(item.rtindex);
      bool match;
      if (relid != kInvalidOid) {
        match = rte.rtekind == RteKind::kRelation && rte.relid == relid && !rte.alias &&
                !item.is_join_using_alias;
      } else {
        match = ItemRefname(*level, item) == refname;
      }
      if (!match) continue;
      if (result) {
        ThrowAt(ps,
                MakeError(errcode::kAmbiguousAlias, "table reference \"{}\" is ambiguous", refname),
                location);
      }
      CheckLateralRefOk(ps, *level, item, location);
      result = NamespaceMatch{level, item, levels_up};
    }
    if (result) return result;
  }
  return std::nullopt;
}

ExprPtr ScanNsItemForColumn(ParseState& ps, const NamespaceMatch& match, std::string_view colname,
                            int location) {
  AttrNumber attnum = ScanRteForColumn(ps, *match.owner, match.item, colname, location);
  if (attnum == 0) return nullptr;
  return MakeColumnVar(ps, match.item.rtindex, attnum, match.levels_up, location);
}

std::vector<std::pair<std::string, ExprPtr>> ExpandNsItemColumns(ParseState& ps,
                                                                 const NamespaceMatch& match,
                                                                 int location) {
  std::vector<std::pair<std::string, ExprPtr>> out;
  const RangeTblEntry& rte = match.owner->Rte(match.item.rtindex);
  size_t limit = match.item.is_join_using_alias ? static_cast<size_t>(rte.joinmergedcols)
                                                : rte.eref.colnames.size();
  for (size_t i = 0; i < limit; ++i) {
    const std::string& name = rte.eref.colnames[i];
    if (name.empty()) continue;  // dropped
    out.emplace_back(name, MakeColumnVar(ps, match.item.rtindex, static_cast<AttrNumber>(i + 1),
                                         match.levels_up, location));
  }
  return out;
}

void ErrorMissingRte(ParseState& ps, std::string_view schemaname, std::string_view relname,
                     int location) {
  const RangeTblEntry* rte = SearchRangeTableForRel(ps, schemaname, relname);
  if (rte == nullptr) {
    ThrowAt(
        ps,
        MakeError(errcode::kUndefinedTable, "missing FROM-clause entry for table \"{}\"", relname),
        location);
  }
  std::string bad_alias;
  if (rte->alias && rte->eref.aliasname != relname) {
    auto visible = RefnameNamespaceItem(ps, "", rte->eref.aliasname, location);
    if (visible && &visible->owner->Rte(visible->item.rtindex) == rte) {
      bad_alias = rte->eref.aliasname;
    }
  }
  Error error(errcode::kUndefinedTable,
              fmt::format("invalid reference to FROM-clause entry for table \"{}\"", relname));
  std::string hint =
      !bad_alias.empty()
          ? fmt::format("Perhaps you meant to reference the table alias \"{}\".", bad_alias)
          : fmt::format(
                "There is an entry for table \"{}\", but it cannot be referenced from this part "
                "of the query.",
                rte->eref.aliasname);
  ThrowAt(ps, std::move(error).Hint(hint), location);
}

void ErrorMissingColumn(ParseState& ps, std::string_view relname, std::string_view colname,
                        int location) {
  FuzzyState st = SearchRangeTableForCol(ps, relname, colname);
  std::string message = relname.empty()
                            ? fmt::format("column \"{}\" does not exist", colname)
                            : fmt::format("column {}.{} does not exist", relname, colname);
  std::string hint;
  if (st.rfirst != nullptr && st.rsecond == nullptr) {
    if (st.first > 0) {
      hint = fmt::format("Perhaps you meant to reference the column \"{}.{}\".",
                         st.rfirst->eref.aliasname, st.rfirst->eref.colnames[st.first - 1]);
    } else {
      hint = fmt::format(
          "There is a column named \"{}\" in table \"{}\", but it cannot be referenced from this "
          "part of the query.",
          colname, st.rfirst->eref.aliasname);
    }
  } else if (st.rfirst != nullptr && st.rsecond != nullptr) {
    hint =
        fmt::format("Perhaps you meant to reference the column \"{}.{}\" or the column \"{}.{}\".",
                    st.rfirst->eref.aliasname, st.rfirst->eref.colnames[st.first - 1],
                    st.rsecond->eref.aliasname, st.rsecond->eref.colnames[st.second - 1]);
  }
  ThrowAt(ps, Error(errcode::kUndefinedColumn, message).Hint(hint), location);
}

}  // namespace hyrax::parser
